"""The sandbox's Mastodon client-API endpoints.

``Api.dispatch`` maps a parsed :class:`Request` to a :class:`Reply`.  Handlers run with
the state lock held and raise :class:`~bot.sandbox.state.ApiError` for error answers.
Transport concerns (faults, rate limits, the request log) live in ``server.py``.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from bot.sandbox.admin_api import AdminApi
from bot.sandbox.flavours import Flavour
from bot.sandbox.messages import Reply, Request
from bot.sandbox.state import (
    IDEMPOTENCY_TTL,
    JSON,
    Account,
    ApiError,
    App,
    Notification,
    State,
    Status,
    UserList,
    iso_ms,
    paginate,
)
from bot.sandbox.timelines import Timelines

Handler = Callable[[Request, list[str]], Reply]

AUTH_REQUIRED = "required"
AUTH_OPTIONAL = "optional"  # public read; an invalid token still 401s
AUTH_NONE = "none"


class Api:
    """Route table + endpoint handlers over a :class:`State`."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.routes: list[tuple[str, re.Pattern[str], Handler, str]] = []
        acct = r"([^/]+)"
        add = self._route
        # instance / discovery
        add("GET", r"/api/v1/instance", self.instance_v1, AUTH_NONE)
        add("GET", r"/api/v2/instance", self.instance_v2, AUTH_NONE)
        # accounts
        add("GET", r"/api/v1/accounts/verify_credentials", self.verify_credentials)
        add("GET", r"/api/v1/accounts/relationships", self.relationships)
        add("GET", r"/api/v1/accounts/lookup", self.lookup, AUTH_OPTIONAL)
        add("GET", r"/api/v1/accounts", self.accounts_batch, AUTH_OPTIONAL)
        add("GET", rf"/api/v1/accounts/{acct}", self.get_account, AUTH_OPTIONAL)
        add("GET", rf"/api/v1/accounts/{acct}/followers", self.followers, AUTH_OPTIONAL)
        add("GET", rf"/api/v1/accounts/{acct}/following", self.following, AUTH_OPTIONAL)
        add("GET", rf"/api/v1/accounts/{acct}/statuses", self.account_statuses, AUTH_OPTIONAL)
        add("GET", rf"/api/v1/accounts/{acct}/lists", self.account_lists)
        add("POST", rf"/api/v1/accounts/{acct}/follow", self.follow)
        add("POST", rf"/api/v1/accounts/{acct}/unfollow", self.unfollow)
        # follow requests
        add("GET", r"/api/v1/follow_requests", self.follow_requests)
        add("POST", rf"/api/v1/follow_requests/{acct}/authorize", self.authorize)
        add("POST", rf"/api/v1/follow_requests/{acct}/reject", self.reject)
        # notifications
        add("GET", r"/api/v1/notifications", self.notifications)
        add("POST", r"/api/v1/notifications/clear", self.clear_notifications)
        add("GET", rf"/api/v1/notifications/{acct}", self.get_notification)
        add("POST", rf"/api/v1/notifications/{acct}/dismiss", self.dismiss_notification)
        add("GET", r"/api/v2/notifications/policy", self.get_policy)
        add("PATCH", r"/api/v2/notifications/policy", self.patch_policy)
        add("PUT", r"/api/v2/notifications/policy", self.patch_policy)
        # statuses
        add("POST", r"/api/v1/statuses", self.post_status)
        add("GET", rf"/api/v1/statuses/{acct}", self.get_status, AUTH_OPTIONAL)
        # timelines and conversations (where the bot can look for its own DMs)
        timelines = Timelines(self)
        add("GET", r"/api/v1/timelines/home", timelines.home)
        add("GET", r"/api/v1/conversations", timelines.conversations)
        # lists
        add("GET", r"/api/v1/lists", self.lists)
        add("POST", r"/api/v1/lists", self.create_list)
        add("GET", rf"/api/v1/lists/{acct}", self.get_list)
        add("PUT", rf"/api/v1/lists/{acct}", self.update_list)
        add("DELETE", rf"/api/v1/lists/{acct}", self.delete_list)
        add("GET", rf"/api/v1/lists/{acct}/accounts", self.list_accounts)
        add("POST", rf"/api/v1/lists/{acct}/accounts", self.list_add)
        add("DELETE", rf"/api/v1/lists/{acct}/accounts", self.list_remove)
        # OAuth
        add("POST", r"/api/v1/apps", self.create_app, AUTH_NONE)
        add("GET", r"/api/v1/apps/verify_credentials", self.app_credentials)
        add("GET", r"/oauth/authorize", self.oauth_authorize, AUTH_NONE)
        add("POST", r"/oauth/authorize", self.oauth_authorize, AUTH_NONE)
        add("POST", r"/oauth/token", self.oauth_token, AUTH_NONE)
        add("POST", r"/oauth/revoke", self.oauth_revoke, AUTH_NONE)
        # the admin accounts lists, where the flavour has them
        AdminApi(self)
        # static assets referenced by avatar URLs
        add(
            "GET",
            r"/(avatars|headers|assets|images|static|system|susie\.png).*",
            self.asset,
            "none",
        )

    def _route(
        self, method: str, pattern: str, handler: Handler, auth: str = AUTH_REQUIRED
    ) -> None:
        self.routes.append((method, re.compile(pattern + r"\Z"), handler, auth))

    # ------------------------------------------------------------------ routing
    def match(self, method: str, path: str) -> tuple[Handler, list[str], str] | None:
        """Find the route for ``path``; ``None`` if nothing matches (→ 404)."""
        if path != "/" and path.endswith("/"):
            if not self.state.flavour.trailing_slash_ok:
                return None
            path = path.rstrip("/")
        for route_method, pattern, handler, auth in self.routes:
            if route_method != method:
                continue
            found = pattern.match(path)
            if found is not None:
                return handler, list(found.groups()), auth
        return None

    # ------------------------------------------------------------------ helpers
    @property
    def fl(self) -> Flavour:
        return self.state.flavour

    def limit(self, req: Request, default_max: tuple[int, int]) -> int:
        if self.fl.ignores_limit:
            return 1_000_000
        default, maximum = default_max
        raw = req.get("limit")
        if raw is None or not raw.lstrip("-").isdigit():
            return default
        value = int(raw)
        if value <= 0:
            return default
        return min(value, maximum)

    def cursor(self, req: Request, name: str) -> int | None:
        return self.state.seq_of(req.get(name))

    def link(
        self,
        req: Request,
        next_id: str | None,
        prev_id: str | None,
        prev_param: str = "min_id",
        keep: Sequence[str] = ("limit",),
    ) -> list[tuple[str, str]]:
        if self.fl.next_link_host is not None:
            return self._same_page_elsewhere(req)
        base = self.state.base_url + req.path
        kept: list[tuple[str, str]] = []
        for key in keep:
            for query_key in (key, key + "[]"):
                for value in req.query.get(query_key, []):
                    kept.append((query_key, value))
        links = []
        if next_id is not None:
            links.append(f'<{base}?{urlencode([*kept, ("max_id", next_id)])}>; rel="next"')
        if prev_id is not None:
            links.append(f'<{base}?{urlencode([*kept, (prev_param, prev_id)])}>; rel="prev"')
        return [("Link", ", ".join(links))] if links else []

    def _same_page_elsewhere(self, req: Request) -> list[tuple[str, str]]:
        """A hostile rel=next: this very page again, on another host."""
        cursor = req.get("max_id") or self.state.codec_id(self.state.last_seq + 1)
        query = [(k, v) for k, values in req.query.items() for v in values if k != "max_id"]
        port = urlsplit(self.state.base_url).port
        url = f"http://{self.fl.next_link_host}:{port}{req.path}"
        return [("Link", f'<{url}?{urlencode([*query, ("max_id", cursor)])}>; rel="next"')]

    def has_next(self, page_size: int, limit: int) -> bool:
        """Whether a page of ``page_size`` gets a rel=next (Takahē: even a short one)."""
        return page_size > 0 and (page_size >= limit or self.fl.next_link_on_short_page)

    def _account_page(
        self,
        req: Request,
        order: Sequence[tuple[int, int]],
        predicate: Callable[[tuple[int, int]], bool] | None = None,
    ) -> Reply:
        """A page of accounts from an ascending (edge seq, account seq) list."""
        st = self.state
        limit = self.limit(req, self.fl.accounts_limit)
        page = paginate(
            order,
            _edge_key,
            limit=limit,
            max_seq=self.cursor(req, "max_id"),
            since_seq=self.cursor(req, "since_id"),
            min_seq=self.cursor(req, "min_id"),
            predicate=predicate,
        )
        body = [st.render_account(st.accounts[acc]) for _, acc in page]
        headers: list[tuple[str, str]] = []
        if page:
            next_id = st.codec_id(page[-1][0]) if self.has_next(len(page), limit) else None
            headers = self.link(req, next_id, st.codec_id(page[0][0]), "since_id")
        return Reply(200, body, headers)

    def _not_suspended(self, edge: tuple[int, int]) -> bool:
        return not self.state.accounts[edge[1]].suspended

    # ------------------------------------------------------------------ instance
    def instance_v1(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        return Reply(
            200,
            {
                "uri": st.domain,
                "title": f"{st.domain} (sandbox)",
                "short_description": "A local Mastodon-compatible sandbox.",
                "description": "A local Mastodon-compatible sandbox for welcomebot.",
                "email": f"admin@{st.domain}",
                "version": self.fl.version,
                "urls": {"streaming_api": st.base_url.replace("http", "ws", 1)},
                "stats": {
                    "user_count": sum(1 for a in st.accounts.values() if a.domain is None),
                    "status_count": len(st.statuses),
                    "domain_count": len({a.domain for a in st.accounts.values() if a.domain}),
                },
                "thumbnail": None,
                "languages": ["en"],
                "registrations": False,
                "approval_required": False,
                "invites_enabled": False,
                "configuration": self._configuration(),
                "contact_account": None,
                "rules": [],
            },
        )

    def _configuration(self) -> JSON:
        return {
            "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
            "statuses": {
                "max_characters": 500,
                "max_media_attachments": 4,
                "characters_reserved_per_url": 23,
            },
            "media_attachments": {"supported_mime_types": ["image/png", "image/jpeg"]},
            "polls": {"max_options": 4, "max_characters_per_option": 50},
        }

    def instance_v2(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        body: JSON = {
            "domain": st.domain,
            "title": f"{st.domain} (sandbox)",
            "version": self.fl.version,
            "source_url": self.fl.source_url,
            "description": "A local Mastodon-compatible sandbox for welcomebot.",
            "usage": {"users": {"active_month": len(st.accounts)}},
            "thumbnail": {"url": f"{st.base_url}/packs/media/images/preview.png"},
            "languages": ["en"],
            "configuration": {
                "urls": {"streaming": st.base_url.replace("http", "ws", 1)},
                **self._configuration(),
            },
            "registrations": {"enabled": False, "approval_required": False, "message": None},
            "contact": {"email": f"admin@{st.domain}", "account": None},
            "rules": [],
        }
        if self.fl.api_versions:
            body["api_versions"] = dict(self.fl.api_versions)
        return Reply(200, body)

    # ------------------------------------------------------------------ accounts
    def verify_credentials(self, req: Request, args: list[str]) -> Reply:
        return Reply(200, self.state.render_credentials())

    def get_account(self, req: Request, args: list[str]) -> Reply:
        account = self.state.account(args[0])
        if self.state.admin.hidden(account):
            raise ApiError(404, "Record not found")
        return Reply(200, self.state.render_account(account))

    def lookup(self, req: Request, args: list[str]) -> Reply:
        acct = req.get("acct")
        if not acct:
            raise ApiError(400, "Missing parameter acct")
        seq = self.state.find_acct(acct)
        if seq is None or self.state.admin.hidden(self.state.accounts[seq]):
            raise ApiError(404, "Record not found")
        return Reply(200, self.state.render_account(self.state.accounts[seq]))

    def accounts_batch(self, req: Request, args: list[str]) -> Reply:
        refusal = self.fl.accounts_batch_status
        if refusal is not None:
            raise ApiError(refusal, "Method Not Allowed" if refusal == 405 else "Record not found")
        ids = req.get_list("id")
        if len(ids) > 40:
            raise ApiError(422, "Too many ids (maximum is 40)")
        out = []
        for ident in ids:
            seq = self.state.seq_of(ident)
            if seq is not None and seq in self.state.accounts:
                out.append(self.state.render_account(self.state.accounts[seq]))
        return Reply(200, out)

    def relationships(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        ids = req.get_list("id")
        mode = self.fl.relationships_mode
        if mode == "first_only":
            ids = ids[:1]
        with_suspended = req.flag("with_suspended")
        out = []
        for ident in ids:
            seq = st.seq_of(ident)
            account = st.accounts.get(seq) if seq is not None else None
            if account is None:
                if mode == "strict":
                    raise ApiError(404, "Record not found")
                continue
            if account.suspended and not with_suspended and self.fl.relationships_omit_suspended:
                continue
            out.append(st.relationship(account))
        return Reply(200, out)

    def followers(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        account = st.account(args[0])
        if self.fl.followers_always_empty:
            return Reply(200, [])
        if account.seq == st.bot.seq:
            return self._account_page(req, st.follower_order, self._not_suspended)
        if account.suspended or (account.hide_collections and account.seq != st.bot.seq):
            return Reply(200, [])
        follow = st.following.get(account.seq)
        order = [(follow.seq, st.bot.seq)] if follow else []
        return self._account_page(req, order)

    def following(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        account = st.account(args[0])
        if account.seq == st.bot.seq:
            order = sorted((f.seq, acc) for acc, f in st.following.items())
            return self._account_page(req, order, self._not_suspended)
        if account.suspended or account.hide_collections:
            return Reply(200, [])
        follow_seq = st.followers.get(account.seq)
        order = [(follow_seq, st.bot.seq)] if follow_seq is not None else []
        return self._account_page(req, order)

    def account_statuses(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        account = st.account(args[0])
        if account.suspended or req.flag("only_media") or req.flag("pinned"):
            return Reply(200, [])
        limit = self.limit(req, self.fl.statuses_limit)
        exclude_replies = req.flag("exclude_replies")
        exclude_reblogs = req.flag("exclude_reblogs")
        tagged = (req.get("tagged") or "").lower().lstrip("#")

        def keep(seq: int) -> bool:
            status = st.statuses[seq]
            if not st.visible_to_bot(status):
                return False
            if self.fl.account_statuses_public_only and status.visibility != "public":
                return False
            if exclude_reblogs and status.reblog_of is not None:
                return False
            if (
                exclude_replies
                and status.in_reply_to_account_seq is not None
                and status.in_reply_to_account_seq != status.account_seq
            ):
                return False
            return not (tagged and tagged not in status.tags)

        page = paginate(
            account.statuses or [],
            _identity,
            limit=limit,
            max_seq=self.cursor(req, "max_id"),
            since_seq=self.cursor(req, "since_id"),
            min_seq=self.cursor(req, "min_id"),
            predicate=keep,
        )
        body = [st.render_status(st.statuses[s]) for s in page]
        headers: list[tuple[str, str]] = []
        if page:
            next_id = st.statuses[page[-1]].id if self.has_next(len(page), limit) else None
            headers = self.link(req, next_id, st.statuses[page[0]].id)
        return Reply(200, body, headers)

    def account_lists(self, req: Request, args: list[str]) -> Reply:
        account = self.state.account(args[0])
        found = [
            self.state.render_list(lst)
            for lst in self.state.lists.values()
            if account.seq in lst.members
        ]
        return Reply(200, found)

    def follow(self, req: Request, args: list[str]) -> Reply:
        account = self.state.account(args[0])
        body = self.state.bot_follow(
            account, reblogs=req.flag("reblogs", True), notify=req.flag("notify", False)
        )
        return Reply(200, body)

    def unfollow(self, req: Request, args: list[str]) -> Reply:
        account = self.state.account(args[0])
        self.state.bot_unfollow(account)
        return Reply(200, self.state.relationship(account))

    # ------------------------------------------------------------------ follow requests
    def follow_requests(self, req: Request, args: list[str]) -> Reply:
        return self._account_page(req, self.state.in_request_order, self._not_suspended)

    def authorize(self, req: Request, args: list[str]) -> Reply:
        account = self.state.account(args[0])
        self.state.authorize_in_request(account)
        return Reply(200, self.state.relationship(account))

    def reject(self, req: Request, args: list[str]) -> Reply:
        account = self.state.account(args[0])
        self.state.reject_in_request(account)
        return Reply(200, self.state.relationship(account))

    # ------------------------------------------------------------------ notifications
    def notifications(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        fl = self.fl
        limit = self.limit(req, fl.notifications_limit)
        include = set(req.get_list(fl.types_param))
        if not include and fl.default_types is not None:
            include = set(fl.default_types)
        exclude = set(req.get_list("exclude_types"))
        supported = fl.notification_types
        include_filtered = fl.include_filtered and req.flag("include_filtered")
        from_account = st.seq_of(req.get("account_id")) if req.get("account_id") else None

        def keep(n: Notification) -> bool:
            if n.dismissed or n.type not in supported or n.type in exclude:
                return False
            if include and n.type not in include:
                return False
            if n.filtered and not include_filtered:
                return False
            if from_account is not None and n.account_seq != from_account:
                return False
            return not st.accounts[n.account_seq].suspended

        max_seq, min_seq = self._notification_cursors(req)
        page = paginate(
            self._visible_notifications(),
            _notification_key,
            limit=limit,
            max_seq=max_seq,
            since_seq=self.cursor(req, "since_id") if fl.since_id_supported else None,
            min_seq=min_seq,
            predicate=keep,
        )
        body = [st.render_notification(n) for n in page]
        headers: list[tuple[str, str]] = []
        if page:
            next_id = page[-1].id if self.has_next(len(page), limit) else None
            keep_params = ("limit", "types", "exclude_types", "account_id", "include_filtered")
            headers = self.link(req, next_id, page[0].id, "min_id", keep_params)
        return Reply(200, body, headers)

    def _visible_notifications(self) -> list[Notification]:
        """All of them, or (snac) only the newest N, whatever was asked."""
        visible = self.state.notifications
        cap = self.fl.notifications_visible
        return visible if cap is None else [n for n in visible if not n.dismissed][-cap:]

    def _notification_cursors(self, req: Request) -> tuple[int | None, int | None]:
        """(max, min) cursors; a hostile server answers every other ``min_id`` page
        with the page before the cursor instead of after it."""
        max_seq, min_seq = self.cursor(req, "max_id"), self.cursor(req, "min_id")
        if self.fl.notification_cursor_bounces and min_seq is not None:
            self.state.bounces += 1
            if self.state.bounces % 2 == 0:
                return min_seq, None
        return max_seq, min_seq

    def get_notification(self, req: Request, args: list[str]) -> Reply:
        notification = self.state.notification(args[0])
        return Reply(200, self.state.render_notification(notification))

    def dismiss_notification(self, req: Request, args: list[str]) -> Reply:
        self.state.dismiss(self.state.notification(args[0]))
        return Reply(200, {})

    def clear_notifications(self, req: Request, args: list[str]) -> Reply:
        self.state.clear_notifications()
        return Reply(200, {})

    def get_policy(self, req: Request, args: list[str]) -> Reply:
        if not self.fl.notification_policy:
            raise ApiError(404, "Record not found")
        return Reply(200, self.state.render_policy())

    def patch_policy(self, req: Request, args: list[str]) -> Reply:
        if not self.fl.notification_policy:
            raise ApiError(404, "Record not found")
        updates = {}
        for key in self.state.policy:
            value = req.get(key)
            if value is None:
                continue
            if value not in ("accept", "filter", "drop"):
                raise ApiError(422, f"Validation failed: {key} is not included in the list")
            updates[key] = value
        self.state.policy.update(updates)
        return Reply(200, self.state.render_policy())

    # ------------------------------------------------------------------ statuses
    def post_status(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        assert req.token is not None
        key = req.headers.get("idempotency-key")
        now = st.now()
        if key and self.fl.honours_idempotency_key:
            for stored_key, (_, created) in list(st.idempotency.items()):
                if now - created > IDEMPOTENCY_TTL:
                    del st.idempotency[stored_key]
            previous = st.idempotency.get((req.token, key))
            if previous is not None:
                replay = [("X-Sandbox-Idempotent-Replay", "1")]
                return Reply(200, st.render_status(st.statuses[previous[0]]), replay)
        app_name = st.tokens.get(req.token, ("welcomebot", ""))[0]
        params: dict[str, Any] = {
            "status": req.get("status"),
            "visibility": req.get("visibility"),
            "in_reply_to_id": req.get("in_reply_to_id"),
            "language": req.get("language"),
            "spoiler_text": req.get("spoiler_text"),
            "sensitive": req.flag("sensitive"),
            "idempotency_key": key,
            "application": {"name": app_name, "website": None},
        }
        status = st.post_status(st.bot, params)
        if key and self.fl.honours_idempotency_key:
            st.idempotency[(req.token, key)] = (status.seq, now)
        return Reply(200, st.render_status(status))

    def get_status(self, req: Request, args: list[str]) -> Reply:
        status = self.state.status(args[0])
        if not self.state.visible_to_bot(status):
            raise ApiError(404, "Record not found")
        return Reply(200, self.state.render_status(status))

    # ------------------------------------------------------------------ lists
    def _list(self, ident: str) -> UserList:
        if not self.fl.lists_supported:
            raise ApiError(404, "Record not found")
        seq = self.state.seq_of(ident)
        found = self.state.lists.get(seq) if seq is not None else None
        if found is None:
            raise ApiError(404, "Record not found")
        return found

    def lists(self, req: Request, args: list[str]) -> Reply:
        if not self.fl.lists_supported:
            return Reply(200, [])
        return Reply(200, [self.state.render_list(lst) for lst in self.state.lists.values()])

    def _apply_list_params(self, req: Request, user_list: UserList) -> None:
        policy = req.get("replies_policy")
        if policy is not None:
            if policy not in ("followed", "list", "none"):
                raise ApiError(422, "Validation failed: Replies policy is not included in the list")
            user_list.replies_policy = policy
        if req.get("exclusive") is not None and self.fl.list_exclusive_supported:
            user_list.exclusive = req.flag("exclusive")

    def create_list(self, req: Request, args: list[str]) -> Reply:
        st, fl = self.state, self.fl
        if not fl.lists_supported:
            refusal = fl.list_create_status
            raise ApiError(refusal, "Method Not Allowed" if refusal == 405 else "Record not found")
        title = (req.get("title") or "").strip()
        if not title:
            raise ApiError(422, "Validation failed: Title can't be blank")
        if fl.list_same_title_returns_existing:
            for existing in st.lists.values():
                if existing.title == title:
                    return Reply(200, st.render_list(existing))
        user_list = self._new_list(title)
        self._apply_list_params(req, user_list)
        return Reply(200, st.render_list(user_list))

    def _new_list(self, title: str) -> UserList:
        """A new list; on snac the id is the creation second, so two lists made within
        one second are one list, carrying the later title."""
        st = self.state
        if not self.fl.list_ids_by_second:
            seq, ident = st.new_id()
        else:
            ident = f"{int(st.now().timestamp()):010x}"
            seq_found = st.seq_of(ident)
            if seq_found is not None and seq_found in st.lists:
                st.lists[seq_found].title = title
                return st.lists[seq_found]
            seq = st.new_id()[0]
            st.name_id(ident, seq)
        user_list = UserList(seq, ident, title)
        st.lists[seq] = user_list
        return user_list

    def get_list(self, req: Request, args: list[str]) -> Reply:
        return Reply(200, self.state.render_list(self._list(args[0])))

    def update_list(self, req: Request, args: list[str]) -> Reply:
        user_list = self._list(args[0])
        title = req.get("title")
        if title is not None:
            if not title.strip():
                raise ApiError(422, "Validation failed: Title can't be blank")
            user_list.title = title.strip()
        self._apply_list_params(req, user_list)
        return Reply(200, self.state.render_list(user_list))

    def delete_list(self, req: Request, args: list[str]) -> Reply:
        user_list = self._list(args[0])
        del self.state.lists[user_list.seq]
        return Reply(200, {})

    def list_accounts(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        user_list = self._list(args[0])
        order = sorted((m, acc) for acc, m in user_list.members.items())
        if req.get("limit") == "0":
            return Reply(200, [st.render_account(st.accounts[acc]) for _, acc in reversed(order)])
        return self._account_page(req, order)

    def _list_targets(self, req: Request) -> list[Account]:
        st = self.state
        out = []
        for ident in req.get_list("account_ids"):
            seq = st.seq_of(ident)
            account = st.accounts.get(seq) if seq is not None else None
            if account is None:
                raise ApiError(404, "Record not found")
            out.append(account)
        return out

    def list_add(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        user_list = self._list(args[0])
        targets = self._list_targets(req)
        for account in targets:  # validate everything first: all-or-nothing
            names = {"account": account.id, "list": user_list.id}
            if self.fl.list_requires_follow and account.seq not in st.following:
                raise ApiError(404, self.fl.list_not_followed_error.format(**names))
            if account.seq in user_list.members and self.fl.list_duplicate_is_error:
                raise ApiError(422, self.fl.list_duplicate_error.format(**names))
        for account in targets:
            if account.seq not in user_list.members:
                user_list.members[account.seq] = st.new_id()[0]
        return Reply(200, {})

    def list_remove(self, req: Request, args: list[str]) -> Reply:
        user_list = self._list(args[0])
        for account in self._list_targets(req):
            user_list.members.pop(account.seq, None)
        return Reply(200, {})

    # ------------------------------------------------------------------ OAuth
    def create_app(self, req: Request, args: list[str]) -> Reply:
        name = req.get("client_name")
        redirect = req.get("redirect_uris")
        if not name or not redirect:
            raise ApiError(422, "Validation failed: Application name can't be blank")
        app = App(
            client_id=secrets.token_urlsafe(32),
            client_secret=secrets.token_urlsafe(32),
            name=name,
            website=req.get("website"),
            redirect_uri=redirect,
            scopes=req.get("scopes") or "read",
        )
        self.state.apps[app.client_id] = app
        return Reply(
            200,
            {
                "id": self.state.new_id()[1],
                "name": app.name,
                "website": app.website,
                "scopes": app.scopes.split(),
                "redirect_uri": app.redirect_uri,
                "redirect_uris": app.redirect_uri.split(),
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "client_secret_expires_at": 0,
                "vapid_key": _VAPID_KEY,
            },
        )

    def app_credentials(self, req: Request, args: list[str]) -> Reply:
        assert req.token is not None
        name, scopes = self.state.tokens[req.token]
        return Reply(
            200,
            {"name": name, "website": None, "scopes": scopes.split(), "redirect_uris": []},
        )

    def oauth_authorize(self, req: Request, args: list[str]) -> Reply:
        """Auto-approves as the bot account: shows the code, or redirects with it."""
        client_id = req.get("client_id") or ""
        app = self.state.apps.get(client_id)
        if app is None:
            body = "<html><body><h1>Client authentication failed</h1></body></html>"
            return Reply(401, raw=body.encode(), content_type="text/html; charset=utf-8")
        redirect = req.get("redirect_uri") or app.redirect_uri
        scopes = req.get("scope") or app.scopes
        code = secrets.token_urlsafe(24)
        self.state.auth_codes[code] = (client_id, scopes)
        if redirect != "urn:ietf:wg:oauth:2.0:oob":
            sep = "&" if "?" in redirect else "?"
            location = f"{redirect}{sep}{urlencode({'code': code})}"
            state_param = req.get("state")
            if state_param:
                location += "&" + urlencode({"state": state_param})
            return Reply(302, raw=b"", headers=[("Location", location)], content_type="text/html")
        page = (
            "<!DOCTYPE html><html><head><title>Authorization code</title></head><body>"
            f"<h1>{html.escape(app.name)} is authorized</h1>"
            "<p>Copy this authorization code and paste it to the application.</p>"
            f'<input class="oauth-code" readonly type="text" value="{code}">'
            f'<code id="authorization-code">{code}</code></body></html>'
        )
        return Reply(200, raw=page.encode(), content_type="text/html; charset=utf-8")

    def oauth_token(self, req: Request, args: list[str]) -> Reply:
        st = self.state
        grant = req.get("grant_type")
        app = st.apps.get(req.get("client_id") or "")
        if app is None or app.client_secret != req.get("client_secret"):
            raise ApiError(401, "Client authentication failed due to unknown client")
        if grant == "authorization_code":
            entry = st.auth_codes.pop(req.get("code") or "", None)
            if entry is None or entry[0] != app.client_id:
                raise ApiError(400, "The provided authorization grant is invalid")
            scopes = req.get("scope") or entry[1]
        elif grant == "client_credentials":
            scopes = req.get("scope") or "read"
        else:
            raise ApiError(400, "The authorization grant type is not supported")
        token = secrets.token_urlsafe(32)
        st.tokens[token] = (app.name, scopes)
        return Reply(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "scope": scopes,
                "created_at": int(st.now().timestamp()),
            },
        )

    def oauth_revoke(self, req: Request, args: list[str]) -> Reply:
        token = req.get("token") or ""
        if token != self.state.bot_token:
            self.state.tokens.pop(token, None)
        return Reply(200, {})

    def asset(self, req: Request, args: list[str]) -> Reply:
        return Reply(200, raw=_PNG_1PX, content_type="image/png")


def _edge_key(edge: tuple[int, int]) -> int:
    return edge[0]


def _identity(value: int) -> int:
    return value


def _notification_key(notification: Notification) -> int:
    return notification.seq


_VAPID_KEY = (
    "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M="
)

# a 1x1 transparent PNG, served for every avatar/header URL the sandbox hands out
_PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

__all__ = ["Api", "Reply", "Request", "Status", "iso_ms"]
