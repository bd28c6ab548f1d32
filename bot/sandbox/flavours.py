"""Per-server behaviour table for the sandbox.

Every difference between the emulated servers (Mastodon, GoToSocial, Akkoma, snac,
Takahē) lives in one :class:`Flavour` record, so the request handlers read a field
instead of testing the flavour name.  Each field says what the server does, and the
comment names the server it was seen on (``servers-observed.md`` wins over guesses).
A scenario's ``quirks:`` mapping overrides single fields (see :func:`with_quirks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from bot.sandbox.ids import FlakeCodec, IdCodec, Md5Codec, NumericCodec, UlidCodec

RelationshipsMode = Literal["omit_unknown", "strict", "first_only"]


def _mastodon_avatar(base: str, seq: int) -> str:
    return f"{base}/avatars/original/missing.png"


def _gts_avatar(base: str, seq: int) -> str:
    return f"{base}/assets/default_avatars/GoToSocial_icon{seq % 6 + 1}.webp"


def _akkoma_avatar(base: str, seq: int) -> str:
    return f"{base}/images/avi.png"


def _snac_avatar(base: str, seq: int) -> str:
    return f"{base}/susie.png"


def _takahe_avatar(base: str, seq: int) -> str:
    return f"{base}/static/img/unknown-icon-128.png"


_ALL_NOTIFICATION_TYPES = frozenset(
    {
        "mention",
        "status",
        "reblog",
        "follow",
        "follow_request",
        "favourite",
        "poll",
        "update",
        "admin.sign_up",
        "admin.report",
    }
)


@dataclass(frozen=True)
class Flavour:
    """Everything that differs between emulated servers."""

    name: str
    make_codec: Callable[[int], IdCodec]
    version: str
    # pagination: (default, max) page sizes
    notifications_limit: tuple[int, int] = (40, 80)
    accounts_limit: tuple[int, int] = (40, 80)
    statuses_limit: tuple[int, int] = (20, 40)
    # notifications
    notification_types: frozenset[str] = _ALL_NOTIFICATION_TYPES
    types_param: str = "types"  # the include-filter query parameter the server reads
    default_types: frozenset[str] | None = None  # returned when no include filter given
    since_id_supported: bool = True
    notification_policy: bool = True
    include_filtered: bool = True
    group_key: bool = True
    # accounts
    account_omit: frozenset[str] = frozenset()
    account_extras: bool = False  # akkoma's pleroma{}/akkoma{}/fqn
    default_avatar: Callable[[str, int], str] = _mastodon_avatar
    default_header: str = "/headers/original/missing.png"
    custom_avatars_local: str = "/system/accounts/avatars"
    custom_avatars_remote: str = "/system/cache/accounts/avatars"
    locked_always_false: bool = False
    discoverable_always_true: bool = False
    last_status_mode: Literal["real", "today", "null"] = "real"
    followers_always_empty: bool = False
    # relationships
    relationships_mode: RelationshipsMode = "omit_unknown"
    relationship_omit: frozenset[str] = frozenset()
    blocked_by_always_false: bool = False
    relationships_omit_suspended: bool = True  # unless with_suspended=true
    # lists
    lists_supported: bool = True
    list_requires_follow: bool = True
    list_minimal_entity: bool = False
    list_duplicate_is_error: bool = True
    list_exclusive_supported: bool = True
    # error texts; {account} and {list} are replaced by ids
    list_not_followed_error: str = "Record not found"
    list_duplicate_error: str = "Validation failed: Account has already been taken"
    # verify_credentials carries Mastodon's `role` object
    credentials_role: bool = False
    # rate limits
    rate_limit_headers: bool = True
    rate_limit_error: str = "Too many requests"
    # routing
    trailing_slash_ok: bool = True
    api_versions: dict[str, int] = field(default_factory=dict)
    source_url: str = "https://github.com/mastodon/mastodon"
    # ---- learnt from real servers (servers-observed.md, 2026-12-01)
    # transport: answer, keep the socket open, then drop it when the next request
    # arrives on it, never saying ``Connection: close`` (snac closes after every reply)
    drops_kept_alive: bool = False
    requires_user_agent: bool = False  # no User-Agent header -> 418 (GoToSocial)
    # a token the server does not know (Takahē: 400, plain text ``Invalid Bearer token``)
    bad_token_status: int = 401
    bad_token_error: str = "The access token is invalid"
    bad_token_plain_text: bool = False
    # (method, path regex, scope) a token must hold, checked like Takahē's has_scope():
    # the scope itself or its prefix (``read`` covers ``read:accounts``, never the reverse)
    scope_rules: tuple[tuple[str, str, str], ...] = ()
    scope_error: str = "This action is outside the authorized scopes"
    honours_idempotency_key: bool = True  # only Mastodon (and Akkoma) replay on the key
    account_statuses_public_only: bool = False  # snac, even for the author: no DMs there
    locked_by_default: bool = False  # GoToSocial: local accounts start locked
    follow_request_notifications: bool = True  # snac, Takahē: only at /follow_requests
    # GoToSocial: authorizing a request deletes its follow_request notification and
    # creates a new ``follow`` notification
    authorize_replaces_notification: bool = False
    # Takahē: POST /follow answers following=false requested=false and the follow
    # takes effect this many seconds later (by the sandbox clock), when Stator runs
    follow_settle_seconds: float | None = None
    notifications_visible: int | None = None  # snac: only the newest 64
    notification_ids_are_timestamps: bool = False  # snac: compared as strings
    next_link_on_short_page: bool = False  # Takahē
    # local accounts' ``acct``: bare (Mastodon, GoToSocial), ``user@domain`` (snac,
    # Takahē) or ``user@host:port`` (snac when it is not on port 80 or 443)
    local_acct: Literal["bare", "domain", "host"] = "bare"
    accounts_batch_status: int | None = None  # GET /accounts?id[]: 405 GTS, 404 snac
    list_create_status: int = 404  # the answer to POST /lists where there are no lists
    list_ids_by_second: bool = False  # snac: a list's id is its creation second
    list_same_title_returns_existing: bool = False  # snac
    # ---- the admin side (issue 15; bot/sandbox/admin.py, docs/servers-signups.md)
    # which of Mastodon's admin accounts lists exist (the single account with either)
    admin_api: Literal["v1_v2", "v2", "v1", "none"] = "v1_v2"
    # when ``admin.sign_up`` is sent: Mastodon once the user is confirmed and approved,
    # GoToSocial and Takahē when the account is made, snac and Akkoma never
    sign_up_notice: Literal["on_approval", "at_sign_up", "none"] = "on_approval"
    # who is told: a role with this permission (Mastodon) or of this rank
    sign_up_notice_to: Literal["manage_users", "moderator", "admin"] = "manage_users"
    # what the admin API asks of the account (GoToSocial: an admin, not a moderator)
    admin_api_needs: Literal["manage_users", "admin"] = "manage_users"
    admin_scope_error: str = "This action is outside the authorized scopes"
    admin_forbidden_error: str = "This action is not allowed"  # {user}: the account id
    # Mastodon: a local account not yet confirmed or approved is 404 on /accounts/:id
    hides_pending_accounts: bool = True
    # ---- hostile behaviour (issue 17); off everywhere but the ``hostile`` flavour
    echo_authorization: bool = False  # error bodies repeat the Authorization header
    rate_limit_reset_text: str | None = None  # e.g. forty nines
    ignores_limit: bool = False  # every page holds everything the query matches
    notification_cursor_bounces: bool = False  # every other min_id page is older
    next_link_host: str | None = None  # rel=next points at the same page on this host


#: Takahē's scope checks on the endpoints the bot uses (api/views in its source).
TAKAHE_SCOPES: tuple[tuple[str, str, str], ...] = (
    ("GET", r"^/api/v1/accounts/verify_credentials$", "read"),
    ("GET", r"^/api/v1/accounts/relationships$", "read"),
    ("GET", r"^/api/v1/accounts/[^/]+/statuses$", "read:statuses"),
    ("GET", r"^/api/v1/accounts/[^/]+$", "read:accounts"),
    ("POST", r"^/api/v1/accounts/[^/]+/(un)?follow$", "write:follows"),
    ("GET", r"^/api/v1/follow_requests$", "read:follows"),
    ("POST", r"^/api/v1/follow_requests/[^/]+/(authorize|reject)$", "write:follows"),
    ("GET", r"^/api/v1/notifications$", "read:notifications"),
    ("POST", r"^/api/v1/statuses$", "write:statuses"),
    ("GET", r"^/api/v1/timelines/home$", "read:statuses"),
    ("GET", r"^/api/v1/lists$", "read:lists"),
)


FLAVOURS: dict[str, Flavour] = {
    "mastodon": Flavour(
        name="mastodon",
        make_codec=lambda salt: NumericCodec(salt, 109_000_000_000_000_000),
        version="4.3.2",
        credentials_role=True,
        api_versions={"mastodon": 6},
    ),
    "gotosocial": Flavour(
        name="gotosocial",
        make_codec=UlidCodec,
        version="v0.20.0-rc1-8-g57cb4fe74+git-57cb4fe",  # a source build
        notifications_limit=(20, 80),
        statuses_limit=(30, 40),
        notification_types=_ALL_NOTIFICATION_TYPES,
        notification_policy=False,
        include_filtered=False,
        group_key=False,
        account_omit=frozenset({"noindex", "indexable", "limited", "memorial", "uri"}),
        default_avatar=_gts_avatar,
        default_header="/assets/default_header.webp",
        custom_avatars_local="/fileserver/local/account/avatar",
        custom_avatars_remote="/fileserver/remote/account/avatar",
        relationships_mode="strict",
        relationship_omit=frozenset({"languages", "muting_expires_at"}),
        relationships_omit_suspended=False,
        list_not_followed_error="Not Found: account {account} not currently followed",
        list_duplicate_error="Unprocessable Entity: account {account} is already in list {list}",
        trailing_slash_ok=False,
        source_url="https://codeberg.org/superseriousbusiness/gotosocial",
        requires_user_agent=True,
        honours_idempotency_key=False,
        locked_by_default=True,
        authorize_replaces_notification=True,
        accounts_batch_status=405,
        sign_up_notice="at_sign_up",
        sign_up_notice_to="moderator",
        admin_api_needs="admin",
        admin_scope_error="Forbidden: token has insufficient scope permission",
        admin_forbidden_error="Forbidden: user {user} not an admin",
        hides_pending_accounts=False,
    ),
    "akkoma": Flavour(
        name="akkoma",
        make_codec=FlakeCodec,
        version="2.7.2 (compatible; Akkoma 3.15.2)",
        notifications_limit=(20, 40),
        accounts_limit=(20, 40),
        statuses_limit=(20, 40),
        types_param="include_types",
        default_types=frozenset(
            {
                "mention",
                "follow",
                "follow_request",
                "reblog",
                "favourite",
                "move",
                "pleroma:emoji_reaction",
                "poll",
                "update",
            }
        ),
        notification_policy=False,
        include_filtered=False,
        group_key=False,
        account_omit=frozenset({"group", "discoverable", "noindex", "indexable", "roles"}),
        account_extras=True,
        default_avatar=_akkoma_avatar,
        default_header="/images/banner.png",
        custom_avatars_local="/media",
        custom_avatars_remote="/proxy/media",
        blocked_by_always_false=True,
        relationship_omit=frozenset({"languages", "muting_expires_at"}),
        list_requires_follow=False,
        list_minimal_entity=True,
        list_duplicate_is_error=False,
        list_exclusive_supported=False,
        rate_limit_headers=False,
        rate_limit_error="Throttled",
        source_url="https://akkoma.dev/AkkomaGang/akkoma",
        admin_api="none",  # only /api/v1/pleroma/admin/users, not modelled
        sign_up_notice="none",
        hides_pending_accounts=False,
    ),
    "snac": Flavour(
        name="snac",
        make_codec=Md5Codec,
        version="4.0.0 (not true; really snac/2.94)",
        notifications_limit=(1, 80),  # without a limit, one notification comes back
        since_id_supported=False,
        notification_policy=False,
        include_filtered=False,
        group_key=False,
        default_avatar=_snac_avatar,
        default_header="/header.png",
        custom_avatars_local="/s",
        custom_avatars_remote="/s",
        locked_always_false=True,
        discoverable_always_true=True,
        last_status_mode="today",
        followers_always_empty=True,
        relationships_mode="first_only",
        list_requires_follow=False,
        list_exclusive_supported=False,
        rate_limit_headers=False,
        trailing_slash_ok=False,
        source_url="https://codeberg.org/grunfink/snac2",
        drops_kept_alive=True,
        honours_idempotency_key=False,
        account_statuses_public_only=True,
        follow_request_notifications=False,
        notifications_visible=64,
        notification_ids_are_timestamps=True,
        local_acct="domain",
        accounts_batch_status=404,
        list_ids_by_second=True,
        list_same_title_returns_existing=True,
        admin_api="none",
        sign_up_notice="none",
        hides_pending_accounts=False,
    ),
    "takahe": Flavour(
        name="takahe",
        make_codec=lambda salt: NumericCodec(salt, 110_000_000_000_000_000),
        version="takahe/0.11.0",
        notifications_limit=(20, 40),
        accounts_limit=(40, 40),
        statuses_limit=(20, 40),
        notification_types=frozenset({"favourite", "reblog", "mention", "follow", "admin.sign_up"}),
        notification_policy=False,
        include_filtered=False,
        group_key=False,
        default_avatar=_takahe_avatar,
        default_header="/static/img/blank-header.png",
        custom_avatars_local="/media/profile_images",
        custom_avatars_remote="/proxy/identity_icon",
        last_status_mode="null",
        relationships_mode="strict",
        relationship_omit=frozenset({"languages", "muting_expires_at"}),
        lists_supported=False,
        rate_limit_headers=False,
        trailing_slash_ok=False,
        source_url="https://github.com/jointakahe/takahe",
        bad_token_status=400,
        bad_token_error="Invalid Bearer token",
        bad_token_plain_text=True,
        scope_rules=TAKAHE_SCOPES,
        scope_error="out_of_scope_for_token",
        honours_idempotency_key=False,
        follow_request_notifications=False,
        follow_settle_seconds=2.0,
        next_link_on_short_page=True,
        local_acct="domain",
        list_create_status=405,
        admin_api="none",
        sign_up_notice="at_sign_up",
        sign_up_notice_to="admin",
        hides_pending_accounts=False,
    ),
    # A Mastodon-speaking server that lies in every way issue 17 found: for tests
    # that the bot stays bounded and never leaks its token. Single behaviours can be
    # switched on for any flavour with a scenario's ``quirks:``.
    "hostile": Flavour(
        name="hostile",
        make_codec=lambda salt: NumericCodec(salt, 109_000_000_000_000_000),
        version="4.3.2",
        echo_authorization=True,
        rate_limit_reset_text="9" * 40,
        ignores_limit=True,
        notification_cursor_bounces=True,
        next_link_host="localhost",
        honours_idempotency_key=False,
    ),
}


_SCALARS: dict[str, tuple[type, ...]] = {
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
    "str": (str,),
}


def _check_quirk(key: str, value: Any) -> None:
    """Raise ``ValueError`` unless ``key`` is a scalar Flavour field and ``value`` fits it."""
    annotation = _FIELD_TYPES.get(key)
    if annotation is None:
        raise ValueError(f"quirks: unknown flavour field {key!r}")
    nullable = annotation.endswith(" | None")
    base = annotation.removesuffix(" | None")
    if value is None and nullable:
        return
    if base.startswith("Literal["):
        choices = re.findall(r"'([^']*)'", base)
        if value not in choices:
            raise ValueError(f"quirks.{key}: {value!r} is not one of {choices}")
        return
    allowed = _SCALARS.get(base)
    if allowed is None:
        raise ValueError(f"quirks: flavour field {key!r} cannot be set from a scenario")
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        raise ValueError(f"quirks.{key}: {value!r} is not a {base}")


_FIELD_TYPES = {f.name: str(f.type) for f in fields(Flavour)}


def with_quirks(flavour: Flavour, quirks: Mapping[str, Any]) -> Flavour:
    """``flavour`` with single fields overridden; ``ValueError`` names a bad key."""
    for key, value in quirks.items():
        _check_quirk(key, value)
    return replace(flavour, **dict(quirks)) if quirks else flavour


def get_flavour(name: str) -> Flavour:
    """Return the flavour called ``name`` or raise ``ValueError`` naming the choices."""
    try:
        return FLAVOURS[name]
    except KeyError:
        choices = ", ".join(sorted(FLAVOURS))
        raise ValueError(f"unknown sandbox flavour {name!r} (choose one of: {choices})") from None
