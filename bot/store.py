"""The one place that reads and writes the database.

The store is an outbox: ``record_batch`` writes the decision, the intended
actions and the cursor in one transaction; ``start_action`` marks an action as
in flight (and commits) *before* the network call; ``finish_action`` settles it
after. A crash anywhere leaves a row that the next run can resume from.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Subquery, case, create_engine, event, func, insert, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from bot import readmodels
from bot.db import (
    SQLITE_PRAGMAS,
    ActionRow,
    DecisionRow,
    DoNotContactRow,
    FollowerRow,
    MentionRow,
    StateRow,
)
from bot.dbfile import StoreError as StoreError
from bot.dbfile import check_location, check_writable, migration_trouble, sqlite_file
from bot.model import FollowEvent
from bot.outbox import (
    KIND_ORDER,
    OPEN_STATUSES,
    ActionView,
    Judgement,
    Kind,
    PlannedAction,
    Status,
)
from bot.readmodels import (
    DecidedFollower,
    DoNotContactEntry,
    HistoryEntry,
    OutboxEntry,
    Stats,
    WelcomedEntry,
)
from bot.testhooks import arm_outbox

# State keys.
CURSOR_KEY = "notifications.cursor"
ME_ID_KEY = "me.id"
ME_ACCT_KEY = "me.acct"
ME_NAME_KEY = "me.display_name"
ME_LOCKED_KEY = "me.locked"
INSTANCE_KEY = "instance.url"
LAST_POLL_OK_KEY = "poll.last_success_at"


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


def _chunks(ids: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Distinct ids in slices small enough for one ``IN (…)`` each."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in ("foreign_keys=ON", *SQLITE_PRAGMAS):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def make_engine(url: str) -> Engine:
    path = sqlite_file(url)  # StoreError for a database other than SQLite
    if path is not None:
        check_location(path)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        arm_outbox(engine)  # test-only crash points; inert unless asked for
    except ValueError as exc:
        raise StoreError(str(exc)) from None
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent), each revision all or
    nothing; finishes a revision an older version left half-done (bot/migration.py)."""
    from alembic.util import CommandError

    from bot.migration import SchemaError, upgrade_to_head

    try:
        upgrade_to_head(engine)
    except (SchemaError, ValueError) as exc:
        raise StoreError(str(exc)) from None
    except DatabaseError as exc:
        raise StoreError(
            f"storage.database: cannot open or migrate the database ({exc.orig})"
        ) from None
    except CommandError as exc:  # e.g. a revision from a newer welcomebot
        raise migration_trouble(exc) from exc


def _last_successful_poll(s: Session) -> datetime | None:
    row = s.get(StateRow, LAST_POLL_OK_KEY)
    if row is None:
        return None
    try:
        at = datetime.fromisoformat(row.value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _latest_real_decision_ids() -> Subquery:
    """The id of each follower's latest decision that was not a dry run, as a subquery."""
    return (
        select(func.max(DecisionRow.id).label("id"))
        .where(DecisionRow.dry_run.is_(False))
        .group_by(DecisionRow.account_id)
        .subquery()
    )


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate_schema: bool = True) -> Store:
        """The store on ``url``, migrated first; without ``migrate_schema`` (to read
        only) a database file that does not exist yet is not created."""
        path = sqlite_file(url) if not migrate_schema else None
        if path is not None and not path.exists():
            raise StoreError(
                f"storage.database: {path} does not exist yet (the bot creates it "
                "once it has reached its server)"
            )
        engine = make_engine(url)
        if migrate_schema:
            try:
                migrate(engine)
                check_writable(engine)
            except BaseException:
                engine.dispose()
                raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # ------------------------------------------------------------------ state

    def get_state(self, key: str) -> str | None:
        with self._session() as s:
            row = s.get(StateRow, key)
            return row.value if row else None

    def last_successful_poll(self) -> datetime | None:
        """When the last poll cycle ended without trouble; None before the first (or if
        the stored value is unreadable)."""
        with self._session() as s:
            return _last_successful_poll(s)

    def set_state(self, key: str, value: str) -> None:
        with self._session() as s:
            s.merge(StateRow(key=key, value=value))

    def delete_state(self, key: str) -> None:
        with self._session() as s:
            row = s.get(StateRow, key)
            if row is not None:
                s.delete(row)

    def set_states(self, values: Mapping[str, str]) -> None:
        with self._session() as s:
            for key, value in values.items():
                s.merge(StateRow(key=key, value=value))

    # ------------------------------------------------------------------ followers

    def judged_account_ids(self, account_ids: Iterable[str]) -> set[str]:
        """Which of these accounts already have a real (not dry-run) decision."""
        found: set[str] = set()
        with self._session() as s:
            for chunk in _chunks(account_ids):
                found.update(
                    s.scalars(
                        select(DecisionRow.account_id)
                        .where(DecisionRow.account_id.in_(chunk), DecisionRow.dry_run.is_(False))
                        .distinct()
                    )
                )
        return found

    def record_batch(
        self,
        judged: Sequence[Judgement],
        *,
        now: datetime,
        trigger: str,
        dry_run: bool,
        cursor: str | None,
        mentions: Sequence[FollowEvent] = (),
        states: Mapping[str, str] | None = None,
    ) -> None:
        """Record judgements, mentions of the bot and the cursor advance in one transaction."""
        with self._session() as s:
            for key, value in (states or {}).items():
                s.merge(StateRow(key=key, value=value))
            for mention in mentions:
                self._record_mention(s, mention, now)
            if judged:
                self._record_judgements(s, judged, now=now, trigger=trigger, dry_run=dry_run)
            if cursor is not None:
                s.merge(StateRow(key=CURSOR_KEY, value=cursor))

    @staticmethod
    def _record_mention(s: Session, mention: FollowEvent, now: datetime) -> None:
        row = s.get(MentionRow, mention.account.id)
        if row is None:
            s.add(
                MentionRow(
                    account_id=mention.account.id,
                    acct=mention.account.acct,
                    first_at=now,
                    last_at=now,
                    count=1,
                    last_status_id=mention.status_id,
                )
            )
        elif row.last_status_id != mention.status_id:
            row.count += 1
            row.last_at = now
            row.last_status_id = mention.status_id

    def talked_with_bot(self, account_ids: Iterable[str]) -> set[str]:
        """Which of these accounts have mentioned or replied to the bot."""
        found: set[str] = set()
        with self._session() as s:
            for chunk in _chunks(account_ids):
                found.update(
                    s.scalars(select(MentionRow.account_id).where(MentionRow.account_id.in_(chunk)))
                )
        return found

    def approved_by_owner(self, account_ids: Iterable[str]) -> set[str]:
        """Which of these accounts the owner approved by hand, as their latest decision."""
        latest = _latest_real_decision_ids()
        found: set[str] = set()
        with self._session() as s:
            for chunk in _chunks(account_ids):
                found.update(
                    s.scalars(
                        select(DecisionRow.account_id)
                        .join(latest, DecisionRow.id == latest.c.id)
                        .where(DecisionRow.account_id.in_(chunk), DecisionRow.trigger == "owner")
                        .where(DecisionRow.outcome == "follow")
                    )
                )
        return found

    def _record_judgements(
        self,
        s: Session,
        judged: Sequence[Judgement],
        *,
        now: datetime,
        trigger: str,
        dry_run: bool,
    ) -> None:
        """Followers, decisions and intents for a page, in a handful of statements."""
        ids = list(dict.fromkeys(j.event.account.id for j in judged))
        self._upsert_followers(s, judged, ids, now)
        decision_ids = self._insert_decisions(s, judged, now, trigger=trigger, dry_run=dry_run)
        if not dry_run:
            self._insert_actions(s, judged, ids, decision_ids, now)

    @staticmethod
    def _upsert_followers(
        s: Session, judged: Sequence[Judgement], ids: list[str], now: datetime
    ) -> None:
        known = set(
            s.scalars(select(FollowerRow.account_id).where(FollowerRow.account_id.in_(ids)))
        )
        new_rows: dict[str, dict[str, Any]] = {}
        for j in judged:
            account = j.event.account
            snapshot = json.dumps(dict(j.event.account_json), default=str, ensure_ascii=False)
            statuses = (
                json.dumps([dict(x) for x in j.statuses_json], default=str, ensure_ascii=False)
                if j.statuses_json is not None
                else None
            )
            if account.id not in known:
                new_rows[account.id] = {
                    "account_id": account.id,
                    "acct": account.acct,
                    "source": j.event.type,
                    "notification_id": j.event.notification_id or None,
                    "first_seen_at": now,
                    "last_seen_at": now,
                    "account_json": snapshot,
                    "statuses_json": statuses,
                }
                continue
            # rare: re-checks and owner's decisions
            values = {"acct": account.acct, "account_json": snapshot, "last_seen_at": now}
            if statuses is not None:
                values["statuses_json"] = statuses
            s.execute(
                update(FollowerRow).where(FollowerRow.account_id == account.id).values(**values)
            )
        if new_rows:
            s.execute(insert(FollowerRow), list(new_rows.values()))

    @staticmethod
    def _insert_decisions(
        s: Session, judged: Sequence[Judgement], now: datetime, *, trigger: str, dry_run: bool
    ) -> list[int]:
        decision_rows = [
            {
                "account_id": j.event.account.id,
                "decided_at": now,
                "outcome": j.decision.outcome.value,
                "category": j.decision.category,
                "reasons": json.dumps(
                    [r.to_json() for r in j.decision.reasons], ensure_ascii=False
                ),
                "rules_version": j.decision.rules_version,
                "trigger": trigger,
                "dry_run": dry_run,
            }
            for j in judged
        ]
        return list(
            s.scalars(
                insert(DecisionRow).returning(DecisionRow.id, sort_by_parameter_order=True),
                decision_rows,
            )
        )

    def _insert_actions(
        self,
        s: Session,
        judged: Sequence[Judgement],
        ids: list[str],
        decision_ids: list[int],
        now: datetime,
    ) -> None:
        existing = {
            (account_id, kind, target)
            for account_id, kind, target in s.execute(
                select(ActionRow.account_id, ActionRow.kind, ActionRow.target).where(
                    ActionRow.account_id.in_(ids)
                )
            )
        }
        action_rows = []
        for j, decision_id in zip(judged, decision_ids, strict=True):
            for planned in j.actions:
                key = (j.event.account.id, planned.kind, planned.target)
                if key in existing:
                    continue  # never twice
                existing.add(key)
                action_rows.append(
                    self._action_values(j.event.account.id, decision_id, planned, now)
                )
        if action_rows:
            s.execute(insert(ActionRow), action_rows)

    # ------------------------------------------------------------------ actions

    def due_actions(self, now: datetime, *, limit: int = 100) -> list[ActionView]:
        """Open actions whose time has come: follows first (a DM waits for its follow)."""
        kind_order = case(
            {kind: i for i, kind in enumerate(KIND_ORDER)},
            value=ActionRow.kind,
            else_=len(KIND_ORDER),
        )
        with self._session() as s:
            rows = s.execute(
                select(ActionRow, FollowerRow.acct, FollowerRow.source)
                .join(FollowerRow, FollowerRow.account_id == ActionRow.account_id)
                .where(ActionRow.status.in_(OPEN_STATUSES), ActionRow.due_at <= now)
                .order_by(kind_order, ActionRow.due_at, ActionRow.id)
                .limit(limit)
            ).all()
            return [self._view(row, acct, source) for row, acct, source in rows]

    def latest_sent_post(self) -> tuple[str, str, datetime] | None:
        """The newest DM the bot knows it sent (account id, status id, when), if any:
        the evidence from which the cycle learns where the server shows the bot's DMs."""
        with self._session() as s:
            rows = s.execute(
                select(ActionRow.account_id, ActionRow.result, ActionRow.done_at)
                .where(
                    ActionRow.kind.in_([Kind.WELCOME_DM, Kind.STOP_ACK]),
                    ActionRow.status == Status.DONE,
                    ActionRow.done_at.is_not(None),
                )
                .order_by(ActionRow.done_at.desc())
                .limit(20)
            ).all()
        for account_id, result, done_at in rows:
            if done_at is None:
                continue
            try:
                data = json.loads(result or "{}")
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("status_id") and not data.get("recovered"):
                return account_id, str(data["status_id"]), done_at
        return None

    def action_for(self, account_id: str, kind: str, target: str = "") -> ActionView | None:
        with self._session() as s:
            found = s.execute(
                select(ActionRow, FollowerRow.acct)
                .join(FollowerRow, FollowerRow.account_id == ActionRow.account_id)
                .where(
                    ActionRow.account_id == account_id,
                    ActionRow.kind == kind,
                    ActionRow.target == target,
                )
            ).first()
            return self._view(found[0], found[1]) if found else None

    @staticmethod
    def _view(row: ActionRow, acct: str, source: str = "follow") -> ActionView:
        return ActionView(
            id=row.id,
            account_id=row.account_id,
            acct=acct,
            kind=row.kind,
            target=row.target,
            status=row.status,
            due_at=row.due_at,
            attempts=row.attempts,
            started_at=row.started_at,
            idempotency_key=row.idempotency_key,
            payload=row.payload,
            created_at=row.created_at,
            language=row.language,
            source=source,
        )

    def start_action(self, action_id: int, now: datetime) -> None:
        """Mark the intent as in flight, committed before the network call."""
        with self._session() as s:
            row = s.get(ActionRow, action_id)
            if row is None:
                raise StoreError(f"action {action_id} vanished")
            if row.started_at is None:
                row.started_at = now
            row.status = Status.IN_FLIGHT
            row.attempts += 1
            row.updated_at = now

    def finish_action(
        self,
        action_id: int,
        status: str,
        now: datetime,
        *,
        result: Mapping[str, Any] | None = None,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        with self._session() as s:
            values: dict[str, Any] = {"status": status, "updated_at": now}
            if status == Status.DONE:
                values["done_at"] = now
            if result is not None:
                values["result"] = json.dumps(dict(result), default=str)
            if error is not None:
                values["last_error"] = error[:2000]
            if retry_at is not None:
                values["due_at"] = retry_at
            s.execute(update(ActionRow).where(ActionRow.id == action_id).values(**values))

    def add_actions(self, account_id: str, actions: Sequence[PlannedAction], now: datetime) -> int:
        """Add intents for a known follower outside a judgement; existing ones stay."""
        added = 0
        with self._session() as s:
            existing = {
                (kind, target)
                for kind, target in s.execute(
                    select(ActionRow.kind, ActionRow.target).where(
                        ActionRow.account_id == account_id
                    )
                )
            }
            for planned in actions:
                if (planned.kind, planned.target) in existing:
                    continue
                s.add(self._action_row(account_id, None, planned, now))
                added += 1
        return added

    @staticmethod
    def _action_values(
        account_id: str, decision_id: int | None, planned: PlannedAction, now: datetime
    ) -> dict[str, Any]:
        return {
            "account_id": account_id,
            "decision_id": decision_id,
            "kind": planned.kind,
            "target": planned.target,
            "status": Status.PENDING,
            "due_at": planned.due_at,
            "created_at": now,
            "updated_at": now,
            "attempts": 0,
            "idempotency_key": planned.idempotency_key,
            "payload": planned.payload,
            "language": planned.language,
        }

    @classmethod
    def _action_row(
        cls, account_id: str, decision_id: int | None, planned: PlannedAction, now: datetime
    ) -> ActionRow:
        return ActionRow(**cls._action_values(account_id, decision_id, planned, now))

    def actions_of(self, account_id: str) -> dict[tuple[str, str], ActionView]:
        with self._session() as s:
            rows = s.execute(
                select(ActionRow, FollowerRow.acct, FollowerRow.source)
                .join(FollowerRow, FollowerRow.account_id == ActionRow.account_id)
                .where(ActionRow.account_id == account_id)
            ).all()
            return {(r.kind, r.target): self._view(r, acct, src) for r, acct, src in rows}

    def action_statuses(self, account_ids: Iterable[str], kind: str) -> dict[str, str]:
        """The status of one kind of action for several accounts (absent: none planned)."""
        out: dict[str, str] = {}
        with self._session() as s:
            for chunk in _chunks(account_ids):
                rows = s.execute(
                    select(ActionRow.account_id, ActionRow.status).where(
                        ActionRow.account_id.in_(chunk),
                        ActionRow.kind == kind,
                        ActionRow.target == "",
                    )
                )
                out.update((account_id, status) for account_id, status in rows)
        return out

    def count_done(self, kinds: Sequence[str], since: datetime) -> int:
        """How many actions of these kinds were done since a time (for budgets)."""
        with self._session() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(ActionRow)
                    .where(
                        ActionRow.kind.in_(kinds),
                        ActionRow.status == Status.DONE,
                        ActionRow.done_at >= since,
                    )
                )
                or 0
            )

    def cancel_open(
        self, account_id: str, now: datetime, reason: str, kinds: Sequence[str] | None = None
    ) -> int:
        """Cancel the follower's open actions (all, or these kinds); returns how many."""
        with self._session() as s:
            query = update(ActionRow).where(
                ActionRow.account_id == account_id, ActionRow.status == Status.PENDING
            )
            if kinds is not None:
                query = query.where(ActionRow.kind.in_(kinds))
            result = s.execute(
                query.values(status=Status.CANCELLED, updated_at=now, last_error=reason[:2000])
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def queue_depth(self) -> dict[str, int]:
        with self._session() as s:
            rows = s.execute(
                select(ActionRow.kind, func.count())
                .where(ActionRow.status.in_(OPEN_STATUSES))
                .group_by(ActionRow.kind)
            ).all()
            return {kind: count for kind, count in rows}

    # ------------------------------------------------------------------ do not contact

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
            for chunk in _chunks(account_ids):
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

        Three grouped queries, nothing loaded per follower. Safe to call from another
        thread while the bot writes: each thread takes its own pooled connection (file
        databases are opened with ``check_same_thread=False``), and SQLite in WAL mode
        lets readers read beside the one writer. Each query sees committed data only;
        the three may straddle a commit.
        """
        with self._session() as s:
            latest = _latest_real_decision_ids()
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
                last_poll_ok=_last_successful_poll(s),
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
            latest = _latest_real_decision_ids()
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
