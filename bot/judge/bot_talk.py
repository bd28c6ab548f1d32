"""What a profile says about bots, sentence by sentence, in any of many languages.

A sentence that mentions bots (or automated accounts) is one of (robots alone, with
nothing about following, messages or accounts, are machines and not mentioned):

- a person saying what they are ("not a bot", "不是机器人"), or that bots are
  welcome ("bots welcome", "I don't mind bots"): set aside;
- a refusal: "no bots" (a refusal within two words of a bot word), "bots, don't
  follow me" (a bot word, a contact word and a refusal), "I block every bot";
- a maker's ("I write bots", "bot developer") or a roboticist's, which is fine
  unless it also refuses contact or blocks;
- anything else, which the judge does not understand well enough to follow
  anyone automatically: a question for the owner.

The words are closed lists (``bot.judge.vocabulary.consent``); the phrasings
around them are read, not listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from bot.judge.lexicon import Lexicon, Phrases, tokens
from bot.judge.vocabulary import consent as words
from bot.text import MENTION

_BOTS = Lexicon(words.BOT_WORDS)
_AUTOMATION = Lexicon(words.AUTOMATION_WORDS)
_AUTOMATION_PHRASES = Phrases(words.AUTOMATION_PHRASES)
_ACCOUNTS = Lexicon(words.ACCOUNT_WORDS)
_FOLLOW = Lexicon(words.FOLLOW_WORDS)
_FOLLOW_PHRASES = Phrases(words.FOLLOW_PHRASES)
_MESSAGE = Lexicon(words.MESSAGE_WORDS)
_MESSAGE_PHRASES = Phrases(words.MESSAGE_PHRASES)
_HUMAN = Lexicon(words.HUMAN_WORDS)
_CLOSING = Lexicon(words.CLOSING_WORDS)
_REFUSALS = Lexicon(words.REFUSAL_WORDS)
_BLOCKS = Lexicon(words.BLOCK_WORDS)
_NOT_A_BOT = Phrases(words.NOT_A_BOT)
_WELCOME = Phrases(words.BOTS_WELCOME)
_DONT_MIND = Phrases(words.DONT_MIND)
_MAKERS = Phrases(words.BOT_MAKERS)
_ROBOTICS = Lexicon(words.ROBOTICS_WORDS)
_ROBOT_FORMS = Lexicon(words.ROBOT_FORMS)

#: Sentences end at these (and at line breaks: each profile field is a line).
_SENTENCE = re.compile(r"[^.!?。！？\n]+")
#: How far apart a refusal and a bot word may stand and still be "no bots".
_NEAR = 2


class Reading(Enum):
    """What one sentence says about bots."""

    NONE = "none"  # no bots in it
    FINE = "fine"  # a person, a welcome, a maker
    REFUSAL = "refusal"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class _Sentence:
    toks: list[str]
    bots: list[int]  # positions of bot words
    automated: bool  # speaks of automated accounts, automatic follows
    contact: bool
    refusals: list[int]
    blocks: bool

    @classmethod
    def of(cls, toks: list[str]) -> _Sentence:
        follows = bool(_FOLLOW.positions(toks) or _FOLLOW_PHRASES.spans(toks))
        messages = bool(_MESSAGE.positions(toks) or _MESSAGE_PHRASES.spans(toks))
        # automated *accounts* or *follows*; automatic posts are the automation rules' business
        automated = bool(_AUTOMATION.positions(toks) or _AUTOMATION_PHRASES.spans(toks)) and (
            follows or bool(_ACCOUNTS.positions(toks))
        )
        return cls(
            toks=toks,
            bots=_BOTS.positions(toks),
            automated=automated,
            contact=follows or messages,
            refusals=_REFUSALS.positions(toks),
            blocks=bool(_BLOCKS.positions(toks)),
        )

    @property
    def about_bots(self) -> bool:
        return bool(self.bots) or self.automated

    def says_no_to_bots(self) -> bool:
        """ "No bots", "keine Bots"; or "Bots: no (thanks)", where the refusal ends the sentence."""
        for b in self.bots:
            for r in self.refusals:
                if b - _NEAR <= r <= b:
                    return True
                if b < r <= b + _NEAR and all(
                    _CLOSING.match(t) or _REFUSALS.match(t) for t in self.toks[r + 1 :]
                ):
                    return True
        return False

    def refuses_contact(self) -> bool:
        return (self.contact and bool(self.refusals)) or self.blocks


def _welcomes(toks: list[str]) -> bool:
    """ "Bots welcome", unless a refusal stands right before it; "I don't mind"."""
    if _DONT_MIND.spans(toks):
        return True
    for start, _end, _phrase in _WELCOME.spans(toks):
        if not any(_REFUSALS.match(t) for t in toks[max(0, start - _NEAR) : start]):
            return True
    return False


def _without(toks: list[str], covered: set[int]) -> list[str]:
    return [t for i, t in enumerate(toks) if i not in covered]


def _fine(text: str, toks: list[str], s: _Sentence, robotics: bool) -> bool:
    """Plainly fine, once no refusal is found: a maker, a roboticist, a person, a handle."""
    if _MAKERS.spans(toks) or _HUMAN.positions(toks):
        return True
    if robotics and not s.automated and all(_ROBOT_FORMS.match(toks[i]) for i in s.bots):
        return True
    # "Bots: @frogs, @tides": pointing at bot accounts by name, as their maker does
    return bool(s.bots) and bool(MENTION.search(text))


def _tokens(text: str) -> list[str]:
    # "ロボット" (a robot) holds "ボット" (a bot): read it as the machine it names
    return tokens(text.replace("ロボット", " robot "))


def _only_machines(s: _Sentence) -> bool:
    """Robots, and nothing of accounts: no following, messages, accounts or refusals."""
    return (
        bool(s.bots)
        and not s.automated
        and all(_ROBOT_FORMS.match(s.toks[i]) for i in s.bots)
        and not (s.contact or s.refusals or s.blocks or _ACCOUNTS.positions(s.toks))
    )


def read_sentence(text: str, *, robotics: bool = False) -> Reading:
    """What one sentence says about bots; ``robotics``: the profile is about robotics."""
    toks = _tokens(text)
    if not toks:
        return Reading.NONE
    toks = _without(toks, _NOT_A_BOT.positions(toks))
    s = _Sentence.of(toks)
    if not s.about_bots or _only_machines(s):
        return Reading.NONE
    if _welcomes(toks):
        return Reading.FINE
    maker = bool(_MAKERS.spans(toks))
    if s.refuses_contact() or (not maker and s.says_no_to_bots()):
        return Reading.REFUSAL
    return Reading.FINE if _fine(text, toks, s, robotics) else Reading.UNCLEAR


def sentences(text: str) -> list[str]:
    return [" ".join(m.split()) for m in _SENTENCE.findall(text[:5000]) if m.strip()]


def is_about_robotics(text: str) -> bool:
    return bool(_ROBOTICS.positions(tokens(text)))


@lru_cache(maxsize=512)
def _readings(text: str) -> tuple[tuple[str, Reading], ...]:
    """Each sentence of a text with what it says about bots (several rules ask the same)."""
    robotics = is_about_robotics(text)
    return tuple((s, read_sentence(s, robotics=robotics)) for s in sentences(text))


def refusals(text: str) -> list[str]:
    """The sentences that refuse bots."""
    return [s for s, reading in _readings(text) if reading is Reading.REFUSAL]


def unclear(text: str) -> list[str]:
    """The sentences that speak of bots in a way that is neither a refusal nor plainly fine."""
    return [s for s, reading in _readings(text) if reading is Reading.UNCLEAR]


def mentions_bots(text: str) -> bool:
    """Whether any word for bots (or automated accounts) is in the text at all."""
    toks = _tokens(text)
    return bool(_BOTS.positions(toks)) or _Sentence.of(toks).automated


def refusal_at_start(value: str) -> bool:
    """A field value that begins with a refusal: "no thanks", "ні", "🚫"."""
    stripped = value.strip()
    if stripped.startswith(words.REFUSAL_EMOJI):
        return True
    toks = tokens(stripped)
    return bool(toks) and _REFUSALS.match(toks[0]) is not None


def _strip_affixes(tag: str) -> tuple[str, bool]:
    for prefix in sorted(words.TAG_REFUSAL_PREFIXES, key=len, reverse=True):
        if tag.startswith(prefix) and len(tag) > len(prefix):
            return tag[len(prefix) :], True
    for suffix in sorted(words.TAG_REFUSAL_SUFFIXES, key=len, reverse=True):
        if tag.endswith(suffix) and len(tag) > len(suffix):
            return tag[: -len(suffix)], True
    return tag, False


def tag_refuses_bots(tag: str) -> bool:
    """A hashtag made of a refusal and a bot word: "#KeineBots", "#sinbots", "#ボットお断り"."""
    bare = tag.replace("_", "")
    middle, refused = _strip_affixes(bare)
    if not refused:
        return False
    for word in words.TAG_BOT_WORDS:
        if middle.startswith(word) and middle[len(word) :] in words.OPT_OUT_TAG_ENDINGS:
            return True
    return False
