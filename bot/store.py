"""The one place that reads and writes the database.

The store is an outbox: ``record_batch`` writes the decision, the intended
actions and the cursor in one transaction; ``start_action`` marks an action as
in flight (and commits) *before* the network call; ``finish_action`` settles it
after. A crash anywhere leaves a row that the next run can resume from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from bot.db import (
    SQLITE_PRAGMAS,
    ActionRow,
    DecisionRow,
    FollowerRow,
    MentionRow,
    StateRow,
)
from bot.dbfile import StoreError as StoreError
from bot.dbfile import check_location, check_writable, migration_trouble, sqlite_file
from bot.model import FollowEvent
from bot.outbox import (
    Judgement,
)
from bot.store_base import (
    CURSOR_KEY,
    INSTANCE_KEY,
    LAST_POLL_OK_KEY,
    ME_ACCT_KEY,
    ME_ID_KEY,
    ME_LOCKED_KEY,
    ME_NAME_KEY,
    chunks,
    last_successful_poll_in,
    latest_real_decision_ids,
)
from bot.store_outbox import OutboxQueries
from bot.store_views import FollowerOverview, MetricsSnapshot, OwnerViews, StoredFollower
from bot.testhooks import arm_outbox

__all__ = [
    "CURSOR_KEY",
    "INSTANCE_KEY",
    "LAST_POLL_OK_KEY",
    "ME_ACCT_KEY",
    "ME_ID_KEY",
    "ME_LOCKED_KEY",
    "ME_NAME_KEY",
    "FollowerOverview",
    "MetricsSnapshot",
    "Store",
    "StoreError",
    "StoredFollower",
    "make_engine",
    "migrate",
]


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


class Store(OutboxQueries, OwnerViews):
    """The bot's database: state, judgements and the outbox (``OutboxQueries``), and
    what the owner's commands read (``OwnerViews``)."""

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

    # ------------------------------------------------------------------ state

    def get_state(self, key: str) -> str | None:
        with self._session() as s:
            row = s.get(StateRow, key)
            return row.value if row else None

    def last_successful_poll(self) -> datetime | None:
        """When the last poll cycle ended without trouble; None before the first (or if
        the stored value is unreadable)."""
        with self._session() as s:
            return last_successful_poll_in(s)

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
            for chunk in chunks(account_ids):
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
            for chunk in chunks(account_ids):
                found.update(
                    s.scalars(select(MentionRow.account_id).where(MentionRow.account_id.in_(chunk)))
                )
        return found

    def approved_by_owner(self, account_ids: Iterable[str]) -> set[str]:
        """Which of these accounts the owner approved by hand, as their latest decision."""
        latest = latest_real_decision_ids()
        found: set[str] = set()
        with self._session() as s:
            for chunk in chunks(account_ids):
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
