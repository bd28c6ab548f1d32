"""In-memory server state of the sandbox and the rendering of API entities.

The state is deliberately compact so a sandbox can hold 100,000 followers: accounts,
statuses and notifications are slotted dataclasses keyed by an integer sequence number,
the follow graph only records edges that involve the bot, and JSON is rendered lazily
when a request asks for it.  Every public method expects the caller to hold
``State.lock`` (the HTTP handlers and the ``Sandbox`` facade take it).
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from bot.sandbox.flavours import Flavour, get_flavour, with_quirks
from bot.sandbox.ids import IdCodec
from bot.sandbox.scenario import Scenario, validate_account_spec

T = TypeVar("T")
JSON = dict[str, Any]

NEW_ACCOUNT_DAYS = 30
IDEMPOTENCY_TTL = timedelta(hours=1)
POLICY_DEFAULTS = {
    "for_not_following": "accept",
    "for_not_followers": "accept",
    "for_new_accounts": "accept",
    "for_private_mentions": "filter",
    "for_limited_accounts": "filter",
}
VISIBILITIES = ("public", "unlisted", "private", "direct")
_TOKEN_RE = re.compile(
    r"(?P<mention>(?<![\w/@])@(?P<user>[A-Za-z0-9_]+)"
    r"(?:@(?P<dom>[A-Za-z0-9.\-]*[A-Za-z0-9](?::[0-9]{1,5})?))?)"
    r"|(?P<tag>(?<![\w/&#])#(?P<tagname>\w+))"
)


class ApiError(Exception):
    """An HTTP error answer: ``status`` and the ``{"error": message}`` body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def iso_ms(moment: datetime) -> str:
    """RFC 3339 with milliseconds and 'Z', as Mastodon renders datetimes."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def midnight(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def text_to_html(text: str) -> str:
    """Plain text → ``<p>…</p>``; text that already starts with a tag is kept as HTML."""
    if not text:
        return ""
    if text.lstrip().startswith("<"):
        return text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br />')}</p>" for p in paragraphs)


def html_to_text(markup: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", markup)
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _truthy(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.lower() in ("1", "true", "t", "on", "yes")


@dataclass(slots=True)
class Account:
    seq: int
    id: str
    username: str
    domain: str | None
    display_name: str
    note: str
    avatar: str
    header: str
    created: date
    followers_count: int
    following_count: int
    statuses_count: int
    last_status: date | None
    bot: bool
    group: bool
    locked: bool
    discoverable: bool | None
    indexable: bool
    hide_collections: bool | None
    fields: tuple[tuple[str, str], ...]
    moved_to: int | None = None
    suspended: bool = False
    limited: bool = False
    memorial: bool = False
    blocks_bot: bool = False
    label: str | None = None
    statuses: list[int] | None = None


@dataclass(slots=True)
class Status:
    seq: int
    id: str
    account_seq: int
    text: str
    content: str
    visibility: str
    language: str | None
    created_at: datetime
    mentions: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    in_reply_to_id: str | None = None
    in_reply_to_account_seq: int | None = None
    application: dict[str, Any] | None = None
    reblog_of: int | None = None
    idempotency_key: str | None = None
    sensitive: bool = False
    spoiler_text: str = ""


@dataclass(slots=True)
class Notification:
    seq: int
    id: str
    type: str
    account_seq: int
    created_at: datetime
    status_seq: int | None = None
    filtered: bool = False
    dismissed: bool = False


@dataclass(slots=True)
class OutFollow:
    """The bot's follow of (or pending request to) another account."""

    seq: int
    reblogs: bool = True
    notify: bool = False
    optimistic: bool = False  # async remote follow awaiting the remote Accept
    settles_at: datetime | None = None  # Takahē: not in effect before this (Stator)


@dataclass(slots=True)
class UserList:
    seq: int
    id: str
    title: str
    replies_policy: str = "list"
    exclusive: bool = False
    members: dict[int, int] = field(default_factory=dict)  # account seq -> membership seq


@dataclass(slots=True)
class App:
    client_id: str
    client_secret: str
    name: str
    website: str | None
    redirect_uri: str
    scopes: str


def paginate(
    items: Sequence[T],
    key: Callable[[T], int],
    *,
    limit: int,
    max_seq: int | None = None,
    since_seq: int | None = None,
    min_seq: int | None = None,
    predicate: Callable[[T], bool] | None = None,
) -> list[T]:
    """Mastodon ``Paginable`` over ``items`` sorted ascending by ``key``.

    ``max_id``/``since_id``: the newest ``limit`` items below max and above since.
    ``min_id``: the ``limit`` items immediately after min (ascending), reversed.
    The result is always newest first.
    """
    out: list[T] = []
    if limit <= 0:
        return out
    if min_seq is not None:
        i = bisect_right(items, min_seq, key=key)
        while i < len(items) and len(out) < limit:
            item = items[i]
            if max_seq is not None and key(item) >= max_seq:
                break
            if predicate is None or predicate(item):
                out.append(item)
            i += 1
        out.reverse()
        return out
    i = (bisect_left(items, max_seq, key=key) if max_seq is not None else len(items)) - 1
    while i >= 0 and len(out) < limit:
        item = items[i]
        if since_seq is not None and key(item) <= since_seq:
            break
        if predicate is None or predicate(item):
            out.append(item)
        i -= 1
    return out


def _first(pair: tuple[int, int]) -> int:
    return pair[0]


class State:
    """All server-side data of one sandbox instance."""

    def __init__(self, scenario: Scenario, clock: Callable[[], datetime]) -> None:
        self.lock = threading.RLock()
        self.scenario = scenario
        self.flavour: Flavour = with_quirks(get_flavour(scenario.flavour), scenario.quirks)
        self.clock = clock
        self.domain = scenario.domain.lower()
        self.async_follows = scenario.async_follows
        self.base_url = "http://127.0.0.1"
        self.codec: IdCodec = self.flavour.make_codec(secrets.randbits(40))
        self._seq = 0
        self._last_ts = 0
        self._named_ids: dict[str, int] = {}
        self.accounts: dict[int, Account] = {}
        self._by_acct: dict[tuple[str, str | None], int] = {}
        self.statuses: dict[int, Status] = {}
        self.notifications: list[Notification] = []
        self._notifications_by_seq: dict[int, Notification] = {}
        # follow graph, only edges involving the bot
        self.followers: dict[int, int] = {}  # follower account seq -> follow seq
        self.follower_order: list[tuple[int, int]] = []  # (follow seq, account seq) ascending
        self.following: dict[int, OutFollow] = {}
        self.out_requests: dict[int, OutFollow] = {}
        self.in_requests: dict[int, int] = {}  # requester seq -> request seq
        self.in_request_order: list[tuple[int, int]] = []
        self.lists: dict[int, UserList] = {}
        self.policy = dict(POLICY_DEFAULTS)
        self.policy.update(scenario.notification_policy)
        self.idempotency: dict[tuple[str, str], tuple[int, datetime]] = {}
        self.bounces = 0  # hostile notification pages answered so far
        self.apps: dict[str, App] = {}
        self.auth_codes: dict[str, tuple[str, str]] = {}  # code -> (client_id, scopes)
        self.tokens: dict[str, tuple[str, str]] = {}  # token -> (app name, scopes)
        self.bot_token = secrets.token_urlsafe(32)
        bot_spec = dict(scenario.bot)
        bot_scopes = str(bot_spec.pop("scopes", None) or "read write follow push")
        self.tokens[self.bot_token] = ("welcomebot", bot_scopes)
        bot_role = bot_spec.pop("role", None)
        self.bot = self._create_account(
            {
                "username": bot_spec.pop("username"),
                "bot": True,
                "created_days_ago": bot_spec.pop("created_days_ago", 400),
                "statuses_count": 0,
                "followers_count": 0,
                "following_count": 0,
                **bot_spec,
            }
        )
        self.bot.statuses = []
        from bot.sandbox.admin import AdminSide  # it builds on this module

        self.admin = AdminSide(self)
        if bot_role is not None:
            self.admin.set_role(self.bot, bot_role)
        self._seed(scenario)
        for spec in scenario.signups:
            self.admin.sign_up(spec)

    # ------------------------------------------------------------------ ids and time
    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment

    def new_id(self) -> tuple[int, str]:
        self._seq += 1
        ts = max(int(self.now().timestamp() * 1000), self._last_ts)
        self._last_ts = ts
        text = self.codec.encode(self._seq, ts)
        if self.codec.kind == "md5":
            self._named_ids[text] = self._seq
        return self._seq, text

    @property
    def last_seq(self) -> int:
        return self._seq

    def codec_id(self, seq: int) -> str:
        """Render the id string of an internal edge (follow, request, membership)."""
        text = self.codec.encode(seq, self._last_ts)
        if self.codec.kind == "md5":
            self._named_ids[text] = seq
        return text

    def name_id(self, text: str, seq: int) -> None:
        """Remember an id the codec cannot decode (md5, timestamps, list seconds)."""
        self._named_ids[text.lower()] = seq

    def seq_of(self, text: str | None) -> int | None:
        """Internal sequence number of an id string (None when it cannot be one)."""
        if text is None or text == "":
            return None
        named = self._named_ids.get(text.lower())
        if named is not None or self.codec.kind == "md5":
            return named
        return self.codec.decode(text)

    # ------------------------------------------------------------------ seeding
    def _seed(self, scenario: Scenario) -> None:
        created: list[tuple[Account, dict[str, Any]]] = []
        for spec in scenario.accounts:
            created.append((self._create_account(spec), spec))
        for account, spec in created:
            if spec.get("moved_to"):
                account.moved_to = self._resolve_moved(str(spec["moved_to"]))
        for account, spec in created:
            self._seed_statuses(account, spec.get("statuses") or [])
        for account, spec in created:
            if spec.get("bot_follows"):
                self.following[account.seq] = OutFollow(self.new_id()[0])
        for account, spec in created:
            self._apply_relationship_flags(account, spec)
        for gen in scenario.generate:
            self.generate(
                int(gen["count"]),
                dict(gen.get("template") or {}),
                str(gen.get("username_prefix") or "user"),
                gen.get("domain"),
            )

    def _apply_relationship_flags(self, account: Account, spec: Mapping[str, Any]) -> None:
        if spec.get("blocks_bot"):
            self.block_bot(account)
        elif spec.get("follows_bot"):
            self.follow_bot(account, notify=bool(spec.get("notify", True)))

    def _resolve_moved(self, target: str) -> int:
        seq = self.find_acct(target)
        if seq is None:
            seq = self.seq_of(target)
        if seq is None or seq not in self.accounts:
            raise ValueError(f"moved_to: unknown account {target!r}")
        return seq

    def _days_ago(self, days: float) -> datetime:
        return self.now() - timedelta(days=float(days))

    def _create_account(self, raw: Mapping[str, Any]) -> Account:
        spec = validate_account_spec(raw)
        username = str(spec["username"])
        domain = spec.get("domain")
        domain = str(domain).lower() if domain else None
        if domain == self.domain:
            domain = None
        key = (username.lower(), domain)
        if key in self._by_acct:
            raise ValueError(f"account {username!r} already exists")
        seq, ident = self.new_id()
        created = self._created_date(spec)
        last_status: date | None
        if "last_status_days_ago" in spec:
            lsd = spec["last_status_days_ago"]
            last_status = None if lsd is None else self._days_ago(lsd).date()
        else:
            last_status = self.now().date() if int(spec.get("statuses_count", 0) or 0) else None
        fields = tuple((str(f["name"]), str(f["value"])) for f in spec.get("fields") or [])
        account = Account(
            seq=seq,
            id=ident,
            username=username,
            domain=domain,
            display_name=str(spec.get("display_name") or ""),
            note=text_to_html(str(spec.get("note") or "")),
            avatar=str(spec.get("avatar") or "custom"),
            header=str(spec.get("header") or "default"),
            created=created,
            followers_count=int(spec.get("followers_count", 0) or 0),
            following_count=int(spec.get("following_count", 0) or 0),
            statuses_count=int(spec.get("statuses_count", 0) or 0),
            last_status=last_status,
            bot=bool(spec.get("bot", False)),
            group=bool(spec.get("group", False)),
            locked=bool(spec.get("locked", self._locked_default(domain))),
            discoverable=spec.get("discoverable", True),
            indexable=bool(spec.get("indexable", spec.get("discoverable", True))),
            hide_collections=spec.get("hide_collections"),
            fields=fields,
            suspended=bool(spec.get("suspended", False)),
            limited=bool(spec.get("limited", False)),
            memorial=bool(spec.get("memorial", False)),
            label=spec.get("label"),
        )
        self.accounts[seq] = account
        self._by_acct[key] = seq
        return account

    def _locked_default(self, domain: str | None) -> bool:
        """GoToSocial makes its own new accounts locked; remote ones say for themselves."""
        return self.flavour.locked_by_default and domain is None

    def _created_date(self, spec: Mapping[str, Any]) -> date:
        value = spec.get("created_at")
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
        return self._days_ago(spec.get("created_days_ago", 365)).date()

    def _seed_statuses(self, account: Account, specs: Sequence[Mapping[str, Any]]) -> None:
        # listed newest first; create oldest first so ids ascend with time
        for offset, spec in enumerate(reversed(specs)):
            moment = self._days_ago(spec.get("days_ago", 0)) - timedelta(
                minutes=len(specs) - offset
            )
            text = str(spec.get("text") or "")
            reblog_of: int | None = None
            if spec.get("reblog"):
                inner = self._make_status(account, text, "public", spec.get("language"), moment)
                reblog_of = inner.seq
                account.statuses = [s for s in account.statuses or [] if s != inner.seq]
                text = ""
            in_reply_to_id: str | None = None
            in_reply_to_account: int | None = None
            if spec.get("in_reply_to_bot"):
                in_reply_to_id = self.new_id()[1]
                in_reply_to_account = self.bot.seq
            app = spec.get("application")
            status = self._make_status(
                account,
                text,
                str(spec.get("visibility") or "public"),
                spec.get("language"),
                moment,
                application={"name": str(app), "website": None} if app else None,
                in_reply_to_id=in_reply_to_id,
                in_reply_to_account_seq=in_reply_to_account,
                sensitive=bool(spec.get("sensitive", False)),
                spoiler_text=str(spec.get("spoiler_text") or ""),
            )
            status.reblog_of = reblog_of
            if reblog_of is not None:
                status.content = ""

    # ------------------------------------------------------------------ accounts
    def find_acct(self, acct: str) -> int | None:
        acct = acct.strip().lstrip("@")
        if "@" in acct:
            user, dom = acct.split("@", 1)
            dom_l: str | None = dom.lower()
            if dom_l == self.domain or dom_l == self.base_host():
                dom_l = None
        else:
            user, dom_l = acct, None
        return self._by_acct.get((user.lower(), dom_l))

    def base_host(self) -> str:
        return self.base_url.split("://", 1)[-1]

    def account(self, ident: str | None) -> Account:
        seq = self.seq_of(ident)
        if seq is None or seq not in self.accounts:
            raise ApiError(404, "Record not found")
        return self.accounts[seq]

    def add_account(self, spec: Mapping[str, Any]) -> Account:
        account = self._create_account(spec)
        if spec.get("moved_to"):
            account.moved_to = self._resolve_moved(str(spec["moved_to"]))
        self._seed_statuses(account, spec.get("statuses") or [])
        if spec.get("bot_follows"):
            self.following[account.seq] = OutFollow(self.new_id()[0])
        self._apply_relationship_flags(account, spec)
        return account

    def generate(
        self, count: int, template: dict[str, Any], prefix: str, domain: str | None
    ) -> list[int]:
        """Create ``count`` similar accounts following the bot (for burst tests)."""
        validate_account_spec({"username": "x", **template})
        if domain is not None:
            template["domain"] = domain
        dom = str(template["domain"]).lower() if template.get("domain") else None
        if dom == self.domain:
            dom = None
        created = self._created_date(template)
        display = str(template.get("display_name") or "")
        note = text_to_html(str(template.get("note") or ""))
        fields = tuple((str(f["name"]), str(f["value"])) for f in template.get("fields") or [])
        lsd = template.get("last_status_days_ago", 1)
        last_status = None if lsd is None else self._days_ago(lsd).date()
        follows = bool(template.get("follows_bot", True))
        notify = bool(template.get("notify", True))
        start = len(self.accounts)
        seqs: list[int] = []
        for i in range(count):
            username = f"{prefix}{start + i}"
            while (username.lower(), dom) in self._by_acct:
                username += "_"
            seq, ident = self.new_id()
            account = Account(
                seq=seq,
                id=ident,
                username=username,
                domain=dom,
                display_name=display.replace("{n}", str(start + i)) if display else username,
                note=note,
                avatar=str(template.get("avatar") or "custom"),
                header="default",
                created=created,
                followers_count=int(template.get("followers_count", 10)),
                following_count=int(template.get("following_count", 10)),
                statuses_count=int(template.get("statuses_count", 10)),
                last_status=last_status,
                bot=bool(template.get("bot", False)),
                group=bool(template.get("group", False)),
                locked=bool(template.get("locked", self._locked_default(dom))),
                discoverable=template.get("discoverable", True),
                indexable=bool(template.get("indexable", True)),
                hide_collections=template.get("hide_collections"),
                fields=fields,
                limited=bool(template.get("limited", False)),
                label=template.get("label"),
            )
            self.accounts[seq] = account
            self._by_acct[(username.lower(), dom)] = seq
            if follows:
                self.follow_bot(account, notify=notify)
            if template.get("bot_follows"):
                self.following[account.seq] = OutFollow(self.new_id()[0])
            seqs.append(seq)
        return seqs

    def set_account(  # noqa: C901 - one flat branch per scenario key reads best here
        self, account: Account, changes: Mapping[str, Any]
    ) -> None:
        for key, value in changes.items():
            if key == "note":
                account.note = text_to_html(str(value or ""))
            elif key == "moved_to":
                account.moved_to = None if value is None else self._resolve_moved(str(value))
            elif key == "fields":
                account.fields = tuple((str(f["name"]), str(f["value"])) for f in value or [])
            elif key == "created_days_ago":
                account.created = self._days_ago(value).date()
            elif key == "created_at":
                account.created = self._created_date({"created_at": value})
            elif key == "last_status_days_ago":
                account.last_status = None if value is None else self._days_ago(value).date()
            elif key in ("blocks_bot",):
                if value:
                    self.block_bot(account)
                else:
                    account.blocks_bot = False
            elif key in (
                "display_name",
                "avatar",
                "header",
                "followers_count",
                "following_count",
                "statuses_count",
                "bot",
                "group",
                "locked",
                "discoverable",
                "indexable",
                "hide_collections",
                "suspended",
                "limited",
                "memorial",
                "label",
            ):
                setattr(account, key, value)
            else:
                raise ValueError(f"set_account: unknown or read-only key {key!r}")

    # ------------------------------------------------------------------ follow graph
    def follow_bot(self, account: Account, *, notify: bool = True) -> None:
        if account.seq == self.bot.seq or account.blocks_bot:
            return
        if account.seq in self.followers or account.seq in self.in_requests:
            return
        if self.bot.locked:
            req_seq = self.new_id()[0]
            self.in_requests[account.seq] = req_seq
            self.in_request_order.append((req_seq, account.seq))
            if notify and self.flavour.follow_request_notifications:
                self.notify("follow_request", account)
            return
        self._add_follower(account)
        if notify:
            self.notify("follow", account)

    def _add_follower(self, account: Account) -> None:
        follow_seq = self.new_id()[0]
        self.followers[account.seq] = follow_seq
        self.follower_order.append((follow_seq, account.seq))

    @staticmethod
    def _remove_edge(order: list[tuple[int, int]], edge_seq: int) -> None:
        i = bisect_left(order, edge_seq, key=_first)
        if i < len(order) and order[i][0] == edge_seq:
            del order[i]

    def unfollow_bot(self, account: Account) -> None:
        follow_seq = self.followers.pop(account.seq, None)
        if follow_seq is not None:
            self._remove_edge(self.follower_order, follow_seq)
        req_seq = self.in_requests.pop(account.seq, None)
        if req_seq is not None:
            self._remove_edge(self.in_request_order, req_seq)

    def block_bot(self, account: Account) -> None:
        account.blocks_bot = True
        self.unfollow_bot(account)
        self.bot_unfollow(account)

    def bot_unfollow(self, account: Account) -> None:
        self.following.pop(account.seq, None)
        self.out_requests.pop(account.seq, None)
        for user_list in self.lists.values():
            user_list.members.pop(account.seq, None)

    def bot_follow(self, account: Account, reblogs: bool, notify: bool) -> JSON:
        """POST /api/v1/accounts/:id/follow as the bot; returns the Relationship."""
        if account.seq == self.bot.seq or account.suspended:
            raise ApiError(404, "Record not found")
        if account.blocks_bot or account.moved_to is not None:
            raise ApiError(403, "This action is not allowed")
        existing = self.following.get(account.seq) or self.out_requests.get(account.seq)
        if existing is not None:
            existing.reblogs, existing.notify = reblogs, notify
            return self.relationship(account, optimistic=existing.optimistic)
        settle = self.flavour.follow_settle_seconds
        if settle is not None:
            due = self.now() + timedelta(seconds=settle)
            self.out_requests[account.seq] = OutFollow(
                self.new_id()[0], reblogs, notify, settles_at=due
            )
            return self.relationship(account)
        if account.locked and not self.flavour.locked_always_false:
            self.out_requests[account.seq] = OutFollow(self.new_id()[0], reblogs, notify)
            return self.relationship(account)
        if account.domain is not None and self.async_follows:
            self.out_requests[account.seq] = OutFollow(
                self.new_id()[0], reblogs, notify, optimistic=True
            )
            return self.relationship(account, optimistic=True)
        self.following[account.seq] = OutFollow(self.new_id()[0], reblogs, notify)
        return self.relationship(account)

    def run_stator(self) -> int:
        """Settle the follows whose time has come (Takahē's Stator); returns how many."""
        now = self.now()
        done = 0
        for seq, request in list(self.out_requests.items()):
            if request.settles_at is None or request.settles_at > now:
                continue
            request.settles_at = None
            done += 1
            if not (self.accounts[seq].locked and not self.flavour.locked_always_false):
                del self.out_requests[seq]
                self.following[seq] = OutFollow(self.new_id()[0], request.reblogs, request.notify)
        return done

    def complete_pending_follows(self) -> int:
        done = 0
        for seq, request in list(self.out_requests.items()):
            if request.optimistic and not self.accounts[seq].locked:
                del self.out_requests[seq]
                self.following[seq] = OutFollow(self.new_id()[0], request.reblogs, request.notify)
                done += 1
        return done

    def accept_out_request(self, account: Account) -> None:
        request = self.out_requests.pop(account.seq, None)
        if request is None:
            raise ValueError(f"the bot has no pending follow request to {account.username!r}")
        self.following[account.seq] = OutFollow(self.new_id()[0], request.reblogs, request.notify)

    def reject_out_request(self, account: Account) -> None:
        if self.out_requests.pop(account.seq, None) is None:
            raise ValueError(f"the bot has no pending follow request to {account.username!r}")
        for user_list in self.lists.values():
            user_list.members.pop(account.seq, None)

    def authorize_in_request(self, account: Account) -> None:
        req_seq = self.in_requests.pop(account.seq, None)
        if req_seq is None:
            raise ApiError(404, "Record not found")
        self._remove_edge(self.in_request_order, req_seq)
        self._add_follower(account)
        if self.flavour.authorize_replaces_notification:
            for old in self.notifications:
                if old.type == "follow_request" and old.account_seq == account.seq:
                    self.dismiss(old)
            self.notify("follow", account)

    def reject_in_request(self, account: Account) -> None:
        req_seq = self.in_requests.pop(account.seq, None)
        if req_seq is None:
            raise ApiError(404, "Record not found")
        self._remove_edge(self.in_request_order, req_seq)

    # ------------------------------------------------------------------ notifications
    def _policy_outcome(self, kind: str, account: Account, status: Status | None) -> str:
        if not self.flavour.notification_policy:
            return "accept"
        if kind not in ("follow", "follow_request", "mention"):
            return "accept"
        applicable: list[str] = []
        bot_follows = account.seq in self.following
        if not bot_follows:
            applicable.append(self.policy["for_not_following"])
        if account.seq not in self.followers:
            applicable.append(self.policy["for_not_followers"])
        if self.now().date() - account.created < timedelta(days=NEW_ACCOUNT_DAYS):
            applicable.append(self.policy["for_new_accounts"])
        if (
            kind == "mention"
            and status is not None
            and status.visibility == "direct"
            and not bot_follows
            and status.in_reply_to_account_seq != self.bot.seq
        ):
            applicable.append(self.policy["for_private_mentions"])
        if account.limited and not bot_follows:
            applicable.append(self.policy["for_limited_accounts"])
        if "drop" in applicable:
            return "drop"
        if "filter" in applicable:
            return "filter"
        return "accept"

    def notify(self, kind: str, account: Account, status: Status | None = None) -> None:
        outcome = self._policy_outcome(kind, account, status)
        if outcome == "drop":
            return
        seq, ident = self.new_id()
        if self.flavour.notification_ids_are_timestamps:
            ident = f"{int(self.now().timestamp() * 1_000_000):016d}{seq:08d}"
            self.name_id(ident, seq)
        notification = Notification(
            seq=seq,
            id=ident,
            type=kind,
            account_seq=account.seq,
            created_at=self.now(),
            status_seq=status.seq if status else None,
            filtered=outcome == "filter",
        )
        self.notifications.append(notification)
        self._notifications_by_seq[seq] = notification

    def notification(self, ident: str) -> Notification:
        seq = self.seq_of(ident)
        found = self._notifications_by_seq.get(seq) if seq is not None else None
        if found is None or found.dismissed:
            raise ApiError(404, "Record not found")
        return found

    def dismiss(self, notification: Notification) -> None:
        notification.dismissed = True
        self._notifications_by_seq.pop(notification.seq, None)

    def clear_notifications(self) -> None:
        for notification in self.notifications:
            notification.dismissed = True
        self.notifications = []
        self._notifications_by_seq = {}

    def policy_summary(self) -> JSON:
        filtered = [
            n
            for n in self.notifications
            if n.filtered and not n.dismissed and not self.accounts[n.account_seq].suspended
        ]
        return {
            "pending_requests_count": len({n.account_seq for n in filtered}),
            "pending_notifications_count": len(filtered),
        }

    # ------------------------------------------------------------------ statuses
    def _make_status(
        self,
        author: Account,
        text: str,
        visibility: str,
        language: Any,
        moment: datetime,
        **extra: Any,
    ) -> Status:
        content, mentions, tags = self.render_text(text)
        seq, ident = self.new_id()
        status = Status(
            seq=seq,
            id=ident,
            account_seq=author.seq,
            text=text,
            content=content,
            visibility=visibility,
            language=str(language) if language else None,
            created_at=moment,
            mentions=tuple(mentions),
            tags=tuple(tags),
            **extra,
        )
        self.statuses[seq] = status
        if author.statuses is None:
            author.statuses = []
        author.statuses.append(seq)
        return status

    def render_text(self, text: str) -> tuple[str, list[int], list[str]]:
        """Text → (HTML content, mentioned account seqs, hashtags)."""
        mentions: list[int] = []
        tags: list[str] = []
        parts: list[str] = []
        pos = 0
        for match in _TOKEN_RE.finditer(text):
            parts.append(html.escape(text[pos : match.start()]))
            pos = match.end()
            if match.group("mention"):
                acct = match.group("user")
                if match.group("dom"):
                    acct += "@" + match.group("dom")
                seq = self.find_acct(acct)
                if seq is None:
                    parts.append(html.escape(match.group(0)))
                    continue
                if seq not in mentions:
                    mentions.append(seq)
                target = self.accounts[seq]
                parts.append(
                    f'<span class="h-card" translate="no"><a href="{self.account_url(target)}" '
                    f'class="u-url mention">@<span>{html.escape(target.username)}</span></a></span>'
                )
            else:
                name = match.group("tagname")
                if name.lower() not in tags:
                    tags.append(name.lower())
                parts.append(
                    f'<a href="{self.base_url}/tags/{html.escape(name.lower())}" '
                    f'class="mention hashtag" rel="tag">#<span>{html.escape(name)}</span></a>'
                )
        parts.append(html.escape(text[pos:]))
        body = "".join(parts)
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        content = "".join(f"<p>{p.replace(chr(10), '<br />')}</p>" for p in paragraphs)
        return content, mentions, tags

    def post_status(self, author: Account, params: Mapping[str, Any]) -> Status:
        text = str(params.get("status") or "")
        if not text.strip():
            raise ApiError(422, "Validation failed: Text can't be blank")
        visibility = str(params.get("visibility") or "public")
        if visibility not in VISIBILITIES:
            raise ApiError(422, f"Validation failed: Visibility '{visibility}' is not valid")
        in_reply_to_id = params.get("in_reply_to_id") or None
        in_reply_to_account: int | None = None
        if in_reply_to_id is not None:
            parent_seq = self.seq_of(str(in_reply_to_id))
            parent = self.statuses.get(parent_seq) if parent_seq is not None else None
            if parent is None:
                raise ApiError(404, "Record not found")
            in_reply_to_account = parent.account_seq
            in_reply_to_id = parent.id
        status = self._make_status(
            author,
            text,
            visibility,
            params.get("language") or None,
            self.now(),
            in_reply_to_id=in_reply_to_id,
            in_reply_to_account_seq=in_reply_to_account,
            application=params.get("application"),
            idempotency_key=params.get("idempotency_key"),
            sensitive=bool(params.get("sensitive", False)),
            spoiler_text=str(params.get("spoiler_text") or ""),
        )
        author.statuses_count += 1
        author.last_status = status.created_at.date()
        return status

    def status(self, ident: str) -> Status:
        seq = self.seq_of(ident)
        found = self.statuses.get(seq) if seq is not None else None
        if found is None:
            raise ApiError(404, "Record not found")
        return found

    def visible_to_bot(self, status: Status) -> bool:
        if status.account_seq == self.bot.seq or status.visibility in ("public", "unlisted"):
            return True
        if status.visibility == "private":
            return status.account_seq in self.following
        return self.bot.seq in status.mentions

    def recipients(self, status: Status) -> set[int]:
        reached = set(status.mentions)
        if status.visibility != "direct" and status.account_seq == self.bot.seq:
            reached.update(self.followers)
        reached.discard(status.account_seq)
        return reached

    # ------------------------------------------------------------------ rendering
    def account_url(self, account: Account) -> str:
        if account.domain is None:
            return f"{self.base_url}/@{account.username}"
        return f"https://{account.domain}/@{account.username}"

    def account_uri(self, account: Account) -> str:
        if account.domain is None:
            return f"{self.base_url}/users/{account.username}"
        return f"https://{account.domain}/users/{account.username}"

    def acct(self, account: Account) -> str:
        if account.domain is not None:
            return f"{account.username}@{account.domain}"
        if self.flavour.local_acct == "bare":
            return account.username
        return f"{account.username}@{self.local_host()}"

    def local_host(self) -> str:
        """The host in local handles: the domain, or (snac off 80/443) ``host:port``."""
        if self.flavour.local_acct != "host":
            return self.domain
        host = self.base_host()
        for default_port in (":80", ":443"):
            host = host.removesuffix(default_port)
        return host

    def _partition(self, account: Account) -> str:
        ident = account.id
        if ident.isdigit():
            padded = ident.rjust(9, "0")
            padded = padded.rjust(-(-len(padded) // 3) * 3, "0")
            return "/".join(padded[i : i + 3] for i in range(0, len(padded), 3))
        return ident

    def avatar_url(self, account: Account) -> str:
        if account.suspended or account.avatar == "default":
            return self.flavour.default_avatar(self.base_url, account.seq)
        if account.avatar.startswith(("http://", "https://")):
            return account.avatar
        digest = hashlib.md5(account.username.encode(), usedforsecurity=False).hexdigest()[:16]
        prefix = (
            self.flavour.custom_avatars_local
            if account.domain is None
            else self.flavour.custom_avatars_remote
        )
        return f"{self.base_url}{prefix}/{self._partition(account)}/original/{digest}.png"

    def header_url(self, account: Account) -> str:
        if account.suspended or account.header == "default":
            return self.base_url + self.flavour.default_header
        if account.header.startswith(("http://", "https://")):
            return account.header
        digest = hashlib.md5(account.username.encode()[::-1], usedforsecurity=False).hexdigest()
        prefix = "/system/cache/accounts/headers" if account.domain else "/system/accounts/headers"
        return f"{self.base_url}{prefix}/{self._partition(account)}/original/{digest[:16]}.png"

    def render_account(self, account: Account, *, nested: bool = False) -> JSON:
        fl = self.flavour
        suspended = account.suspended
        is_bot = account.seq == self.bot.seq
        followers_count = len(self.followers) if is_bot else account.followers_count
        following_count = len(self.following) if is_bot else account.following_count
        if fl.last_status_mode == "today":
            last_status: str | None = self.now().date().isoformat()
        elif fl.last_status_mode == "null" or account.last_status is None:
            last_status = None
        else:
            last_status = account.last_status.isoformat()
        avatar = self.avatar_url(account)
        header = self.header_url(account)
        data: JSON = {
            "id": account.id,
            "username": account.username,
            "acct": self.acct(account),
            "display_name": "" if suspended else account.display_name,
            "locked": False if suspended or fl.locked_always_false else account.locked,
            "bot": False if suspended else account.bot,
            "discoverable": (
                True
                if fl.discoverable_always_true
                else (False if suspended else account.discoverable)
            ),
            "indexable": False if suspended else account.indexable,
            "group": account.group,
            "created_at": midnight(account.created),
            "note": "" if suspended else account.note,
            "url": self.account_url(account),
            "uri": self.account_uri(account),
            "avatar": avatar,
            "avatar_static": avatar,
            "header": header,
            "header_static": header,
            "followers_count": followers_count,
            "following_count": following_count,
            "statuses_count": account.statuses_count,
            "last_status_at": last_status,
            "hide_collections": account.hide_collections,
            "emojis": [],
            "fields": []
            if suspended
            else [{"name": n, "value": v, "verified_at": None} for n, v in account.fields],
        }
        if account.domain is None:
            data["noindex"] = False
            data["roles"] = []
        if account.moved_to is not None and not suspended and not nested:
            data["moved"] = self.render_account(self.accounts[account.moved_to], nested=True)
        if suspended:
            data["suspended"] = True
        if account.limited:
            data["limited"] = True
        if account.memorial:
            data["memorial"] = True
        for key in fl.account_omit:
            data.pop(key, None)
        if fl.account_extras:
            fqn = f"{account.username}@{account.domain or self.domain}"
            data["fqn"] = fqn
            data["pleroma"] = {
                "ap_id": self.account_uri(account),
                "background_image": None,
                "favicon": None,
                "hide_favorites": True,
                "hide_followers": bool(account.hide_collections),
                "hide_follows": bool(account.hide_collections),
                "hide_followers_count": False,
                "hide_follows_count": False,
                "is_admin": False,
                "is_moderator": False,
                "is_confirmed": True,
                "is_suggested": False,
                "relationship": {},
                "skip_thread_containment": False,
                "tags": [],
                "deactivated": suspended,
            }
            data["akkoma"] = {"instance": None, "status_ttl_days": None, "permit_followback": False}
        return data

    def render_credentials(self) -> JSON:
        data = self.render_account(self.bot)
        data["source"] = {
            "privacy": "public",
            "sensitive": False,
            "language": "",
            "note": html_to_text(self.bot.note),
            "fields": [{"name": n, "value": v, "verified_at": None} for n, v in self.bot.fields],
            "follow_requests_count": len(self.in_requests),
            "hide_collections": self.bot.hide_collections,
            "discoverable": self.bot.discoverable,
            "indexable": self.bot.indexable,
            "attribution_domains": [],
        }
        if self.flavour.credentials_role:
            data["role"] = {
                "id": "-99",
                "name": "",
                "permissions": "65536",
                "color": "",
                "highlighted": False,
            }
        return data

    def relationship(self, account: Account, *, optimistic: bool = False) -> JSON:
        follow = self.following.get(account.seq)
        request = self.out_requests.get(account.seq)
        source = follow or request
        data: JSON = {
            "id": account.id,
            "following": follow is not None or optimistic,
            "showing_reblogs": source.reblogs if source else False,
            "notifying": source.notify if source else False,
            "languages": None,
            "followed_by": account.seq in self.followers,
            "blocking": False,
            "blocked_by": account.blocks_bot and not self.flavour.blocked_by_always_false,
            "muting": False,
            "muting_notifications": False,
            "muting_expires_at": None,
            "requested": request is not None and not optimistic and request.settles_at is None,
            "requested_by": account.seq in self.in_requests,
            "domain_blocking": False,
            "endorsed": False,
            "note": "",
        }
        if self.flavour.account_extras:
            data["subscribing"] = False
        for key in self.flavour.relationship_omit:
            data.pop(key, None)
        return data

    def render_status(self, status: Status, *, nested: bool = False) -> JSON:
        author = self.accounts[status.account_seq]
        mentions = [
            {
                "id": self.accounts[m].id,
                "username": self.accounts[m].username,
                "url": self.account_url(self.accounts[m]),
                "acct": self.acct(self.accounts[m]),
            }
            for m in status.mentions
        ]
        if author.domain is None:
            url = f"{self.base_url}/@{author.username}/{status.id}"
            uri = f"{self.base_url}/users/{author.username}/statuses/{status.id}"
        else:
            url = f"https://{author.domain}/@{author.username}/{status.id}"
            uri = f"https://{author.domain}/users/{author.username}/statuses/{status.id}"
        reblog: JSON | None = None
        if status.reblog_of is not None and not nested:
            reblog = self.render_status(self.statuses[status.reblog_of], nested=True)
        data: JSON = {
            "id": status.id,
            "created_at": iso_ms(status.created_at),
            "in_reply_to_id": status.in_reply_to_id,
            "in_reply_to_account_id": (
                self.accounts[status.in_reply_to_account_seq].id
                if status.in_reply_to_account_seq is not None
                else None
            ),
            "sensitive": status.sensitive,
            "spoiler_text": status.spoiler_text,
            "visibility": status.visibility,
            "language": status.language,
            "uri": uri,
            "url": url,
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "edited_at": None,
            "favourited": False,
            "reblogged": False,
            "muted": False,
            "bookmarked": False,
            "content": status.content,
            "filtered": [],
            "reblog": reblog,
            "application": status.application,
            "account": self.render_account(author),
            "media_attachments": [],
            "mentions": mentions,
            "tags": [{"name": t, "url": f"{self.base_url}/tags/{t}"} for t in status.tags],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        if author.seq == self.bot.seq:
            data["pinned"] = False
        return data

    def render_notification(self, notification: Notification) -> JSON:
        data: JSON = {
            "id": notification.id,
            "type": notification.type,
            "created_at": iso_ms(notification.created_at),
            "account": self.render_account(self.accounts[notification.account_seq]),
        }
        if self.flavour.group_key:
            data["group_key"] = f"ungrouped-{notification.id}"
        if notification.status_seq is not None:
            data["status"] = self.render_status(self.statuses[notification.status_seq])
        if notification.filtered:
            data["filtered"] = True
        return data

    def render_list(self, user_list: UserList) -> JSON:
        data: JSON = {"id": user_list.id, "title": user_list.title}
        if not self.flavour.list_minimal_entity:
            data["replies_policy"] = user_list.replies_policy
            if self.flavour.list_exclusive_supported:
                data["exclusive"] = user_list.exclusive
            else:
                data["exclusive"] = False
        return data

    def render_policy(self) -> JSON:
        return {**self.policy, "summary": self.policy_summary()}

    # ------------------------------------------------------------------ helpers
    def accounts_by_seqs(self, seqs: Iterable[int]) -> list[Account]:
        return [self.accounts[s] for s in seqs]


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_bool(value: str | None, default: bool = False) -> bool:
    """Rails-style boolean parsing of a query/form value."""
    return _truthy(value, default)
