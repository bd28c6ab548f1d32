"""The instance greeter's keys: ``greet`` (whom to welcome) and ``signups`` (how).

``greet`` is ``followers`` (the default, and the bot's behaviour before it had a
greeter), ``signups`` (new accounts on the bot's own server, read through the admin
API), ``both``, or a list of the two. ``signups`` holds what only sign-ups need.

``bot.config`` imports this module; it takes its building blocks from
``bot.config_types`` and ``bot.config_templates``, as ``bot.config`` does.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator, model_validator

from bot.config_templates import check_language, check_template, check_templates, is_language
from bot.config_types import Duration, Section

#: The sources of newcomers, in the order they are written back.
GREET_SOURCES = ("followers", "signups")
GREET_FOLLOWERS, GREET_SIGNUPS = GREET_SOURCES
#: How a sign-up is recorded: its followers-table ``source`` and its event's ``type``.
SIGNUP_SOURCE = "signup"
#: The scope the admin API needs to read local accounts (and nothing more).
ADMIN_SCOPE = "admin:read:accounts"

_GREET_HELP = "expected followers, signups, both, or a list of followers and signups"


def parse_greet(value: object) -> tuple[str, ...]:
    """``followers`` | ``signups`` | ``both`` | a list of the first two -> a sorted tuple."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise ValueError(_GREET_HELP)
    chosen: set[str] = set()
    for item in items:
        word = item.strip().lower() if isinstance(item, str) else None
        if word == "both":
            chosen.update(GREET_SOURCES)
        elif word in GREET_SOURCES:
            chosen.add(word)
        else:
            raise ValueError(f"{_GREET_HELP}, got {item!r}")
    return tuple(source for source in GREET_SOURCES if source in chosen)


Greet = Annotated[tuple[str, ...], BeforeValidator(parse_greet)]

DEFAULT_SIGNUP_TEMPLATE = (
    "Hi {display_name}, welcome to {instance}! We are glad you are here. "
    "The server's rules and what it is about: {rules_url} "
    "If you have a question, just reply to this message: a person reads them."
)


class SignupsConfig(Section):
    """How sign-ups on the bot's own server are greeted (with ``greet: signups``)."""

    #: how often the admin API's list of local accounts is read, to find sign-ups
    #: whose notification never came (dismissed, or the bot was down)
    reconcile_every: Duration = timedelta(days=1)
    #: how far back that reading looks; sign-ups older than this are left alone
    window: Duration = timedelta(days=14)
    #: how often a sign-up that is not greetable yet (pending approval, e-mail not
    #: confirmed) is looked at again, until ``window`` has passed
    recheck_pending: Duration = timedelta(hours=1)
    #: the greeter account also follows its newcomers (not those without a picture
    #: of their own yet: eggs are not followed)
    follow_back: bool = False
    #: hold the welcome of a sign-up with the server's default avatar until it has a
    #: picture of its own, as for followers (off: most people add one later, if ever)
    wait_for_avatar: bool = False
    template: str = DEFAULT_SIGNUP_TEMPLATE
    language: str | None = None
    templates: dict[str, str] = Field(default_factory=dict)

    @field_validator("template")
    @classmethod
    def _check_template(cls, value: str) -> str:
        return check_template(value)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return check_language(value)

    @field_validator("templates")
    @classmethod
    def _templates(cls, value: dict[str, str]) -> dict[str, str]:
        return check_templates(value)

    @field_validator("reconcile_every", "recheck_pending")
    @classmethod
    def _often_enough(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("expected at least 1m, to stay well inside the server's rate limit")
        return value

    @model_validator(mode="after")
    def _window_covers_a_period(self) -> SignupsConfig:
        if self.window < self.reconcile_every:
            raise ValueError(
                "window must be at least reconcile_every, or sign-ups between two "
                "readings could be missed"
            )
        return self


def locale_language(locale: str | None) -> str | None:
    """``de``, ``pt-BR``, ``zh_TW`` -> ``de``, ``pt``, ``zh``; anything else -> None."""
    if not locale:
        return None
    head = locale.strip().replace("_", "-").split("-")[0].lower()
    return head if is_language(head) else None
