"""``welcomebot login``: get an access token by OAuth, without passwords.

Registers an app, shows the authorization URL, takes the code the server displays
(from a prompt when stdin is a terminal, else from a pipe), exchanges it with a plain
``POST /oauth/token``, checks the token through the gateway, and writes it to a file
readable only by its owner. Nothing goes into ``config.yaml``.

Without a terminal or a pipe, it takes two runs: the first registers the app (kept
next to the token file, mode 600, until the token is saved) and shows the address;
the second, with ``--code``, exchanges the code the server showed there.

Mastodon.py is not used for the exchange: its ``log_in()`` probes the server version
again afterwards, whatever ``version_check_mode`` says, and that crashed on Takahē
(the probe's trailing-slash URLs 404 there, and it recursed ~970 times) and on a
source-built GoToSocial (``v0.20.0-rc1-…`` is not a version it can parse), both
times after the token was issued and before it was saved.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlencode

import requests

from bot.gateway import USER_AGENT, GatewayError, MastodonGateway
from bot.gateway_errors import network_reason
from bot.logs import scrub
from bot.transport import Transport

#: ``read`` and the three writes the bot does. Takahē checks ``verify_credentials``
#: and ``relationships`` against plain ``read`` and does not count ``read:accounts``
#: and the like towards it (so the granular read list got 403 there), while every
#: server takes ``read`` (Mastodon, GoToSocial and Akkoma read it as all of
#: ``read:*``; snac does not check). Granular writes work everywhere: Takahē asks
#: for exactly ``write:follows`` and ``write:statuses``. The bot never needs ``write``
#: as a whole (no profile edits, no deletes, no media, no blocks).
SCOPES = ["read", "write:follows", "write:statuses", "write:lists"]
#: Only with ``greet: signups``: reading the server's local accounts (the admin API),
#: never writing them.
GREETER_SCOPES = [*SCOPES, "admin:read:accounts"]


def scopes_for(*, signups: bool) -> list[str]:
    """The scopes to ask for: the admin read scope only when the greeter needs it."""
    return list(GREETER_SCOPES if signups else SCOPES)


OOB = "urn:ietf:wg:oauth:2.0:oob"
APP_NAME = "welcomebot"


class LoginError(Exception):
    """The login did not work; the message says why in one line (never the token)."""


def code_reader(stdin: TextIO, prompt: Callable[[], str]) -> Callable[[], str]:
    """Where the code comes from when ``--code`` is not given: ``prompt`` when stdin is
    a terminal, otherwise the first line of stdin (``echo CODE | welcomebot login``)."""

    def read() -> str:
        if stdin.isatty():
            return prompt()
        return stdin.readline()

    return read


def authorize_url(instance_url: str, client_id: str, scopes: Sequence[str] = SCOPES) -> str:
    """The page where the owner, logged in as the bot, authorizes the app (without the
    ``state=None`` and ``lang=None`` Mastodon.py would add)."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": OOB,
        "scope": " ".join(scopes),
    }
    return f"{instance_url}/oauth/authorize?{urlencode(query)}"


def pending_app_file(token_file: Path) -> Path:
    """Where the registered app waits for its code, between two runs."""
    return token_file.with_name(token_file.name + ".app")


def login(
    instance_url: str,
    token_file: Path,
    *,
    show: Callable[[str], None],
    ask_code: Callable[[], str],
    code: str | None = None,
    timeout: float = 30.0,
    scopes: Sequence[str] = SCOPES,
) -> str:
    """Run the OAuth code flow; returns the handle the token acts as.

    ``code`` (``--code``) is for the second run: it uses the app the first run
    registered. Without it, the address is shown and ``ask_code`` gives the code.
    ``scopes`` are those asked for (``scopes_for``).
    """
    _check_target(token_file)
    pending = pending_app_file(token_file)
    transport = Transport(user_agent=USER_AGENT, deadline=timeout * 3)
    try:
        client = _saved_app(pending, instance_url)
        if client is None:
            if code is not None:
                raise LoginError(
                    "--code needs the app an earlier `welcomebot login` registered: run it "
                    "without --code, open the address it shows, then run it with --code"
                )
            client = _register(transport, instance_url, timeout, scopes)
            _save_app(pending, instance_url, client)
        if code is None:
            show(authorize_url(instance_url, client[0], scopes))
        given = _clean_code(code if code is not None else ask_code())
        token = _exchange(transport, instance_url, client, given, timeout, scopes)
    finally:
        transport.close()
    acct = _verify(instance_url, token, timeout)
    _write(token_file, token)
    pending.unlink(missing_ok=True)
    return acct


def _saved_app(pending: Path, instance_url: str) -> tuple[str, str] | None:
    """The app an earlier run registered on this server, if any."""
    try:
        saved = json.loads(pending.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("instance") != instance_url:
        return None
    client_id, client_secret = saved.get("client_id"), saved.get("client_secret")
    if isinstance(client_id, str) and client_id and isinstance(client_secret, str):
        return client_id, client_secret
    return None


def _save_app(pending: Path, instance_url: str, client: tuple[str, str]) -> None:
    data = {"instance": instance_url, "client_id": client[0], "client_secret": client[1]}
    pending.unlink(missing_ok=True)  # an app for another server, or unreadable
    try:
        fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise LoginError(f"cannot create {pending}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)


def _check_target(token_file: Path) -> None:
    if token_file.exists():
        raise LoginError(f"{token_file} exists already; move it away first")
    if not token_file.parent.is_dir():
        raise LoginError(f"directory {token_file.parent} does not exist")


def _clean_code(raw: str) -> str:
    """The code as pasted: surrounding space, and anything after ``&`` (a copied
    ``&state=…``), are not part of it."""
    words = raw.strip().split()
    code = words[0].split("&", 1)[0] if words else ""
    if not code:
        raise LoginError(
            "no authorization code given: open the address above, then run "
            "`welcomebot login --code CODE` with the code the server shows"
        )
    return code


def _register(
    transport: Transport, instance_url: str, timeout: float, scopes: Sequence[str]
) -> tuple[str, str]:
    body = _post(
        transport,
        f"{instance_url}/api/v1/apps",
        {
            "client_name": APP_NAME,
            "redirect_uris": OOB,
            "scopes": " ".join(scopes),
        },
        "registering the app",
        timeout,
    )
    client_id, client_secret = body.get("client_id"), body.get("client_secret")
    if not (isinstance(client_id, str) and client_id and isinstance(client_secret, str)):
        raise LoginError("registering the app: the answer has no client_id/client_secret")
    return client_id, client_secret


def _exchange(
    transport: Transport,
    instance_url: str,
    client: tuple[str, str],
    code: str,
    timeout: float,
    scopes: Sequence[str],
) -> str:
    client_id, client_secret = client
    body = _post(
        transport,
        f"{instance_url}/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": OOB,
            "scope": " ".join(scopes),
        },
        "exchanging the code",
        timeout,
        secrets=(code, client_secret),
    )
    token = body.get("access_token")
    if not isinstance(token, str) or not token.strip():
        raise LoginError("exchanging the code: the answer has no access_token")
    missing = _missing_scopes(body.get("scope"), scopes)
    if missing:
        raise LoginError(
            f"the server granted fewer scopes than asked (without {' '.join(missing)}); "
            "the token was not saved"
        )
    return token.strip()


def _missing_scopes(granted: object, scopes: Sequence[str] = SCOPES) -> list[str]:
    """Scopes asked for but not granted; a server that does not say grants them all.
    A broader scope covers its parts (``read`` covers ``read:accounts``, ``admin:read``
    covers ``admin:read:accounts``)."""
    if not isinstance(granted, str) or not granted.strip():
        return []
    held = set(granted.replace(",", " ").split())
    return [s for s in scopes if not _covered(s, held)]


def _covered(scope: str, held: set[str]) -> bool:
    parts = scope.split(":")
    return any(":".join(parts[:n]) in held for n in range(1, len(parts) + 1))


def _post(
    transport: Transport,
    url: str,
    data: dict[str, str],
    what: str,
    timeout: float,
    *,
    secrets: tuple[str, ...] = (),
) -> dict[str, Any]:
    """One form POST whose answer must be a JSON object; every failure is one line."""
    try:
        reply = transport.session.post(url, data=data, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise LoginError(f"{what}: cannot reach {url} ({network_reason(exc)})") from exc
    text = scrub(" ".join(reply.text.split()), *secrets, limit=200)
    if 300 <= reply.status_code < 400:
        where = scrub(reply.headers.get("Location", "?"), *secrets, limit=120)
        raise LoginError(f"{what}: the server redirects to {where}; is the URL right?")
    if reply.status_code >= 400:
        raise LoginError(f"{what}: the server answered {reply.status_code} ({text or 'no detail'})")
    try:
        body = reply.json()
    except ValueError as exc:
        raise LoginError(f"{what}: the answer is not JSON ({text[:80] or 'empty'})") from exc
    if not isinstance(body, dict):
        raise LoginError(f"{what}: the answer is not a JSON object")
    return body


def _verify(instance_url: str, token: str, timeout: float) -> str:
    gateway = MastodonGateway(instance_url, token, timeout=timeout)
    try:
        identity, _raw = gateway.verify_credentials()
    except GatewayError as exc:
        raise LoginError(f"the new token does not work, so it was not saved: {exc}") from exc
    except ValueError as exc:  # an account entity without id or acct
        raise LoginError("the new token does not work: the account reply is unusable") from exc
    finally:
        gateway.close()
    return identity.acct


def _write(token_file: Path, token: str) -> None:
    try:
        fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise LoginError(f"cannot create {token_file}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
