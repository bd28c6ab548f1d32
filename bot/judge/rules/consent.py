"""Consent: what the follower said (opt-outs, blocks, unfollowing) and what the owner said (lists).

Every rule here but ``allow_list`` and ``talks_about_bots`` is a hard veto:
nothing overrides it, not even the allow list. ``talks_about_bots`` asks the
owner, and only a veto overrides that.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.judge import bot_talk
from bot.judge.evidence import Effect, Evidence, Subject, domain_in, quote
from bot.judge.ids import Category, RuleId
from bot.judge.vocabulary import consent
from bot.text import hashtags, html_to_text, strip_invisible


def _profile_words(s: Subject) -> str:
    """The name, the bio and the fields, as plain text, one line each (lines end sentences)."""
    # Display names are plain text, but read them as HTML too: when in doubt, respect it.
    text = "\n".join((html_to_text(s.account.display_name), s.account.profile_text))
    return "\n".join(strip_invisible(line) for line in text.splitlines())


def _opted_out_tags(tags: set[str], opt_out: frozenset[str]) -> list[str]:
    found = []
    for tag in tags:
        bare = tag.replace("_", "")
        if (
            tag in opt_out
            or any(
                bare == base.replace("_", "") + ending
                for base in opt_out
                for ending in consent.OPT_OUT_TAG_ENDINGS
            )
            or bot_talk.tag_refuses_bots(tag)
        ):
            found.append(tag)
    return sorted(found)


def opt_out_tag(s: Subject) -> Evidence | None:
    """#nobot and friends (#NoBotsPlease, #KeineBots, #ボットお断り) in the bio, fields or name."""
    found = _opted_out_tags(hashtags(_profile_words(s)), s.policy.opt_out_tags)
    if found:
        tags = ", ".join("#" + t for t in found)
        detail = f"the profile asks bots to stay away ({tags})"
        return Evidence(RuleId.OPT_OUT_TAG, Effect.HARD_VETO, Category.OPTED_OUT, detail)
    return None


def _bots_field_says_no(name: str, value: str) -> bool:
    """A profile field like "Bots: no thanks", "Боти: ні", "봇: 사절합니다"."""
    if consent.BOTS_FIELD_NAME.match(name[:60]) and consent.FIELD_REFUSAL.match(value[:60] + " "):
        return True
    if bot_talk.mentions_bots(name[:100]) and bot_talk.refusal_at_start(value[:100]):
        return True
    return bool(bot_talk.refusals(f"{name[:100]}: {value[:500]}"))


def opt_out_field(s: Subject) -> Evidence | None:
    """A profile field that says no to bots: "Bots: no thanks", "Interazioni con bot: no"."""
    for f in s.account.fields:
        if _bots_field_says_no(strip_invisible(f.name), strip_invisible(f.value)):
            detail = f"the profile field “{strip_invisible(f.name)[:30]}” says no to bots"
            return Evidence(RuleId.OPT_OUT_FIELD, Effect.HARD_VETO, Category.OPTED_OUT, detail)
    return None


def opt_out_sentence(text: str) -> str | None:
    """A sentence that refuses bots in so many words, in any of many languages."""
    found = bot_talk.refusals(text)
    return found[0][:80] if found else None


def opt_out_phrase(s: Subject) -> Evidence | None:
    """ "No bots please", as one of the opt-out phrases or in a sentence of its own."""
    text = _profile_words(s)
    said = s.policy.opt_out_phrases.find(text)
    if said:
        detail = f"the profile asks bots to stay away ({quote(said)})"
        return Evidence(RuleId.OPT_OUT_PHRASE, Effect.HARD_VETO, Category.OPTED_OUT, detail)
    sentence = opt_out_sentence(text)
    if sentence:
        detail = f"the profile asks bots not to follow ({quote([sentence])})"
        return Evidence(RuleId.OPT_OUT_PHRASE, Effect.HARD_VETO, Category.OPTED_OUT, detail)
    return None


def talks_about_bots(s: Subject) -> Evidence | None:
    """A profile that speaks of bots, neither refusing them nor plainly welcoming them.

    Word lists never cover every way of saying no, so any mention of bots or
    automated accounts (a small, closed set of words in many scripts) keeps the
    account from being followed automatically: the owner reads it first. Plainly
    fine are "not a bot", "bots welcome", "I don't mind bots", a maker's "I write
    bots" and robots in a robotics profile.
    """
    found = bot_talk.unclear(_profile_words(s))
    if not found:
        return None
    detail = (
        f"the profile speaks of bots ({quote(found, limit=1)}) without plainly welcoming "
        "them: the owner decides"
    )
    return Evidence(RuleId.TALKS_ABOUT_BOTS, Effect.ASK_FIRST, Category.CONSENT_UNSURE, detail)


def do_not_contact(s: Subject) -> Evidence | None:
    """The permanent do-not-contact list: opt-outs, blocks, stop words, the owner's entries."""
    if s.do_not_contact:
        detail = "the account is on the do-not-contact list"
        return Evidence(RuleId.DO_NOT_CONTACT, Effect.HARD_VETO, Category.DO_NOT_CONTACT, detail)
    return None


def _listed(s: Subject, accounts: frozenset[str], domains: Sequence[str]) -> str | None:
    """What puts the account on an owner's list: its handle, or its domain."""
    if s.acct in accounts:
        return s.acct
    domain = domain_in(s.domain, domains)
    return f"the domain {domain}" if domain else None


def deny_list(s: Subject) -> Evidence | None:
    who = _listed(s, s.policy.deny_accounts, s.policy.deny_domains)
    if who:
        detail = f"{who} is on the deny list"
        return Evidence(RuleId.DENY_LIST, Effect.HARD_VETO, Category.DENIED, detail)
    return None


def blocked(s: Subject) -> Evidence | None:
    rel = s.relationship
    if rel is None:
        return None
    if rel.blocked_by or rel.blocking:
        who = "the account blocks the bot" if rel.blocked_by else "the bot blocks the account"
        return Evidence(RuleId.BLOCKED, Effect.HARD_VETO, Category.BLOCKED, who)
    if rel.domain_blocking:
        detail = "the bot blocks the account's domain"
        return Evidence(RuleId.BLOCKED, Effect.HARD_VETO, Category.BLOCKED, detail)
    return None


def no_longer_follows(s: Subject) -> Evidence | None:
    rel = s.relationship
    if rel is not None and rel.followed_by is False and not rel.following:
        detail = "the account no longer follows the bot"
        return Evidence(RuleId.NO_LONGER_FOLLOWS, Effect.HARD_VETO, Category.LEFT, detail)
    return None


def allow_list(s: Subject) -> Evidence | None:
    who = _listed(s, s.policy.allow_accounts, s.policy.allow_domains)
    if who:
        detail = f"{who} is on the allow list"
        return Evidence(RuleId.ALLOW_LIST, Effect.ALLOW, Category.ALLOWED, detail)
    return None
