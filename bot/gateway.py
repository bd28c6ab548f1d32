"""The one module that talks to the Mastodon client API (through Mastodon.py).

It turns Mastodon.py entities into the bot's own snapshots and Mastodon.py
errors into a small ``GatewayError`` tree, so nothing else imports ``mastodon``.
Rate limits are surfaced, never slept through: the client runs in ``throw``
mode and callers end their cycle when the budget is spent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot import __version__
from bot.model import (
    AccountSnapshot,
    FollowEvent,
    Relationship,
    StatusSnapshot,
    account_from_json,
    parse_datetime,
    relationship_from_json,
    safe_json,
    status_from_json,
)

if TYPE_CHECKING:
    from mastodon import Mastodon

#: Follow notification types the bot acts on.
FOLLOW_TYPES = ("follow", "follow_request")
#: Notification types the bot reads: follows, plus mentions (conversation with the bot).
POLL_TYPES = (*FOLLOW_TYPES, "mention")
#: Mastodon's page cap for notifications and followers.
PAGE_LIMIT = 80
#: The smallest page cap among servers that speak the API (Akkoma, Takahē): a page
#: this full may have more behind it, even if we asked for more.
SMALLEST_PAGE_CAP = 40
#: Relationships are fetched in batches of this many ids.
RELATIONSHIP_BATCH = 40

USER_AGENT = f"welcomebot/{__version__}"


class GatewayError(Exception):
    """A call to the server failed. ``kind`` is a short, stable label for logs and metrics."""

    kind = "api"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Unauthorized(GatewayError):
    kind = "unauthorized"


class NotFound(GatewayError):
    kind = "not_found"


class Forbidden(GatewayError):
    kind = "forbidden"


class Rejected(GatewayError):
    """The server understood and refused (422 and other 4xx)."""

    kind = "rejected"


class Transient(GatewayError):
    """Worth retrying later: network trouble, timeouts, 5xx, malformed replies."""

    kind = "transient"


class RateLimited(GatewayError):
    kind = "rate_limited"

    def __init__(self, message: str, *, reset_at: datetime | None = None) -> None:
        super().__init__(message, status=429)
        self.reset_at = reset_at


#: Every ``kind`` a GatewayError can have.
ERROR_KINDS = tuple(
    cls.kind
    for cls in (GatewayError, Unauthorized, NotFound, Forbidden, Rejected, Transient, RateLimited)
)


def plain_json(value: Any) -> Any:
    """Mastodon.py entities (with parsed datetimes) back to JSON-able data, safe to store."""
    if isinstance(value, Mapping):
        return {safe_json(str(k)): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    if isinstance(value, datetime) and value.tzinfo is None and value.time() == datetime.min.time():
        return value.date().isoformat()  # Mastodon.py parses bare dates as naive midnight
    return safe_json(value)  # safe strings, ISO dates (never an overflow), other objects as text


@dataclass(frozen=True, slots=True)
class NotificationPage:
    events: list[FollowEvent]  # follows and follow requests, oldest first
    mentions: list[FollowEvent]  # mentions of the bot, oldest first
    cursor: str  # the newest notification id on the page (of any type)
    size: int


@dataclass(frozen=True, slots=True)
class FollowerPage:
    accounts: list[tuple[AccountSnapshot, dict[str, Any]]]
    next_max_id: str | None  # where the next page starts; None on the last page


@dataclass(frozen=True, slots=True)
class Identity:
    id: str
    acct: str
    display_name: str
    locked: bool


def _numeric_newest(ids: Sequence[str]) -> str | None:
    if ids and all(i.isdigit() for i in ids):
        return max(ids, key=lambda i: (len(i), i))
    return None


class MastodonGateway:
    """The bot's only door to the server."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 30.0) -> None:
        from mastodon import Mastodon

        self.base_url = base_url
        self._api: Mastodon = Mastodon(
            access_token=token,
            api_base_url=base_url,
            ratelimit_method="throw",
            request_timeout=timeout,
            version_check_mode="none",
            user_agent=USER_AGENT,
        )
        self.requests_made = 0
        #: Told the ``kind`` of every failed request (for metrics); it must not raise.
        self.on_error: Callable[[str], None] | None = None
        self._batch_accounts: bool | None = None  # does GET /api/v1/accounts?id[] work here?

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def _call(self, what: str) -> Iterator[None]:
        """One request: counted, its errors translated, and reported to ``on_error``."""
        self.requests_made += 1
        try:
            with self._translated(what):
                yield
        except GatewayError as exc:
            if self.on_error is not None:
                self.on_error(exc.kind)
            raise

    @contextlib.contextmanager
    def _translated(self, what: str) -> Iterator[None]:
        from mastodon import errors as merr

        try:
            yield
        except merr.MastodonRatelimitError:
            raise RateLimited(f"{what}: rate limited", reset_at=self.ratelimit_reset()) from None
        except merr.MastodonUnauthorizedError:
            raise Unauthorized(
                f"{what}: the server rejected the access token (401)", status=401
            ) from None
        except merr.MastodonNotFoundError:
            raise NotFound(f"{what}: not found (404)", status=404) from None
        except merr.MastodonServerError as exc:
            status = _status(exc)
            raise Transient(f"{what}: server error ({status})", status=status) from None
        except merr.MastodonNetworkError as exc:
            raise Transient(f"{what}: network error ({_network_reason(exc)})") from None
        except merr.MastodonAPIError as exc:
            status = _status(exc)
            if status == 403:
                raise Forbidden(f"{what}: not allowed (403)", status=403) from None
            if status == 429:
                raise RateLimited(
                    f"{what}: rate limited", reset_at=self.ratelimit_reset()
                ) from None
            if status is None or status >= 500 or status in (408, 425):
                raise Transient(f"{what}: bad reply from the server", status=status) from None
            raise Rejected(
                f"{what}: refused ({status}: {_server_message(exc)})", status=status
            ) from None
        except merr.MastodonError as exc:
            raise Transient(f"{what}: {type(exc).__name__}") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # Malformed JSON or an entity shape Mastodon.py could not digest.
            raise Transient(f"{what}: malformed reply ({type(exc).__name__})") from None

    def ratelimit_remaining(self) -> int | None:
        value = getattr(self._api, "ratelimit_remaining", None)
        return int(value) if isinstance(value, int | float) else None

    def ratelimit_limit(self) -> int | None:
        value = getattr(self._api, "ratelimit_limit", None)
        return int(value) if isinstance(value, int | float) else None

    def ratelimit_reset(self) -> datetime | None:
        value = getattr(self._api, "ratelimit_reset", None)
        if isinstance(value, int | float) and value > 0:
            return datetime.fromtimestamp(value, tz=UTC)
        return None

    # ------------------------------------------------------------------ reads

    def verify_credentials(self) -> tuple[Identity, dict[str, Any]]:
        with self._call("verify_credentials"):
            raw = plain_json(self._api.account_verify_credentials())
        account = account_from_json(raw)
        return (
            Identity(account.id, account.acct, account.display_name, bool(account.locked)),
            raw,
        )

    def notifications(self, cursor: str | None) -> Iterator[NotificationPage]:
        """Follow and mention notifications newer than ``cursor``, oldest page first.

        Filters by type on our side too, because some servers ignore ``types[]``.
        """
        min_id = cursor or "0"
        while True:
            with self._call("notifications"):
                page = self._api.notifications(
                    min_id=min_id, limit=PAGE_LIMIT, types=list(POLL_TYPES)
                )
                items = [plain_json(n) for n in page]
            if not items:
                return
            ids = [str(n.get("id", "")) for n in items]
            newest = _numeric_newest(ids) or ids[0]  # the API answers newest first
            events: list[FollowEvent] = []
            mentions: list[FollowEvent] = []
            for item in reversed(items):  # oldest first
                event = _account_event(item)
                if event is None:
                    continue
                (mentions if event.type == "mention" else events).append(event)
            yield NotificationPage(events=events, mentions=mentions, cursor=newest, size=len(items))
            if len(items) < SMALLEST_PAGE_CAP or newest == min_id:
                return
            min_id = newest

    def relationships(self, account_ids: Sequence[str]) -> dict[str, Relationship]:
        """Relationships by account id, batched; ids the server leaves out are absent."""
        ids = list(dict.fromkeys(account_ids))
        out: dict[str, Relationship] = {}
        for start in range(0, len(ids), RELATIONSHIP_BATCH):
            chunk = ids[start : start + RELATIONSHIP_BATCH]
            try:
                got = self._relationships_call(chunk)
            except (NotFound, Rejected):
                if len(chunk) == 1:
                    continue
                got = {}
                for one in chunk:  # some servers fail the whole batch for one bad id
                    with contextlib.suppress(NotFound, Rejected):
                        got.update(self._relationships_call([one]))
            if len(chunk) > 1 and len(got) == 1 and len(chunk) != 1:
                # snac answers only the first id: ask for the rest one by one.
                for one in chunk:
                    if one not in got:
                        with contextlib.suppress(NotFound, Rejected):
                            got.update(self._relationships_call([one]))
            out.update(got)
        return out

    def _relationships_call(self, ids: list[str]) -> dict[str, Relationship]:
        with self._call("relationships"):
            raw = plain_json(self._api.account_relationships(ids))
        rels = (relationship_from_json(r) for r in (raw if isinstance(raw, list) else []))
        return {r.id: r for r in rels if r is not None and r.id in ids}

    def accounts(
        self, account_ids: Sequence[str]
    ) -> dict[str, tuple[AccountSnapshot, dict[str, Any]]]:
        """Fresh snapshots by id, 40 per request where the server can (Mastodon 4.3+),
        one by one where it cannot. Accounts that are gone are simply absent."""
        ids = list(dict.fromkeys(account_ids))
        out: dict[str, tuple[AccountSnapshot, dict[str, Any]]] = {}
        batch_ok = self._batch_accounts is not False
        for start in range(0, len(ids), RELATIONSHIP_BATCH):
            chunk = ids[start : start + RELATIONSHIP_BATCH]
            if batch_ok and len(chunk) > 1:
                try:
                    with self._call("accounts"):
                        raw = plain_json(self._api.accounts(chunk))
                    self._batch_accounts = True
                    for item in raw if isinstance(raw, list) else []:
                        with contextlib.suppress(ValueError):
                            snapshot = account_from_json(item)
                            if snapshot.id in chunk:
                                out[snapshot.id] = (snapshot, item)
                    continue
                except (NotFound, Rejected):
                    self._batch_accounts = False  # an older server: ask one by one
                    batch_ok = False
            for one in chunk:
                try:
                    out[one] = self.account(one)
                except (NotFound, Rejected, Forbidden):
                    continue
        return out

    def account(self, account_id: str) -> tuple[AccountSnapshot, dict[str, Any]]:
        with self._call("account"):
            raw = plain_json(self._api.account(account_id))
        return account_from_json(raw), raw

    def lookup(self, acct: str) -> tuple[AccountSnapshot, dict[str, Any]]:
        with self._call("account_lookup"):
            raw = plain_json(self._api.account_lookup(acct.lstrip("@")))
        return account_from_json(raw), raw

    def recent_statuses(
        self, account_id: str, *, limit: int = 20
    ) -> tuple[list[StatusSnapshot], list[dict[str, Any]]]:
        """Recent statuses of an account, parsed and as JSON (for the record)."""
        with self._call("account_statuses"):
            raw = plain_json(self._api.account_statuses(account_id, limit=limit))
        items = [item for item in (raw if isinstance(raw, list) else []) if isinstance(item, dict)]
        parsed = [status_from_json(item) for item in items]
        return [st for st in parsed if st is not None], items

    def find_direct_to(self, me_id: str, account_id: str, since: datetime) -> str | None:
        """Id of a direct status of ours mentioning ``account_id`` posted after ``since``."""
        statuses, _raw = self.recent_statuses(me_id, limit=40)
        for status in statuses:
            if (
                status.visibility == "direct"
                and account_id in status.mention_ids
                and (status.created_at is None or status.created_at >= since)
            ):
                return status.id
        return None

    # ------------------------------------------------------------------ writes

    def follow(self, account_id: str, *, reblogs: bool = True) -> Relationship | None:
        with self._call("follow"):
            raw = plain_json(self._api.account_follow(account_id, reblogs=reblogs))
        return relationship_from_json(raw)

    def unfollow(self, account_id: str) -> None:
        with self._call("unfollow"):
            self._api.account_unfollow(account_id)

    def authorize_follow_request(self, account_id: str) -> None:
        with self._call("follow_request_authorize"):
            self._api.follow_request_authorize(account_id)

    def reject_follow_request(self, account_id: str) -> None:
        with self._call("follow_request_reject"):
            self._api.follow_request_reject(account_id)

    def lists(self) -> dict[str, str]:
        """The bot's lists, title -> id."""
        with self._call("lists"):
            raw = plain_json(self._api.lists())
        return {
            str(item.get("title")): str(item.get("id"))
            for item in (raw if isinstance(raw, list) else [])
            if isinstance(item, dict) and item.get("id") is not None
        }

    def create_list(self, title: str) -> str:
        with self._call("list_create"):
            raw = plain_json(self._api.list_create(title))
            list_id = str(raw.get("id", "")) if isinstance(raw, Mapping) else ""
            if not list_id:
                raise Transient("list_create: the reply carried no list id")
        return list_id

    def add_to_list(self, list_id: str, account_id: str) -> None:
        with self._call("list_accounts_add"):
            self._api.list_accounts_add(list_id, [account_id])

    def follower_pages(self, me_id: str, *, max_id: str | None = None) -> Iterator[FollowerPage]:
        """The bot's followers, newest first, a page at a time.

        The cursor is the Follow id from the Link header (not an account id); each
        page carries the cursor of the next one, so a long walk can be resumed.
        """
        with self._call("followers"):
            page = self._api.account_followers(me_id, max_id=max_id, limit=PAGE_LIMIT)
        while page:
            items = [plain_json(a) for a in page]
            parsed = []
            for item in items:
                with contextlib.suppress(ValueError):
                    parsed.append((account_from_json(item), item))
            info = self._api.get_pagination_info(page, "next")
            next_id = str(info["max_id"]) if info and info.get("max_id") is not None else None
            yield FollowerPage(accounts=parsed, next_max_id=next_id)
            if next_id is None:
                return
            with self._call("followers"):
                page = self._api.account_followers(me_id, max_id=next_id, limit=PAGE_LIMIT)

    def notification_policy(self) -> dict[str, Any] | None:
        """The account's notification policy (Mastodon 4.3+), or None where there is none."""
        try:
            with self._call("notification_policy"):
                raw = plain_json(self._api.notifications_policy())
        except (NotFound, Rejected):
            return None
        return raw if isinstance(raw, dict) else None

    def max_status_characters(self) -> int | None:
        """The longest post the server takes, as its instance API says
        (``configuration.statuses.max_characters``; Pleroma and Akkoma: ``max_toot_chars``);
        None if it says nothing or cannot be asked."""
        for fetch in (self._api.instance_v2, self._api.instance_v1):
            try:
                with self._call("instance"):
                    raw = plain_json(fetch())
            except GatewayError:
                continue
            limit = _status_limit(raw)
            if limit is not None:
                return limit
        return None

    def post_direct(self, text: str, *, idempotency_key: str, language: str | None) -> str:
        """Post a direct message; returns the status id."""
        with self._call("post_status"):
            raw = plain_json(
                self._api.status_post(
                    text, visibility="direct", idempotency_key=idempotency_key, language=language
                )
            )
            status_id = str(raw.get("id", "")) if isinstance(raw, Mapping) else ""
            if not status_id:
                raise Transient("post_status: the reply carried no status id")
        return status_id

    def delete_status(self, status_id: str) -> None:
        """Delete one of the bot's own statuses (a DM that mentioned someone it must not)."""
        with self._call("status_delete"):
            self._api.status_delete(status_id)


def _status_limit(raw: object) -> int | None:
    if not isinstance(raw, Mapping):
        return None
    configuration = raw.get("configuration")
    statuses = configuration.get("statuses") if isinstance(configuration, Mapping) else None
    value = statuses.get("max_characters") if isinstance(statuses, Mapping) else None
    if value is None:
        value = raw.get("max_toot_chars")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _account_event(item: Mapping[str, Any]) -> FollowEvent | None:
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


def _status(exc: Exception) -> int | None:
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    if len(args) > 1 and isinstance(args[1], int):
        return args[1]
    return None


def _server_message(exc: Exception) -> str:
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    text = str(args[3]) if len(args) > 3 and args[3] else "no detail"
    return text[:200]


def _network_reason(exc: Exception) -> str:
    text = str(exc).lower()
    for needle, label in (
        ("timed out", "timeout"),
        ("timeout", "timeout"),
        ("connection refused", "connection refused"),
        ("remotedisconnected", "connection dropped"),
        ("connection aborted", "connection dropped"),
        ("connection reset", "connection reset"),
        ("name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("failed to resolve", "unknown host"),
    ):
        if needle in text:
            return label
    return "unreachable"
