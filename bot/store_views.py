"""What the owner's commands, the metrics and replay read: do-not-contact, followers'
snapshots and decisions, history, stats. Reads only, except the do-not-contact list."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from bot import readmodels
from bot.db import ActionRow, DecisionRow, DoNotContactRow, FollowerRow
from bot.outbox import OPEN_STATUSES, Status
from bot.readmodels import (
    DecidedFollower,
    DoNotContactEntry,
    HistoryEntry,
    OutboxEntry,
    Stats,
    WelcomedEntry,
)
from bot.store_base import (
    LAST_POLL_OK_KEY,
    StoreBase,
    chunks,
    last_successful_poll_in,
    latest_real_decision_ids,
)


@dataclass(frozen=True, slots=True)
class StoredFollower:
    account_id: str
    acct: str
    account_json: dict[str, Any]
    statuses_json: list[dict[str, Any]] | None
    decision: dict[str, Any]
    source: str = "follow"  # how it came: follow | follow_request | reconcile | signup


@dataclass(frozen=True, slots=True)
class MetricsSnapshot:
    """Counts for the metrics endpoint."""

    followers_by_outcome: dict[str, int]  # latest real (not dry-run) decision per follower
    actions: dict[tuple[str, str], int]  # (kind, status) -> count
    last_poll_ok: datetime | None
    signups_waiting: int = 0  # sign-ups the greeter waits on (approval, confirmation)

    @property
    def queue_depth(self) -> dict[str, int]:
        """Open actions by kind, as ``Store.queue_depth``."""
        out: dict[str, int] = {}
        for (kind, status), count in self.actions.items():
            if status in OPEN_STATUSES:
                out[kind] = out.get(kind, 0) + count
        return out


@dataclass(frozen=True, slots=True)
class FollowerOverview:
    account_id: str
    acct: str
    outcome: str
    category: str
    reasons: list[dict[str, str]]
    decided_at: datetime
    dry_run: bool
    actions: dict[str, str]  # kind -> status
    dm_text: str | None


class OwnerViews(StoreBase):
    def add_do_not_contact(
        self, account_id: str, acct: str, reason: str, now: datetime, detail: str | None = None
    ) -> bool:
        """Add an account to the permanent do-not-contact list; False if already there."""
        with self._session() as s:
            if s.get(DoNotContactRow, account_id) is not None:
                return False
            s.add(
                DoNotContactRow(
                    account_id=account_id, acct=acct, reason=reason, detail=detail, created_at=now
                )
            )
            return True

    def remove_do_not_contact(self, account_id: str) -> bool:
        with self._session() as s:
            row = s.get(DoNotContactRow, account_id)
            if row is None:
                return False
            s.delete(row)
            return True

    def do_not_contact(self, account_ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        with self._session() as s:
            for chunk in chunks(account_ids):
                found.update(
                    s.scalars(
                        select(DoNotContactRow.account_id).where(
                            DoNotContactRow.account_id.in_(chunk)
                        )
                    )
                )
        return found

    def do_not_contact_list(self) -> list[DoNotContactEntry]:
        with self._session() as s:
            return readmodels.do_not_contact_list(s)

    # ------------------------------------------------------------------ followers

    def follower_by_acct(self, acct: str | Collection[str]) -> StoredFollower | None:
        """A stored follower by handle (``@user@host``, ``user@host`` or a local ``user``),
        or by any of several spellings of one handle (see ``bot.owner.handle_forms``)."""
        forms = [acct] if isinstance(acct, str) else list(acct)
        for form in forms:
            wanted = form.strip().lstrip("@").lower()
            found = list(self.stored_followers(handle=wanted))  # exhausted: the session closes
            if found:
                return found[0]
        return None

    def follower_ids(self) -> set[str]:
        with self._session() as s:
            return set(s.scalars(select(FollowerRow.account_id)))

    def pending_reviews(self) -> list[StoredFollower]:
        return list(self.stored_followers(outcome="review"))

    def history(
        self,
        *,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        account_ids: Collection[str] | None = None,
        limit: int = 200,
    ) -> list[HistoryEntry]:
        """Decisions, newest first, with the follower's handle."""
        with self._session() as s:
            return readmodels.history(
                s, outcome=outcome, since=since, until=until, account_ids=account_ids, limit=limit
            )

    def welcomed(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        outcome: str | None = None,
        account_ids: Collection[str] | None = None,
        limit: int = 100,
    ) -> list[WelcomedEntry]:
        """Followers, newest first: the latest decision, and the follow and the DM."""
        with self._session() as s:
            return readmodels.welcomed(
                s, since=since, until=until, outcome=outcome, account_ids=account_ids, limit=limit
            )

    def stats(self, *, since: datetime | None = None) -> Stats:
        """Followers by their latest decision, actions by result, the queue, the last poll."""
        with self._session() as s:
            return readmodels.stats(s, since=since, last_poll_key=LAST_POLL_OK_KEY)

    def open_actions(self, *, limit: int = 1000) -> list[OutboxEntry]:
        with self._session() as s:
            return readmodels.open_actions(s, limit=limit)

    def actions_settled_since(self, since: datetime) -> list[OutboxEntry]:
        with self._session() as s:
            return readmodels.actions_settled_since(s, since)

    def decisions_since(self, since: datetime, *, dry_run: bool) -> list[DecidedFollower]:
        with self._session() as s:
            return readmodels.decisions_since(s, since, dry_run=dry_run)

    def metrics_snapshot(self) -> MetricsSnapshot:
        """Followers by their latest outcome, actions by kind and status, the last good poll.

        Four grouped queries, nothing loaded per follower. Safe to call from another
        thread while the bot writes: each thread takes its own pooled connection (file
        databases are opened with ``check_same_thread=False``), and SQLite in WAL mode
        lets readers read beside the one writer. Each query sees committed data only;
        the three may straddle a commit.
        """
        with self._session() as s:
            latest = latest_real_decision_ids()
            by_outcome = s.execute(
                select(DecisionRow.outcome, func.count())
                .join(latest, latest.c.id == DecisionRow.id)
                .group_by(DecisionRow.outcome)
            ).all()
            actions = s.execute(
                select(ActionRow.kind, ActionRow.status, func.count()).group_by(
                    ActionRow.kind, ActionRow.status
                )
            ).all()
            return MetricsSnapshot(
                followers_by_outcome={str(a): int(n) for a, n in by_outcome},
                actions={(str(k), str(st)): int(n) for k, st, n in actions},
                last_poll_ok=last_successful_poll_in(s),
                signups_waiting=readmodels.signups_waiting(s),
            )

    # ------------------------------------------------------------------ reporting

    def overview(self) -> list[FollowerOverview]:
        """Each follower with its latest decision and action statuses, oldest first."""
        with self._session() as s:
            latest = (
                select(func.max(DecisionRow.id).label("id"))
                .group_by(DecisionRow.account_id)
                .subquery()
            )
            rows = s.execute(
                select(DecisionRow, FollowerRow.acct)
                .join(latest, latest.c.id == DecisionRow.id)
                .join(FollowerRow, FollowerRow.account_id == DecisionRow.account_id)
                .order_by(FollowerRow.first_seen_at, DecisionRow.id)
            ).all()
            actions: dict[str, list[ActionRow]] = {}
            for action in s.scalars(select(ActionRow).order_by(ActionRow.id)):
                actions.setdefault(action.account_id, []).append(action)
            out = []
            for decision, acct in rows:
                mine = actions.get(decision.account_id, [])
                dm = next((a for a in mine if a.kind == "welcome_dm"), None)
                out.append(
                    FollowerOverview(
                        account_id=decision.account_id,
                        acct=acct,
                        outcome=decision.outcome,
                        category=decision.category,
                        reasons=json.loads(decision.reasons),
                        decided_at=decision.decided_at,
                        dry_run=decision.dry_run,
                        actions={a.kind: a.status for a in mine},
                        dm_text=dm.payload if dm is not None and dm.status == Status.DONE else None,
                    )
                )
            return out

    def stored_followers(
        self, *, handle: str | None = None, outcome: str | None = None
    ) -> Iterator[StoredFollower]:
        """Followers' snapshots with their latest real decision (for replay and review);
        optionally only the one with this handle or id, or those with this outcome."""
        with self._session() as s:
            latest = latest_real_decision_ids()
            query = (
                select(FollowerRow, DecisionRow)
                .join(DecisionRow, DecisionRow.account_id == FollowerRow.account_id)
                .join(latest, latest.c.id == DecisionRow.id)
                .order_by(FollowerRow.first_seen_at, FollowerRow.account_id)
            )
            if handle is not None:
                query = query.where(
                    (func.lower(FollowerRow.acct) == handle) | (FollowerRow.account_id == handle)
                )
            if outcome is not None:
                query = query.where(DecisionRow.outcome == outcome)
            rows = s.execute(query)
            for follower, decision in rows:
                yield StoredFollower(
                    account_id=follower.account_id,
                    acct=follower.acct,
                    account_json=json.loads(follower.account_json),
                    statuses_json=json.loads(follower.statuses_json)
                    if follower.statuses_json
                    else None,
                    decision={
                        "action": decision.outcome,
                        "category": decision.category,
                        "reasons": json.loads(decision.reasons),
                        "rules_version": decision.rules_version,
                        "decided_at": decision.decided_at,
                    },
                    source=follower.source,
                )
