"""What ``once`` prints: the plan, from the outbox after a real cycle, and computed for a
dry run without writing an intent; and the read models it is built from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Config, config_from_mapping
from bot.cycle import CycleReport
from bot.model import Decision, FollowEvent, Outcome, Reason, account_from_json
from bot.outbox import Judgement, Kind, PlannedAction, Status
from bot.plan import plan_after_cycle, plan_of_dry_run
from bot.store import ME_ACCT_KEY, ME_ID_KEY, ME_NAME_KEY, Store

NOW = datetime(2026, 12, 1, 8, 34, tzinfo=UTC)
FOLLOW = Decision(Outcome.FOLLOW, "human_newcomer", (Reason("newcomer_age", "3 days old"),), "1")
SKIP = Decision(Outcome.SKIP, "bot", (Reason("bot_flag", "flagged"),), "1")
HOLD = Decision(Outcome.HOLD, "egg", (Reason("default_avatar", "no picture"),), "1")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    s.set_states({ME_ID_KEY: "1", ME_ACCT_KEY: "welcome", ME_NAME_KEY: "Welcome bot"})
    yield s
    s.close()


def config(**extra: object) -> Config:
    data = {"instance": {"url": "https://bot.example"}, "follow_back": {"delay": "1h"}}
    return config_from_mapping({**data, **extra})


def follower(account_id: str, acct: str, name: str) -> FollowEvent:
    raw = {"id": account_id, "acct": acct, "username": acct.split("@")[0], "display_name": name}
    return FollowEvent(f"n{account_id}", "follow", account_from_json(raw), raw)


def test_a_dry_run_plan_says_who_would_be_followed_and_messaged_when(store: Store) -> None:
    judged = [
        Judgement(follower("2", "alice@social.example", "Alice"), FOLLOW),
        Judgement(follower("3", "rss@bots.example", "RSS"), SKIP),
        Judgement(follower("4", "egg@social.example", "Egg"), HOLD),
    ]
    store.record_batch(judged, now=NOW, trigger="notification", dry_run=True, cursor=None)
    report = CycleReport(new_followers=3, requests=2)
    plan = plan_of_dry_run(store, config(), report, started=NOW, now=NOW)
    lines = plan.lines()
    assert lines[0] == (
        "dry run, nothing was changed on the server: 3 followers judged "
        "(follow 1, hold 1, skip 1), in 2 requests."
    )
    assert "  follow  @alice@social.example (human_newcomer)" in lines
    assert "  would follow @alice@social.example at 09:34 (follow_back.delay 1h)" in lines
    dm = lines.index("  would DM @alice@social.example at 09:34 (after the follow-back):")
    assert lines[dm + 1] == (
        "      ‹@alice@social.example Hi Alice, welcome to the fediverse! Thanks for following "
        "Welcome bot. If you have a question, just reply here: a person reads these messages.›"
    )
    assert "  would look at @egg@social.example again at 12-03 08:34 (egg.recheck_after 2d)" in (
        lines
    )
    assert not any("rss@bots.example" in line and "would" in line for line in lines)
    assert store.open_actions() == []  # computed, never written
    data = plan.to_json()
    assert {"new_followers", "outcomes", "actions", "stopped", "requests"} <= set(data)
    assert data["dry_run"] is True
    kinds = [(s["acct"], s["kind"], s["status"]) for s in data["plan"]["due"]]
    assert ("alice@social.example", "welcome_dm", "planned") in kinds


def test_a_multi_line_welcome_is_shown_whole_on_lines_of_its_own(store: Store) -> None:
    two_lines = config(welcome_dm={"template": "Hi {display_name}!\nAsk me anything."})
    judged = [Judgement(follower("2", "alice@social.example", "Alice"), FOLLOW)]
    store.record_batch(judged, now=NOW, trigger="notification", dry_run=True, cursor=None)
    lines = plan_of_dry_run(store, two_lines, CycleReport(), started=NOW, now=NOW).lines()
    at = lines.index("  would DM @alice@social.example at 09:34 (after the follow-back):")
    assert lines[at + 1 : at + 3] == [
        "      ‹@alice@social.example Hi Alice!",
        "      Ask me anything.›",
    ]


def test_after_a_real_cycle_the_plan_is_what_was_done_and_what_is_queued(store: Store) -> None:
    planned = [
        PlannedAction(Kind.FOLLOW, NOW + timedelta(hours=1)),
        PlannedAction(Kind.WELCOME_DM, NOW + timedelta(hours=1), payload="@alice hello"),
    ]
    judged = [
        Judgement(follower("2", "alice", "Alice"), FOLLOW, planned),
        Judgement(follower("5", "bob", "Bob"), FOLLOW, [PlannedAction(Kind.FOLLOW, NOW)]),
    ]
    store.record_batch(judged, now=NOW, trigger="notification", dry_run=False, cursor=None)
    (bob_follow,) = [a for a in store.due_actions(NOW) if a.acct == "bob"]
    store.start_action(bob_follow.id, NOW)
    store.finish_action(bob_follow.id, Status.DONE, NOW)
    plan = plan_after_cycle(store, config(), CycleReport(requests=4), started=NOW, now=NOW)
    lines = plan.lines()
    assert lines[0] == "2 followers judged (follow 2), 1 action done, in 4 requests."
    assert lines[lines.index("done:") + 1] == "  followed @bob"
    due = lines[lines.index("due (times in UTC):") + 1 :]
    assert due == [
        "  will follow @alice at 09:34 (follow_back.delay 1h)",
        "  will DM @alice at 09:34 (after the follow-back):",
        "      ‹@alice hello›",
    ]


def test_nothing_new_says_so(store: Store) -> None:
    plan = plan_after_cycle(store, config(), CycleReport(requests=1), started=NOW, now=NOW)
    assert plan.lines() == [
        "0 followers judged, 0 actions done, in 1 request.",
        "nothing is due.",
    ]


def test_work_held_back_says_why(store: Store) -> None:
    judged = [Judgement(follower("2", "alice", "Alice"), FOLLOW, [PlannedAction(Kind.FOLLOW, NOW)])]
    store.record_batch(judged, now=NOW, trigger="notification", dry_run=False, cursor=None)
    report = CycleReport(over_budget=[Kind.FOLLOW])
    later = NOW + timedelta(minutes=5)
    lines = plan_after_cycle(store, config(), report, started=later, now=later).lines()
    assert "  will follow @alice on the next cycle (over budget)" in lines


def test_stats_count_each_followers_latest_decision_and_the_next_due(store: Store) -> None:
    ada = follower("2", "ada", "Ada")
    store.record_batch(
        [Judgement(ada, HOLD)], now=NOW, trigger="notification", dry_run=False, cursor=None
    )
    later = NOW + timedelta(days=2)
    recheck = [PlannedAction(Kind.FOLLOW, later + timedelta(hours=1))]
    store.record_batch(
        [Judgement(ada, FOLLOW, recheck)], now=later, trigger="recheck", dry_run=False, cursor=None
    )
    stats = store.stats()
    assert stats.by_outcome == {"follow": 1}  # not hold 1 and follow 1
    assert stats.decisions == 2
    assert stats.next_due is not None and stats.next_due.acct == "ada"
    assert stats.next_due.due_at == later + timedelta(hours=1)
    assert store.stats(since=later + timedelta(minutes=1)).by_outcome == {}


def test_welcomed_says_whether_and_when_the_follow_and_the_dm_happened(store: Store) -> None:
    planned = [
        PlannedAction(Kind.FOLLOW, NOW),
        PlannedAction(Kind.WELCOME_DM, NOW, payload="@ada hi"),
    ]
    store.record_batch(
        [Judgement(follower("2", "ada", "Ada"), FOLLOW, planned)],
        now=NOW,
        trigger="notification",
        dry_run=False,
        cursor=None,
    )
    for action in store.due_actions(NOW):
        store.start_action(action.id, NOW)
        if action.kind == Kind.FOLLOW:
            store.finish_action(action.id, Status.DONE, NOW + timedelta(minutes=1))
    (row,) = store.welcomed()
    assert row.decision.outcome == "follow"
    assert row.follow is not None and row.follow.done_at == NOW + timedelta(minutes=1)
    assert row.dm is not None and row.dm.status == Status.IN_FLIGHT and row.dm.done_at is None
    assert store.welcomed(since=NOW + timedelta(minutes=2)) == []
    assert store.welcomed(until=NOW) == []
    data = row.to_json()
    assert data["welcome_dm"]["text"] == "@ada hi" and data["follow"]["status"] == "done"
