"""Judging a follower: small pure rules, combined into one explainable decision.

``judge(account, statuses, relationship, policy, now)`` is a pure function. Each
rule looks at one thing and returns ``Evidence`` with a stable id (stored in the
database, shown by ``welcomebot explain``, greppable) or ``None``. ``combine``
turns the evidence into an ``Outcome``:

1. any *veto* (consent, automation, account state, blocks) → ``skip``;
2. else any *hold* (an egg that may hatch) → ``hold``;
3. else any *review* (not enough to go on) → ``review``;
4. else a newcomer → ``follow``; an established human → ``skip`` unless
   ``follow_back.who: humans``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot.config import Config
from bot.domain import (
    AccountSnapshot,
    Decision,
    Outcome,
    Reason,
    Relationship,
    StatusSnapshot,
)
from bot.text import hashtags, html_to_text, strip_invisible

#: Bumped whenever a rule changes meaning; stored with every decision.
RULES_VERSION = "1"


class Effect(Enum):
    VETO = "veto"
    HOLD = "hold"
    REVIEW = "review"
    NEWCOMER = "newcomer"
    ESTABLISHED = "established"


@dataclass(frozen=True, slots=True)
class Evidence:
    rule: str
    effect: Effect
    category: str
    detail: str


@dataclass(frozen=True, slots=True)
class Policy:
    """The part of the config that judging depends on."""

    opt_out_tags: frozenset[str]
    newcomer_max_age: timedelta
    newcomer_max_followers: int
    follow_established: bool

    @classmethod
    def from_config(cls, config: Config) -> Policy:
        return cls(
            opt_out_tags=config.opt_out.all_tags,
            newcomer_max_age=config.newcomer.max_account_age,
            newcomer_max_followers=config.newcomer.max_followers,
            follow_established=config.follow_back.who == "humans",
        )


@dataclass(frozen=True, slots=True)
class Subject:
    """Everything a rule may look at."""

    account: AccountSnapshot
    statuses: tuple[StatusSnapshot, ...] | None
    relationship: Relationship | None
    policy: Policy
    now: datetime


Rule = Callable[[Subject], Evidence | None]

# --------------------------------------------------------------------------- consent


def opt_out_tag(s: Subject) -> Evidence | None:
    """#nobot and friends, in the bio, the profile fields or the display name."""
    # Display names are plain text, but read them as HTML too: when in doubt, respect it.
    text = "\n".join((html_to_text(s.account.display_name), s.account.profile_text))
    found = sorted(hashtags(strip_invisible(text)) & s.policy.opt_out_tags)
    if found:
        tags = ", ".join("#" + t for t in found)
        return Evidence(
            "opt_out_tag", Effect.VETO, "opted_out", f"profile asks bots to stay away ({tags})"
        )
    return None


# --------------------------------------------------------------------------- automation


def bot_flag(s: Subject) -> Evidence | None:
    if s.account.bot:
        return Evidence("bot_flag", Effect.VETO, "bot", "the account is flagged as a bot")
    return None


def group_flag(s: Subject) -> Evidence | None:
    if s.account.group:
        return Evidence("group_flag", Effect.VETO, "group", "the account is a group, not a person")
    return None


# --------------------------------------------------------------------------- account state


def suspended(s: Subject) -> Evidence | None:
    if s.account.suspended:
        return Evidence("suspended", Effect.VETO, "unavailable", "the account is suspended")
    return None


def moved(s: Subject) -> Evidence | None:
    if s.account.moved_to:
        target = strip_invisible(s.account.moved_to)[:100]
        return Evidence("moved", Effect.VETO, "moved", f"the account has moved to {target}")
    return None


def memorial(s: Subject) -> Evidence | None:
    if s.account.memorial:
        return Evidence("memorial", Effect.VETO, "unavailable", "the account is a memorial")
    return None


def limited(s: Subject) -> Evidence | None:
    if s.account.limited:
        return Evidence(
            "limited", Effect.VETO, "limited", "the server's moderators have limited this account"
        )
    return None


# --------------------------------------------------------------------------- relationship


def blocked(s: Subject) -> Evidence | None:
    rel = s.relationship
    if rel is not None and (rel.blocked_by or rel.blocking):
        who = "the account blocks the bot" if rel.blocked_by else "the bot blocks the account"
        return Evidence("blocked", Effect.VETO, "blocked", who)
    if rel is not None and rel.domain_blocking:
        return Evidence("blocked", Effect.VETO, "blocked", "the bot blocks the account's domain")
    return None


def no_longer_follows(s: Subject) -> Evidence | None:
    rel = s.relationship
    if rel is not None and rel.followed_by is False and not rel.following:
        return Evidence(
            "no_longer_follows", Effect.VETO, "left", "the account no longer follows the bot"
        )
    return None


# --------------------------------------------------------------------------- eggs

# Default avatars across servers, matched on the URL path (any host: Mastodon
# serves its own missing.png from the *viewing* server's host).
_DEFAULT_AVATAR = re.compile(
    r"(/avatars/original/missing\.png(\?|$)"  # Mastodon
    r"|/images/avi\.png(\?|$)"  # Pleroma / Akkoma
    r"|/assets/default_avatars/[^/]*$"  # GoToSocial's sloths
    r"|/susie\.png(\?|$)"  # snac
    r"|/static/img/unknown-icon[^/]*$"  # Takahē
    r")",
    re.IGNORECASE,
)


def default_avatar(s: Subject) -> Evidence | None:
    urls = [u for u in (s.account.avatar, s.account.avatar_static) if u.strip()]
    if not urls:
        return Evidence("default_avatar", Effect.HOLD, "egg", "the account has no avatar")
    if any(_DEFAULT_AVATAR.search(url[:2000]) for url in urls):
        return Evidence(
            "default_avatar", Effect.HOLD, "egg", "the avatar is the server's default picture"
        )
    return None


# --------------------------------------------------------------------------- newcomer


def newcomer(s: Subject) -> Evidence:
    """New by account age or by follower count; established otherwise.

    Mastodon reports ``created_at`` at midnight, so age is counted in calendar days.
    """
    a, p = s.account, s.policy
    age_days = (s.now.date() - a.created_at.date()).days if a.created_at else None
    max_days = p.newcomer_max_age.total_seconds() / 86400
    if age_days is not None and age_days <= max_days:
        days = max(0, age_days)
        return Evidence(
            "newcomer_age",
            Effect.NEWCOMER,
            "human_newcomer",
            f"the account is {days} day{'s' if days != 1 else ''} old "
            f"(newcomer up to {max_days:g} days)",
        )
    if a.followers_count is not None and a.followers_count < p.newcomer_max_followers:
        return Evidence(
            "newcomer_followers",
            Effect.NEWCOMER,
            "human_newcomer",
            f"{a.followers_count} followers (newcomer below {p.newcomer_max_followers})",
        )
    if age_days is None and a.followers_count is None:
        return Evidence(
            "newcomer_unknown",
            Effect.REVIEW,
            "unknown",
            "the server reports neither the account's age nor its follower count",
        )
    parts = []
    if age_days is not None:
        parts.append(f"{age_days} days old")
    if a.followers_count is not None:
        parts.append(f"{a.followers_count} followers")
    return Evidence("established", Effect.ESTABLISHED, "established_human", ", ".join(parts))


#: Order matters: the first veto names the category.
RULES: tuple[Rule, ...] = (
    opt_out_tag,
    suspended,
    memorial,
    moved,
    blocked,
    no_longer_follows,
    bot_flag,
    group_flag,
    limited,
    default_avatar,
    newcomer,
)


def combine(evidence: Sequence[Evidence], policy: Policy) -> tuple[Outcome, str]:
    def first(effect: Effect) -> Evidence | None:
        return next((e for e in evidence if e.effect is effect), None)

    for effect, outcome in (
        (Effect.VETO, Outcome.SKIP),
        (Effect.HOLD, Outcome.HOLD),
        (Effect.REVIEW, Outcome.REVIEW),
        (Effect.NEWCOMER, Outcome.FOLLOW),
    ):
        found = first(effect)
        if found is not None:
            return outcome, found.category
    if first(Effect.ESTABLISHED) is not None:
        return (Outcome.FOLLOW if policy.follow_established else Outcome.SKIP), "established_human"
    return Outcome.REVIEW, "unknown"


def judge(
    account: AccountSnapshot,
    statuses: Sequence[StatusSnapshot] | None,
    relationship: Relationship | None,
    policy: Policy,
    now: datetime,
) -> Decision:
    """Decide what to do about one follower, with every reason that fired."""
    subject = Subject(
        account=account,
        statuses=tuple(statuses) if statuses is not None else None,
        relationship=relationship,
        policy=policy,
        now=now,
    )
    evidence = [e for rule in RULES if (e := rule(subject)) is not None]
    outcome, category = combine(evidence, policy)
    reasons = tuple(Reason(e.rule, e.detail) for e in evidence)
    return Decision(outcome, category, reasons, RULES_VERSION)
