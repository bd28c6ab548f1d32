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
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

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

from bot.judge.vocabulary.consent import DEFAULT_OPT_OUT_PHRASES, DEFAULT_OPT_OUT_TAGS
from bot.text import MENTION, fold

TOKEN_ENV = "WELCOMEBOT_ACCESS_TOKEN"


class ConfigError(Exception):
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
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if text and len(text) <= 40:
            pos, total = 0, 0
            for match in _DURATION_PART.finditer(text):
                if match.start() != pos:
                    break
                total += int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
                pos = match.end()
            else:
                if pos == len(text):
                    return timedelta(seconds=total)
            if text.isdigit():
                return timedelta(seconds=int(text))
    raise ValueError(f"expected a duration like 90s, 5m, 1h or 7d, got {value!r}")


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
    {"display_name", "username", "acct", "instance", "bot_acct", "bot_display_name"}
)


def check_template(text: str) -> str:
    """Reject templates that could mention other accounts or use unsafe placeholders."""
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
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_VARIABLES or spec or conversion:
            allowed = ", ".join("{" + v + "}" for v in sorted(TEMPLATE_VARIABLES))
            raise ValueError(f"unknown placeholder {{{name}}}; allowed: {allowed}")
    literal = "".join(part for part, *_ in parsed)
    if MENTION.search(literal):
        raise ValueError(
            "the template must not @-mention anyone: a direct message reaches every account "
            "it mentions, and the bot adds the newcomer's mention itself"
        )
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
            if isinstance(field.annotation, type) and issubclass(field.annotation, _Section)
        }
        return {k: ({} if v is None and k in sections else v) for k, v in data.items()}

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


def _describe(error: Any) -> str:
    loc = ".".join(str(part) for part in error.get("loc", ()) if part != "__root__")
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        message = "unknown key"
    elif kind == "missing":
        message = "required key is missing"
    elif kind == "literal_error":
        message = message.replace("Input should be", "expected")
    return f"{loc}: {message}" if loc else message


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
        errors = exc.errors()
        first = _describe(errors[0])
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(first + more) from None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a config file. Raises ConfigError with a one-line message."""
    config_path = Path(path)
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{config_path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot read config file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{config_path}: not valid YAML{where}") from None
    return config_from_mapping(data, base_dir=config_path.resolve().parent)


def read_access_token(config: Config, env: Mapping[str, str] | None = None) -> str:
    """The access token, from the environment or the token file. Never logged."""
    env = os.environ if env is None else env
    token = env.get(TOKEN_ENV, "").strip()
    if token:
        return token
    path = config.token_file()
    if path is None:
        raise ConfigError(
            f"no access token: set {TOKEN_ENV} or instance.access_token_file "
            "(run `welcomebot login` to create one)"
        )
    try:
        token = path.read_text(encoding="utf-8").splitlines()[0].strip() if path.stat() else ""
    except FileNotFoundError:
        raise ConfigError(f"instance.access_token_file: {path} does not exist") from None
    except (OSError, IndexError):
        raise ConfigError(f"instance.access_token_file: cannot read a token from {path}") from None
    if not token or not re.fullmatch(r"[\x21-\x7e]{1,512}", token):
        raise ConfigError(f"instance.access_token_file: {path} does not hold a token")
    return token


def token_file_warning(config: Config) -> str | None:
    """A warning if the token file can be read by other users."""
    path = config.token_file()
    if path is None or not path.exists():
        return None
    mode = path.stat().st_mode
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return (
            f"instance.access_token_file: {path} is readable by other users "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )
    return None
