"""The gateway's errors, and the translation of what the server and the transport said.

Every text that comes from the server is scrubbed (``bot.logs.scrub``) and cut before
it becomes part of a message, because messages are logged and stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot import transport
from bot.logs import scrub
from bot.replies import LastReply

#: How much of a server's own words goes into an error message.
DETAIL_CHARS = 200


class GatewayError(Exception):
    """A call to the server failed. ``kind`` is a short, stable label for logs and metrics."""

    kind = "api"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Unauthorized(GatewayError):
    """The server does not take the token (401; 403 ``invalid_token``; Takahē's 400)."""

    kind = "unauthorized"


class MissingScope(Unauthorized):
    """The token is good but lacks a scope; ``scope`` names it when the server did."""

    kind = "missing_scope"

    def __init__(self, message: str, *, scope: str | None, status: int | None = 403) -> None:
        super().__init__(message, status=status)
        self.scope = scope


class NotFound(GatewayError):
    kind = "not_found"


class Forbidden(GatewayError):
    kind = "forbidden"


class Rejected(GatewayError):
    """The server understood and refused (422 and other 4xx)."""

    kind = "rejected"


class Transient(GatewayError):
    """Worth retrying later: network trouble, timeouts, 5xx, malformed replies."""

    kind = "transient"


class Cancelled(Transient):
    """The request was interrupted on purpose (``MastodonGateway.cancel``)."""

    kind = "cancelled"


class RateLimited(GatewayError):
    kind = "rate_limited"

    def __init__(self, message: str, *, reset_at: datetime | None = None) -> None:
        super().__init__(message, status=429)
        self.reset_at = reset_at


#: Every ``kind`` a GatewayError can have.
ERROR_KINDS = tuple(
    cls.kind
    for cls in (
        GatewayError,
        Unauthorized,
        MissingScope,
        NotFound,
        Forbidden,
        Rejected,
        Transient,
        Cancelled,
        RateLimited,
    )
)

_SCOPE_REFUSALS = (
    "out_of_scope_for_token",
    "outside the authorized scopes",
    "insufficient_scope",
    "insufficient scope",  # GoToSocial: "token has insufficient scope permission"
)
_TOKEN_REFUSALS = ("invalid bearer token", "invalid_token")
#: A scope as servers spell them: ``read``, ``write:follows``, ``admin:read:accounts``.
_SCOPE_IN_HEADER = re.compile(r'scope="([a-z:_ ]+)"')
#: Granular scopes named in a text (``read:accounts``); a bare word could be prose.
_SCOPE_IN_TEXT = re.compile(r"\b((?:read|write|follow|push|admin)(?::[a-z_]+)+)\b")


def server_detail(error_msg: object, last: LastReply | None, secrets: tuple[str, ...]) -> str:
    """What the server said about an error, safe to log and store."""
    text = str(error_msg) if error_msg else ""
    if not text and last is not None:
        text = last.text.strip()
    return scrub(" ".join(text.split()), *secrets, limit=DETAIL_CHARS) or "no detail"


def scope_named(detail: str, last: LastReply | None) -> str | None:
    """The missing scope, if the server named it (WWW-Authenticate, or the error text)."""
    header = _SCOPE_IN_HEADER.search(last.authenticate if last else "")
    if header:
        return header.group(1).strip()
    found = _SCOPE_IN_TEXT.search(detail)
    return found.group(1) if found else None


def refusal(
    what: str, status: int | None, detail: str, last: LastReply | None
) -> GatewayError | None:
    """A 400/403 that is about the token itself, or None."""
    lowered = " ".join((detail, last.text if last else "", last.authenticate if last else ""))
    lowered = lowered.lower()
    if status in (400, 401, 403) and any(s in lowered for s in _SCOPE_REFUSALS):
        scope = scope_named(detail, last)
        lacks = f"`{scope}`" if scope else "a scope this request needs"
        return MissingScope(f"{what}: the token lacks {lacks} ({status})", scope=scope)
    if status in (400, 403) and any(s in lowered for s in _TOKEN_REFUSALS):
        return Unauthorized(
            f"{what}: the server rejected the access token ({status}: {detail})", status=status
        )
    return None


def network_error(what: str, exc: BaseException) -> GatewayError:
    """A MastodonNetworkError, explained by the transport error that caused it."""
    cause = _transport_cause(exc)
    if isinstance(cause, transport.Cancelled):
        return Cancelled(f"{what}: interrupted (the bot is stopping)")
    if isinstance(cause, transport.DeadlineExceeded):
        return Transient(f"{what}: {cause}")
    if isinstance(cause, transport.ReplyTooLarge):
        return Transient(f"{what}: the reply was too large ({cause})")
    return Transient(f"{what}: network error ({network_reason(exc)})")


def _transport_cause(exc: BaseException) -> BaseException | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, transport.TransportAborted | transport.ReplyTooLarge):
            return current
        current = current.__cause__ or current.__context__
    return None


def status_of(exc: Exception) -> int | None:
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    if len(args) > 1 and isinstance(args[1], int):
        return args[1]
    return None


def error_message_of(exc: Exception) -> object:
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    return args[3] if len(args) > 3 else None


def network_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    for needle, label in (
        ("timed out", "timeout"),
        ("timeout", "timeout"),
        ("connection refused", "connection refused"),
        ("remotedisconnected", "connection dropped"),
        ("connection aborted", "connection dropped"),
        ("connection reset", "connection reset"),
        ("name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("failed to resolve", "unknown host"),
    ):
        if needle in text:
            return label
    return "unreachable"


def api_error(
    what: str,
    exc: Exception,
    last: LastReply | None,
    secrets: tuple[str, ...],
    reset_at: Callable[[], datetime | None],
) -> GatewayError:
    """A MastodonAPIError (a 4xx/5xx Mastodon.py did not classify) as ours."""
    status = status_of(exc)
    detail = server_detail(error_message_of(exc), last, secrets)
    about_token = refusal(what, status, detail, last)
    if about_token is not None:
        return about_token
    if status == 403:
        return Forbidden(f"{what}: not allowed (403: {detail})", status=403)
    if status == 429:
        return RateLimited(f"{what}: rate limited", reset_at=reset_at())
    if status is None or status >= 500 or status in (408, 425):
        return Transient(f"{what}: bad reply from the server ({status})", status=status)
    return Rejected(f"{what}: refused ({status}: {detail})", status=status)
