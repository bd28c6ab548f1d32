"""Typed, validated configuration loaded from ``config.yaml``.

Every key is checked at load time; unknown keys are rejected and every error
names the key (``follow_back.delay: ...``). Secrets never live here: the access
token comes from ``WELCOMEBOT_ACCESS_TOKEN`` or ``instance.access_token_file``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.config_greet import GREET_FOLLOWERS, GREET_SIGNUPS, Greet, SignupsConfig
from bot.config_judge import (
    AccessListConfig,
    EggConfig,
    NewcomerConfig,
    OptOutConfig,
    RulesConfig,
)
from bot.config_messages import Warn, describe_errors, parse_yaml, url_warnings, yaml_problem
from bot.config_templates import (
    LONGEST_PLAUSIBLE,
    TEMPLATE_VARIABLES,
    check_language,
    check_template,
    check_templates,
    longest_rendering,
)
from bot.config_token import (
    TOKEN_ENV,
    Token,
    TokenSource,
    describe_token_source,
    read_access_token,
    token_file_warning,
)
from bot.config_types import (
    ACCT_PATTERN,
    ConfigError,
    Duration,
    Section,
    clean_phrases,
    format_duration,
    parse_duration,
    with_defaults,
)
from bot.judge.vocabulary.stop_words import DEFAULT_STOP_WORDS

__all__ = [
    "DEFAULT_STOP_WORDS",
    "LONGEST_PLAUSIBLE",
    "TEMPLATE_VARIABLES",
    "TOKEN_ENV",
    "Config",
    "ConfigError",
    "Token",
    "TokenSource",
    "check_template",
    "config_from_mapping",
    "describe_token_source",
    "format_duration",
    "load_config",
    "longest_rendering",
    "parse_duration",
    "read_access_token",
    "token_file_warning",
    "with_defaults",
]


class InstanceConfig(Section):
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


class StorageConfig(Section):
    database: str = "welcomebot.sqlite3"


class ScheduleConfig(Section):
    poll_interval: Duration = timedelta(minutes=5)
    jitter: Duration = timedelta(seconds=0)

    @field_validator("poll_interval")
    @classmethod
    def _interval(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=10):
            raise ValueError("expected at least 10s, to stay well inside the server's rate limit")
        return value


class FollowBackConfig(Section):
    enabled: bool = True
    delay: Duration = timedelta(hours=1)
    who: Literal["newcomers", "humans"] = "newcomers"
    show_reblogs: bool = True
    unfollow_when_they_leave: bool = False


class FollowRequestsConfig(Section):
    """What to do with follow requests when the bot's own account is locked."""

    on_follow: Literal["authorize", "leave"] = "authorize"
    on_skip: Literal["reject", "leave"] = "leave"
    on_review: Literal["leave"] = "leave"
    #: where requests are read: ``auto`` reads /api/v1/follow_requests when the account
    #: says it is locked, and once per ``reconcile.every`` in any case (snac says
    #: unlocked even when it is not; snac and Takahē never notify requests);
    #: ``always`` reads it every poll; ``notifications`` only trusts notifications.
    read: Literal["auto", "always", "notifications"] = "auto"


class WelcomeDMConfig(Section):
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
        return check_language(value)

    @field_validator("templates")
    @classmethod
    def _templates(cls, value: dict[str, str]) -> dict[str, str]:
        return check_templates(value)

    @field_validator("stop_words")
    @classmethod
    def _stop_words(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return with_defaults(DEFAULT_STOP_WORDS, clean_phrases(value))


class BudgetConfig(Section):
    """Caps well under Mastodon's own (400 follows per 24 h, 300 posts per 3 h)."""

    follows_per_hour: int = Field(default=30, ge=0, le=400)
    follows_per_day: int = Field(default=200, ge=0, le=400)
    dms_per_hour: int = Field(default=30, ge=0, le=300)
    dms_per_day: int = Field(default=150, ge=0, le=2400)


class ListRuleConfig(Section):
    """File followers into a private list by topic, place, server or language."""

    title: str = Field(min_length=1, max_length=100)
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @field_validator("topics", "places", "domains", "languages")
    @classmethod
    def _words(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return clean_phrases(value)


class ReconcileConfig(Section):
    every: Duration = timedelta(days=1)
    enabled: bool = True


class DigestConfig(Section):
    to: str | None = None
    every: Duration = timedelta(days=1)

    @field_validator("to")
    @classmethod
    def _to(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not ACCT_PATTERN.fullmatch(value.strip()):
            raise ValueError(f"{value!r} is not a handle like owner@server.example")
        return value.strip().lstrip("@")


class LoggingConfig(Section):
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


class MetricsConfig(Section):
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


class Config(Section):
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
