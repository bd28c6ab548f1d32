"""Consent: what the follower said (opt-outs, blocks, unfollowing) and what the owner said (lists).

Every rule here but ``allow_list`` is a hard veto: nothing overrides it, not
even the allow list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.judge.evidence import Effect, Evidence, Subject, domain_in, quote
from bot.judge.ids import Category, RuleId
from bot.judge.vocabulary import consent
from bot.text import PhraseSet, fold, hashtags, html_to_text, strip_invisible


def _profile_words(s: Subject) -> str:
    """The name, the bio and the fields, as plain text."""
    # Display names are plain text, but read them as HTML too: when in doubt, respect it.
    return strip_invisible(
        "\n".join((html_to_text(s.account.display_name), s.account.profile_text))
    )


def _opted_out_tags(tags: set[str], opt_out: frozenset[str]) -> list[str]:
    found = []
    for tag in tags:
        bare = tag.replace("_", "")
        if tag in opt_out or any(
            bare == base.replace("_", "") + ending
            for base in opt_out
            for ending in consent.OPT_OUT_TAG_ENDINGS
        ):
            found.append(tag)
    return sorted(found)


def opt_out_tag(s: Subject) -> Evidence | None:
    """#nobot and friends (#NoBotsPlease too) in the bio, the fields or the name."""
    found = _opted_out_tags(hashtags(_profile_words(s)), s.policy.opt_out_tags)
    if found:
        tags = ", ".join("#" + t for t in found)
        detail = f"the profile asks bots to stay away ({tags})"
        return Evidence(RuleId.OPT_OUT_TAG, Effect.HARD_VETO, Category.OPTED_OUT, detail)
    return None


def _bots_field_says_no(name: str, value: str) -> bool:
    """A profile field like "Bots: no thanks"."""
    return bool(consent.BOTS_FIELD_NAME.match(name[:60])) and bool(
        consent.FIELD_REFUSAL.match(value[:60] + " ")
    )


def opt_out_field(s: Subject) -> Evidence | None:
    """A profile field that says no to bots: "Bots: no thanks"."""
    for f in s.account.fields:
        if _bots_field_says_no(f.name, f.value):
            detail = f"the profile field “{strip_invisible(f.name)[:30]}” says no to bots"
            return Evidence(RuleId.OPT_OUT_FIELD, Effect.HARD_VETO, Category.OPTED_OUT, detail)
    return None


_SENTENCE = re.compile(r"[^.!?。！？\n]+")
_OPT_OUT_SETS = (
    PhraseSet(consent.OPT_OUT_BOT_WORDS),
    PhraseSet(consent.OPT_OUT_FOLLOW_WORDS),
    PhraseSet(consent.OPT_OUT_REFUSALS),
)


def opt_out_sentence(text: str) -> str | None:
    """A sentence that refuses bot follows in so many words, in any of several languages."""
    bots, follows, refusals = _OPT_OUT_SETS
    for sentence in _SENTENCE.findall(text[:5000]):
        folded = fold(sentence)
        # Japanese and Chinese write "bot" inside words: look for it without word bounds.
        has_bot = bool(bots.find(sentence)) or "bot" in folded and not folded.isascii()
        if has_bot and follows.find(sentence) and refusals.find(sentence):
            return " ".join(sentence.split())[:80]
    return None


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
