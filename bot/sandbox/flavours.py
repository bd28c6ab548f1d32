"""Per-server behaviour table for the sandbox.

Every difference between the emulated servers (Mastodon, GoToSocial, Akkoma, snac,
Takahē) lives in one :class:`Flavour` record, so the request handlers read a field
instead of testing the flavour name.  The id codecs that render the sandbox's
internal sequence numbers as each server's id format also live here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

# --------------------------------------------------------------------------------------
# Id codecs.  Internally every entity has an integer ``seq`` from one counter; the codec
# renders it (plus a creation timestamp for time-based formats) and, where possible,
# decodes it back.  Rendering preserves ordering for all formats except md5 (snac).
# --------------------------------------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SEQ_BITS = 40
_SEQ_MASK = (1 << _SEQ_BITS) - 1


class IdCodec:
    """Renders internal sequence numbers as a server's id strings."""

    kind = "numeric"

    def __init__(self, salt: int) -> None:
        self.salt = salt

    def encode(self, seq: int, ts_ms: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def decode(self, text: str) -> int | None:  # pragma: no cover - abstract
        raise NotImplementedError


class NumericCodec(IdCodec):
    """Snowflake-like decimal strings: ``base + seq`` (Mastodon, Takahē)."""

    def __init__(self, salt: int, base: int) -> None:
        super().__init__(salt)
        self.base = base

    def encode(self, seq: int, ts_ms: int) -> str:
        return str(self.base + seq)

    def decode(self, text: str) -> int | None:
        if not text.isdigit() or len(text) > 30:
            return None
        return int(text) - self.base


class UlidCodec(IdCodec):
    """26-character Crockford base32 ULIDs: 48-bit ms timestamp, then 80 bits whose
    low 40 bits carry the sequence number (GoToSocial)."""

    kind = "ulid"

    def encode(self, seq: int, ts_ms: int) -> str:
        value = (ts_ms << 80) | ((self.salt & ((1 << 40) - 1)) << _SEQ_BITS) | seq
        chars = []
        for _ in range(26):
            chars.append(_CROCKFORD[value & 31])
            value >>= 5
        return "".join(reversed(chars))

    def decode(self, text: str) -> int | None:
        if len(text) != 26:
            return None
        value = 0
        for char in text.upper():
            idx = _CROCKFORD.find(char)
            if idx < 0:
                return None
            value = (value << 5) | idx
        return value & _SEQ_MASK


class FlakeCodec(IdCodec):
    """Akkoma-style FlakeIds: a 128-bit (timestamp, worker, sequence) number in
    base62, left-padded to a fixed width so string order equals time order."""

    kind = "flake"

    def encode(self, seq: int, ts_ms: int) -> str:
        value = (ts_ms << 64) | ((self.salt & 0xFFFFFF) << _SEQ_BITS) | seq
        chars = []
        while value:
            value, rem = divmod(value, 62)
            chars.append(_BASE62[rem])
        return "".join(reversed(chars)).rjust(22, "0")

    def decode(self, text: str) -> int | None:
        if len(text) != 22:
            return None
        value = 0
        for char in text:
            idx = _BASE62.find(char)
            if idx < 0:
                return None
            value = value * 62 + idx
        return value & _SEQ_MASK


class Md5Codec(IdCodec):
    """snac's md5-hex ids.  Not invertible: the state keeps a reverse map."""

    kind = "md5"

    def encode(self, seq: int, ts_ms: int) -> str:
        return hashlib.md5(f"{self.salt}:{seq}".encode(), usedforsecurity=False).hexdigest()

    def decode(self, text: str) -> int | None:
        return None


# --------------------------------------------------------------------------------------
# The flavour table.
# --------------------------------------------------------------------------------------

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
        version="0.20.0 git-57cb4fe",
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
    ),
    "snac": Flavour(
        name="snac",
        make_codec=Md5Codec,
        version="4.0.0 (not true; really snac/2.94)",
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
    ),
}


def get_flavour(name: str) -> Flavour:
    """Return the flavour called ``name`` or raise ``ValueError`` naming the choices."""
    try:
        return FLAVOURS[name]
    except KeyError:
        choices = ", ".join(sorted(FLAVOURS))
        raise ValueError(f"unknown sandbox flavour {name!r} (choose one of: {choices})") from None
