"""The greeter's record of sign-ups: the one place that reads and writes the ``signups`` table.

Beside ``bot.store`` (which keeps decisions and the outbox for sign-ups as for
followers), this remembers each sign-up the greeter has seen and what became of
it, so that a pending one is looked at again until it is approved, and nobody is
looked up twice for nothing. Every write is an upsert: writing the same sign-up
again (a page read twice after a crash) changes nothing that matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from bot.db import SignupRow
from bot.model import FollowEvent
from bot.signup import SignUp
from bot.store_base import StoreBase


class SignupStatus(StrEnum):
    """Where a sign-up stands. The values are stored: never rename one."""

    WAITING = "waiting"  # not greetable yet; looked at again at next_check_at
    JUDGED = "judged"  # judged like a follower: see decisions and actions
    GONE = "gone"  # the account was deleted meanwhile
    #: signed up before the greeter was first started, or was not greetable within
    #: ``signups.window``: left alone
    OUTSIDE_WINDOW = "outside_window"


#: Settled: nothing more is looked up for these.
SETTLED = frozenset({SignupStatus.GONE, SignupStatus.OUTSIDE_WINDOW})


@dataclass(frozen=True, slots=True)
class WaitingSignup:
    account_id: str
    acct: str
    locale: str | None
    first_seen_at: datetime
    registered_at: datetime | None
    checks: int
    waiting_reason: str | None


class SignupBook(StoreBase):
    """The ``signups`` table, on the store's engine (``SignupBook(store.engine)``)."""

    def statuses(self, account_ids: Iterable[str]) -> dict[str, str]:
        """The status of each of these sign-ups the book knows."""
        ids = list(dict.fromkeys(account_ids))
        out: dict[str, str] = {}
        with self._session() as s:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = s.execute(
                    select(SignupRow.account_id, SignupRow.status).where(
                        SignupRow.account_id.in_(chunk)
                    )
                )
                out.update((account_id, status) for account_id, status in rows)
        return out

    def locales(self, account_ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(dict.fromkeys(account_ids))
        with self._session() as s:
            rows = s.execute(
                select(SignupRow.account_id, SignupRow.locale).where(SignupRow.account_id.in_(ids))
            )
            return {account_id: locale for account_id, locale in rows}

    def note(
        self,
        signup: SignUp,
        status: SignupStatus,
        now: datetime,
        *,
        found_by: str,
        next_check_at: datetime | None = None,
    ) -> None:
        """Record what the greeter made of a sign-up (first sight or a later look)."""
        with self._session() as s:
            row = s.get(SignupRow, signup.account.id)
            if row is None:
                row = SignupRow(
                    account_id=signup.account.id,
                    first_seen_at=now,
                    checks=0,
                    found_by=found_by,
                )
                s.add(row)
            row.acct = signup.account.acct
            row.status = status
            row.locale = signup.locale
            row.registered_at = signup.created_at
            row.checked_at = now
            row.checks = (row.checks or 0) + 1
            row.waiting_reason = signup.waiting_reason
            row.next_check_at = next_check_at if status == SignupStatus.WAITING else None

    def mark_judged(self, judged: Iterable[FollowEvent], now: datetime, *, found_by: str) -> None:
        """These sign-ups were judged (their decisions are recorded in the store)."""
        with self._session() as s:
            for ev in judged:
                row = s.get(SignupRow, ev.account.id)
                if row is None:
                    row = SignupRow(
                        account_id=ev.account.id, first_seen_at=now, checks=0, found_by=found_by
                    )
                    s.add(row)
                row.acct = ev.account.acct
                row.status = SignupStatus.JUDGED
                row.locale = ev.locale
                row.registered_at = ev.created_at
                row.checked_at = now
                row.checks = (row.checks or 0) + 1
                row.waiting_reason = None
                row.next_check_at = None

    def settle(self, account_id: str, status: SignupStatus, now: datetime) -> None:
        """A waiting sign-up that will not be looked at again (gone, expired)."""
        with self._session() as s:
            row = s.get(SignupRow, account_id)
            if row is not None:
                row.status = status
                row.checked_at = now
                row.next_check_at = None

    def due_waiting(self, now: datetime, *, limit: int = 40) -> list[WaitingSignup]:
        """Waiting sign-ups whose next look is due, the longest waiting first."""
        with self._session() as s:
            rows = s.scalars(
                select(SignupRow)
                .where(SignupRow.status == SignupStatus.WAITING, SignupRow.next_check_at <= now)
                .order_by(SignupRow.next_check_at, SignupRow.account_id)
                .limit(limit)
            )
            return [
                WaitingSignup(
                    account_id=r.account_id,
                    acct=r.acct,
                    locale=r.locale,
                    first_seen_at=r.first_seen_at,
                    registered_at=r.registered_at,
                    checks=r.checks,
                    waiting_reason=r.waiting_reason,
                )
                for r in rows
            ]

    def waiting(self) -> list[WaitingSignup]:
        """Every sign-up still waiting (for ``review`` and ``stats``)."""
        with self._session() as s:
            rows = s.scalars(
                select(SignupRow)
                .where(SignupRow.status == SignupStatus.WAITING)
                .order_by(SignupRow.first_seen_at, SignupRow.account_id)
            )
            return [
                WaitingSignup(
                    r.account_id,
                    r.acct,
                    r.locale,
                    r.first_seen_at,
                    r.registered_at,
                    r.checks,
                    r.waiting_reason,
                )
                for r in rows
            ]
