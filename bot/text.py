"""Plain-text helpers for profile HTML and hostile strings.

Everything here is pure and bounded: it never backtracks on user input and it
caps the size of what it reads, so a 1 MB bio costs the same as a 100 kB one.
"""

from __future__ import annotations

import html
import re
import unicodedata
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


def html_to_text(value: object) -> str:
    """Return the visible text of an HTML fragment (Mastodon notes, fields, statuses).

    ``#<span>nobot</span>`` becomes ``#nobot``; entities are decoded; anything that is
    not a string yields ``""``.
    """
    if not isinstance(value, str) or not value:
        return ""
    fragment = value[: MAX_TEXT_CHARS * 2]
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
    text = text.replace("\x00", "")
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


def fold(value: str) -> str:
    """Case- and compatibility-fold text for keyword matching (ｆｏｌｌｏｗ → follow)."""
    return unicodedata.normalize("NFKC", value).casefold()


_HASHTAG = re.compile(r"#(\w{1,100})")


def hashtags(text: str) -> set[str]:
    """Folded hashtags (without ``#``) that appear in plain text."""
    return {fold(tag) for tag in _HASHTAG.findall(text)}
