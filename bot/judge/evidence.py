"""What a rule sees (``Subject``) and what it returns (``Evidence``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.judge.ids import Category, RuleId
from bot.judge.policy import Policy
from bot.model import AccountSnapshot, Relationship, StatusSnapshot
from bot.text import strip_invisible


class Effect(Enum):
    """How a piece of evidence weighs; ``bot.judge.engine`` ranks them."""

    HARD_VETO = "hard_veto"
    ALLOW = "allow"
    SOFT_VETO = "soft_veto"
    ASK_FIRST = "ask_first"  # a review nothing but a veto overrides (unclear consent)
    CONVERSATION = "conversation"
    HOLD = "hold"
    REVIEW = "review"
    NEWCOMER = "newcomer"
    ESTABLISHED = "established"
    NOTE = "note"  # context only; never decides


@dataclass(frozen=True, slots=True)
class Evidence:
    """One rule's finding: its id, how it weighs, what it makes the follower, and why."""

    rule: RuleId
    effect: Effect
    category: Category | None  # None for a note, and only for a note
    detail: str

    def __post_init__(self) -> None:
        if (self.category is None) != (self.effect is Effect.NOTE):
            raise ValueError(f"{self.rule}: a note has no category, and only a note")


@dataclass(frozen=True, slots=True)
class Subject:
    """Everything a rule may look at."""

    account: AccountSnapshot
    statuses: tuple[StatusSnapshot, ...] | None
    relationship: Relationship | None
    policy: Policy
    now: datetime
    talked_with_bot: bool
    do_not_contact: bool = False

    @property
    def reported_age_days(self) -> int | None:
        """The age the server reports, in calendar days (Mastodon dates accounts at midnight)."""
        created = self.account.created_at
        return (self.now.date() - created.date()).days if created else None

    @property
    def date_doubt(self) -> str | None:
        """Why the reported creation date cannot be the account's age, or None.

        Dates are evidence, not truth: a date in the future, or before the
        fediverse, is no age at all; and a remote account "a few days old" that
        already carries a thousand posts, at a hundred a day or more, or thousands
        of followers and posts, was only *first seen* then by this server.
        """
        created, age = self.account.created_at, self.reported_age_days
        if created is None or age is None:
            return None
        if age < -1:
            return f"its creation date ({created.date().isoformat()}) is in the future"
        if created.year < 2000:
            return f"its creation date ({created.date().isoformat()}) is before the fediverse"
        if age > self.policy.newcomer_max_age.total_seconds() / 86400:
            return None
        posts, followers = self.account.statuses_count or 0, self.account.followers_count or 0
        per_day = posts / max(1, age)
        big = max(1000, 10 * self.policy.newcomer_max_followers)
        first_seen = self.account.domain is not None and posts >= 1000 and per_day >= 100
        if first_seen or (followers >= big and posts >= big):
            return (
                f"reported as {max(0, age)} days old, but with {posts} posts (about "
                f"{per_day:.0f} a day) and {followers} followers: the date is likely when "
                "this server first saw it"
            )
        return None

    @property
    def age_days(self) -> int | None:
        """The account's age in days, when its creation date is plausible; None if unknown."""
        return None if self.date_doubt else self.reported_age_days

    @property
    def is_new(self) -> bool:
        age = self.age_days
        return age is not None and age <= self.policy.newcomer_max_age.total_seconds() / 86400

    @property
    def domain(self) -> str:
        return self.account.domain or self.policy.local_domain

    @property
    def acct(self) -> str:
        a = self.account.acct.lower()
        return a if "@" in a else f"{a}@{self.policy.local_domain}"


Rule = Callable[[Subject], Evidence | None]


def first_of(*rules: Rule) -> Rule:
    """One rule made of several: the evidence of the first that finds any.

    Used where the ids of one theme exclude each other (an opt-out is reported
    once, by the first way it was said).
    """

    def first(s: Subject) -> Evidence | None:
        return next((e for rule in rules if (e := rule(s)) is not None), None)

    first.__name__ = "first_of_" + "_or_".join(rule.__name__ for rule in rules)
    return first


def quote(items: Sequence[str], limit: int = 3) -> str:
    shown = [f"“{strip_invisible(i)[:40]}”" for i in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(shown) + more


def domain_in(domain: str, domains: Sequence[str]) -> str | None:
    return next((d for d in domains if domain == d or domain.endswith("." + d)), None)
