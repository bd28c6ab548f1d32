"""The whole loop against the sandbox, over HTTP, with the real Mastodon.py client."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from bot.outbox import Status
from bot.sandbox import Fault, Sandbox
from bot.transport import RETRIES
from tests.conftest import BotFactory, FakeClock

FOLLOW_PATH = r"^/api/v1/accounts/[^/]+/follow$"


def direct_messages(sb: Sandbox) -> list[dict[str, Any]]:
    return [s for s in sb.statuses_by_bot() if s["visibility"] == "direct"]


def wait_for_direct_messages(sb: Sandbox, count: int) -> None:
    """Until the server has created ``count`` DMs (a late request landing), at most 60 s."""
    deadline = time.monotonic() + 60
    while len(direct_messages(sb)) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def follow_posts(sb: Sandbox) -> list[str]:
    return [
        r.path for r in sb.requests(method="POST") if r.path.endswith("/follow") and r.status == 200
    ]


def test_newcomer_is_followed_and_welcomed_exactly_once_across_runs(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    newbie = sandbox.account_id("newbie")
    for _ in range(3):  # three separate "processes" on the same database
        make_bot().bot.run_cycle()

    assert sandbox.following_of_bot() == [newbie]
    assert follow_posts(sandbox) == [f"/api/v1/accounts/{newbie}/follow"]
    dms = direct_messages(sandbox)
    assert len(dms) == 1
    assert sandbox.direct_recipients(str(dms[0]["id"])) == {newbie}
    assert str(dms[0]["text"]).startswith("@newbie ")
    assert dms[0]["idempotency_key"]


def test_bot_and_nobot_followers_are_neither_followed_nor_messaged(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    app = make_bot()
    report = app.bot.run_cycle()
    assert report.outcomes == {"follow": 1, "skip": 2}
    for acct in ("rssbot@botsin.space", "private_person@mastodon.social"):
        account_id = sandbox.account_id(acct)
        assert account_id not in sandbox.following_of_bot()
        assert all(account_id not in s["mentions"] for s in sandbox.statuses_by_bot())
        assert not [r for r in sandbox.request_log if account_id in r.path and r.method == "POST"]
    decisions = {row.acct: row for row in app.store.overview()}
    assert decisions["rssbot@botsin.space"].category == "bot"
    assert [r["rule"] for r in decisions["rssbot@botsin.space"].reasons][0] == "bot_flag"
    assert decisions["private_person@mastodon.social"].category == "opted_out"
    assert decisions["private_person@mastodon.social"].actions == {}


def test_an_idle_poll_costs_one_request(sandbox: Sandbox, make_bot: BotFactory) -> None:
    make_bot().bot.run_cycle()
    sandbox.clear_request_log()
    report = make_bot().bot.run_cycle()
    assert report.requests == 1
    assert [(r.method, r.path) for r in sandbox.request_log] == [("GET", "/api/v1/notifications")]
    only = sandbox.request_log[0]
    assert only.query.get("types[]") == ["follow", "follow_request", "mention"]
    assert only.query.get("min_id")  # the stored cursor, not a full re-read


def test_a_later_follower_is_picked_up_incrementally(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    make_bot().bot.run_cycle()
    late = sandbox.add_account(
        username="latecomer", display_name="Late Comer", created_days_ago=1, followers_count=2
    )
    sandbox.follow_bot(late)
    sandbox.clear_request_log()
    report = make_bot().bot.run_cycle()
    assert report.new_followers == 1
    assert late in sandbox.following_of_bot()
    # notifications, relationships, follow, DM: nothing else
    assert [r.method for r in sandbox.request_log] == ["GET", "GET", "POST", "POST"]


def test_dry_run_records_decisions_and_changes_nothing(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    app = make_bot(dry_run=True)
    report = app.bot.run_cycle()
    assert report.outcomes["follow"] == 1
    assert [r for r in sandbox.request_log if r.method != "GET"] == []
    rows = app.store.overview()
    assert rows and all(row.dry_run for row in rows)
    # A real run afterwards still does the work, once.
    make_bot().bot.run_cycle()
    assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]
    assert len(direct_messages(sandbox)) == 1


def test_follow_back_delay_waits_then_acts(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    app = make_bot(follow_back={"delay": "1h"})
    app.bot.run_cycle()
    assert sandbox.following_of_bot() == []
    clock.advance(timedelta(minutes=59))
    app.bot.run_cycle()
    assert sandbox.following_of_bot() == []
    clock.advance(timedelta(minutes=2))
    app.bot.run_cycle()
    assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]
    assert len(direct_messages(sandbox)) == 1


def test_follower_who_left_before_judging_is_skipped(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    sandbox.unfollow_bot(sandbox.account_id("newbie"))
    app = make_bot()
    app.bot.run_cycle()
    row = next(r for r in app.store.overview() if r.acct == "newbie")
    assert (row.outcome, row.category) == ("skip", "left")
    assert sandbox.following_of_bot() == [] and direct_messages(sandbox) == []


def test_already_followed_account_is_welcomed_without_a_second_follow(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    friend = sandbox.add_account(username="friend", created_days_ago=3, followers_count=5)
    sandbox.follow_bot(friend)
    make_bot().bot.run_cycle()  # follows newbie and friend
    before = len(follow_posts(sandbox))
    newcomer = sandbox.add_account(username="known", created_days_ago=3, followers_count=5)
    # the owner followed this person by hand before they followed the bot
    import mastodon

    api = mastodon.Mastodon(
        access_token=sandbox.token, api_base_url=sandbox.url, version_check_mode="none"
    )
    api.account_follow(newcomer)
    sandbox.follow_bot(newcomer)
    sandbox.clear_request_log()
    make_bot().bot.run_cycle()
    assert len(follow_posts(sandbox)) == 0 and before == 2
    assert any(newcomer in s["mentions"] for s in direct_messages(sandbox))


def test_locked_newcomer_gets_a_follow_request(sandbox: Sandbox, make_bot: BotFactory) -> None:
    shy = sandbox.add_account(
        username="shy", domain="mastodon.social", locked=True, created_days_ago=2, followers_count=1
    )
    sandbox.follow_bot(shy)
    app = make_bot()
    app.bot.run_cycle()
    assert shy in sandbox.pending_follow_requests_from_bot()
    assert shy not in sandbox.following_of_bot()
    action = app.store.action_for(shy, "follow")
    assert action is not None and action.status == Status.DONE


# --------------------------------------------------------------------------- faults


@pytest.mark.heavy
def test_a_dm_whose_reply_was_lost_is_not_sent_twice(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    # The server creates the status, but the reply comes too late for the client.
    sandbox.inject(Fault("timeout", path=r"^/api/v1/statuses$", method="POST", delay=6.0))
    app = make_bot(instance={"request_timeout": "1s"})
    report = app.bot.run_cycle()
    assert report.actions["welcome_dm:retry"] == 1
    newbie = sandbox.account_id("newbie")
    action = app.store.action_for(newbie, "welcome_dm")
    assert action is not None and action.status == Status.PENDING and action.attempts == 1
    wait_for_direct_messages(sandbox, 1)  # the slow request lands on the server
    assert len(direct_messages(sandbox)) == 1
    # Next cycle (retry is due after a backoff): the DM is looked for first, and found.
    app.store.finish_action(action.id, Status.PENDING, app.bot.clock(), retry_at=app.bot.clock())
    make_bot().bot.run_cycle()
    posts = [r for r in sandbox.requests(method="POST") if r.path == "/api/v1/statuses"]
    assert len(posts) == 1
    assert len(direct_messages(sandbox)) == 1
    settled = app.store.action_for(newbie, "welcome_dm")
    assert settled is not None and settled.status == Status.DONE


def test_an_old_uncertain_dm_is_found_instead_of_resent(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    sandbox.inject(Fault("timeout", path=r"^/api/v1/statuses$", method="POST", delay=3.0))
    app = make_bot(instance={"request_timeout": "1s"})
    app.bot.run_cycle()
    wait_for_direct_messages(sandbox, 1)
    assert len(direct_messages(sandbox)) == 1
    clock.advance(timedelta(hours=2))  # past the server's idempotency window
    make_bot().bot.run_cycle()
    posts = [r for r in sandbox.requests(method="POST") if r.path == "/api/v1/statuses"]
    assert len(posts) == 1  # found in the bot's own statuses, not resent
    action = app.store.action_for(sandbox.account_id("newbie"), "welcome_dm")
    assert action is not None and action.status == Status.DONE


@pytest.mark.parametrize("kind", ["500", "502", "503", "drop", "malformed"])
def test_server_trouble_on_notifications_loses_nothing(
    sandbox: Sandbox, make_bot: BotFactory, kind: str
) -> None:
    # One dropped connection is retried by the transport; trouble is one drop per try.
    times = RETRIES + 1 if kind == "drop" else 1
    sandbox.inject(Fault(kind, path=r"^/api/v1/notifications$", times=times))
    report = make_bot().bot.run_cycle()
    assert report.stopped == "server_trouble"
    assert report.new_followers == 0
    report = make_bot().bot.run_cycle()
    assert report.new_followers == 3
    assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]


@pytest.mark.parametrize("kind", ["500", "503", "drop"])
def test_a_failed_follow_is_retried_later_and_happens_once(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock, kind: str
) -> None:
    sandbox.inject(Fault(kind, path=FOLLOW_PATH, method="POST"))
    app = make_bot()
    report = app.bot.run_cycle()
    assert report.actions["follow:retry"] == 1
    assert sandbox.following_of_bot() == [] and direct_messages(sandbox) == []
    clock.advance(timedelta(minutes=2))
    app.bot.run_cycle()
    assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]
    assert len(direct_messages(sandbox)) == 1
    assert len(follow_posts(sandbox)) == 1


def test_rate_limit_ends_the_cycle_and_work_resumes_after_reset(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    for i in range(6):
        person = sandbox.add_account(username=f"new{i}", created_days_ago=1, followers_count=0)
        sandbox.follow_bot(person)
    sandbox.rate_limit = (6, 300)
    app = make_bot()
    report = app.bot.run_cycle()
    assert report.stopped in {"rate_limited", "rate_budget"}
    assert len(sandbox.following_of_bot()) < 7
    for _ in range(6):
        clock.advance(timedelta(minutes=5))
        app.bot.run_cycle()
    assert len(sandbox.following_of_bot()) == 7
    assert len(direct_messages(sandbox)) == 7
    assert len(follow_posts(sandbox)) == 7
    # each cycle stopped at the first refusal instead of hammering the server
    refusals = [r for r in sandbox.request_log if r.status == 429]
    assert len(refusals) <= 7


def test_a_spent_budget_is_forgotten_once_replies_stop_stating_one(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    """A server (or a proxy in front of it) that stops sending X-RateLimit-* headers
    after one said "0 remaining": that old figure must not stop every later cycle."""
    people = []
    for i in range(6):
        person = sandbox.add_account(username=f"new{i}", created_days_ago=1, followers_count=0)
        sandbox.follow_bot(person)
        people.append(person)
    sandbox.rate_limit = (6, 300)
    app = make_bot()
    report = app.bot.run_cycle()
    assert report.stopped in {"rate_limited", "rate_budget"}
    sandbox.rate_limit = None  # from now on: no limit, and no headers saying one
    for _ in range(3):
        clock.advance(timedelta(minutes=5))
        app.bot.run_cycle()
    assert set(people) <= set(sandbox.following_of_bot())
    welcomed = [m for s in direct_messages(sandbox) for m in s["mentions"]]
    assert all(welcomed.count(person) == 1 for person in people)


def test_hostile_display_names_produce_safe_dms(sandbox: Sandbox, make_bot: BotFactory) -> None:
    victim = sandbox.add_account(username="admin", created_days_ago=900, followers_count=5000)
    names = [
        "@admin hello",
        "\u202eevil\u202c https://evil.example/x #spam",
        "Ada @admin@sandbox.example :blobcat:",
    ]
    hostile = []
    for i, name in enumerate(names):
        person = sandbox.add_account(
            username=f"hostile{i}", display_name=name, created_days_ago=1, followers_count=0
        )
        sandbox.follow_bot(person)
        hostile.append(person)
    make_bot().bot.run_cycle()
    dms = {tuple(s["mentions"]): s for s in direct_messages(sandbox)}
    for person in hostile:
        (dm,) = [s for key, s in dms.items() if person in key]
        assert sandbox.direct_recipients(str(dm["id"])) == {person}
        assert victim not in dm["mentions"]
        assert "evil.example" not in str(dm["text"]) and "#spam" not in str(dm["text"])
        assert "\u202e" not in str(dm["text"])
