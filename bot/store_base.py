"""What every part of the store shares: the session, the state keys, small queries.

``bot.store.Store`` is the one object the rest of the bot talks to; it is put together
from ``OutboxQueries`` (``bot.store_outbox``) and ``OwnerViews`` (``bot.store_views``),
both built on ``StoreBase``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, Subquery, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import DecisionRow, StateRow

# State keys.
CURSOR_KEY = "notifications.cursor"
ME_ID_KEY = "me.id"
ME_ACCT_KEY = "me.acct"
ME_NAME_KEY = "me.display_name"
ME_LOCKED_KEY = "me.locked"
INSTANCE_KEY = "instance.url"
LAST_POLL_OK_KEY = "poll.last_success_at"


def chunks(ids: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Distinct ids in slices small enough for one ``IN (…)`` each."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def last_successful_poll_in(s: Session) -> datetime | None:
    row = s.get(StateRow, LAST_POLL_OK_KEY)
    if row is None:
        return None
    try:
        at = datetime.fromisoformat(row.value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def latest_real_decision_ids() -> Subquery:
    """The id of each follower's latest decision that was not a dry run, as a subquery."""
    return (
        select(func.max(DecisionRow.id).label("id"))
        .where(DecisionRow.dry_run.is_(False))
        .group_by(DecisionRow.account_id)
        .subquery()
    )


class StoreBase:
    """An engine and its sessions: one transaction per ``with self._session()``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session
