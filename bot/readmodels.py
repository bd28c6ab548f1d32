"""What the owner's commands read from the database, as typed read models.

``history``, ``welcomed``, ``stats``, ``do-not-contact list`` and the plan that
``once`` prints read these; each query runs inside one of the store's sessions
(``Store`` wraps them). Nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.db import ActionRow, DecisionRow, DoNotContactRow, FollowerRow, SignupRow, StateRow
from bot.outbox import OPEN_STATUSES, Kind
from bot.signup_book import SignupStatus


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


@dataclass(frozen=True, slots=True)
class StoredReason:
    rule: str
    detail: str


def _reasons(text: str) -> tuple[StoredReason, ...]:
    try:
        items = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    return tuple(
        StoredReason(str(r.get("rule", "")), str(r.get("detail", "")))
        for r in items
        if isinstance(r, dict)
    )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One decision about one follower."""

    decided_at: datetime
    account_id: str
    acct: str
    outcome: str
    category: str
    trigger: str  # notification | reconcile | recheck | owner
    dry_run: bool
    reasons: tuple[StoredReason, ...]
    rules_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "decided_at": self.decided_at.isoformat(),
            "account_id": self.account_id,
            "acct": self.acct,
            "outcome": self.outcome,
            "action": self.outcome,  # the name before 0.2, for scripts that read it
            "category": self.category,
            "trigger": self.trigger,
            "dry_run": self.dry_run,
            "reasons": [{"rule": r.rule, "detail": r.detail} for r in self.reasons],
            "rules_version": self.rules_version,
        }


def _history_entry(d: DecisionRow, acct: str) -> HistoryEntry:
    return HistoryEntry(
        decided_at=d.decided_at,
        account_id=d.account_id,
        acct=acct,
        outcome=d.outcome,
        category=d.category,
        trigger=d.trigger,
        dry_run=d.dry_run,
        reasons=_reasons(d.reasons),
        rules_version=d.rules_version,
    )


def history(
    s: Session,
    *,
    outcome: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    account_ids: Collection[str] | None = None,
    limit: int = 200,
) -> list[HistoryEntry]:
    """Decisions, newest first, with the follower's handle."""
    query = select(DecisionRow, FollowerRow.acct).join(
        FollowerRow, FollowerRow.account_id == DecisionRow.account_id
    )
    if outcome:
        query = query.where(DecisionRow.outcome == outcome)
    if since:
        query = query.where(DecisionRow.decided_at >= since)
    if until:
        query = query.where(DecisionRow.decided_at < until)
    if account_ids is not None:
        query = query.where(DecisionRow.account_id.in_(list(account_ids)))
    rows = s.execute(query.order_by(DecisionRow.id.desc()).limit(limit)).all()
    return [_history_entry(d, acct) for d, acct in rows]


# --------------------------------------------------------------------------- the outbox


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One intended action and where it stands."""

    account_id: str
    acct: str
    kind: str
    target: str
    status: str
    due_at: datetime
    done_at: datetime | None
    updated_at: datetime
    payload: str | None  # the DM's text, fixed when it was planned
    note: str | None  # why it failed or was called off

    def to_json(self) -> dict[str, Any]:
        return {
            "acct": self.acct,
            "kind": self.kind,
            "target": self.target,
            "status": self.status,
            "due_at": self.due_at.isoformat(),
            "done_at": _iso(self.done_at),
            "text": self.payload,
            "note": self.note,
        }


def _outbox_entry(a: ActionRow, acct: str) -> OutboxEntry:
    return OutboxEntry(
        account_id=a.account_id,
        acct=acct,
        kind=a.kind,
        target=a.target,
        status=a.status,
        due_at=a.due_at,
        done_at=a.done_at,
        updated_at=a.updated_at,
        payload=a.payload,
        note=a.last_error,
    )


def _outbox_query() -> Select[ActionRow, str]:
    return select(ActionRow, FollowerRow.acct).join(
        FollowerRow, FollowerRow.account_id == ActionRow.account_id
    )


def open_actions(s: Session, *, limit: int = 1000) -> list[OutboxEntry]:
    """What waits in the queue, soonest first."""
    query = _outbox_query().where(ActionRow.status.in_(OPEN_STATUSES))
    rows = s.execute(query.order_by(ActionRow.due_at, ActionRow.id).limit(limit)).all()
    return [_outbox_entry(a, acct) for a, acct in rows]


def actions_settled_since(s: Session, since: datetime) -> list[OutboxEntry]:
    """Actions that were done, failed or called off at or after ``since``, in that order."""
    query = _outbox_query().where(
        ActionRow.status.not_in(OPEN_STATUSES), ActionRow.updated_at >= since
    )
    rows = s.execute(query.order_by(ActionRow.updated_at, ActionRow.id)).all()
    return [_outbox_entry(a, acct) for a, acct in rows]


# --------------------------------------------------------------------------- followers


@dataclass(frozen=True, slots=True)
class DecidedFollower:
    """A follower as it was judged: the snapshot, and one decision about it."""

    account_id: str
    acct: str
    source: str  # how the follower came: follow | follow_request | reconcile
    account_json: dict[str, Any]
    statuses_json: list[dict[str, Any]] | None
    decision: HistoryEntry


def decisions_since(s: Session, since: datetime, *, dry_run: bool) -> list[DecidedFollower]:
    """The decisions made at or after ``since`` (real ones, or dry runs), oldest first."""
    rows = s.execute(
        select(DecisionRow, FollowerRow)
        .join(FollowerRow, FollowerRow.account_id == DecisionRow.account_id)
        .where(DecisionRow.decided_at >= since, DecisionRow.dry_run.is_(dry_run))
        .order_by(DecisionRow.id)
    ).all()
    out = []
    for decision, follower in rows:
        statuses = json.loads(follower.statuses_json) if follower.statuses_json else None
        out.append(
            DecidedFollower(
                account_id=follower.account_id,
                acct=follower.acct,
                source=follower.source,
                account_json=json.loads(follower.account_json),
                statuses_json=statuses if isinstance(statuses, list) else None,
                decision=_history_entry(decision, follower.acct),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class WelcomedEntry:
    """One follower: the latest decision, and whether and when the follow and the DM
    happened (None: none was planned)."""

    account_id: str
    acct: str
    first_seen_at: datetime
    decision: HistoryEntry
    follow: OutboxEntry | None
    dm: OutboxEntry | None

    def times(self) -> Iterable[datetime]:
        yield self.first_seen_at
        yield self.decision.decided_at
        for action in (self.follow, self.dm):
            if action is not None and action.done_at is not None:
                yield action.done_at

    def to_json(self) -> dict[str, Any]:
        def state(action: OutboxEntry | None) -> dict[str, Any] | None:
            if action is None:
                return None
            out: dict[str, Any] = {
                "status": action.status,
                "due_at": action.due_at.isoformat(),
                "done_at": _iso(action.done_at),
            }
            if action.note:
                out["note"] = action.note
            return out

        dm = state(self.dm)
        if dm is not None and self.dm is not None:
            dm["text"] = self.dm.payload
        return {
            "acct": self.acct,
            "account_id": self.account_id,
            "first_seen_at": self.first_seen_at.isoformat(),
            "outcome": self.decision.outcome,
            "category": self.decision.category,
            "decided_at": self.decision.decided_at.isoformat(),
            "trigger": self.decision.trigger,
            "dry_run": self.decision.dry_run,
            "follow": state(self.follow),
            "welcome_dm": dm,
        }


def _within(at: datetime, since: datetime | None, until: datetime | None) -> bool:
    return (since is None or at >= since) and (until is None or at < until)


def welcomed(
    s: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outcome: str | None = None,
    account_ids: Collection[str] | None = None,
    limit: int = 100,
) -> list[WelcomedEntry]:
    """Followers, newest first, with their latest decision and their follow and DM.

    ``since`` and ``until`` keep the followers first seen, judged, followed or welcomed
    in that time."""
    latest = select(func.max(DecisionRow.id).label("id")).group_by(DecisionRow.account_id)
    query = (
        select(DecisionRow, FollowerRow)
        .join(FollowerRow, FollowerRow.account_id == DecisionRow.account_id)
        .where(DecisionRow.id.in_(latest.scalar_subquery()))
        .order_by(FollowerRow.first_seen_at.desc(), FollowerRow.account_id)
    )
    if outcome:
        query = query.where(DecisionRow.outcome == outcome)
    if account_ids is not None:
        query = query.where(FollowerRow.account_id.in_(list(account_ids)))
    rows = s.execute(query).all()
    actions: dict[tuple[str, str], OutboxEntry] = {}
    kinds = (Kind.FOLLOW, Kind.WELCOME_DM)
    for action, acct in s.execute(
        _outbox_query().where(ActionRow.kind.in_(kinds), ActionRow.target == "")
    ):
        actions[(action.account_id, action.kind)] = _outbox_entry(action, acct)
    out = []
    for decision, follower in rows:
        entry = WelcomedEntry(
            account_id=follower.account_id,
            acct=follower.acct,
            first_seen_at=follower.first_seen_at,
            decision=_history_entry(decision, follower.acct),
            follow=actions.get((follower.account_id, Kind.FOLLOW)),
            dm=actions.get((follower.account_id, Kind.WELCOME_DM)),
        )
        if any(_within(t, since, until) for t in entry.times()):
            out.append(entry)
        if len(out) >= limit:
            break
    return out


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts for ``stats`` and the owner's digest."""

    followers: int  # every follower the bot knows
    by_outcome: dict[str, int]  # each follower's latest real decision, by outcome
    decisions: int  # decisions made (every one, re-checks and the owner's included)
    actions: dict[str, dict[str, int]]  # kind -> status -> count
    queue: dict[str, int]  # open actions by kind
    next_due: OutboxEntry | None  # the queued action due first
    do_not_contact: int
    last_poll: str | None  # when the last cycle ended without trouble (ISO 8601)
    #: sign-ups the greeter waits on: pending approval, e-mail not confirmed, suspended
    signups_waiting: int = 0

    def done(self, kind: str) -> int:
        return self.actions.get(kind, {}).get("done", 0)

    def to_json(self) -> dict[str, Any]:
        next_due = None
        if self.next_due is not None:
            due = self.next_due
            next_due = {"kind": due.kind, "acct": due.acct, "due_at": due.due_at.isoformat()}
        return {
            "followers": self.followers,
            "followers_by_outcome": dict(sorted(self.by_outcome.items())),
            "decisions": self.decisions,
            "actions": {k: dict(sorted(v.items())) for k, v in sorted(self.actions.items())},
            "queue": dict(sorted(self.queue.items())),
            "next_due": next_due,
            "do_not_contact": self.do_not_contact,
            "last_poll": self.last_poll,
            "signups_waiting": self.signups_waiting,
        }


def _latest_outcomes(s: Session, since: datetime | None) -> dict[str, int]:
    latest = (
        select(func.max(DecisionRow.id).label("id"))
        .where(DecisionRow.dry_run.is_(False))
        .group_by(DecisionRow.account_id)
        .subquery()
    )
    query = select(DecisionRow.outcome, func.count()).join(latest, latest.c.id == DecisionRow.id)
    if since is not None:
        query = query.where(DecisionRow.decided_at >= since)
    return {str(k): int(v) for k, v in s.execute(query.group_by(DecisionRow.outcome)).all()}


def stats(s: Session, *, last_poll_key: str, since: datetime | None = None) -> Stats:
    """With ``since``: the followers whose latest decision is that recent, the decisions
    and the actions since then; the queue and the totals are always of now."""
    decisions = select(func.count()).select_from(DecisionRow).where(DecisionRow.dry_run.is_(False))
    actions = select(ActionRow.kind, ActionRow.status, func.count())
    if since is not None:
        decisions = decisions.where(DecisionRow.decided_at >= since)
        actions = actions.where(ActionRow.created_at >= since)
    by_action: dict[str, dict[str, int]] = {}
    for kind, status, count in s.execute(actions.group_by(ActionRow.kind, ActionRow.status)):
        by_action.setdefault(str(kind), {})[str(status)] = int(count)
    queue_rows = s.execute(
        select(ActionRow.kind, func.count())
        .where(ActionRow.status.in_(OPEN_STATUSES))
        .group_by(ActionRow.kind)
    ).all()
    soonest = open_actions(s, limit=1)
    last_poll = s.get(StateRow, last_poll_key)
    return Stats(
        followers=s.scalar(select(func.count()).select_from(FollowerRow)) or 0,
        by_outcome=_latest_outcomes(s, since),
        decisions=s.scalar(decisions) or 0,
        actions=by_action,
        queue={str(kind): int(count) for kind, count in queue_rows},
        next_due=soonest[0] if soonest else None,
        do_not_contact=s.scalar(select(func.count()).select_from(DoNotContactRow)) or 0,
        last_poll=last_poll.value if last_poll else None,
        signups_waiting=signups_waiting(s),
    )


def signups_waiting(s: Session) -> int:
    """How many sign-ups the greeter waits on (pending approval, e-mail not confirmed)."""
    query = select(func.count()).select_from(SignupRow)
    return s.scalar(query.where(SignupRow.status == SignupStatus.WAITING)) or 0


# --------------------------------------------------------------------------- do not contact


@dataclass(frozen=True, slots=True)
class DoNotContactEntry:
    account_id: str
    acct: str
    reason: str  # opt_out | blocked | stop_word | manual
    detail: str | None
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "acct": self.acct,
            "account_id": self.account_id,
            "reason": self.reason,
            "detail": self.detail,
            "added_at": self.created_at.isoformat(),
        }


def do_not_contact_list(s: Session) -> list[DoNotContactEntry]:
    rows = s.scalars(select(DoNotContactRow).order_by(DoNotContactRow.created_at))
    return [DoNotContactEntry(r.account_id, r.acct, r.reason, r.detail, r.created_at) for r in rows]
