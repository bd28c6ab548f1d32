"""The store as an outbox: intents once, settled after, nothing doubled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.model import Decision, FollowEvent, Outcome, Reason, account_from_json
from bot.outbox import Judgement, Kind, PlannedAction, Status
from bot.store import CURSOR_KEY, Store, StoreError

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def follow_event(account_id: str = "1", acct: str = "ada@x.example") -> FollowEvent:
    raw = {"id": account_id, "acct": acct, "username": acct.split("@")[0]}
    return FollowEvent(
        notification_id="n" + account_id,
        type="follow",
        account=account_from_json(raw),
        account_json=raw,
    )


DECISION = Decision(Outcome.FOLLOW, "human_newcomer", (Reason("newcomer_age", "3 days"),), "1")
PLAN = [
    PlannedAction(Kind.FOLLOW, NOW),
    PlannedAction(Kind.WELCOME_DM, NOW, idempotency_key="k", payload="hi"),
]


def record(
    store: Store, judgements: list[Judgement], *, cursor: str | None = None, dry_run: bool = False
) -> None:
    """Record one page of judgements from notifications, as the poll cycle does."""
    store.record_batch(judgements, now=NOW, trigger="notification", dry_run=dry_run, cursor=cursor)


def test_record_batch_is_atomic_with_the_cursor(store: Store) -> None:
    record(store, [Judgement(follow_event(), DECISION, PLAN)], cursor="42")
    assert store.get_state(CURSOR_KEY) == "42"
    assert store.judged_account_ids(["1", "2"]) == {"1"}
    due = store.due_actions(NOW)
    assert [a.kind for a in due] == ["follow", "welcome_dm"]
    assert all(a.status == Status.PENDING for a in due)


def test_the_same_action_is_never_planned_twice(store: Store) -> None:
    for _ in range(3):
        record(store, [Judgement(follow_event(), DECISION, PLAN)])
    assert len(store.due_actions(NOW)) == 2
    with store.engine.begin() as conn:
        (decisions,) = conn.execute(text("select count(*) from decisions")).one()
    assert decisions == 3  # every judgement is kept; actions are not repeated


def test_intent_then_result(store: Store) -> None:
    record(store, [Judgement(follow_event(), DECISION, PLAN)])
    follow = store.due_actions(NOW)[0]
    store.start_action(follow.id, NOW)
    in_flight = store.action_for("1", "follow")
    assert (
        in_flight is not None and in_flight.status == Status.IN_FLIGHT and in_flight.attempts == 1
    )
    store.finish_action(
        follow.id, Status.DONE, NOW + timedelta(seconds=1), result={"following": True}
    )
    assert [a.kind for a in store.due_actions(NOW + timedelta(seconds=1))] == ["welcome_dm"]
    overview = store.overview()
    assert overview[0].actions == {"follow": Status.DONE, "welcome_dm": Status.PENDING}


def test_dry_run_judgements_do_not_count_as_judged(store: Store) -> None:
    record(store, [Judgement(follow_event(), DECISION, PLAN)], dry_run=True)
    assert store.judged_account_ids(["1"]) == set()
    assert store.due_actions(NOW) == []
    assert store.overview()[0].dry_run is True


def test_future_actions_wait(store: Store) -> None:
    later = [PlannedAction(Kind.FOLLOW, NOW + timedelta(hours=1))]
    record(store, [Judgement(follow_event(), DECISION, later)])
    assert store.due_actions(NOW) == []
    assert len(store.due_actions(NOW + timedelta(hours=1))) == 1


def test_unusable_database_paths(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory .* does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}")
    a_file = tmp_path / "file"
    a_file.write_text("not a directory")
    with pytest.raises(StoreError, match="storage.database"):
        Store.open(f"sqlite:///{a_file / 'x.sqlite3'}")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="storage.database"):
        Store.open(f"sqlite:///{garbage}")


def test_integrity_after_use(store: Store) -> None:
    record(store, [Judgement(follow_event(str(i)), DECISION, PLAN) for i in range(50)], cursor="50")
    with store.engine.begin() as conn:
        assert conn.execute(text("pragma integrity_check")).scalar() == "ok"
        assert conn.execute(text("pragma foreign_key_check")).all() == []
