"""``welcomebot login``: get an access token by OAuth, without passwords.

Registers an app with only the scopes the bot needs, shows the authorization
URL, takes the code the server displays, checks the token, and writes it to a
file readable only by its owner. Nothing goes into ``config.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from bot.gateway import USER_AGENT

#: What the bot does, and nothing more: read its notifications, followers,
#: relationships, posts and lists; follow, post its DMs, manage its lists.
SCOPES = [
    "read:accounts",
    "read:notifications",
    "read:follows",
    "read:statuses",
    "read:lists",
    "write:follows",
    "write:statuses",
    "write:lists",
]
OOB = "urn:ietf:wg:oauth:2.0:oob"


class LoginError(Exception):
    """The login did not work; the message says why (never the token)."""


def login(
    instance_url: str,
    token_file: Path,
    *,
    show: Callable[[str], None],
    ask_code: Callable[[], str],
) -> str:
    """Run the OAuth code flow; returns the handle the token acts as."""
    from mastodon import Mastodon
    from mastodon.errors import MastodonError

    if token_file.exists():
        raise LoginError(f"{token_file} exists already; move it away first")
    if not token_file.parent.is_dir():
        raise LoginError(f"directory {token_file.parent} does not exist")
    try:
        client_id, client_secret = Mastodon.create_app(
            "welcomebot",
            scopes=SCOPES,
            redirect_uris=OOB,
            api_base_url=instance_url,
            user_agent=USER_AGENT,
            request_timeout=30,
        )
        app = Mastodon(
            client_id=client_id,
            client_secret=client_secret,
            api_base_url=instance_url,
            version_check_mode="none",
            user_agent=USER_AGENT,
            request_timeout=30,
        )
        url = app.auth_request_url(
            redirect_uris=OOB, scopes=SCOPES, allow_http=instance_url.startswith("http://")
        )
    except MastodonError as exc:
        raise LoginError(
            f"cannot register the app on {instance_url} ({type(exc).__name__})"
        ) from None
    show(url)
    code = ask_code().strip()
    if not code:
        raise LoginError("no authorization code given")
    try:
        token = app.log_in(
            code=code,
            redirect_uri=OOB,
            scopes=SCOPES,
            allow_http=instance_url.startswith("http://"),
        )
        me = Mastodon(
            access_token=token,
            api_base_url=instance_url,
            version_check_mode="none",
            user_agent=USER_AGENT,
            request_timeout=30,
        ).account_verify_credentials()
    except MastodonError as exc:
        raise LoginError(f"the server did not accept the code ({type(exc).__name__})") from None
    fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    return str(me["acct"])
