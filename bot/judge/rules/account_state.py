"""The account's state: suspended, a memorial, moved, limited, or an egg without a picture."""

from __future__ import annotations

import re

from bot.judge.evidence import Effect, Evidence, Subject, quote
from bot.judge.ids import Category, RuleId
from bot.judge.lexicon import Phrases, tokens
from bot.judge.vocabulary import memorials
from bot.judge.vocabulary.avatars import DEFAULT_AVATAR
from bot.judge.voice import grammatical_person
from bot.text import strip_invisible

_MEMORIAL = Phrases(memorials.MEMORIAL_PHRASES)
_DEATH = Phrases(memorials.DEATH_WORDS)
_MEMORY = Phrases(memorials.MEMORY_WORDS)
_SENTENCE = re.compile(r"[^.!?。！？\n]+")
#: A life span in a display name: "Franco Gallo (1951–2026)", "† 2026".
_LIFE_SPAN = re.compile(r"\b(?:19|20)\d\d\s?[–—-]\s?(?:19|20)\d\d\b|†")


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


def _death_said(bio: str, name: str) -> str | None:
    """A sentence that says someone died, not in the first person ("my father died…")."""
    if _LIFE_SPAN.search(name[:200]):
        return strip_invisible(name)[:60]
    for sentence in _SENTENCE.findall(bio[:5000]):
        if _DEATH.spans(tokens(sentence)) and not grammatical_person(sentence)[0]:
            return " ".join(sentence.split())
    return None


def memorial_wording(s: Subject) -> Evidence | None:
    """A memorial by its words, without the flag: "kept as a memorial by her family".

    A memorial phrase; or a death, said of someone else, beside a word for the
    account or for remembering. Never for a new account: a memorial is kept for
    someone who was here.
    """
    if s.account.memorial or s.is_new:
        return None
    bio, name = s.account.note, s.account.display_name
    toks = tokens(f"{name}\n{bio}")
    said = _MEMORIAL.found(toks)
    if not said:
        death = _death_said(bio, name)
        if death is None or not _MEMORY.spans(toks):
            return None
        said = [death]
    detail = f"the profile says it is kept in memory of someone ({quote(said, limit=1)})"
    return Evidence(RuleId.MEMORIAL_WORDING, Effect.SOFT_VETO, Category.UNAVAILABLE, detail)


def limited(s: Subject) -> Evidence | None:
    if s.account.limited:
        detail = "the server's moderators have limited this account"
        return Evidence(RuleId.LIMITED, Effect.SOFT_VETO, Category.LIMITED, detail)
    return None


def default_avatar(s: Subject) -> Evidence | None:
    """No picture of its own yet: an egg, which may hatch (for a new sign-up, whose
    picture may come later, only a note: see ``Policy.for_signups``)."""
    urls = [u for u in (s.account.avatar, s.account.avatar_static) if u.strip()]
    if not urls:
        detail = "the account has no avatar"
    elif any(DEFAULT_AVATAR.search(url[:2000]) for url in urls):
        detail = "the avatar is the server's default picture"
    else:
        return None
    if not s.policy.eggs_wait:
        detail += " (a new sign-up: greeted anyway, not followed)"
        return Evidence(RuleId.DEFAULT_AVATAR, Effect.NOTE, None, detail)
    return Evidence(RuleId.DEFAULT_AVATAR, Effect.HOLD, Category.EGG, detail)
