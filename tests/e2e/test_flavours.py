"""The same loop against each server flavour the sandbox imitates (§6 of the API notes)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.sandbox import Sandbox
from tests.conftest import BotFactory, FakeClock

MINIMAL = Path(__file__).resolve().parents[2] / "bot" / "sandbox" / "scenarios" / "minimal.yaml"
FLAVOURS = ["mastodon", "gotosocial", "akkoma", "snac", "takahe"]


def minimal_as(flavour: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text())
    data["flavour"] = flavour
    # A mention that servers ignoring types[] will hand us along with the follows.
    data["accounts"].append(
        {
            "username": "chatty",
            "created_days_ago": 500,
            "followers_count": 900,
            "avatar": "custom",
            "label": "not a follower",
        }
    )
    return data


@pytest.fixture(params=FLAVOURS)
def scenario(request: pytest.FixtureRequest) -> dict[str, Any]:
    return minimal_as(request.param)


def test_loop_works_on_every_flavour(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    chatty = sandbox.account_id("chatty")
    sandbox.mention_bot(chatty, "@welcome hello there")
    app = make_bot()
    first = app.bot.run_cycle()
    assert first.stopped is None
    assert first.outcomes == {"follow": 1, "skip": 2}
    newbie = sandbox.account_id("newbie")
    clock.advance(timedelta(seconds=5))  # Takahē's follows take effect when Stator runs
    if sandbox.flavour == "gotosocial":  # it locks new accounts: the follow is a request
        assert sandbox.pending_follow_requests_from_bot() == [newbie]
        assert sandbox.followers_of_bot() == [newbie]  # the bot's lock: request authorized
    else:
        assert sandbox.following_of_bot() == [newbie]
    dms = [s for s in sandbox.statuses_by_bot() if s["visibility"] == "direct"]
    assert len(dms) == 1 and sandbox.direct_recipients(str(dms[0]["id"])) == {newbie}
    # the mention was not mistaken for a follow, on servers that ignore types[] too
    assert chatty not in {row.account_id for row in app.store.overview()}
    # and a second run does nothing again
    second = make_bot().bot.run_cycle()
    assert second.new_followers == 0 and sum(second.actions.values()) == 0
    assert second.requests == 1
    assert len([s for s in sandbox.statuses_by_bot() if s["visibility"] == "direct"]) == 1


def test_ids_are_kept_as_text(sandbox: Sandbox, make_bot: BotFactory) -> None:
    app = make_bot()
    app.bot.run_cycle()
    ids = {row.account_id for row in app.store.overview()}
    assert ids == {
        sandbox.account_id(a)
        for a in ("newbie", "rssbot@botsin.space", "private_person@mastodon.social")
    }
    assert all(isinstance(i, str) for i in ids)
