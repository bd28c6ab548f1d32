"""Rendering the welcome DM safely.

Profile text is hostile until proven otherwise. Before it goes into a direct
message (which reaches every account it mentions) it is compatibility-normalised
(NFKC, so ``＠`` and ``﹫`` are plain ``@``), then loses ``@`` and ``#``, links,
control, zero-width and bidi characters, line breaks and most of its length. The
rendered text mentions exactly one account: the newcomer, at the very start; a
rendering that would mention anyone else is refused. After posting, the status the
server returns is checked too (:func:`count_foreign_mentions`).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.model import AccountSnapshot
from bot.text import strip_invisible

MAX_NAME_CHARS = 60
#: Mastodon's default status limit; the bot stays under it.
MAX_STATUS_CHARS = 500

# Links: scheme://..., the schemes servers link without slashes (xmpp:, magnet:, ...), www.
_URL = re.compile(
    r"(?:[a-z][a-z0-9+.-]{1,20}://|\b(?:xmpp|magnet|mailto|matrix|tel|sms|geo):|www\.)\S*",
    re.IGNORECASE,
)
# Anything that looks like a bare domain ("evil.example/x", "пример.рф", "xn--e1afmkfd.xn--p1ai")
# could become a link.
_DOMAIN = re.compile(
    r"\b[\w-]{1,63}(?:\.[\w-]{1,63})*\.(?:[^\W\d_]{2,24}|xn--[a-z0-9-]{1,59})\b(?:/\S*)?",
    re.IGNORECASE,
)
_SHORTCODE = re.compile(r":[\w+-]{1,60}:")
# @ and # start mentions and hashtags; fullwidth and small variants too.
_MARKERS = str.maketrans(dict.fromkeys("@#\uff20\uff03\ufe6b\ufe5f", " "))


def sanitize_name(value: str, *, fallback: str) -> str:
    """Make a display name safe to quote in a DM: no mentions, tags, links or tricks.

    NFKC comes first, so that nothing left can turn into ``@``, ``#``, ``:`` or ``/``
    when a server or client normalises it later; invisible characters go before the
    patterns run, so a zero-width joiner cannot split ``@`` from a name.
    """
    text = strip_invisible(unicodedata.normalize("NFKC", strip_invisible(value[:2000])))
    text = _URL.sub(" ", text)
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
    host, colon, port = domain.rpartition(":") if ":" in domain else (domain, "", "")
    if sep and not (
        _HOSTNAME.fullmatch(host) and (not colon or (port.isdigit() and 0 < int(port) < 65536))
    ):
        raise Unaddressable(f"domain {domain[:60]!r} cannot be mentioned safely")
    return f"@{user}@{domain.lower()}" if sep else f"@{user}"


@dataclass(frozen=True, slots=True)
class BotIdentity:
    acct: str
    display_name: str
    instance: str  # the bot's home domain
    #: the server's rules and about page, for ``{rules_url}``
    rules_url: str = ""


def render_welcome(template: str, account: AccountSnapshot, bot: BotIdentity) -> str:
    """The full DM text: the newcomer's mention, then the rendered template.

    Raises ``Unaddressable`` when the handle itself is not a safe mention, and
    ``TooLong`` when the text would not fit in one post (it is never cut).
    """
    mention = mention_for(account)
    username = mention[1:].partition("@")[0]
    bot_acct = bot.acct if _USERNAME.fullmatch(bot.acct) else sanitize_name(bot.acct, fallback="")
    values = {
        "display_name": sanitize_name(account.display_name, fallback=username),
        "username": username,
        # user@host with a word character right before the @: never a mention
        "acct": mention[1:],
        "instance": account.domain or bot.instance,
        "bot_acct": bot_acct,
        "bot_display_name": sanitize_name(bot.display_name, fallback=bot_acct or "the bot"),
        "rules_url": bot.rules_url or f"https://{bot.instance}/about",
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
        # Config load refuses a template that plausible names would push over; only an
        # extraordinary handle gets here. Nothing is cut: no DM.
        raise TooLong(f"the rendered DM would be {len(text)} characters, over {MAX_STATUS_CHARS}")
    others = [m for m in mentions_in(text) if m.lower() != mention[1:].lower()]
    if others or not text.startswith(mention + " "):
        raise WouldMentionOthers(f"the rendered DM would also mention {len(others)} account(s)")
    return text


class WouldMentionOthers(Unaddressable):
    """The rendered text would reach someone besides the newcomer; send no DM."""


class TooLong(Unaddressable):
    """The rendered text would not fit in one post; send no DM rather than cut it."""


# An @ that does not follow a word character, '/' or '=' starts a mention (Mastodon's
# rule); read after NFKC and without invisible characters, as the most lenient server would.
_MENTION_IN_TEXT = re.compile(r"(?<![\w/=])@([\w.-]+(?:@[\w.-]*[\w])?)")


def mentions_in(text: str) -> list[str]:
    """The handles (without the leading ``@``) that ``text`` would mention, in order."""
    plain = unicodedata.normalize("NFKC", strip_invisible(text))
    return [m.rstrip(".-") for m in _MENTION_IN_TEXT.findall(plain)]


def count_foreign_mentions(status_json: object, recipient_id: str) -> int:
    """How many accounts besides the recipient a posted status mentions, by the server's word.

    Reads ``mentions`` of the Status JSON the server returned after posting: that is
    what it actually resolved, whatever the text looked like. A mention without a
    usable id counts as foreign, since nothing shows it is the recipient. A reply with
    no ``mentions`` list cannot be checked and counts as none.
    """
    if not isinstance(status_json, Mapping):
        return 0
    mentions = status_json.get("mentions")
    if not isinstance(mentions, Sequence) or isinstance(mentions, str):
        return 0
    foreign: set[str] = set()
    unnamed = 0
    for item in mentions:
        mention_id = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(mention_id, int) and not isinstance(mention_id, bool):
            mention_id = str(mention_id)
        if not isinstance(mention_id, str) or not mention_id:
            unnamed += 1
        elif mention_id != recipient_id:
            foreign.add(mention_id)
    return len(foreign) + unnamed
