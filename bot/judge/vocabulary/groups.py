"""Groups: accounts that others post through (Guppe, Friendica forums, Lemmy communities)."""

from __future__ import annotations

import re

#: A profile that says it is a group others post through ("follow to join").
GROUP_PHRASES = (
    "follow to join",
    "follow this group",
    "follow it to join",
    "mention the group",
    "this is a group",
    "a group on",
    "guppe group",
    "boosts everything mentioning",
    "boosts posts that mention",
    "gruppe beitreten",
    "diese gruppe",
    "dies ist eine gruppe",
    "(gruppe)",
    "(group)",
    "(groupe)",
    "(grupo)",
    "(gruppo)",
    "friendica-forum",
    "friendica forum",
    "lemmy community",
    "an alle mitglieder",
    "to all members",
    "à tous les membres",
    "a todos los miembros",
)

GROUP_DOMAINS = ("a.gup.pe",)

#: Friendica, Lemmy and kbin address groups as !name@server.
GROUP_HANDLE = re.compile(r"(?<![\w!])![\w.-]{1,60}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
