"""SQLAlchemy models: followers, their decisions, the action outbox and bot state.

Ids from the server are TEXT everywhere (snowflakes, ULIDs, FlakeIds, md5 hex).
Times are stored as UTC and come back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Set on every SQLite connection, outside any transaction (``journal_mode`` cannot change
#: inside one). The store adds ``foreign_keys=ON``; migrations leave it off.
SQLITE_PRAGMAS = ("busy_timeout=5000", "journal_mode=WAL", "synchronous=NORMAL")


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime that is always stored as naive UTC and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class FollowerRow(Base):
    """One account that followed the bot, with the last snapshot seen of it."""

    __tablename__ = "followers"

    account_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    acct: Mapped[str] = mapped_column(String(512), index=True)
    source: Mapped[str] = mapped_column(String(32))  # notification | follow_request | reconcile
    notification_id: Mapped[str | None] = mapped_column(String(255))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    account_json: Mapped[str] = mapped_column(Text)
    # Recent statuses, when a rule asked for them (JSON list), so replay can use them.
    statuses_json: Mapped[str | None] = mapped_column(Text)


class MentionRow(Base):
    """An account that mentioned or replied to the bot: conversation counts in its favour."""

    __tablename__ = "mentions"

    account_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    acct: Mapped[str] = mapped_column(String(512))
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())
    count: Mapped[int] = mapped_column(default=1)
    last_status_id: Mapped[str | None] = mapped_column(String(255))


class DecisionRow(Base):
    """A judgement of one follower: outcome, category and every reason (JSON)."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("followers.account_id", ondelete="CASCADE"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: the outcome (follow, skip, hold, review); the column keeps its first name
    outcome: Mapped[str] = mapped_column("action", String(16), index=True)
    category: Mapped[str] = mapped_column(String(64))
    reasons: Mapped[str] = mapped_column(Text)
    rules_version: Mapped[str] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(32))
    dry_run: Mapped[bool] = mapped_column(default=False)


class ActionRow(Base):
    """The outbox: an intent recorded before the call, settled after it.

    ``(account_id, kind, target)`` is unique, so nobody is followed or DMed twice.
    """

    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("account_id", "kind", "target", name="uq_actions_once"),
        Index("ix_actions_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("followers.account_id", ondelete="CASCADE"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))  # follow | welcome_dm
    target: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[str | None] = mapped_column(Text)  # e.g. the DM text, fixed at intent time
    language: Mapped[str | None] = mapped_column(String(16))  # of a post
    result: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)


class DoNotContactRow(Base):
    """Accounts the bot must never follow or message again, and why."""

    __tablename__ = "do_not_contact"

    account_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    acct: Mapped[str] = mapped_column(String(512), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # opt_out | blocked | stop_word | manual | ...
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StateRow(Base):
    """Small key/value state: the notification cursor, the bot's own id, health."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SignupRow(Base):
    """A sign-up on the bot's own server, as the greeter found it (``greet: signups``).

    One row per local account the greeter has seen, whatever became of it: ``waiting``
    (not greetable yet: pending approval, e-mail not confirmed, suspended; looked at
    again at ``next_check_at`` until ``signups.window`` has passed), ``judged`` (its
    decision and the welcome are in ``decisions`` and ``actions``, as a follower's),
    ``expired`` (never became greetable in time) or ``gone`` (deleted meanwhile).
    """

    __tablename__ = "signups"

    account_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    acct: Mapped[str] = mapped_column(String(512))
    status: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(35))
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    checks: Mapped[int] = mapped_column(default=1)
    #: why it is not greeted yet, as the admin API shows it ("not approved yet", ...)
    waiting_reason: Mapped[str | None] = mapped_column(String(64))
    #: where it was found: ``notification`` or ``reconcile``
    found_by: Mapped[str] = mapped_column(String(32))
