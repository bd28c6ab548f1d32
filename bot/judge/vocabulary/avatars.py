"""Default avatars: the picture each server software shows for an account without its own."""

from __future__ import annotations

import re

#: Default avatars across servers, matched on the URL path (any host: Mastodon
#: serves its own missing.png from the *viewing* server's host).
DEFAULT_AVATAR = re.compile(
    r"(/avatars/original/missing\.png(\?|$)"  # Mastodon
    r"|/images/avi\.png(\?|$)"  # Pleroma / Akkoma
    r"|/assets/default_avatars/[^/]*$"  # GoToSocial's sloths
    r"|/susie\.png(\?|$)"  # snac
    r"|/static/img/unknown-icon[^/]*$"  # Takahē
    r")",
    re.IGNORECASE,
)
