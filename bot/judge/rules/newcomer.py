"""Newcomers: new by account age or by follower count, established otherwise; and conversation.

Mastodon reports ``created_at`` at midnight, so age is counted in calendar days.
Follower counts that cannot be true (zero beside thousands of posts, or every
count zero on a remote account) are treated as unknown.

Exactly one of ``newcomer_age``, ``newcomer_followers``, ``counts_unknown``,
``newcomer_unknown`` and ``established`` fires for any account: each rule
states its own case, and ``established`` is what none of the others is.
"""

from __future__ import annotations

from bot.judge.evidence import Effect, Evidence, Subject
from bot.judge.ids import Category, RuleId


def conversation(s: Subject) -> Evidence | None:
    if s.talked_with_bot:
        detail = "has mentioned or replied to the bot"
        return Evidence(RuleId.CONVERSATION, Effect.CONVERSATION, Category.CONVERSATION, detail)
    return None


def _followers_hidden(s: Subject) -> bool:
    """Zero followers that cannot be true: hidden (Akkoma) or not reported (Takahē)."""
    a = s.account
    if a.followers_count != 0:
        return False
    all_zero = not a.following_count and not a.statuses_count
    busy_for_years = (a.statuses_count or 0) >= 500
    return (all_zero and a.domain is not None) or busy_for_years


def _followers(s: Subject) -> int | None:
    """The follower count, or None when it is not reported or cannot be true."""
    return None if _followers_hidden(s) else s.account.followers_count


def _implausibly_new(s: Subject) -> bool:
    """ "New", with thousands of followers and posts: the date is when this server saw it."""
    followers, posts = _followers(s), s.account.statuses_count or 0
    big = max(1000, 10 * s.policy.newcomer_max_followers)
    return s.is_new and followers is not None and followers >= big and posts >= big


def newcomer_age(s: Subject) -> Evidence | None:
    """Younger than ``newcomer.max_account_age``."""
    age_days = s.age_days
    if not s.is_new or age_days is None or _implausibly_new(s):
        return None
    days = max(0, age_days)
    max_days = s.policy.newcomer_max_age.total_seconds() / 86400
    detail = (
        f"the account is {days} day{'s' if days != 1 else ''} old "
        f"(newcomer up to {max_days:g} days)"
    )
    return Evidence(RuleId.NEWCOMER_AGE, Effect.NEWCOMER, Category.HUMAN_NEWCOMER, detail)


def newcomer_followers(s: Subject) -> Evidence | None:
    """Older, but with fewer than ``newcomer.max_followers`` followers."""
    followers, limit = _followers(s), s.policy.newcomer_max_followers
    if s.is_new or followers is None or followers >= limit:
        return None
    detail = f"{followers} followers (newcomer below {limit})"
    return Evidence(RuleId.NEWCOMER_FOLLOWERS, Effect.NEWCOMER, Category.HUMAN_NEWCOMER, detail)


def _hidden_count_age(s: Subject) -> int | None:
    """The age of an older account whose server hides or withholds its follower count."""
    if s.is_new or _followers(s) is not None or s.account.followers_count != 0:
        return None
    return s.age_days


def counts_unknown(s: Subject) -> Evidence | None:
    """Less than a year old, and the follower count is hidden: ask the owner."""
    age_days = _hidden_count_age(s)
    if age_days is None or age_days >= 365:
        return None
    detail = f"{age_days} days old, and the server hides or withholds the follower count"
    return Evidence(RuleId.COUNTS_UNKNOWN, Effect.REVIEW, Category.UNKNOWN, detail)


def newcomer_unknown(s: Subject) -> Evidence | None:
    """Neither the age nor the follower count is known."""
    if s.age_days is not None or _followers(s) is not None:
        return None
    detail = "the server reports neither the account's age nor its follower count"
    return Evidence(RuleId.NEWCOMER_UNKNOWN, Effect.REVIEW, Category.UNKNOWN, detail)


_NEWCOMER_OR_UNKNOWN = (newcomer_age, newcomer_followers, counts_unknown, newcomer_unknown)


def established(s: Subject) -> Evidence | None:
    """Neither new nor unknown: an older, well-followed account, or an implausibly "new" one."""
    if any(rule(s) is not None for rule in _NEWCOMER_OR_UNKNOWN):
        return None
    a, age_days, followers = s.account, s.age_days, _followers(s)
    if _implausibly_new(s):
        detail = (
            f"reported as {age_days} days old, but with {followers} followers and "
            f"{a.statuses_count} posts: the date is likely when this server first saw it"
        )
    elif _hidden_count_age(s) is not None:
        detail = f"{age_days} days old; the server hides or withholds the follower count"
    else:
        parts = []
        if age_days is not None:
            parts.append(f"{age_days} days old")
        if followers is not None:
            parts.append(f"{followers} followers")
        detail = ", ".join(parts)
    return Evidence(RuleId.ESTABLISHED, Effect.ESTABLISHED, Category.ESTABLISHED_HUMAN, detail)
