"""The outbox's vocabulary: what the bot may do to a follower, and where each intent stands.

Every follow, DM, list add or re-check is first written to the database as a
planned action (an intent with a due time), then marked in flight, then settled.
This module is the one place that names the kinds and statuses, and says for
each kind how it is ordered, which budget it spends, whether the do-not-contact
list stops it and whether it waits for the follow-back. The store, the budgets,
the executor's readiness check and the metrics all read :data:`KINDS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from bot.model import Decision, FollowEvent


class Kind(StrEnum):
    """What an action does. The values are stored: never rename one."""

    AUTHORIZE = "authorize"  # accept the follower's request (the bot's account is locked)
    REJECT = "reject"  # refuse a follow request
    RECHECK = "recheck"  # judge a held egg again
    UNFOLLOW = "unfollow"
    FOLLOW = "follow"
    WELCOME_DM = "welcome_dm"
    STOP_ACK = "stop_ack"  # the one answer to a stop word
    LIST_ADD = "list_add"
    DIGEST = "digest"  # the owner's periodic DM


class Status(StrEnum):
    """Where an action stands. The values are stored: never rename one."""

    PENDING = "pending"  # intent recorded, not yet attempted (or retryable)
    IN_FLIGHT = "in_flight"  # the call started; outcome unknown until settled
    DONE = "done"
    FAILED = "failed"  # permanent failure; will not be retried
    CANCELLED = "cancelled"  # no longer wanted (e.g. the follower left)
    UNCERTAIN = "uncertain"  # a post that may or may not have been sent; never resent blindly


OPEN_STATUSES: tuple[Status, ...] = (Status.PENDING, Status.IN_FLIGHT)
#: The follow-back did not happen, so what waited for it will not happen either.
FOLLOW_FAILED: tuple[Status, ...] = (Status.FAILED, Status.CANCELLED, Status.UNCERTAIN)


class Budget(StrEnum):
    """The families of the owner's hourly and daily caps (``budgets``)."""

    FOLLOWS = "follows"
    POSTS = "posts"


@dataclass(frozen=True, slots=True)
class KindSpec:
    #: due work is done in this order: a DM waits for its follow, a list for both
    order: int
    #: which cap it spends, if any
    budget: Budget | None
    #: it reaches out to the follower, so the do-not-contact list calls it off
    contacts: bool
    #: it happens only once the follow-back did
    waits_for_follow: bool
    #: it posts a status (a DM), so a lost reply makes its outcome uncertain
    posts: bool = False


KINDS: Mapping[Kind, KindSpec] = MappingProxyType(
    {
        Kind.AUTHORIZE: KindSpec(0, None, contacts=True, waits_for_follow=False),
        Kind.REJECT: KindSpec(1, None, contacts=False, waits_for_follow=False),
        Kind.RECHECK: KindSpec(2, None, contacts=False, waits_for_follow=False),
        Kind.UNFOLLOW: KindSpec(3, None, contacts=False, waits_for_follow=False),
        Kind.FOLLOW: KindSpec(4, Budget.FOLLOWS, contacts=True, waits_for_follow=False),
        Kind.WELCOME_DM: KindSpec(
            5, Budget.POSTS, contacts=True, waits_for_follow=True, posts=True
        ),
        Kind.STOP_ACK: KindSpec(
            6, Budget.POSTS, contacts=False, waits_for_follow=False, posts=True
        ),
        Kind.LIST_ADD: KindSpec(7, None, contacts=True, waits_for_follow=True),
        Kind.DIGEST: KindSpec(8, Budget.POSTS, contacts=False, waits_for_follow=False, posts=True),
    }
)

#: Kinds in the order due work is done.
KIND_ORDER: tuple[Kind, ...] = tuple(sorted(KINDS, key=lambda k: KINDS[k].order))
#: Kinds that post a status.
POSTING_KINDS: tuple[Kind, ...] = tuple(k for k in KIND_ORDER if KINDS[k].posts)


def kinds_spending(budget: Budget) -> tuple[Kind, ...]:
    return tuple(k for k in KIND_ORDER if KINDS[k].budget is budget)


def idempotency_key(me_id: str, account_id: str, kind: str, target: str = "") -> str:
    """Stable per (bot, account, kind, target): a resent post is recognised by the server."""
    seed = f"welcomebot:{me_id}:{account_id}:{kind}:{target}"
    return f"welcomebot-{hashlib.sha256(seed.encode()).hexdigest()[:40]}"


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """An intent, before it is written to the outbox."""

    kind: Kind
    due_at: datetime
    target: str = ""
    idempotency_key: str | None = None
    payload: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Judgement:
    """One judged follower, ready to be recorded with its intended actions."""

    event: FollowEvent
    decision: Decision
    actions: Sequence[PlannedAction] = ()
    statuses_json: Sequence[Mapping[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action as the outbox holds it."""

    id: int
    account_id: str
    acct: str
    kind: str
    target: str
    status: str
    due_at: datetime
    attempts: int
    started_at: datetime | None
    idempotency_key: str | None
    payload: str | None
    created_at: datetime
    language: str | None = None
    source: str = "follow"  # how the follower came: follow | follow_request | reconcile

    @property
    def spec(self) -> KindSpec | None:
        try:
            return KINDS[Kind(self.kind)]
        except ValueError:
            return None
