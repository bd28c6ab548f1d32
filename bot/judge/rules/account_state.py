"""The account's state: suspended, a memorial, moved, limited, or an egg without a picture."""

from __future__ import annotations

from bot.judge.evidence import Effect, Evidence, Subject
from bot.judge.ids import Category, RuleId
from bot.judge.vocabulary.avatars import DEFAULT_AVATAR
from bot.text import strip_invisible


def suspended(s: Subject) -> Evidence | None:
    if s.account.suspended:
        detail = "the account is suspended"
        return Evidence(RuleId.SUSPENDED, Effect.HARD_VETO, Category.UNAVAILABLE, detail)
    return None


def moved(s: Subject) -> Evidence | None:
    if s.account.moved_to:
        target = strip_invisible(s.account.moved_to)[:100]
        detail = f"the account has moved to {target}"
        return Evidence(RuleId.MOVED, Effect.HARD_VETO, Category.MOVED, detail)
    return None


def memorial(s: Subject) -> Evidence | None:
    if s.account.memorial:
        detail = "the account is a memorial"
        return Evidence(RuleId.MEMORIAL, Effect.HARD_VETO, Category.UNAVAILABLE, detail)
    return None


def limited(s: Subject) -> Evidence | None:
    if s.account.limited:
        detail = "the server's moderators have limited this account"
        return Evidence(RuleId.LIMITED, Effect.SOFT_VETO, Category.LIMITED, detail)
    return None


def default_avatar(s: Subject) -> Evidence | None:
    """No picture of its own yet: an egg, which may hatch."""
    urls = [u for u in (s.account.avatar, s.account.avatar_static) if u.strip()]
    if not urls:
        detail = "the account has no avatar"
        return Evidence(RuleId.DEFAULT_AVATAR, Effect.HOLD, Category.EGG, detail)
    if any(DEFAULT_AVATAR.search(url[:2000]) for url in urls):
        detail = "the avatar is the server's default picture"
        return Evidence(RuleId.DEFAULT_AVATAR, Effect.HOLD, Category.EGG, detail)
    return None
