"""Words in any script: a text as tokens, and closed sets of words matched as each script needs.

``PhraseSet`` (``bot.text``) matches phrases; the rules that read a sentence for
its parts ("a bot word, a follow word and a refusal") need words instead, in
scripts that mark words differently:

- scripts written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari…):
  a word is a whole token ("bots", "ботов"), or a token's beginning for an entry
  written with a final ``*`` ("automat*" is "automated", "automatisch"…);
- Hangul: a token's beginning, because particles are written onto the word
  ("봇은", "봇이" are "봇");
- scripts written without spaces (Chinese, Japanese kana, Thai…): anywhere in a
  run of them ("ボット" in "ボットお断り");
- two words in a row, for an entry of two ("tài khoản": Vietnamese writes
  syllables apart);
- an entry written ``*word*`` anywhere in a token (Swahili writes the person
  into the verb: "kunifuata", "itakayonifuata"), and ``*word`` at a token's end
  (the head of a compound: "Lankakauppa" is a yarn shop, "Kirjastonhoitaja" is a
  librarian, not a library).

``Phrases`` are short sequences of such words ("not a bot", "не бот", "不是 bot"),
found where they stand in a text's tokens, so that a rule can set them aside.

Tokenising is one pass over a bounded text; a run of unspaced script is one token,
and a change between a spaced and an unspaced script ends a token ("bot禁止" is
"bot", "禁止").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from bot.text import fold

#: Text longer than this is cut before it is tokenised.
MAX_CHARS = 5000

_SEPARATOR, _SPACED, _UNSPACED = 0, 1, 2
_APOSTROPHES = "'’"


def _unspaced(ch: str) -> bool:
    """Letters of scripts written without spaces between words."""
    o = ord(ch)
    return (
        0x0E00 <= o <= 0x0EFF  # Thai, Lao
        or 0x1000 <= o <= 0x109F  # Myanmar
        or 0x1780 <= o <= 0x17FF  # Khmer
        or 0x3040 <= o <= 0x30FF  # kana
        or 0x3400 <= o <= 0x9FFF  # CJK ideographs
        or 0xF900 <= o <= 0xFAFF
        or 0xFF66 <= o <= 0xFF9F  # half-width kana
        or 0x20000 <= o <= 0x2FFFF
    )


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def is_spaced(token: str) -> bool:
    """Whether a token is a word of a script written with spaces (not a run of CJK or Thai)."""
    return bool(token) and not _unspaced(token[0])


def _kind(ch: str) -> int:
    category = unicodedata.category(ch)
    if category[0] not in "LMN":
        return _SEPARATOR
    return _UNSPACED if _unspaced(ch) else _SPACED


def tokens(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters, marks and digits, by script."""
    folded = fold(text[:MAX_CHARS])
    out: list[str] = []
    current: list[str] = []
    current_kind = _SEPARATOR
    for i, ch in enumerate(folded):
        kind = _kind(ch)
        if kind == _SEPARATOR and ch in _APOSTROPHES and current_kind == _SPACED:
            following = folded[i + 1 : i + 2]
            if following and _kind(following) == _SPACED:
                current.append(ch)
                continue
        if unicodedata.category(ch)[0] == "M" and current:
            current.append(ch)  # a mark belongs to the letter before it
            continue
        if kind != current_kind and current:
            out.append("".join(current))
            current = []
        current_kind = kind
        if kind != _SEPARATOR:
            current.append(ch)
    if current:
        out.append("".join(current))
    return out


class Lexicon:
    """A closed set of words, matched against tokens the way each entry's script needs."""

    def __init__(self, entries: Iterable[str]) -> None:
        exact: set[str] = set()
        prefixes: set[str] = set()
        anywhere: set[str] = set()
        inside: set[str] = set()
        suffixes: set[str] = set()
        pairs: set[str] = set()
        for entry in entries:
            # a zero-width non-joiner separates words as a space does ("ثبت‌نام")
            word = " ".join(fold(entry).replace("\u200c", " ").split())
            if not word or word == "*":
                continue
            if _unspaced(word[0]):
                anywhere.add(word.strip("*"))
            elif " " in word:
                pairs.add(word)  # two words in a row ("tài khoản"); ``positions`` finds them
            elif len(word) > 2 and word.startswith("*") and word.endswith("*"):
                inside.add(word[1:-1])
            elif len(word) > 1 and word.startswith("*"):
                suffixes.add(word[1:])
            elif word.endswith("*"):
                prefixes.add(word[:-1])
            elif _hangul(word[0]):
                prefixes.add(word)
            else:
                exact.add(word)
        self._exact = frozenset(exact)
        self._prefixes = tuple(sorted(prefixes, key=len, reverse=True))
        self._anywhere = tuple(sorted(anywhere, key=len, reverse=True))
        self._inside = tuple(sorted(inside, key=len, reverse=True))
        self._suffixes = tuple(sorted(suffixes, key=len, reverse=True))
        self._pairs = frozenset(pairs)

    def match(self, token: str) -> str | None:
        """The entry this token is, begins with, ends with or (unspaced) contains."""
        if token in self._exact:
            return token
        found = (
            next((p for p in self._prefixes if token.startswith(p)), None)
            or next((p for p in self._inside if p in token), None)
            or next((p for p in self._suffixes if token.endswith(p)), None)
        )
        if found is None and token and _unspaced(token[0]):
            found = next((p for p in self._anywhere if p in token), None)
        return found

    def _at(self, toks: Sequence[str], i: int) -> str | None:
        """The entry found at token ``i``: the token itself, or it and the next one."""
        entry = self.match(toks[i])
        if entry is None and self._pairs and i + 1 < len(toks):
            pair = f"{toks[i]} {toks[i + 1]}"
            entry = pair if pair in self._pairs else None
        return entry

    def positions(self, toks: Sequence[str]) -> list[int]:
        """The indices of the tokens that match (the first of a pair)."""
        return [i for i in range(len(toks)) if self._at(toks, i) is not None]

    def found(self, toks: Sequence[str]) -> list[str]:
        """The entries found, in order of first appearance."""
        seen: dict[str, None] = {}
        for i in range(len(toks)):
            entry = self._at(toks, i)
            if entry is not None:
                seen.setdefault(entry, None)
        return list(seen)

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and self.match(token) is not None


def _word_matches(word: str, token: str) -> bool:
    """One word of a phrase against one token, by the word's script (as in ``Lexicon``)."""
    if _unspaced(word[0]):
        return word in token
    if _hangul(word[0]):
        return token.startswith(word)
    return token == word


class Phrases:
    """Short sequences of words, found as runs of tokens: "not a bot", "不是 bot"."""

    def __init__(self, entries: Iterable[str]) -> None:
        found: dict[tuple[str, ...], None] = {}
        for entry in entries:
            words = tuple(tokens(entry))
            if words:
                found.setdefault(words, None)
        self._phrases = tuple(found)
        # phrases by their first word, so that a token is tried only against its own
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._other: list[tuple[str, ...]] = []  # first word unspaced or Hangul
        for phrase in self._phrases:
            first = phrase[0]
            if _unspaced(first[0]) or _hangul(first[0]):
                self._other.append(phrase)
            else:
                self._by_first.setdefault(first, []).append(phrase)

    @staticmethod
    def _matches(phrase: tuple[str, ...], toks: Sequence[str], start: int) -> bool:
        if start + len(phrase) > len(toks):
            return False
        return all(_word_matches(word, toks[start + k]) for k, word in enumerate(phrase))

    def spans(self, toks: Sequence[str]) -> list[tuple[int, int, str]]:
        """Where each phrase stands: (first token, past the last, the phrase)."""
        out = []
        for i, token in enumerate(toks):
            candidates = self._by_first.get(token, [])
            if self._other and token and (_unspaced(token[0]) or _hangul(token[0])):
                candidates = [*candidates, *self._other]
            for phrase in candidates:
                if self._matches(phrase, toks, i):
                    out.append((i, i + len(phrase), " ".join(phrase)))
        return out

    def positions(self, toks: Sequence[str]) -> set[int]:
        """The indices of every token inside a phrase."""
        return {k for start, end, _ in self.spans(toks) for k in range(start, end)}

    def found(self, toks: Sequence[str]) -> list[str]:
        seen: dict[str, None] = {}
        for _, _, phrase in self.spans(toks):
            seen.setdefault(phrase, None)
        return list(seen)
