"""Default avatars: the picture each server software shows for an account without its own."""

from __future__ import annotations

import re

#: Default avatars across servers, matched on the URL path (any host: Mastodon
#: serves its own missing.png from the *viewing* server's host, and copies it per
#: account into its media storage; query strings are cache busters).
DEFAULT_AVATAR = re.compile(
    r"(/avatars/(?:[^?#\s]*/)?missing\.png(?:[?#]|$)"  # Mastodon, shared or per-account copy
    r"|/images/avi\.png(?:[?#]|$)"  # Pleroma / Akkoma
    r"|/assets/default_avatars/[^/?#]*(?:[?#]|$)"  # GoToSocial's sloths
    r"|/susie\.png(?:[?#]|$)"  # snac
    r"|/static/img/unknown-icon[^/?#]*(?:[?#]|$)"  # Takahē
    r"|/identicon/[^/?#]+(?:[?#]|$)"  # Misskey, Sharkey, Firefish: a generated identicon
    r"|/images/person-\d+\.(?:jpe?g|png|webp)(?:[?#]|$)"  # Friendica's silhouette
    r"|/storage/avatars/default\.(?:jpe?g|png|webp)(?:[?#]|$)"  # Pixelfed
    r")",
    re.IGNORECASE,
)
