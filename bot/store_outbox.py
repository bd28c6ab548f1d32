"""The outbox's queries: due intents, their start and settlement, budgets, the queue.

An intent is committed before its network call (``start_action``) and settled after
(``finish_action``); see ``bot.outbox`` for the kinds and statuses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update

from bot.db import ActionRow, FollowerRow
from bot.dbfile import StoreError
from bot.outbox import KIND_ORDER, OPEN_STATUSES, ActionView, Kind, PlannedAction, Status
from bot.store_base import StoreBase, chunks


class OutboxQueries(StoreBase):
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
            for chunk in chunks(account_ids):
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
