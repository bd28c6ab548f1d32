"""Plain-text helpers for profile HTML and hostile strings.

Everything here is pure and bounded: it never backtracks on user input and it
caps the size of what it reads, so a 1 MB bio costs the same as a 100 kB one.

``PhraseSet`` matches lists of phrases (from the judge's vocabulary or from
``config.yaml``), never user-supplied regular expressions. They are escaped and
joined into one alternation of literals, matched on folded text that is already
bounded in length, so the cost is linear in the text for any input. Phrases in
scripts written with spaces (Latin, Greek, Cyrillic…) only match whole words:
``corp`` does not match inside ``corpse``. Phrases in scripts without spaces
(Japanese, Chinese) match anywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

#: Profile text longer than this is truncated before any rule looks at it.
MAX_TEXT_CHARS = 20_000

_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "blockquote", "pre", "tr", "h1", "h2"})
_SKIP_TAGS = frozenset({"script", "style"})


class _TextExtractor(HTMLParser):
    """Collects text content; block elements become line breaks, scripts vanish."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(value: str) -> str:
    """The same text, made safe to encode and store anywhere.

    JSON may carry lone UTF-16 surrogates (``"\\ud800"``) that no encoder accepts, and
    NUL characters that PostgreSQL refuses. Surrogate pairs are joined into the character
    they stand for, lone surrogates become U+FFFD and NULs are dropped.
    """
    if not _UNSTORABLE.search(value):
        return value
    text = value.replace("\x00", "")
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def html_to_text(value: object) -> str:
    """Return the visible text of an HTML fragment (Mastodon notes, fields, statuses).

    ``#<span>nobot</span>`` becomes ``#nobot``; entities are decoded; anything that is
    not a string yields ``""``.
    """
    if not isinstance(value, str) or not value:
        return ""
    fragment = safe_text(value[: MAX_TEXT_CHARS * 2])
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        parser = _TextExtractor()
        try:
            parser.feed(fragment)
            parser.close()
            text = "".join(parser.parts)
        except Exception:  # html.parser is lenient, but never let markup crash a decision
            text = html.unescape(re.sub(r"<[^>]{0,1000}>", " ", fragment))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


# Unicode categories that can hide, reorder or fake text: controls, formats (bidi
# overrides, zero-width joiners), surrogates, private use and unassigned code points.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def strip_invisible(value: str) -> str:
    """Drop control, bidi-override and zero-width characters; keep ordinary spaces."""
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in value
        if ch in "\t\n\r" or unicodedata.category(ch) not in _UNSAFE_CATEGORIES
    )


# What a terminal could act on: C0 and C1 controls (ESC starts escape sequences, and
# U+009B is a one-character CSI), line and paragraph separators, surrogates, and the
# bidi controls that reorder what the owner reads.
_TERMINAL_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _terminal_escape(ch: str) -> str:
    if ch in _BIDI_CONTROLS or unicodedata.category(ch) in _TERMINAL_CATEGORIES:
        return _SHORT_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"
    return ch


def terminal_safe(value: object) -> str:
    """Text from the server, safe to print on the owner's terminal.

    Control characters (ESC, C0, C1), line separators, lone surrogates and bidi
    overrides are written out as JSON-style escapes (``\\u001b``, ``\\n``), visible and
    inert. Every other character is kept. Because the escapes are JSON's own, a JSON
    line passed through this function is still valid JSON with the same content.
    """
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return "".join(_terminal_escape(ch) for ch in text)


def fold(value: str) -> str:
    """Case- and compatibility-fold text for keyword matching (ｆｏｌｌｏｗ → follow)."""
    return unicodedata.normalize("NFKC", value).casefold()


_HASHTAG = re.compile(r"#(\w{1,100})")


def hashtags(text: str) -> set[str]:
    """Folded hashtags (without ``#``) that appear in plain text."""
    return {fold(tag) for tag in _HASHTAG.findall(text)}


#: A link: a scheme ("https://", "gemini://") or "www.", up to the next space.
URL = re.compile(r"(?:[a-z][a-z0-9+.-]{1,20}://|www\.)\S*", re.IGNORECASE)
#: A mention is an @ that does not follow a word character: "@alice", "@bob@host".
MENTION = re.compile(r"(?<![\w/])@[\w.-]+(?:@[\w.-]+)?")


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def strip_urls(text: str) -> str:
    return URL.sub(" ", text)


def url_count(text: str) -> int:
    return len(URL.findall(text))


def _spaced(ch: str) -> bool:
    """True for letters of scripts that separate words with spaces."""
    return ch.isascii() or "\u00c0" <= ch <= "\u052f" or "\u1e00" <= ch <= "\u1fff"


spaced_script = _spaced


class PhraseSet:
    """A set of literal phrases, matched case- and width-insensitively."""

    def __init__(self, phrases: Iterable[str]) -> None:
        cleaned = sorted(
            {fold(p).strip() for p in phrases if p and p.strip()}, key=len, reverse=True
        )
        self.phrases = tuple(cleaned)
        parts = []
        for phrase in cleaned:
            body = re.escape(phrase).replace(r"\ ", r"\s+")
            left = r"(?<!\w)" if _spaced(phrase[0]) and (phrase[0].isalnum()) else ""
            right = r"(?!\w)" if _spaced(phrase[-1]) and (phrase[-1].isalnum()) else ""
            parts.append(f"{left}{body}{right}")
        self._pattern = re.compile("|".join(parts)) if parts else None

    def find(self, text: str) -> list[str]:
        """Distinct phrases found in ``text``, in order of first appearance."""
        if self._pattern is None or not text:
            return []
        seen: dict[str, None] = {}
        for match in self._pattern.finditer(fold(text)):
            seen.setdefault(" ".join(match.group(0).split()), None)
        return list(seen)

    def __bool__(self) -> bool:
        return bool(self.phrases)
