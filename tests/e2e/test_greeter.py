"""The instance greeter end to end: the real Mastodon.py client over HTTP against the
sandbox's admin side (roles, ``admin.sign_up`` notifications, the admin accounts lists),
with ``greet: signups``."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cycle import FatalError
from bot.sandbox import Sandbox
from tests.cli_support import write_config
from tests.conftest import BotFactory, FakeClock

ADMIN_SCOPES = "read write follow push admin:read:accounts"
#: What ``welcomebot login`` asks for without the greeter.
PLAIN_SCOPES = "read write:follows write:statuses write:lists"


@pytest.fixture
def scenario() -> dict[str, Any]:
    return {
        "domain": "greeter.example",
        "bot": {"username": "welcome", "role": "moderator", "scopes": ADMIN_SCOPES},
        "accounts": [],
    }


def greeted(sb: Sandbox, account_id: str) -> list[dict[str, Any]]:
    """The bot's DMs to this account."""
    return [
        s
        for s in sb.statuses_by_bot()
        if s["visibility"] == "direct" and account_id in s["mentions"]
    ]


def person(sb: Sandbox, username: str, **extra: Any) -> str:
    spec: dict[str, Any] = {"display_name": username.title(), "avatar": "custom", **extra}
    return sb.sign_up(username, **spec)


def test_a_sign_up_is_greeted_once(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    mia = person(sandbox, "mia", note="Knitting and old maps. Just moved here!")
    app = make_bot(greet="signups")
    report = app.bot.run_cycle()
    assert report.outcomes == {"follow": 1}
    (dm,) = greeted(sandbox, mia)
    assert "welcome to" in dm["text"] and "/about" in dm["text"]
    clock.advance(timedelta(days=2))
    make_bot(greet="signups").bot.run_cycle()  # a new process, a day later: nothing again
    assert len(greeted(sandbox, mia)) == 1
    assert sandbox.following_of_bot() == []  # signups.follow_back is off by default


def test_a_pending_sign_up_is_greeted_only_after_approval(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    pat = person(sandbox, "pat", approved=False, locale="fr")
    app = make_bot(greet="signups", signups={"recheck_pending": "1h"})
    app.bot.run_cycle()
    assert greeted(sandbox, pat) == []
    clock.advance(timedelta(hours=2))
    app.bot.run_cycle()  # looked at again: still pending
    assert greeted(sandbox, pat) == []
    assert app.store.stats().signups_waiting == 1  # what `welcomebot stats` shows
    assert app.store.metrics_snapshot().signups_waiting == 1  # and the metrics
    sandbox.approve_sign_up(pat)
    clock.advance(timedelta(minutes=5))
    app.bot.run_cycle()
    assert len(greeted(sandbox, pat)) == 1
    assert app.store.stats().signups_waiting == 0
    assert app.store.metrics_snapshot().signups_waiting == 0
    clock.advance(timedelta(hours=2))
    app.bot.run_cycle()
    assert len(greeted(sandbox, pat)) == 1


def test_a_bot_sign_up_is_skipped(sandbox: Sandbox, make_bot: BotFactory) -> None:
    feed = person(sandbox, "newsfeed", bot=True, note="Automated headlines every hour.")
    quiet = person(sandbox, "quiet", note="Please no bots #nobot")
    report = make_bot(greet="signups").bot.run_cycle()
    assert report.outcomes == {"skip": 2}
    assert greeted(sandbox, feed) == [] and greeted(sandbox, quiet) == []
    categories = {h.acct: h.category for h in make_bot(greet="signups").store.history()}
    assert categories == {"newsfeed": "bot", "quiet": "opted_out"}


def test_a_person_who_signs_up_and_then_follows_is_greeted_once(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    mia = person(sandbox, "mia", note="Knitting and old maps.")
    app = make_bot(greet="both")
    app.bot.run_cycle()
    assert len(greeted(sandbox, mia)) == 1
    sandbox.follow_bot(mia)
    clock.advance(timedelta(hours=1))
    app.bot.run_cycle()
    clock.advance(timedelta(days=1, hours=1))  # and the daily reconciliations
    app.bot.run_cycle()
    assert len(greeted(sandbox, mia)) == 1


def test_a_missed_notification_is_found_by_reconciliation(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    app = make_bot(greet="signups")
    app.bot.run_cycle()  # the first run reads the list too: nobody yet
    max_ = person(sandbox, "max", notify=False, note="Hello world, long-time lurker.")
    clock.advance(timedelta(hours=1))
    app.bot.run_cycle()
    assert greeted(sandbox, max_) == []  # no notification, and the list waits a day
    clock.advance(timedelta(days=1))
    app.bot.run_cycle()
    assert len(greeted(sandbox, max_)) == 1
    history = [h for h in app.store.history() if h.acct == "max"]
    assert [h.trigger for h in history] == ["reconcile"]


def test_a_token_without_admin_scopes_is_refused_with_one_clear_line(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    person(sandbox, "mia")
    token = sandbox.issue_token(PLAIN_SCOPES)
    config = write_config(tmp_path, sandbox.url, greet="signups")
    env = {k: v for k, v in os.environ.items() if k != "WELCOMEBOT_DEBUG"}
    env["WELCOMEBOT_ACCESS_TOKEN"] = token
    for command in ("check-config", "once"):
        result = subprocess.run(
            [sys.executable, "-m", "bot", command, "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert result.returncode == 2, (command, result.stderr)
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(errors) == 1, (command, result.stderr)
        assert "greet: signups needs a token with the scope `admin:read:accounts`" in errors[0]
        assert "Traceback" not in result.stderr and token not in result.stderr
    assert sandbox.statuses_by_bot() == []


def test_an_account_without_manage_users_is_refused(sandbox: Sandbox, make_bot: BotFactory) -> None:
    person(sandbox, "mia")
    sandbox.set_bot_role("everyone")
    app = make_bot(greet="signups")
    with pytest.raises(FatalError, match="needs the Manage Users permission, and @welcome lacks"):
        app.bot.startup_checks()
