"""The one module that talks to the Mastodon client API (through Mastodon.py).

It turns Mastodon.py entities into the bot's own snapshots and Mastodon.py errors
into a small ``GatewayError`` tree (``bot.gateway_errors``), so nothing else imports
``mastodon``. Requests go through ``bot.transport`` (retries of dropped connections,
a deadline per request, ``cancel()``), and every walk over pages goes through
``bot.paging`` (no loops, no floods, never another host). Rate limits are surfaced,
never slept through: the client runs in ``throw`` mode and callers end their cycle
when the budget is spent.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot import paging
from bot.gateway_admin import AdminReads
from bot.gateway_base import USER_AGENT
from bot.gateway_errors import (
    ERROR_KINDS,
    Cancelled,
    Forbidden,
    GatewayError,
    MissingScope,
    NotFound,
    RateLimited,
    Rejected,
    Transient,
    Unauthorized,
)
from bot.gateway_json import (
    FOLLOW_TYPES,
    POLL_TYPES,
    SIGN_UP_TYPE,
    Conversation,
    FollowerPage,
    FollowRequestPage,
    Identity,
    NotificationPage,
    PostedStatus,
    account_pairs,
    conversation_from_json,
    direct_statuses_by,
    json_items,
    notification_page,
    plain_json,
)
from bot.logs import event, get_logger
from bot.model import (
    AccountSnapshot,
    FollowEvent,
    Relationship,
    StatusSnapshot,
    account_from_json,
    relationship_from_json,
    status_from_json,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "USER_AGENT",
    "ERROR_KINDS",
    "FOLLOW_TYPES",
    "POLL_TYPES",
    "Cancelled",
    "Conversation",
    "FollowRequestPage",
    "FollowerPage",
    "Forbidden",
    "GatewayError",
    "Identity",
    "MastodonGateway",
    "MissingScope",
    "NotFound",
    "NotificationPage",
    "RateLimited",
    "Rejected",
    "Transient",
    "Unauthorized",
    "plain_json",
]

log = get_logger("gateway")

#: Mastodon's page cap for notifications and followers.
PAGE_LIMIT = 80
#: The smallest page cap among servers that speak the API (Akkoma, Takahē): a page
#: this full may have more behind it, even if we asked for more.
SMALLEST_PAGE_CAP = 40
#: Relationships are fetched in batches of this many ids.
RELATIONSHIP_BATCH = 40
#: Pages one notification walk reads at most (80 x 500 = 40,000 notifications).
MAX_NOTIFICATION_PAGES = 500
#: Two list creations are at least this far apart: snac's list ids are the second.
LIST_SPACING_SECONDS = 1.1


class MastodonGateway(AdminReads):
    """The bot's only door to the server."""

    # ------------------------------------------------------------------ reads

    def verify_credentials(self) -> tuple[Identity, dict[str, Any]]:
        with self._call("verify_credentials"):
            raw = plain_json(self._api.account_verify_credentials())
        account = account_from_json(raw)
        source = raw.get("source") if isinstance(raw, Mapping) else None
        pending = source.get("follow_requests_count") if isinstance(source, Mapping) else None
        identity = Identity(
            account.id,
            account.acct,
            account.display_name,
            bool(account.locked),
            follow_requests_count=pending if isinstance(pending, int) else None,
        )
        return identity, raw

    def notifications(
        self, cursor: str | None, *, signups: bool = False
    ) -> Iterator[NotificationPage]:
        """Follow and mention notifications newer than ``cursor``, oldest page first;
        with ``signups``, ``admin.sign_up`` ones too (their accounts in ``page.signups``).

        Filters by type on our side too, because some servers ignore ``types[]``.
        Each page must move past the cursor: items at or before it are dropped, and a
        page with nothing new ends the walk. A page larger than asked for is cut to
        its oldest items, so the walk carries on from there.
        """
        min_id = cursor or "0"
        types = [*POLL_TYPES, SIGN_UP_TYPE] if signups else list(POLL_TYPES)
        for _ in range(MAX_NOTIFICATION_PAGES):
            with self._call("notifications"):
                page = self._api.notifications(min_id=min_id, limit=PAGE_LIMIT, types=types)
                items = json_items(page)
            ids = [str(n.get("id", "")) for n in items]
            fresh = paging.after_cursor(items, ids, min_id)
            if len(fresh) < len(items):
                event(log, "notifications_behind_cursor", logging.WARNING, dropped=len(items))
            fresh = paging.cut_oldest(fresh, PAGE_LIMIT)
            if not fresh:
                return
            built = notification_page(fresh, signups=signups)
            yield built
            if len(items) < SMALLEST_PAGE_CAP:
                return
            min_id = built.cursor

    def follow_requests(self, *, max_id: str | None = None) -> Iterator[FollowRequestPage]:
        """Pending requests to follow the bot, newest first, a page at a time.

        snac and Takahē list them only here, never as notifications; elsewhere the
        same requests are also notifications: each event names its account, so the
        two sources deduplicate by account id.
        """

        def fetch(cursor: str | None) -> list[dict[str, Any]]:
            with self._call("follow_requests"):
                return json_items(self._api.follow_requests(max_id=cursor, limit=PAGE_LIMIT))

        for page in self._walk_newest_first("follow_requests", fetch, PAGE_LIMIT, max_id):
            events = [
                FollowEvent("", "follow_request", account=acc, account_json=raw)
                for acc, raw in account_pairs(page.items)
            ]
            yield FollowRequestPage(events, next_max_id=page.next_max_id, complete=page.complete)

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
            if len(chunk) > 1 and len(got) == 1:
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
        for start in range(0, len(ids), RELATIONSHIP_BATCH):
            chunk = ids[start : start + RELATIONSHIP_BATCH]
            if self._batch_accounts is not False and len(chunk) > 1:
                try:
                    with self._call("accounts"):
                        items = json_items(self._api.accounts(chunk))
                    self._batch_accounts = True
                    found = account_pairs(items)
                    out.update((acc.id, (acc, raw)) for acc, raw in found if acc.id in chunk)
                    continue
                except (NotFound, Rejected):
                    self._batch_accounts = False  # an older server: ask one by one
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
        """Recent statuses of an account, parsed and as JSON (for the record); never
        more than ``limit``, whatever the server sends."""
        with self._call("account_statuses"):
            page = self._api.account_statuses(account_id, limit=limit)
            items = paging.cut_newest(json_items(page), limit)
        parsed = [status_from_json(item) for item in items]
        return [st for st in parsed if st is not None], items

    # ------------------------------------------------------------------ the bot's own DMs

    def own_direct_statuses(
        self, me_id: str, *, since: datetime | None = None, limit: int = 40
    ) -> list[StatusSnapshot]:
        """The bot's recent direct posts as its own statuses list shows them. Mastodon
        and GoToSocial list them there; snac lists only public posts."""
        with self._call("account_statuses"):
            items = json_items(self._api.account_statuses(me_id, limit=limit))
        return direct_statuses_by(me_id, paging.cut_newest(items, limit), since)

    def home_direct_statuses(
        self, me_id: str, *, since: datetime | None = None, limit: int = 40
    ) -> list[StatusSnapshot]:
        """The bot's recent direct posts as its home timeline shows them (snac shows
        them here, and not in its own statuses)."""
        with self._call("timeline_home"):
            items = json_items(self._api.timeline_home(limit=limit))
        return direct_statuses_by(me_id, paging.cut_newest(items, limit), since)

    def conversations(self, *, limit: int = 40) -> list[Conversation]:
        """The bot's recent direct conversations, newest first."""
        with self._call("conversations"):
            items = json_items(self._api.conversations(limit=limit))
        found = (conversation_from_json(item) for item in paging.cut_newest(items, limit))
        return [c for c in found if c is not None]

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
            items = json_items(self._api.lists())
        return {str(i.get("title")): str(i.get("id")) for i in items if i.get("id") is not None}

    def list_title(self, list_id: str) -> str | None:
        """The title of a list, or None if there is no such list (any more)."""
        try:
            with self._call("list"):
                raw = plain_json(self._api.list(list_id))
        except NotFound:
            return None
        return str(raw.get("title")) if isinstance(raw, Mapping) else None

    def create_list(self, title: str) -> str:
        """Create a list and prove it is what it claims: an id no other list has, and
        the title asked for. An existing list with the title is used instead (snac
        would answer with it anyway). Creations are spaced, since snac's list ids are
        the creation second and two in one second are one list."""
        before = self.lists()
        if title in before:
            return before[title]
        self._space_list_creation()
        with self._call("list_create"):
            raw = plain_json(self._api.list_create(title))
        list_id = str(raw.get("id", "")) if isinstance(raw, Mapping) else ""
        got = str(raw.get("title", "")) if isinstance(raw, Mapping) else ""
        if not list_id:
            raise Transient("list_create: the reply carried no list id")
        if list_id in before.values():
            taken = self.safe(next(t for t, i in before.items() if i == list_id), 60)
            raise Transient(f"list_create: the server answered with the id of list {taken!r}")
        if got.strip().casefold() != title.strip().casefold():
            called = self.safe(got, 60)
            raise Rejected(f"list_create: the new list is called {called!r}, not {title!r}")
        return list_id

    def _space_list_creation(self) -> None:
        now = self._monotonic()
        if self._last_list_create is not None:
            wait = LIST_SPACING_SECONDS - (now - self._last_list_create)
            if wait > 0:
                self._sleep(wait)
                now += wait
        self._last_list_create = now

    def add_to_list(self, list_id: str, account_id: str) -> None:
        with self._call("list_accounts_add"):
            self._api.list_accounts_add(list_id, [account_id])

    def follower_pages(self, me_id: str, *, max_id: str | None = None) -> Iterator[FollowerPage]:
        """The bot's followers, newest first, a page at a time.

        The cursor is the Follow id from the Link header (not an account id); each
        page carries the cursor of the next one, so a long walk can be resumed. A walk
        the server would make loop or flood ends with a page whose ``complete`` is
        False (then nothing can be concluded about who left); going on past it raises
        ``Transient``.
        """
        walk = paging.BackwardWalk(self.base_url, start=max_id)
        cursor = max_id
        while True:
            with self._call("followers"):
                page = self._api.account_followers(me_id, max_id=cursor, limit=PAGE_LIMIT)
                items = json_items(page)
                last = self._transport.last
            if not items:
                return
            cut = len(items) > PAGE_LIMIT or bool(last and last.cut_from)
            next_id = walk.next_cursor(last)
            stopped = "a page larger than asked for" if cut else walk.stopped
            pairs = account_pairs(paging.cut_newest(items, PAGE_LIMIT))
            yield FollowerPage(accounts=pairs, next_max_id=next_id, complete=stopped is None)
            if stopped is not None:
                why = self.safe(stopped)
                event(log, "follower_walk_stopped", logging.WARNING, why=why)
                raise Transient(f"followers: the walk is incomplete ({why})")
            if next_id is None:
                return
            cursor = next_id

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

    def post_direct(self, text: str, *, idempotency_key: str, language: str | None) -> PostedStatus:
        """Post a direct message; returns its id and the status as the server resolved it."""
        with self._call("post_status"):
            raw = plain_json(
                self._api.status_post(
                    text, visibility="direct", idempotency_key=idempotency_key, language=language
                )
            )
            status_id = str(raw.get("id", "")) if isinstance(raw, Mapping) else ""
            if not status_id:
                raise Transient("post_status: the reply carried no status id")
        return PostedStatus(status_id, raw)

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
