"""Typed, validated configuration loaded from ``config.yaml``.

Every key is checked at load time; unknown keys are rejected and every error
names the key (``follow_back.delay: ...``). Secrets never live here: the access
token comes from ``WELCOMEBOT_ACCESS_TOKEN`` or ``instance.access_token_file``.
"""

from __future__ import annotations

import os
import re
import stat
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.config_greet import GREET_FOLLOWERS, GREET_SIGNUPS, Greet, SignupsConfig
from bot.config_messages import Warn, describe_errors, parse_yaml, url_warnings, yaml_problem
from bot.errors import SetupError
from bot.judge.vocabulary.consent import DEFAULT_OPT_OUT_PHRASES, DEFAULT_OPT_OUT_TAGS
from bot.text import MENTION, fold, strip_invisible
from bot.welcome import MAX_NAME_CHARS, MAX_STATUS_CHARS

TOKEN_ENV = "WELCOMEBOT_ACCESS_TOKEN"


class ConfigError(SetupError):
    """The configuration is unusable. ``str(err)`` is a one-line message naming the key."""


# --------------------------------------------------------------------------- durations

_DURATION_PART = re.compile(r"(\d{1,9})\s*(w|d|h|m|s)")
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(value: object) -> timedelta:
    """Parse ``90s``, ``5m``, ``1h30m``, ``7d``, ``2w`` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration like 90s, 5m, 1h or 7d")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return timedelta(seconds=value)
    seconds = _duration_text_seconds(value) if isinstance(value, str) else None
    if seconds is None:
        raise ValueError(f"expected a duration like 90s, 5m, 1h or 7d, got {value!r}")
    return timedelta(seconds=seconds)


def _duration_text_seconds(value: str) -> int | None:
    """``1h30m`` -> 5400; a bare number of seconds; None if it is neither."""
    text = value.strip().lower().replace(" ", "")
    if not text or len(text) > 40:
        return None
    if text.isdigit():
        return int(text)
    pos, total = 0, 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            return None
        total += int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    return total if pos == len(text) else None


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0s"
    out = []
    for unit in ("d", "h", "m", "s"):
        size = _UNIT_SECONDS[unit]
        if seconds >= size:
            out.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(out)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]

# --------------------------------------------------------------------------- templates

TEMPLATE_VARIABLES = frozenset(
    {"display_name", "username", "acct", "instance", "bot_acct", "bot_display_name", "rules_url"}
)
#: The longest value each placeholder plausibly takes (a display name is cut to 60
#: characters when it is sanitised; Mastodon's usernames have at most 30), and the
#: newcomer's mention the bot puts in front (@ + username + @ + server).
LONGEST_PLAUSIBLE = {
    "display_name": MAX_NAME_CHARS,
    "bot_display_name": MAX_NAME_CHARS,
    "username": 30,
    "acct": 61,
    "instance": 30,
    "bot_acct": 30,
    "rules_url": 60,  # https://<the bot's server>/about
}
LONGEST_MENTION = 62
# {{ name }}: Jinja's placeholders, which str.format would send as "{ name }".
_JINJA = re.compile(r"\{\{(\s*)([A-Za-z_]\w*)(\s*)\}\}")
# Stands for a placeholder's value while a template is checked (private use: the
# owner's own text cannot contain it, strip_invisible removes those).
_SLOT = "\ue000"
# Sentence punctuation that may touch a placeholder: "({display_name})," is fine.
_OPENING = "([{'\"«“‘¡¿"
_CLOSING = ".,;:!?)]}'\"»”’…"
# Inside one word with a placeholder, these would make profile text part of a
# mention or hashtag (@ #) or of a link or address (/ : . ? = & \).
_TAG_MARKS = re.compile(r"[@#]")
_LINK_MARKS = re.compile(r"[/:.?=&\\]")


def _template_skeleton(parsed: list[tuple[str, str | None, str | None, str | None]]) -> str:
    """The template as a lenient server reads it: NFKC, no invisible characters, and
    each placeholder as one slot character."""
    parts = []
    for literal, name, _spec, _conv in parsed:
        parts.append(strip_invisible(unicodedata.normalize("NFKC", strip_invisible(literal))))
        if name is not None:
            parts.append(_SLOT)
    return "".join(parts)


def _placement_problem(skeleton: str, names: list[str]) -> str | None:
    """Why a placeholder sits where profile text could mention, tag or link, if it does."""
    slots = iter(names)
    for word in skeleton.split():
        count = word.count(_SLOT)
        if not count:
            continue
        placed = [next(slots) for _ in range(count)]
        core = word.lstrip(_OPENING).rstrip(_CLOSING)
        shown = "{" + placed[0] + "}"
        if _TAG_MARKS.search(core):
            return (
                f"{shown} touches @ or #: profile text there could become a mention or a "
                "hashtag; put a space around placeholders (the newcomer's handle is {acct})"
            )
        if _LINK_MARKS.search(core) or count > 1:
            return (
                f"{shown} is inside a word with {core.replace(_SLOT, '…')!r}: profile text "
                "there could become part of a link or an address; put a space around it"
            )
    return None


def longest_rendering(text: str) -> int:
    """How long the message can get (the mention included) with the longest plausible
    values; the template must already parse."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            parts.append("x" * LONGEST_PLAUSIBLE.get(name, 0))
    return LONGEST_MENTION + 1 + len("".join(parts).strip())


def _jinja_problem(text: str) -> str | None:
    for match in _JINJA.finditer(text):
        spaced, name = bool(match.group(1) or match.group(3)), match.group(2)
        if spaced or name in TEMPLATE_VARIABLES:
            return (
                f"{match.group(0)} is Jinja's way of writing a placeholder, and would be sent "
                f"as {{{match.group(1)}{name}{match.group(3)}}}; write {{{name}}}"
            )
    return None


def _length_problem(text: str) -> str | None:
    longest = longest_rendering(text)
    if longest <= MAX_STATUS_CHARS:
        return None
    return (
        f"the message can be {longest} characters long with a {MAX_NAME_CHARS}-character "
        f"name and the newcomer's mention, over the {MAX_STATUS_CHARS} a post may have; "
        f"shorten it by {longest - MAX_STATUS_CHARS} (nothing is ever cut)"
    )


def check_template(text: str) -> str:
    """Reject templates that could mention other accounts or use unsafe placeholders.

    Every welcome, per-language and acknowledgement template goes through here at load
    time. Refused: a literal @-mention (also written ``＠``, or with a zero-width
    character after the ``@``); any placeholder in the same word as ``@``, ``#``,
    a link or address character, or another placeholder; Jinja's ``{{ name }}``; and a
    text that could not fit in one post with the longest plausible names.
    """
    if not text.strip():
        raise ValueError("the template is empty")
    if len(text) > 4000:
        raise ValueError("the template is longer than 4000 characters")
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(
            f"bad placeholder syntax ({exc}); write {{{{ and }}}} for braces"
        ) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_VARIABLES or spec or conversion:
            allowed = ", ".join("{" + v + "}" for v in sorted(TEMPLATE_VARIABLES))
            raise ValueError(f"unknown placeholder {{{name}}}; allowed: {allowed}")
        names.append(name)
    skeleton = _template_skeleton(parsed)
    if MENTION.search(skeleton.replace(_SLOT, " ")):
        raise ValueError(
            "the template must not @-mention anyone: a direct message reaches every account "
            "it mentions, and the bot adds the newcomer's mention itself"
        )
    problem = _jinja_problem(text) or _placement_problem(skeleton, names) or _length_problem(text)
    if problem:
        raise ValueError(problem)
    return text


# --------------------------------------------------------------------------- sections


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InstanceConfig(_Section):
    url: str = Field(description="Base URL of the bot account's home server.")
    access_token_file: Path | None = None
    request_timeout: Duration = timedelta(seconds=30)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^\s/?#@]+(:\d{1,5})?(/[^\s?#]*)?", value):
            raise ValueError("expected an http(s) URL such as https://mastodon.example")
        return value

    @field_validator("request_timeout")
    @classmethod
    def _timeout(cls, value: timedelta) -> timedelta:
        if not timedelta(seconds=1) <= value <= timedelta(minutes=5):
            raise ValueError("expected between 1s and 5m")
        return value


class StorageConfig(_Section):
    database: str = "welcomebot.sqlite3"


class ScheduleConfig(_Section):
    poll_interval: Duration = timedelta(minutes=5)
    jitter: Duration = timedelta(seconds=0)

    @field_validator("poll_interval")
    @classmethod
    def _interval(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=10):
            raise ValueError("expected at least 10s, to stay well inside the server's rate limit")
        return value


def _clean_phrases(value: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for phrase in value:
        phrase = " ".join(str(phrase).split())
        if not 1 <= len(phrase) <= 100:
            raise ValueError("each phrase must be 1 to 100 characters")
        out.append(phrase)
    return tuple(out)


def with_defaults(defaults: tuple[str, ...], added: tuple[str, ...]) -> tuple[str, ...]:
    """The code's defaults, then the owner's additions that are not among them.

    Defaults belong to the code: a list in ``config.yaml`` only adds to them, so a word
    added in a later version reaches every installation. An old config that still
    lists the defaults loads the same (each word counts once).
    """
    seen = {fold(d) for d in defaults}
    extra = []
    for item in added:
        if fold(item) not in seen:
            seen.add(fold(item))
            extra.append(item)
    return (*defaults, *extra)


#: Replies to the welcome that mean "never message me again" (``welcome_dm.stop_words``
#: adds to these).
DEFAULT_STOP_WORDS = (
    "stop",
    "unsubscribe",
    "no more",
    "leave me alone",
    "stopp",
    "abmelden",
    "arrête",
    "arrêter",
    "para",
    "basta",
    "detener",
)


_ACCT = re.compile(r"@?[\w.-]{1,100}@[\w.-]{1,253}")
_DOMAIN = re.compile(r"(\*\.)?[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+")


class FollowBackConfig(_Section):
    enabled: bool = True
    delay: Duration = timedelta(hours=1)
    who: Literal["newcomers", "humans"] = "newcomers"
    show_reblogs: bool = True
    unfollow_when_they_leave: bool = False


class FollowRequestsConfig(_Section):
    """What to do with follow requests when the bot's own account is locked."""

    on_follow: Literal["authorize", "leave"] = "authorize"
    on_skip: Literal["reject", "leave"] = "leave"
    on_review: Literal["leave"] = "leave"
    #: where requests are read: ``auto`` reads /api/v1/follow_requests when the account
    #: says it is locked, and once per ``reconcile.every`` in any case (snac says
    #: unlocked even when it is not; snac and Takahē never notify requests);
    #: ``always`` reads it every poll; ``notifications`` only trusts notifications.
    read: Literal["auto", "always", "notifications"] = "auto"


class WelcomeDMConfig(_Section):
    enabled: bool = True
    template: str = (
        "Hi {display_name}, welcome to the fediverse! Thanks for following {bot_display_name}. "
        "If you have a question, just reply here: a person reads these messages."
    )
    language: str | None = None
    templates: dict[str, str] = Field(default_factory=dict)
    #: the defaults (``DEFAULT_STOP_WORDS``) and the owner's additions
    stop_words: tuple[str, ...] = DEFAULT_STOP_WORDS
    acknowledge_stop: bool = True
    acknowledgement: str = "Understood: the bot will not message you again. Sorry for the bother."

    @field_validator("template", "acknowledgement")
    @classmethod
    def _template(cls, value: str) -> str:
        return check_template(value)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[a-z]{2,3}", value):
            raise ValueError("expected an ISO 639 language code such as en or de")
        return value

    @field_validator("templates")
    @classmethod
    def _templates(cls, value: dict[str, str]) -> dict[str, str]:
        out = {}
        for lang, text in value.items():
            if not re.fullmatch(r"[a-z]{2,3}", str(lang)):
                raise ValueError(f"{lang!r} is not an ISO 639 language code such as en or de")
            try:
                out[str(lang)] = check_template(text)
            except ValueError as exc:
                raise ValueError(f"{lang}: {exc}") from None
        return out

    @field_validator("stop_words")
    @classmethod
    def _stop_words(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return with_defaults(DEFAULT_STOP_WORDS, _clean_phrases(value))


class BudgetConfig(_Section):
    """Caps well under Mastodon's own (400 follows per 24 h, 300 posts per 3 h)."""

    follows_per_hour: int = Field(default=30, ge=0, le=400)
    follows_per_day: int = Field(default=200, ge=0, le=400)
    dms_per_hour: int = Field(default=30, ge=0, le=300)
    dms_per_day: int = Field(default=150, ge=0, le=2400)


class EggConfig(_Section):
    recheck_after: Duration = timedelta(days=2)
    max_rechecks: int = Field(default=5, ge=0, le=50)


class ListRuleConfig(_Section):
    """File followers into a private list by topic, place, server or language."""

    title: str = Field(min_length=1, max_length=100)
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @field_validator("topics", "places", "domains", "languages")
    @classmethod
    def _words(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_phrases(value)


class ReconcileConfig(_Section):
    every: Duration = timedelta(days=1)
    enabled: bool = True


class DigestConfig(_Section):
    to: str | None = None
    every: Duration = timedelta(days=1)

    @field_validator("to")
    @classmethod
    def _to(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _ACCT.fullmatch(value.strip()):
            raise ValueError(f"{value!r} is not a handle like owner@server.example")
        return value.strip().lstrip("@")


class NewcomerConfig(_Section):
    max_account_age: Duration = timedelta(days=30)
    max_followers: int = Field(default=100, ge=0)


class OptOutConfig(_Section):
    """Opt-outs: the code's defaults, always, and whatever the owner adds.

    ``tags`` and ``phrases`` once replaced the defaults; now they add to them, like
    ``extra_tags`` (kept as another name for added tags).
    """

    tags: tuple[str, ...] = DEFAULT_OPT_OUT_TAGS
    extra_tags: tuple[str, ...] = ()
    phrases: tuple[str, ...] = DEFAULT_OPT_OUT_PHRASES

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return with_defaults(DEFAULT_OPT_OUT_PHRASES, _clean_phrases(value))

    @field_validator("tags", "extra_tags")
    @classmethod
    def _tags(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        cleaned = []
        for tag in value:
            tag = tag.strip().lstrip("#")
            if not re.fullmatch(r"\w{1,100}", tag):
                raise ValueError(f"{tag!r} is not a hashtag (letters, digits and _ only)")
            cleaned.append(tag.casefold())
        if info.field_name == "tags":
            return with_defaults(DEFAULT_OPT_OUT_TAGS, tuple(cleaned))
        return tuple(cleaned)

    @property
    def all_tags(self) -> frozenset[str]:
        return frozenset(self.tags) | frozenset(self.extra_tags)


class RulesConfig(_Section):
    """Tuning for the judge. Phrases are plain text (never regular expressions)."""

    organisation_phrases_extra: tuple[str, ...] = ()
    person_phrases_extra: tuple[str, ...] = ()
    spam_phrases_extra: tuple[str, ...] = ()
    automation_apps_extra: tuple[str, ...] = ()
    follow_farm_min_following: int = Field(default=1000, ge=10)
    automation_min_statuses: int = Field(default=5, ge=2, le=40)
    automation_share: float = Field(default=0.8, gt=0.5, le=1.0)

    @field_validator(
        "organisation_phrases_extra",
        "person_phrases_extra",
        "spam_phrases_extra",
        "automation_apps_extra",
    )
    @classmethod
    def _phrases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_phrases(value)


class AccessListConfig(_Section):
    accounts: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @field_validator("accounts")
    @classmethod
    def _accounts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for acct in value:
            acct = acct.strip()
            if not _ACCT.fullmatch(acct):
                raise ValueError(f"{acct!r} is not a handle like user@server.example")
            out.append(acct.lstrip("@").lower())
        return tuple(out)

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for domain in value:
            domain = domain.strip().lower()
            if not _DOMAIN.fullmatch(domain):
                raise ValueError(f"{domain!r} is not a domain like server.example")
            out.append(domain.removeprefix("*."))
        return tuple(out)


class LoggingConfig(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["auto", "json", "text"] = "auto"

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value  # info is INFO

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class MetricsConfig(_Section):
    """A Prometheus metrics endpoint for ``welcomebot run``; off unless ``port`` is set."""

    port: int | None = None
    # Loopback by default; in a container set 0.0.0.0 and publish the port.
    host: str = "127.0.0.1"

    @field_validator("port", mode="before")
    @classmethod
    def _port(cls, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"expected a TCP port between 1 and 65535, got {value!r}")
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise ValueError(f"expected a TCP port between 1 and 65535, got {value!r}")
        return int(text)

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        value = value.strip()
        if not re.fullmatch(r"[A-Za-z0-9.:-]{1,253}", value):
            raise ValueError(
                f"expected an address to listen on, such as 127.0.0.1 or 0.0.0.0, got {value!r}"
            )
        return value


class Config(_Section):
    instance: InstanceConfig
    #: whom to welcome: followers, sign-ups on the bot's own server, or both
    greet: Greet = (GREET_FOLLOWERS,)
    signups: SignupsConfig = SignupsConfig()
    storage: StorageConfig = StorageConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    follow_back: FollowBackConfig = FollowBackConfig()
    welcome_dm: WelcomeDMConfig = WelcomeDMConfig()
    newcomer: NewcomerConfig = NewcomerConfig()
    opt_out: OptOutConfig = OptOutConfig()
    rules: RulesConfig = RulesConfig()
    egg: EggConfig = EggConfig()
    budgets: BudgetConfig = BudgetConfig()
    follow_requests: FollowRequestsConfig = FollowRequestsConfig()
    lists: tuple[ListRuleConfig, ...] = ()
    reconcile: ReconcileConfig = ReconcileConfig()
    digest: DigestConfig = DigestConfig()
    allow: AccessListConfig = AccessListConfig()
    deny: AccessListConfig = AccessListConfig()
    logging: LoggingConfig = LoggingConfig()
    metrics: MetricsConfig = MetricsConfig()
    dry_run: bool = False

    # Not a config key: where the file was, to resolve relative paths.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _sections_left_empty(cls, data: object) -> object:
        """A section whose keys are all commented out (``opt_out:`` alone) has its defaults."""
        if not isinstance(data, Mapping):
            return data
        sections = {
            name
            for name, field in cls.model_fields.items()
            if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
        }
        return {k: ({} if v is None and k in sections else v) for k, v in data.items()}

    @property
    def greets_followers(self) -> bool:
        return GREET_FOLLOWERS in self.greet

    @property
    def greets_signups(self) -> bool:
        return GREET_SIGNUPS in self.greet

    def rules_url(self) -> str:
        """The server's page of rules and what it is about, for ``{rules_url}``."""
        return f"{self.instance.url}/about"

    def database_url(self) -> str:
        """A SQLAlchemy URL; plain paths are resolved relative to the config file."""
        value = self.storage.database.strip()
        if "://" in value:
            return value
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.base_dir / path
        return f"sqlite:///{path}"

    def token_file(self) -> Path | None:
        path = self.instance.access_token_file
        if path is None:
            return None
        path = path.expanduser()
        return path if path.is_absolute() else self.base_dir / path


def config_from_mapping(data: object, *, base_dir: Path = Path(".")) -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config file must be a YAML mapping of keys to values")
    if "base_dir" in data:
        raise ConfigError("base_dir: unknown key")
    try:
        return Config.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        raise ConfigError(describe_errors(Config, exc.errors())) from None


def load_config(path: str | os.PathLike[str], *, warn: Warn | None = None) -> Config:
    """Read and validate a config file. Raises ConfigError with a one-line message;
    ``warn`` is told each thing that is odd but not wrong (a key given twice, plain
    http to a remote server, a profile's address as the server's)."""
    config_path = Path(path)
    try:
        raw = config_path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{config_path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot read config file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{config_path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save the file as UTF-8"
        ) from None
    try:
        parsed = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_path}: {yaml_problem(exc)}") from None
    config = config_from_mapping(parsed.data, base_dir=config_path.resolve().parent)
    if warn is not None:
        for duplicate in parsed.duplicates:
            warn(f"{config_path} {duplicate.message()}")
        for odd in url_warnings(config.instance.url):
            warn(odd)
    return config


class TokenSource(StrEnum):
    ENVIRONMENT = "environment"  # WELCOMEBOT_ACCESS_TOKEN
    FILE = "file"  # instance.access_token_file
    GIVEN = "given"  # handed to build_app by code (the demo, tests)


@dataclass(frozen=True, slots=True)
class Token:
    """The access token and where it came from, so that every message about it can say
    which setting to fix. ``repr`` never shows the value."""

    value: str = field(repr=False)
    source: TokenSource
    file: Path | None = None  # the token file it was read from
    unused_file: Path | None = None  # a token file that the environment variable overrides

    def describe(self) -> str:
        """Where the token came from (never the token), for messages."""
        if self.source is TokenSource.FILE:
            return f"instance.access_token_file {self.file}"
        if self.source is TokenSource.ENVIRONMENT and self.unused_file is not None:
            return f"{TOKEN_ENV} (used instead of instance.access_token_file {self.unused_file})"
        if self.source is TokenSource.ENVIRONMENT:
            return TOKEN_ENV
        return "the token given to the bot"

    def rejected(self, detail: str) -> str:
        """The one line for a token the server refused (``detail``: "401", the error)."""
        fix = {
            TokenSource.FILE: "put a valid token in that file (`welcomebot login` makes one)",
            TokenSource.ENVIRONMENT: (
                "fix the variable, or unset it to use the file"
                if self.unused_file is not None
                else "set it to a valid token (`welcomebot login` makes one)"
            ),
            TokenSource.GIVEN: "give the bot a valid token",
        }[self.source]
        return f"the server rejected the access token ({detail}) from {self.describe()}: {fix}"


def _read_token_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"instance.access_token_file: {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(
            f"instance.access_token_file: cannot read a token from {path} ({exc.strerror})"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"instance.access_token_file: {path} does not hold a token (not UTF-8 text)"
        ) from None
    token = text.splitlines()[0].strip() if text.strip() else ""
    if not token or not re.fullmatch(r"[\x21-\x7e]{1,512}", token):
        raise ConfigError(f"instance.access_token_file: {path} does not hold a token")
    return token


def read_access_token(config: Config, env: Mapping[str, str] | None = None) -> Token:
    """The access token: ``WELCOMEBOT_ACCESS_TOKEN`` if set (it wins over the file, and
    the token says so), else ``instance.access_token_file``. Never logged."""
    env = os.environ if env is None else env
    value = env.get(TOKEN_ENV, "").strip()
    path = config.token_file()
    if value:
        return Token(value, TokenSource.ENVIRONMENT, unused_file=path)
    if path is None:
        raise ConfigError(
            f"no access token: set {TOKEN_ENV} or instance.access_token_file "
            "(run `welcomebot login` to create one)"
        )
    return Token(_read_token_file(path), TokenSource.FILE, file=path)


def describe_token_source(config: Config, env: Mapping[str, str] | None = None) -> str:
    """Where the bot takes its token from, as ``Token.describe`` says it, without
    reading the token: for messages about a token the server stops accepting."""
    env = os.environ if env is None else env
    path = config.token_file()
    if env.get(TOKEN_ENV, "").strip():
        return Token("", TokenSource.ENVIRONMENT, unused_file=path).describe()
    if path is not None:
        return Token("", TokenSource.FILE, file=path).describe()
    return TOKEN_ENV


def token_file_warning(config: Config, env: Mapping[str, str] | None = None) -> str | None:
    """A warning about the token file the bot uses, if other users can read it; or that
    the configured file is not used at all, because ``WELCOMEBOT_ACCESS_TOKEN`` wins."""
    env = os.environ if env is None else env
    path = config.token_file()
    if path is None:
        return None
    if env.get(TOKEN_ENV, "").strip():
        return (
            f"instance.access_token_file: {path} is not used, because {TOKEN_ENV} is set "
            "and wins; unset the variable to use the file"
        )
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading the token says what is wrong with the file
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return (
            f"instance.access_token_file: {path} is readable by other users "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )
    return None
