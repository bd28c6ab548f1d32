"""The bot's own vocabulary: what it knows about a follower and what it decided.

These are plain frozen dataclasses built from Mastodon-shaped JSON by tolerant
parsers. Nothing here talks to the network or the database; other servers'
missing fields become ``None`` ("unknown"), never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from bot.text import html_to_text, safe_text, strip_invisible

# --------------------------------------------------------------------------- parsing helpers


def _str(value: object, default: str = "") -> str:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # an integer too long to print (over 4300 digits)
            return default
    return default


#: Deeper JSON than this is cut (Mastodon's own nests a handful of levels).
MAX_JSON_DEPTH = 32


def _iso(value: date) -> str:
    """ISO 8601: dates as they are, datetimes in UTC (naive ones taken as UTC) with ``Z``."""
    if not isinstance(value, datetime):
        return value.isoformat()
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    except OverflowError:  # 9999-12-31T23:00-05:00 has no UTC form: keep its own offset
        return aware.isoformat()


def safe_json(value: Any, *, _depth: int = 0) -> Any:
    """JSON-like data from the server, made safe to serialise and store.

    Every string (keys too) goes through :func:`bot.text.safe_text`, so no lone
    surrogate or NUL reaches the database; floats that JSON cannot hold (NaN,
    infinities) and anything nested deeper than :data:`MAX_JSON_DEPTH` become
    ``None``; dates become ISO 8601 text; values of other types become their (safe) text.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date):
        return _iso(value)
    if _depth >= MAX_JSON_DEPTH:
        return None
    if isinstance(value, Mapping):
        return {safe_text(str(k)): safe_json(v, _depth=_depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe_json(v, _depth=_depth + 1) for v in value]
    return safe_text(str(value))


def _opt_str(value: object) -> str | None:
    text = _str(value)
    return text or None


def _bool(value: object) -> bool | None:
    """True/False, or None when the server did not say."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "false", "0"}:
        return value.strip().lower() in {"true", "1"}
    return None


def _count(value: object) -> int | None:
    """A reported count, or None when absent, hidden (negative) or not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and math.isfinite(value):
        return int(value) if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 19:
        return int(value.strip())
    return None


def parse_datetime(value: object) -> datetime | None:
    """Parse an RFC 3339 timestamp, a date, or a datetime into an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str) or not 8 <= len(value) <= 40:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
        except ValueError:
            return None
    if parsed.year < 1990:
        return None
    try:
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last datetime in UTC
        return None


def _parse_date(value: object) -> date | None:
    parsed = parse_datetime(value)
    return parsed.date() if parsed else None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


# --------------------------------------------------------------------------- accounts


@dataclass(frozen=True, slots=True)
class ProfileField:
    name: str
    value: str  # plain text
    verified: bool = False


@dataclass(frozen=True, slots=True)
class AccountSnapshot:
    """What the bot knows about one account at one moment.

    Counts and dates are ``None`` when the server left them out or hid them.
    """

    id: str
    acct: str
    username: str
    display_name: str = ""
    note: str = ""  # plain text, HTML stripped
    fields: tuple[ProfileField, ...] = ()
    avatar: str = ""
    avatar_static: str = ""
    url: str = ""
    bot: bool | None = None
    group: bool | None = None
    locked: bool | None = None
    created_at: datetime | None = None
    last_status_at: date | None = None
    statuses_count: int | None = None
    followers_count: int | None = None
    following_count: int | None = None
    moved_to: str | None = None
    suspended: bool = False
    limited: bool = False
    memorial: bool = False

    @property
    def domain(self) -> str | None:
        """The account's home domain, or None for an account local to the bot's server."""
        _, sep, domain = self.acct.partition("@")
        return domain.lower() if sep and domain else None

    @property
    def profile_text(self) -> str:
        """Bio and profile fields together, for keyword rules."""
        parts = [self.note, *(f"{f.name}: {f.value}" for f in self.fields)]
        return "\n".join(p for p in parts if p)


def account_from_json(data: object) -> AccountSnapshot:
    """Build an AccountSnapshot from Mastodon-shaped Account JSON (any server, any garbage).

    Raises ``ValueError`` only if there is no usable id at all. (Over 50 lines, and kept
    so: it is one flat field-by-field mapping, read top to bottom against the entity.)
    """
    raw = _mapping(data)
    account_id = _str(raw.get("id")).strip()
    if not account_id or len(account_id) > 200:
        raise ValueError("account JSON has no usable id")
    username = _str(raw.get("username")).strip()[:200]
    acct = _str(raw.get("acct")).strip()[:400] or username or account_id
    if not username:
        username = acct.partition("@")[0]
    fields = tuple(
        ProfileField(
            name=html_to_text(f.get("name"))[:255],
            value=html_to_text(f.get("value"))[:2000],
            verified=f.get("verified_at") not in (None, ""),
        )
        for f in (_mapping(item) for item in _sequence(raw.get("fields"))[:50])
    )
    moved = raw.get("moved")
    moved_to: str | None = None
    if isinstance(moved, Mapping):
        moved_to = _str(moved.get("acct")) or _str(moved.get("id")) or "unknown"
    elif moved not in (None, False, ""):
        moved_to = _str(moved) or "unknown"
    # Akkoma/Pleroma leave out `group` but say what the actor is under source.pleroma.
    actor_type = _str(
        _mapping(_mapping(raw.get("source")).get("pleroma")).get("actor_type")
        or _mapping(raw.get("pleroma")).get("actor_type")
    ).lower()
    bot = _bool(raw.get("bot"))
    group = _bool(raw.get("group"))
    if actor_type in ("service", "application"):
        bot = True
    if actor_type == "group" and not group:
        group = True
    return AccountSnapshot(
        id=account_id,
        acct=acct,
        username=username,
        display_name=_str(raw.get("display_name"))[:1000],
        note=html_to_text(raw.get("note")),
        fields=fields,
        avatar=_str(raw.get("avatar"))[:2000],
        avatar_static=_str(raw.get("avatar_static"))[:2000],
        url=_str(raw.get("url"))[:2000],
        bot=bot,
        group=group,
        locked=_bool(raw.get("locked")),
        created_at=parse_datetime(raw.get("created_at")),
        last_status_at=_parse_date(raw.get("last_status_at")),
        statuses_count=_count(raw.get("statuses_count")),
        followers_count=_count(raw.get("followers_count")),
        following_count=_count(raw.get("following_count")),
        moved_to=moved_to,
        suspended=_bool(raw.get("suspended")) is True,
        limited=_bool(raw.get("limited")) is True,
        memorial=_bool(raw.get("memorial")) is True,
    )


# --------------------------------------------------------------------------- statuses


@dataclass(frozen=True, slots=True)
class StatusSnapshot:
    id: str
    text: str = ""
    created_at: datetime | None = None
    visibility: str = ""
    language: str | None = None
    application: str | None = None  # name of the posting app, when the server tells
    in_reply_to_account_id: str | None = None
    is_reblog: bool = False
    mention_ids: tuple[str, ...] = ()
    has_card: bool = False
    in_reply_to_id: str | None = None


def status_from_json(data: object) -> StatusSnapshot | None:
    """Build a StatusSnapshot from Status JSON; None when it is unusable."""
    raw = _mapping(data)
    status_id = _str(raw.get("id")).strip()
    if not status_id:
        return None
    application = _mapping(raw.get("application"))
    mentions = tuple(_str(_mapping(m).get("id")) for m in _sequence(raw.get("mentions"))[:100])
    language = _opt_str(raw.get("language"))
    return StatusSnapshot(
        id=status_id[:200],
        text=html_to_text(raw.get("content")),
        created_at=parse_datetime(raw.get("created_at")),
        visibility=_str(raw.get("visibility"))[:20],
        language=language.lower()[:10] if language else None,
        application=_opt_str(application.get("name")),
        in_reply_to_account_id=_opt_str(raw.get("in_reply_to_account_id")),
        in_reply_to_id=_opt_str(raw.get("in_reply_to_id")),
        is_reblog=isinstance(raw.get("reblog"), Mapping),
        mention_ids=tuple(m for m in mentions if m),
        has_card=isinstance(raw.get("card"), Mapping),
    )


# --------------------------------------------------------------------------- relationships


@dataclass(frozen=True, slots=True)
class Relationship:
    """The bot's relationship to one account. ``None`` means the server did not say."""

    id: str
    following: bool | None = None
    requested: bool | None = None
    followed_by: bool | None = None
    blocking: bool | None = None
    blocked_by: bool | None = None
    muting: bool | None = None
    domain_blocking: bool | None = None


def relationship_from_json(data: object) -> Relationship | None:
    raw = _mapping(data)
    rel_id = _str(raw.get("id")).strip()
    if not rel_id:
        return None
    return Relationship(
        id=rel_id,
        following=_bool(raw.get("following")),
        requested=_bool(raw.get("requested")),
        followed_by=_bool(raw.get("followed_by")),
        blocking=_bool(raw.get("blocking")),
        blocked_by=_bool(raw.get("blocked_by")),
        muting=_bool(raw.get("muting")),
        domain_blocking=_bool(raw.get("domain_blocking")),
    )


# --------------------------------------------------------------------------- decisions


class Outcome(StrEnum):
    """What the bot will do about a follower."""

    FOLLOW = "follow"
    SKIP = "skip"
    HOLD = "hold"  # look again later (eggs may become people)
    REVIEW = "review"  # borderline: waits for the owner


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: a stable rule id and a plain-language detail."""

    rule: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    category: str
    reasons: tuple[Reason, ...]
    rules_version: str
    needs_statuses: bool = False  # a rule would have looked at recent posts had they been given

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.outcome.value,
            "category": self.category,
            "reasons": [r.to_json() for r in self.reasons],
            "rules_version": self.rules_version,
        }


#: The category and rule id of a follower whose data could not be judged or recorded.
ERROR_CATEGORY = "error"
JUDGE_ERROR_RULE = "judge_error"


def judge_error_decision(problem: str, *, rules_version: str) -> Decision:
    """The decision recorded for a follower the bot could not judge or record: skip.

    ``problem`` says what went wrong in a few words (an exception's class name, not its
    message, which may quote server text). Recording this instead lets the cursor move
    on: one poisoned profile cannot stop everyone after it.
    """
    detail = " ".join(strip_invisible(safe_text(problem)).split())[:200] or "unknown error"
    reason = Reason(JUDGE_ERROR_RULE, f"could not be judged or recorded: {detail}")
    return Decision(Outcome.SKIP, ERROR_CATEGORY, (reason,), rules_version)


@dataclass(frozen=True, slots=True)
class FollowEvent:
    """A notification about an account: a follow, a follow request or a mention; or a
    sign-up on the bot's own server (``type`` ``signup``)."""

    notification_id: str
    type: str
    account: AccountSnapshot
    account_json: Mapping[str, Any] = field(default_factory=dict, compare=False)
    created_at: datetime | None = None
    status_id: str | None = None  # for mentions: the status that mentioned the bot
    status: StatusSnapshot | None = None
    locale: str | None = None  # for sign-ups: the locale chosen at sign-up (admin API)
