"""Rendering the welcome DM safely.

Profile text is hostile until proven otherwise. Before it goes into a direct
message (which reaches every account it mentions) it loses ``@`` and ``#``,
links, control and bidi characters, and most of its length. The rendered text
mentions exactly one account: the newcomer, at the very start.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from bot.domain import AccountSnapshot
from bot.text import strip_invisible

MAX_NAME_CHARS = 60
#: Mastodon's default status limit; the bot stays under it.
MAX_STATUS_CHARS = 500

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]{1,20}://|www\.)\S*", re.IGNORECASE)
# Anything that looks like a bare domain ("evil.example/x") could become a link.
_DOMAIN = re.compile(r"\b[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,24}\b(?:/\S*)?", re.IGNORECASE)
_SHORTCODE = re.compile(r":[\w+-]{1,60}:")
# @ and # start mentions and hashtags; fullwidth and small variants too.
_MARKERS = str.maketrans(dict.fromkeys("@#\uff20\uff03\ufe6b\ufe5f", " "))


def sanitize_name(value: str, *, fallback: str) -> str:
    """Make a display name safe to quote in a DM: no mentions, tags, links or tricks."""
    text = strip_invisible(value[:2000])
    text = _URL.sub(" ", text)
    text = _DOMAIN.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    text = text.translate(_MARKERS)
    text = " ".join(text.split())
    if len(text) > MAX_NAME_CHARS:
        text = text[: MAX_NAME_CHARS - 1].rstrip() + "…"
    return text or fallback


def _safe_word(value: str) -> str:
    """Usernames and domains: only the characters those can legally hold."""
    return re.sub(r"[^\w.-]", "", strip_invisible(value[:300]))[:100]


def mention_for(account: AccountSnapshot) -> str:
    """The @-mention that addresses this account from the bot's server."""
    username = _safe_word(account.username) or "unknown"
    domain = account.domain
    return f"@{username}@{_safe_word(domain)}" if domain else f"@{username}"


@dataclass(frozen=True, slots=True)
class BotIdentity:
    acct: str
    display_name: str
    instance: str  # the bot's home domain


def render_welcome(template: str, account: AccountSnapshot, bot: BotIdentity) -> str:
    """The full DM text: the newcomer's mention, then the rendered template."""
    username = _safe_word(account.username) or "there"
    values = {
        "display_name": sanitize_name(account.display_name, fallback=username),
        "username": username,
        # user@host with a word character before the @, so it can never act as a mention
        "acct": re.sub(r"[.-]+@", "@", mention_for(account).lstrip("@")),
        "instance": account.domain or bot.instance,
        "bot_acct": bot.acct,
        "bot_display_name": sanitize_name(bot.display_name, fallback=bot.acct),
    }
    # Only plain {name} fields are allowed (checked at config load); render them by hand
    # so that no attribute or index lookup can ever run.
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, ""))
    body = "".join(out).strip()
    # "acct" is user@host without the leading @; never let it act as a mention.
    text = f"{mention_for(account)} {body}"
    if len(text) > MAX_STATUS_CHARS:
        text = text[: MAX_STATUS_CHARS - 1].rstrip() + "…"
    return text
