"""What the gateway returns, and how it is built from the JSON a server sent."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot import paging
from bot.model import (
    AccountSnapshot,
    FollowEvent,
    StatusSnapshot,
    account_from_json,
    parse_datetime,
    safe_json,
    status_from_json,
)

#: Follow notification types the bot acts on.
FOLLOW_TYPES = ("follow", "follow_request")
#: Notification types the bot reads: follows, plus mentions (conversation with the bot).
POLL_TYPES = (*FOLLOW_TYPES, "mention")
#: The notification an account with the Manage Users permission gets for each new sign-up.
SIGN_UP_TYPE = "admin.sign_up"


@dataclass(frozen=True, slots=True)
class NotificationPage:
    events: list[FollowEvent]  # follows and follow requests, oldest first
    mentions: list[FollowEvent]  # mentions of the bot, oldest first
    cursor: str  # the newest notification id on the page (of any type)
    size: int
    #: the accounts of ``admin.sign_up`` notifications, oldest first (only when asked for)
    signups: list[AccountSnapshot] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FollowerPage:
    accounts: list[tuple[AccountSnapshot, dict[str, Any]]]
    next_max_id: str | None  # where the next page starts; None on the last page
    #: False when the walk had to stop here (a loop, another host, a page too big):
    #: the walk did not see every follower, so nobody can be said to have left.
    complete: bool = True


@dataclass(frozen=True, slots=True)
class FollowRequestPage:
    events: list[FollowEvent]  # type "follow_request", no notification id, newest first
    next_max_id: str | None
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Identity:
    id: str
    acct: str
    display_name: str
    locked: bool  # as the server says: snac always says False
    #: Pending follow requests, where the server says (Mastodon's ``source``).
    follow_requests_count: int | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """A direct conversation of the bot's: who is in it and its newest status."""

    id: str
    account_ids: tuple[str, ...]  # the others in it (not the bot)
    last_status: StatusSnapshot | None
    last_status_author: str | None


@dataclass(frozen=True, slots=True)
class PostedStatus:
    """A status the bot just posted, as the server resolved it (its mentions included)."""

    id: str
    json: Mapping[str, Any]


def plain_json(value: Any) -> Any:
    """Mastodon.py entities (with parsed datetimes) back to JSON-able data, safe to store."""
    if isinstance(value, Mapping):
        return {safe_json(str(k)): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    if isinstance(value, datetime) and value.tzinfo is None and value.time() == datetime.min.time():
        return value.date().isoformat()  # Mastodon.py parses bare dates as naive midnight
    return safe_json(value)  # safe strings, ISO dates (never an overflow), other objects as text


def json_items(page: object) -> list[dict[str, Any]]:
    """The JSON objects of a list reply; anything else in it is dropped."""
    raw = plain_json(page)
    return [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []


AccountPair = tuple[AccountSnapshot, dict[str, Any]]


def account_pairs(items: Iterable[Mapping[str, Any]]) -> list[AccountPair]:
    """(snapshot, JSON) for each usable account entity."""
    pairs = []
    for item in items:
        with contextlib.suppress(ValueError):
            pairs.append((account_from_json(item), dict(item)))
    return pairs


def notification_page(
    items: Sequence[Mapping[str, Any]], *, signups: bool = False
) -> NotificationPage:
    """A page of notifications (any order) as follow events and mentions, oldest first;
    with ``signups``, also the accounts of its ``admin.sign_up`` notifications."""
    ordered = sorted(items, key=lambda n: paging.id_key(str(n.get("id", ""))))
    events: list[FollowEvent] = []
    mentions: list[FollowEvent] = []
    signed_up: list[AccountSnapshot] = []
    for item in ordered:
        if signups and item.get("type") == SIGN_UP_TYPE:
            with contextlib.suppress(ValueError):
                signed_up.append(account_from_json(item.get("account")))
            continue
        found = account_event(item)
        if found is not None:
            (mentions if found.type == "mention" else events).append(found)
    cursor = str(ordered[-1].get("id", "")) if ordered else ""
    return NotificationPage(events, mentions, cursor=cursor, size=len(items), signups=signed_up)


def account_event(item: Mapping[str, Any]) -> FollowEvent | None:
    if item.get("type") not in POLL_TYPES:
        return None
    raw_account = item.get("account")
    try:
        account = account_from_json(raw_account)
    except ValueError:
        return None
    return FollowEvent(
        notification_id=str(item.get("id", "")),
        type=str(item.get("type")),
        account=account,
        account_json=raw_account if isinstance(raw_account, Mapping) else {},
        created_at=parse_datetime(item.get("created_at")),
        status_id=_status_id(item.get("status")),
        status=status_from_json(item.get("status")) if item.get("status") else None,
    )


def _status_id(status: object) -> str | None:
    if isinstance(status, Mapping):
        value = status.get("id")
        return str(value) if value not in (None, "") else None
    return None


def _author_id(status: Mapping[str, Any]) -> str | None:
    account = status.get("account")
    return str(account.get("id")) if isinstance(account, Mapping) else None


def direct_statuses_by(
    author_id: str, items: Iterable[Mapping[str, Any]], since: datetime | None
) -> list[StatusSnapshot]:
    """The direct statuses among ``items`` written by ``author_id``, from ``since`` on."""
    found = []
    for item in items:
        if item.get("visibility") != "direct" or _author_id(item) != author_id:
            continue
        status = status_from_json(item)
        if status is None:
            continue
        if since is not None and status.created_at is not None and status.created_at < since:
            continue
        found.append(status)
    return found


def conversation_from_json(item: Mapping[str, Any]) -> Conversation | None:
    ident = str(item.get("id") or "")
    if not ident:
        return None
    people = item.get("accounts")
    listed = people if isinstance(people, list) else []
    account_ids = tuple(str(a.get("id")) for a in listed if isinstance(a, Mapping))
    last = item.get("last_status")
    last_status = status_from_json(last) if isinstance(last, Mapping) else None
    author = _author_id(last) if isinstance(last, Mapping) else None
    return Conversation(ident, account_ids, last_status, author)
