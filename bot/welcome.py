"""Rendering the welcome DM safely.

Profile text is hostile until proven otherwise. Before it goes into a direct
message (which reaches every account it mentions) it loses ``@`` and ``#``,
links, control and bidi characters, and most of its length. The rendered text
mentions exactly one account: the newcomer, at the very start.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from bot.model import AccountSnapshot
from bot.text import URL, strip_invisible

MAX_NAME_CHARS = 60
#: Mastodon's default status limit; the bot stays under it.
MAX_STATUS_CHARS = 500

# Anything that looks like a bare domain ("evil.example/x") could become a link.
_DOMAIN = re.compile(r"\b[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,24}\b(?:/\S*)?", re.IGNORECASE)
_SHORTCODE = re.compile(r":[\w+-]{1,60}:")
# @ and # start mentions and hashtags; fullwidth and small variants too.
_MARKERS = str.maketrans(dict.fromkeys("@#\uff20\uff03\ufe6b\ufe5f", " "))


def sanitize_name(value: str, *, fallback: str) -> str:
    """Make a display name safe to quote in a DM: no mentions, tags, links or tricks."""
    text = strip_invisible(value[:2000])
    text = URL.sub(" ", text)
    text = _DOMAIN.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    text = text.translate(_MARKERS)
    text = " ".join(text.split())
    if len(text) > MAX_NAME_CHARS:
        text = text[: MAX_NAME_CHARS - 1].rstrip() + "…"
    # Nothing left but punctuation and spaces: use the fallback.
    if not any(unicodedata.category(ch)[0] in "LNS" for ch in text):
        return fallback
    return text


_USERNAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9_])?")
_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


class Unaddressable(ValueError):
    """The account's handle cannot be written as a mention safely; send no DM."""


def mention_for(account: AccountSnapshot) -> str:
    """The @-mention that addresses this account (and only it) from the bot's server."""
    user, sep, domain = account.acct.partition("@")
    if not _USERNAME.fullmatch(user):
        raise Unaddressable(f"username {user[:40]!r} cannot be mentioned safely")
    if sep and not _HOSTNAME.fullmatch(domain):
        raise Unaddressable(f"domain {domain[:60]!r} cannot be mentioned safely")
    return f"@{user}@{domain.lower()}" if sep else f"@{user}"


@dataclass(frozen=True, slots=True)
class BotIdentity:
    acct: str
    display_name: str
    instance: str  # the bot's home domain


def render_welcome(template: str, account: AccountSnapshot, bot: BotIdentity) -> str:
    """The full DM text: the newcomer's mention, then the rendered template.

    Raises ``Unaddressable`` when the handle itself is not a safe mention.
    """
    mention = mention_for(account)
    username = mention[1:].partition("@")[0]
    values = {
        "display_name": sanitize_name(account.display_name, fallback=username),
        "username": username,
        # user@host with a word character right before the @: never a mention
        "acct": mention[1:],
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
    text = f"{mention} {body}"
    if len(text) > MAX_STATUS_CHARS:
        text = text[: MAX_STATUS_CHARS - 1].rstrip() + "…"
    return text
