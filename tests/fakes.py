"""A fake server behind the ``bot.ports.Gateway`` port: the cycle's logic in milliseconds.

It keeps accounts, followers, notifications, posts and lists in memory, and
answers as a well-behaved Mastodon would. Each known server quirk is a flag,
so a test says which server it imitates (``FakeGateway(ignores_idempotency=True)``).
End-to-end behaviour over HTTP is the sandbox's job (``bot.sandbox``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config import config_from_mapping
from bot.cycle import Cycle
from bot.gateway_json import (
    Conversation,
    FollowerPage,
    FollowRequestPage,
    Identity,
    NotificationPage,
    PostedStatus,
)
from bot.model import (
    AccountSnapshot,
    FollowEvent,
    Relationship,
    StatusSnapshot,
    account_from_json,
    status_from_json,
)
from bot.ports import Forbidden, GatewayError, MissingScope, NotFound, Transient
from bot.signup import SignUp, SignUpPage
from bot.store import Store
from tests.conftest import deep_merge

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def account_json(
    account_id: str,
    username: str,
    *,
    domain: str | None = "elsewhere.example",
    created: datetime = START - timedelta(days=3),
    **fields: Any,
) -> dict[str, Any]:
    """A plausible newcomer's Account JSON; keyword arguments override any field."""
    acct = f"{username}@{domain}" if domain else username
    data: dict[str, Any] = {
        "id": account_id,
        "username": username,
        "acct": acct,
        "display_name": username.title(),
        "note": "<p>New here. I like gardening and old maps.</p>",
        "avatar": f"https://files.example/avatars/{account_id}.png",
        "avatar_static": f"https://files.example/avatars/{account_id}.png",
        "bot": False,
        "group": False,
        "locked": False,
        "created_at": created.isoformat(),
        "followers_count": 3,
        "following_count": 20,
        "statuses_count": 2,
        "fields": [],
    }
    data.update(fields)
    return data


@dataclass
class Post:
    id: str
    text: str
    visibility: str
    idempotency_key: str
    mention_ids: list[str]
    created_at: datetime


@dataclass
class FakeGateway:
    """In-memory server. Flags imitate servers' quirks; ``fail`` injects errors."""

    me: Identity = field(default_factory=lambda: Identity("1", "welcome", "Welcome bot", False))
    clock: Any = None  # a callable returning "now"; START if None
    #: GoToSocial, snac and Takahē ignore the Idempotency-Key header
    ignores_idempotency: bool = False
    #: the server has no lists (Takahē)
    no_lists: bool = False
    #: where the bot's own DMs show: "own_statuses" (Mastodon, GoToSocial), "home" (snac),
    #: "conversations" only, or "nowhere"
    dm_place: str = "own_statuses"
    #: follow requests are listed only at /follow_requests, never notified (snac, Takahē)
    requests_only_listed: bool = False
    pending_requests: list[str] = field(default_factory=list)
    #: the server resolves a mention of this account id in every post, whatever the text
    extra_mention: str | None = None
    #: the token has admin:read:accounts (False: the admin API raises MissingScope)
    admin_scope: bool = True
    #: the bot's account has Manage Users (False: the admin API raises Forbidden)
    admin_permission: bool = True
    #: the server has GET /api/v2/admin/accounts (False: the v1 fallback; same data)
    admin_v2: bool = True

    accounts_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    followers: list[str] = field(default_factory=list)  # ids following the bot
    following: set[str] = field(default_factory=set)  # ids the bot follows
    blocked_by: set[str] = field(default_factory=set)
    notifications_list: list[dict[str, Any]] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    lists_by_id: dict[str, str] = field(default_factory=dict)  # id -> title
    list_members: dict[str, set[str]] = field(default_factory=dict)
    statuses_of: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: local accounts as the admin API shows them, by account id, oldest first
    signups: dict[str, SignUp] = field(default_factory=dict)
    #: method name -> errors to raise on its next calls, in order
    fail: dict[str, list[GatewayError]] = field(default_factory=dict)
    #: the next post is created, then its reply is lost (raises Transient)
    lose_next_post_reply: bool = False
    remaining: int | None = None  # X-RateLimit-Remaining, if the server sends it
    #: configuration.statuses.max_characters of the instance API; None: it says nothing
    status_limit: int | None = 500
    requests_made: int = 0
    calls: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ set-up helpers

    def now(self) -> datetime:
        return self.clock() if self.clock is not None else START

    def add_follower(self, data: dict[str, Any], *, kind: str = "follow") -> None:
        self.accounts_by_id[data["id"]] = data
        if kind == "follow":
            self.followers.append(data["id"])
        else:
            self.pending_requests.append(data["id"])
            if self.requests_only_listed:
                return
        nid = str(len(self.notifications_list) + 1)
        self.notifications_list.append(
            {"id": nid, "type": kind, "account": data, "created_at": self.now().isoformat()}
        )

    def sign_up(  # noqa: PLR0913 - one flag per admin account field
        self,
        data: dict[str, Any],
        *,
        locale: str | None = "en",
        approved: bool = True,
        confirmed: bool = True,
        notify: bool = True,
        **flags: bool,
    ) -> SignUp:
        """A local sign-up: its account, its admin view and (unless ``notify`` is False,
        as when the notification was dismissed) an ``admin.sign_up`` notification.
        ``flags`` sets ``disabled``, ``silenced`` or ``suspended``."""
        self.accounts_by_id[data["id"]] = data
        signup = SignUp(
            account=account_from_json(data),
            account_json=data,
            locale=locale,
            created_at=self.now(),
            confirmed=confirmed,
            approved=approved,
            disabled=flags.get("disabled", False),
            silenced=flags.get("silenced", False),
            suspended=flags.get("suspended", False),
        )
        self.signups[data["id"]] = signup
        if notify:
            nid = str(len(self.notifications_list) + 1)
            self.notifications_list.append(
                {"id": nid, "type": "admin.sign_up", "account": data, "created_at": self.now()}
            )
        return signup

    def update_sign_up(self, account_id: str, **changes: Any) -> SignUp:
        """Change an admin account (``approved=True``, ``suspended=True``, ...)."""
        signup = replace(self.signups[account_id], **changes)
        self.signups[account_id] = signup
        return signup

    def unfollow_bot(self, account_id: str) -> None:
        self.followers.remove(account_id)

    def mention_bot(self, account_id: str, text: str) -> None:
        nid = str(len(self.notifications_list) + 1)
        status = {
            "id": f"s{nid}",
            "content": f"<p>{text}</p>",
            "visibility": "direct",
            "account": self.accounts_by_id[account_id],
            "created_at": self.now().isoformat(),
            "mentions": [{"id": self.me.id, "acct": self.me.acct}],
        }
        self.notifications_list.append(
            {
                "id": nid,
                "type": "mention",
                "account": self.accounts_by_id[account_id],
                "status": status,
                "created_at": self.now().isoformat(),
            }
        )

    def direct_posts_to(self, account_id: str) -> list[Post]:
        return [p for p in self.posts if account_id in p.mention_ids]

    def _request(self, method: str) -> None:
        self.requests_made += 1
        self.calls.append(method)
        if self.remaining is not None:
            self.remaining -= 1
        queued = self.fail.get(method)
        if queued:
            raise queued.pop(0)

    # ------------------------------------------------------------------ the port

    def ratelimit_remaining(self) -> int | None:
        return self.remaining

    def ratelimit_limit(self) -> int | None:
        return 300 if self.remaining is not None else None

    def ratelimit_reset(self) -> datetime | None:
        return None

    def verify_credentials(self) -> tuple[Identity, dict[str, Any]]:
        self._request("verify_credentials")
        return self.me, {"id": self.me.id, "acct": self.me.acct}

    def notifications(
        self, cursor: str | None, *, signups: bool = False
    ) -> Iterator[NotificationPage]:
        self._request("notifications")
        newer = [
            n
            for n in self.notifications_list
            if int(n["id"]) > int(cursor or "0") and (signups or n["type"] != "admin.sign_up")
        ]
        if not newer:
            return
        events: list[FollowEvent] = []
        mentions: list[FollowEvent] = []
        signed_up: list[AccountSnapshot] = []
        for item in newer:
            if item["type"] == "admin.sign_up":
                signed_up.append(account_from_json(item["account"]))
                continue
            account = account_from_json(item["account"])
            status = status_from_json(item["status"]) if item.get("status") else None
            ev = FollowEvent(
                notification_id=item["id"],
                type=item["type"],
                account=account,
                account_json=item["account"],
                status_id=item["status"]["id"] if item.get("status") else None,
                status=status,
            )
            (mentions if item["type"] == "mention" else events).append(ev)
        yield NotificationPage(
            events, mentions, cursor=newer[-1]["id"], size=len(newer), signups=signed_up
        )

    def _admin_request(self, method: str) -> None:
        self._request(method)
        if not self.admin_scope:
            raise MissingScope(
                f"{method}: the token lacks `admin:read:accounts` (403)",
                scope="admin:read:accounts",
            )
        if not self.admin_permission:
            raise Forbidden(f"{method}: not allowed (403: This action is not allowed)", status=403)

    def admin_account(self, account_id: str) -> SignUp:
        self._admin_request("admin_account")
        found = self.signups.get(account_id)
        if found is None:
            raise NotFound("admin_account: not found (404)", status=404)
        return found

    def admin_signups(self, *, max_id: str | None = None) -> Iterator[SignUpPage]:
        """Local, active accounts (not suspended), newest first, in pages of two so that
        callers meet paging; ``max_id`` is an account id, as the Link header gives."""
        self._admin_request("admin_accounts_v2" if self.admin_v2 else "admin_accounts_v1")
        listed = [s for s in reversed(self.signups.values()) if not s.suspended]
        if max_id is not None:
            ids = [s.account.id for s in listed]
            listed = listed[ids.index(max_id) + 1 :] if max_id in ids else []
        for start in range(0, len(listed), 2):
            page = listed[start : start + 2]
            more = start + 2 < len(listed)
            yield SignUpPage(page, next_max_id=page[-1].account.id if more else None)

    def follower_pages(self, me_id: str, *, max_id: str | None = None) -> Iterator[FollowerPage]:
        self._request("followers")
        items = [self.accounts_by_id[i] for i in reversed(self.followers)]
        yield FollowerPage([(account_from_json(a), a) for a in items], next_max_id=None)

    def _relationship(self, account_id: str) -> Relationship:
        return Relationship(
            id=account_id,
            following=account_id in self.following,
            followed_by=account_id in self.followers,
            requested=False,
            blocked_by=account_id in self.blocked_by,
        )

    def relationships(self, account_ids: Sequence[str]) -> dict[str, Relationship]:
        self._request("relationships")
        return {i: self._relationship(i) for i in account_ids if i in self.accounts_by_id}

    def accounts(
        self, account_ids: Sequence[str]
    ) -> dict[str, tuple[AccountSnapshot, dict[str, Any]]]:
        self._request("accounts")
        found = [self.accounts_by_id[i] for i in account_ids if i in self.accounts_by_id]
        return {a["id"]: (account_from_json(a), a) for a in found}

    def account(self, account_id: str) -> tuple[AccountSnapshot, dict[str, Any]]:
        self._request("account")
        if account_id not in self.accounts_by_id:
            raise NotFound("account: not found (404)", status=404)
        data = self.accounts_by_id[account_id]
        return account_from_json(data), data

    def lookup(self, acct: str) -> tuple[AccountSnapshot, dict[str, Any]]:
        self._request("lookup")
        wanted = acct.lstrip("@")
        for data in self.accounts_by_id.values():
            if data["acct"] == wanted:
                return account_from_json(data), data
        raise NotFound("account_lookup: not found (404)", status=404)

    def recent_statuses(
        self, account_id: str, *, limit: int = 20
    ) -> tuple[list[StatusSnapshot], list[dict[str, Any]]]:
        self._request("account_statuses")
        raw = self.statuses_of.get(account_id, [])[:limit]
        return [s for s in map(status_from_json, raw) if s is not None], raw

    def _direct(self, place: str, since: datetime | None, limit: int) -> list[StatusSnapshot]:
        if self.dm_place != place:
            return []
        shown = [p for p in reversed(self.posts) if since is None or p.created_at >= since]
        return [
            StatusSnapshot(p.id, p.text, p.created_at, "direct", mention_ids=tuple(p.mention_ids))
            for p in shown[:limit]
        ]

    def own_direct_statuses(
        self, me_id: str, *, since: datetime | None = None, limit: int = 40
    ) -> list[StatusSnapshot]:
        self._request("account_statuses")
        return self._direct("own_statuses", since, limit)

    def home_direct_statuses(
        self, me_id: str, *, since: datetime | None = None, limit: int = 40
    ) -> list[StatusSnapshot]:
        self._request("timeline_home")
        return self._direct("home", since, limit)

    def conversations(self, *, limit: int = 40) -> list[Conversation]:
        self._request("conversations")
        if self.dm_place != "conversations":
            return []
        return [
            Conversation(
                p.id,
                tuple(p.mention_ids),
                StatusSnapshot(p.id, p.text, p.created_at, "direct"),
                self.me.id,
            )
            for p in reversed(self.posts[-limit:])
        ]

    def follow_requests(self, *, max_id: str | None = None) -> Iterator[FollowRequestPage]:
        self._request("follow_requests")
        events = [
            FollowEvent(
                notification_id="",
                type="follow_request",
                account=account_from_json(self.accounts_by_id[i]),
                account_json=self.accounts_by_id[i],
            )
            for i in reversed(self.pending_requests)
        ]
        yield FollowRequestPage(events, next_max_id=None)

    def list_title(self, list_id: str) -> str | None:
        self._request("list")
        return self.lists_by_id.get(list_id)

    def delete_status(self, status_id: str) -> None:
        self._request("status_delete")
        self.posts = [p for p in self.posts if p.id != status_id]

    def cancel(self) -> None:
        self.calls.append("cancel")

    def resume(self) -> None:
        self.calls.append("resume")

    def notification_policy(self) -> dict[str, Any] | None:
        self._request("notification_policy")
        return None

    def max_status_characters(self) -> int | None:
        self._request("instance")
        return self.status_limit

    def lists(self) -> dict[str, str]:
        self._request("lists")
        return {title: list_id for list_id, title in self.lists_by_id.items()}

    def follow(self, account_id: str, *, reblogs: bool = True) -> Relationship | None:
        self._request("follow")
        if account_id not in self.accounts_by_id:
            raise NotFound("follow: not found (404)", status=404)
        self.following.add(account_id)
        return self._relationship(account_id)

    def unfollow(self, account_id: str) -> None:
        self._request("unfollow")
        self.following.discard(account_id)

    def authorize_follow_request(self, account_id: str) -> None:
        self._request("follow_request_authorize")
        if account_id in self.pending_requests:
            self.pending_requests.remove(account_id)
        self.followers.append(account_id)

    def reject_follow_request(self, account_id: str) -> None:
        self._request("follow_request_reject")

    def create_list(self, title: str) -> str:
        self._request("list_create")
        if self.no_lists:
            raise NotFound("list_create: not found (404)", status=404)
        list_id = str(len(self.lists_by_id) + 1)
        self.lists_by_id[list_id] = title
        return list_id

    def add_to_list(self, list_id: str, account_id: str) -> None:
        self._request("list_accounts_add")
        self.list_members.setdefault(list_id, set()).add(account_id)

    def post_direct(self, text: str, *, idempotency_key: str, language: str | None) -> PostedStatus:
        self._request("post_status")
        if not self.ignores_idempotency:
            for post in self.posts:
                if post.idempotency_key == idempotency_key:
                    return self._posted(post)
        mentioned = [
            a["id"]
            for a in self.accounts_by_id.values()
            if f"@{a['acct']}" in text or f"@{a['username']}@" in text
        ]
        if self.extra_mention is not None:
            mentioned.append(self.extra_mention)
        post = Post(
            f"p{len(self.posts) + 1}", text, "direct", idempotency_key, mentioned, self.now()
        )
        self.posts.append(post)
        if self.lose_next_post_reply:
            self.lose_next_post_reply = False
            raise Transient("post_status: network error (connection dropped)")
        return self._posted(post)

    @staticmethod
    def _posted(post: Post) -> PostedStatus:
        mentions = [{"id": i} for i in post.mention_ids]
        return PostedStatus(post.id, {"id": post.id, "mentions": mentions})


def cycle_on_fake(
    fake: FakeGateway, store: Store, clock: Callable[[], datetime], **overrides: Any
) -> Cycle:
    """The cycle against the fake gateway: a config of defaults (no follow-back delay)
    with ``overrides`` merged in."""
    data = deep_merge(
        {"instance": {"url": "https://bot.example"}, "follow_back": {"delay": "0s"}},
        overrides,
    )
    return Cycle(config_from_mapping(data), fake, store, clock=clock)
