"""The whole cycle against the flavours that imitate real GoToSocial, snac and Takahē
servers (issue 11): the real Mastodon.py client over HTTP, the bot's own wiring."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import config_from_mapping
from bot.cycle import FatalError
from bot.sandbox import Fault, Sandbox
from bot.wiring import App, build_app
from tests.conftest import FakeClock


def scenario(flavour: str, *, locked: bool = False, **extra: Any) -> dict[str, Any]:
    accounts = [
        {"username": "bakery", "created_days_ago": 3, "follows_bot": True, "locked": False},
    ]
    return {
        "flavour": flavour,
        "bot": {"username": "welcome", "locked": locked},
        "accounts": accounts,
        **extra,
    }


def app_for(sb: Sandbox, tmp_path: Path, clock: FakeClock, **overrides: Any) -> App:
    data: dict[str, Any] = {
        "instance": {"url": sb.url, "request_timeout": "2s"},
        "storage": {"database": str(tmp_path / "bot.sqlite3")},
        "follow_back": {"delay": "0s"},
        **overrides,
    }
    return build_app(config_from_mapping(data), token=sb.token, clock=clock)


def dms_to(sb: Sandbox, account_id: str) -> list[dict[str, Any]]:
    return [
        s
        for s in sb.statuses_by_bot()
        if s["visibility"] == "direct" and account_id in s["mentions"]
    ]


@pytest.mark.parametrize("flavour", ["gotosocial", "snac", "takahe"])
def test_a_dm_whose_reply_was_lost_reaches_its_newcomer_once_where_keys_are_ignored(
    flavour: str, tmp_path: Path, clock: FakeClock
) -> None:
    with Sandbox(scenario(flavour), clock=clock) as sb:
        bakery = sb.account_id("bakery")
        # the server makes the DM, and the reply is lost on the way back
        sb.inject(Fault("lost_reply", path=r"^/api/v1/statuses$", method="POST"))
        app = app_for(sb, tmp_path, clock)
        try:
            app.bot.run_cycle()
            for _ in range(3):
                clock.advance(timedelta(hours=2))
                app.bot.run_cycle()
        finally:
            app.close()
        assert len(dms_to(sb, bakery)) == 1


def test_on_snac_a_locked_bot_sees_requests_that_are_never_notified(
    tmp_path: Path, clock: FakeClock
) -> None:
    accounts = [{"username": "alice", "created_days_ago": 3, "follows_bot": True}]
    with Sandbox({**scenario("snac", locked=True), "accounts": accounts}, clock=clock) as sb:
        alice = sb.account_id("alice")
        app = app_for(sb, tmp_path, clock)
        try:
            report = app.bot.run_cycle()
        finally:
            app.close()
        assert report.new_followers == 1
        assert alice in sb.following_of_bot()
        assert len(dms_to(sb, alice)) == 1


def test_on_takahe_a_bad_token_is_fatal(tmp_path: Path, clock: FakeClock) -> None:
    with Sandbox(scenario("takahe"), clock=clock) as sb:
        data = {
            "instance": {"url": sb.url, "request_timeout": "2s"},
            "storage": {"database": str(tmp_path / "bot.sqlite3")},
        }
        app = build_app(config_from_mapping(data), token="not-a-token-at-all", clock=clock)
        try:
            with pytest.raises(FatalError, match="rejected the access token"):
                app.bot.run_cycle()
        finally:
            app.close()


def test_on_snac_check_config_and_start_say_that_reconciliation_cannot_work(
    tmp_path: Path, clock: FakeClock
) -> None:
    from bot.cycle.capabilities import limits_of

    with Sandbox(scenario("snac"), clock=clock) as sb:
        app = app_for(sb, tmp_path, clock)
        try:
            warnings = app.bot.startup_checks()
            assert any("lists no followers" in w for w in warnings)
        finally:
            app.close()
    (tmp_path / "mastodon").mkdir()
    with Sandbox(scenario("mastodon"), clock=clock) as sb:
        app = app_for(sb, tmp_path / "mastodon", clock)
        try:
            assert limits_of(app.gateway) == []
        finally:
            app.close()
