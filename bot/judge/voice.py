"""Who is speaking in a text: "I/my" or "we/our", counted across languages."""

from __future__ import annotations

from bot.judge.lexicon import tokens
from bot.judge.vocabulary import people
from bot.text import fold


def grammatical_person(text: str) -> tuple[int, int]:
    """How often a text says "I/my" and "we/our", across languages."""
    bounded = text[:20000]
    folded = fold(bounded)
    plural = 0
    for form in people.PLURAL_CJK:
        plural += folded.count(form)
        folded = folded.replace(form, " ")
    singular = sum(folded.count(form) for form in people.SINGULAR_CJK)
    singular += len(people.ENGLISH_I.findall(bounded)) + len(people.FRENCH_JE.findall(bounded))
    for word in tokens(folded):  # marks stay with their letters: "मैं" is one word
        if word in people.SINGULAR_WORDS:
            singular += 1
        elif word in people.PLURAL_WORDS or (
            len(word) >= 7 and word.endswith(people.PLURAL_VERB_ENDINGS)
        ):
            plural += 1
    return singular, plural
