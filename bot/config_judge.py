"""The judge's knobs: who is a newcomer, eggs, opt-outs, rule tuning, allow and deny."""

from __future__ import annotations

import re
from datetime import timedelta

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
)

from bot.config_types import (
    ACCT_PATTERN,
    DOMAIN_PATTERN,
    Duration,
    Section,
    clean_phrases,
    with_defaults,
)
from bot.judge.vocabulary.consent import DEFAULT_OPT_OUT_PHRASES, DEFAULT_OPT_OUT_TAGS


class EggConfig(Section):
    recheck_after: Duration = timedelta(days=2)
    max_rechecks: int = Field(default=5, ge=0, le=50)


class NewcomerConfig(Section):
    max_account_age: Duration = timedelta(days=30)
    max_followers: int = Field(default=100, ge=0)


class OptOutConfig(Section):
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
        return with_defaults(DEFAULT_OPT_OUT_PHRASES, clean_phrases(value))

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


class RulesConfig(Section):
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
        return clean_phrases(value)


class AccessListConfig(Section):
    accounts: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @field_validator("accounts")
    @classmethod
    def _accounts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for acct in value:
            acct = acct.strip()
            if not ACCT_PATTERN.fullmatch(acct):
                raise ValueError(f"{acct!r} is not a handle like user@server.example")
            out.append(acct.lstrip("@").lower())
        return tuple(out)

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for domain in value:
            domain = domain.strip().lower()
            if not DOMAIN_PATTERN.fullmatch(domain):
                raise ValueError(f"{domain!r} is not a domain like server.example")
            out.append(domain.removeprefix("*."))
        return tuple(out)
