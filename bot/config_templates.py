"""Welcome templates: the placeholders, and the checks every template passes at load
time, so that no message can mention, tag or link what a profile says."""

from __future__ import annotations

import re
import string
import unicodedata

from bot.text import MENTION, strip_invisible
from bot.welcome import MAX_NAME_CHARS, MAX_STATUS_CHARS

TEMPLATE_VARIABLES = frozenset(
    {"display_name", "username", "acct", "instance", "bot_acct", "bot_display_name", "rules_url"}
)
#: The longest value each placeholder plausibly takes (a display name is cut to 60
#: characters when it is sanitised; Mastodon's usernames have at most 30), and the
#: newcomer's mention the bot puts in front (@ + username + @ + server).
LONGEST_PLAUSIBLE = {
    "display_name": MAX_NAME_CHARS,
    "bot_display_name": MAX_NAME_CHARS,
    "username": 30,
    "acct": 61,
    "instance": 30,
    "bot_acct": 30,
    "rules_url": 60,  # https://<the bot's server>/about
}
LONGEST_MENTION = 62
# {{ name }}: Jinja's placeholders, which str.format would send as "{ name }".
_JINJA = re.compile(r"\{\{(\s*)([A-Za-z_]\w*)(\s*)\}\}")
# Stands for a placeholder's value while a template is checked (private use: the
# owner's own text cannot contain it, strip_invisible removes those).
_SLOT = "\ue000"
# Sentence punctuation that may touch a placeholder: "({display_name})," is fine.
_OPENING = "([{'\"«“‘¡¿"
_CLOSING = ".,;:!?)]}'\"»”’…"
# Inside one word with a placeholder, these would make profile text part of a
# mention or hashtag (@ #) or of a link or address (/ : . ? = & \).
_TAG_MARKS = re.compile(r"[@#]")
_LINK_MARKS = re.compile(r"[/:.?=&\\]")


def _template_skeleton(parsed: list[tuple[str, str | None, str | None, str | None]]) -> str:
    """The template as a lenient server reads it: NFKC, no invisible characters, and
    each placeholder as one slot character."""
    parts = []
    for literal, name, _spec, _conv in parsed:
        parts.append(strip_invisible(unicodedata.normalize("NFKC", strip_invisible(literal))))
        if name is not None:
            parts.append(_SLOT)
    return "".join(parts)


def _placement_problem(skeleton: str, names: list[str]) -> str | None:
    """Why a placeholder sits where profile text could mention, tag or link, if it does."""
    slots = iter(names)
    for word in skeleton.split():
        count = word.count(_SLOT)
        if not count:
            continue
        placed = [next(slots) for _ in range(count)]
        core = word.lstrip(_OPENING).rstrip(_CLOSING)
        shown = "{" + placed[0] + "}"
        if _TAG_MARKS.search(core):
            return (
                f"{shown} touches @ or #: profile text there could become a mention or a "
                "hashtag; put a space around placeholders (the newcomer's handle is {acct})"
            )
        if _LINK_MARKS.search(core) or count > 1:
            return (
                f"{shown} is inside a word with {core.replace(_SLOT, '…')!r}: profile text "
                "there could become part of a link or an address; put a space around it"
            )
    return None


def longest_rendering(text: str) -> int:
    """How long the message can get (the mention included) with the longest plausible
    values; the template must already parse."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            parts.append("x" * LONGEST_PLAUSIBLE.get(name, 0))
    return LONGEST_MENTION + 1 + len("".join(parts).strip())


def _jinja_problem(text: str) -> str | None:
    for match in _JINJA.finditer(text):
        spaced, name = bool(match.group(1) or match.group(3)), match.group(2)
        if spaced or name in TEMPLATE_VARIABLES:
            return (
                f"{match.group(0)} is Jinja's way of writing a placeholder, and would be sent "
                f"as {{{match.group(1)}{name}{match.group(3)}}}; write {{{name}}}"
            )
    return None


def _length_problem(text: str) -> str | None:
    longest = longest_rendering(text)
    if longest <= MAX_STATUS_CHARS:
        return None
    return (
        f"the message can be {longest} characters long with a {MAX_NAME_CHARS}-character "
        f"name and the newcomer's mention, over the {MAX_STATUS_CHARS} a post may have; "
        f"shorten it by {longest - MAX_STATUS_CHARS} (nothing is ever cut)"
    )


def check_template(text: str) -> str:
    """Reject templates that could mention other accounts or use unsafe placeholders.

    Every welcome, per-language and acknowledgement template goes through here at load
    time. Refused: a literal @-mention (also written ``＠``, or with a zero-width
    character after the ``@``); any placeholder in the same word as ``@``, ``#``,
    a link or address character, or another placeholder; Jinja's ``{{ name }}``; and a
    text that could not fit in one post with the longest plausible names.
    """
    if not text.strip():
        raise ValueError("the template is empty")
    if len(text) > 4000:
        raise ValueError("the template is longer than 4000 characters")
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(
            f"bad placeholder syntax ({exc}); write {{{{ and }}}} for braces"
        ) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_VARIABLES or spec or conversion:
            allowed = ", ".join("{" + v + "}" for v in sorted(TEMPLATE_VARIABLES))
            raise ValueError(f"unknown placeholder {{{name}}}; allowed: {allowed}")
        names.append(name)
    skeleton = _template_skeleton(parsed)
    if MENTION.search(skeleton.replace(_SLOT, " ")):
        raise ValueError(
            "the template must not @-mention anyone: a direct message reaches every account "
            "it mentions, and the bot adds the newcomer's mention itself"
        )
    problem = _jinja_problem(text) or _placement_problem(skeleton, names) or _length_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def is_language(value: str) -> bool:
    """An ISO 639 code as the config writes it: two or three lower-case letters."""
    return 2 <= len(value) <= 3 and value.isascii() and value.isalpha() and value.islower()


def check_language(value: str | None) -> str | None:
    """A message's language tag (``welcome_dm.language``, ``signups.language``)."""
    if value is not None and not is_language(value):
        raise ValueError("expected an ISO 639 language code such as en or de")
    return value


def check_templates(value: dict[str, str]) -> dict[str, str]:
    """Per-language templates: each key a language code, each text a checked template."""
    out = {}
    for lang, text in value.items():
        if not is_language(str(lang)):
            raise ValueError(f"{lang!r} is not an ISO 639 language code such as en or de")
        try:
            out[str(lang)] = check_template(text)
        except ValueError as exc:
            raise ValueError(f"{lang}: {exc}") from None
    return out
