"""What the account says it is: a bot or a group, by flag, by server or in its profile."""

from __future__ import annotations

from bot.judge.evidence import Effect, Evidence, Subject, domain_in, quote
from bot.judge.ids import Category, RuleId
from bot.judge.vocabulary import groups


def bot_flag(s: Subject) -> Evidence | None:
    if s.account.bot:
        detail = "the account is flagged as a bot"
        return Evidence(RuleId.BOT_FLAG, Effect.HARD_VETO, Category.BOT, detail)
    return None


def group_flag(s: Subject) -> Evidence | None:
    """The group flag, or a home on a server of groups."""
    if s.account.group:
        detail = "the account is a group, not a person"
        return Evidence(RuleId.GROUP_FLAG, Effect.HARD_VETO, Category.GROUP, detail)
    if domain_in(s.domain, groups.GROUP_DOMAINS):
        detail = f"the account lives on {s.domain}, a server of groups"
        return Evidence(RuleId.GROUP_FLAG, Effect.HARD_VETO, Category.GROUP, detail)
    return None


def group_profile(s: Subject) -> Evidence | None:
    """A profile that says it is a group ("follow to join", a !group@server handle)."""
    said = s.policy.group_phrases.find(f"{s.account.display_name}\n{s.account.profile_text}")
    if not said and groups.GROUP_HANDLE.search(s.account.note):
        said = ["a !group@server handle"]
    if said:
        detail = f"the profile says it is a group ({quote(said)})"
        return Evidence(RuleId.GROUP_PROFILE, Effect.HARD_VETO, Category.GROUP, detail)
    return None
