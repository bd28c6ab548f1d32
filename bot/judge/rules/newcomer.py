"""Newcomers: new by account age or by follower count, established otherwise; and conversation.

Mastodon reports ``created_at`` at midnight, so age is counted in calendar days.
A creation date that cannot be the account's age (in the future, or a remote
account "new" with a thousand posts at a hundred a day) is no age at all
(``implausible_date`` says why, ``Subject.date_doubt``). Follower counts that
cannot be true (zero beside hundreds of posts, or every count zero on a remote
account) are treated as unknown, and an older account whose counts are unknown
is a question for the owner, not "established".

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
    """Zero followers that cannot be true: hidden (Akkoma) or not reported (Takahē).

    Every count zero on a remote account; zero followers and zero follows beside a
    hundred posts or more; or zero followers beside five hundred posts.
    """
    a = s.account
    if a.followers_count != 0:
        return False
    posts = a.statuses_count or 0
    all_zero = not a.following_count and not posts
    hidden_both = not a.following_count and posts >= 100
    return (all_zero and a.domain is not None) or hidden_both or posts >= 500


def _followers(s: Subject) -> int | None:
    """The follower count, or None when it is not reported or cannot be true."""
    return None if _followers_hidden(s) else s.account.followers_count


def implausible_date(s: Subject) -> Evidence | None:
    """A creation date that cannot be the account's age: it says so, and age is not used."""
    doubt = s.date_doubt
    if doubt is None:
        return None
    detail = f"{doubt}; its age is unknown"
    return Evidence(RuleId.IMPLAUSIBLE_DATE, Effect.NOTE, None, detail)


def newcomer_age(s: Subject) -> Evidence | None:
    """Younger than ``newcomer.max_account_age``."""
    age_days = s.age_days
    if not s.is_new or age_days is None:
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
    """Older than a newcomer, and the follower count is hidden: "unknown", so ask the owner."""
    age_days = _hidden_count_age(s)
    if age_days is None:
        return None
    detail = (
        f"{age_days} days old, and the server hides or withholds the follower count "
        f"(0 followers beside {s.account.statuses_count or 0} posts)"
    )
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
    age_days, followers = s.age_days, _followers(s)
    parts = []
    if age_days is not None:
        parts.append(f"{age_days} days old")
    elif s.date_doubt:
        parts.append("of unknown age")
    if followers is not None:
        parts.append(f"{followers} followers")
    detail = ", ".join(parts)
    return Evidence(RuleId.ESTABLISHED, Effect.ESTABLISHED, Category.ESTABLISHED_HUMAN, detail)
