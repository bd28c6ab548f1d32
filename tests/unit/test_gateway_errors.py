"""What servers say about a refused token or scope becomes the right error."""

from __future__ import annotations

from datetime import datetime

from mastodon.errors import MastodonAPIError

from bot.gateway_errors import (
    ERROR_KINDS,
    Forbidden,
    MissingScope,
    Rejected,
    Unauthorized,
    api_error,
    network_error,
)
from bot.replies import LastReply
from bot.transport import ReplyTooLarge

SECRETS = ("tok-123456",)


def mastodon_error(status: int, message: str | None) -> MastodonAPIError:
    return MastodonAPIError("Mastodon API returned error", status, "reason", message)


def translate(status: int, message: str | None, last: LastReply | None = None) -> Exception:
    return api_error("call", mastodon_error(status, message), last, SECRETS, _no_reset)


def _no_reset() -> datetime | None:
    return None


def test_takahes_plain_text_400_is_an_unauthorized_token() -> None:
    last = LastReply(status=400, url="x", text="Invalid Bearer token")
    error = translate(400, None, last)  # Mastodon.py found no JSON error message
    assert type(error) is Unauthorized
    assert "rejected the access token (400: Invalid Bearer token)" in str(error)


def test_a_403_invalid_token_is_unauthorized() -> None:
    assert type(translate(403, "invalid_token")) is Unauthorized


def test_scope_refusals_are_missing_scopes() -> None:
    takahe = translate(403, "out_of_scope_for_token")
    mastodon = translate(403, "This action is outside the authorized scopes")
    for error in (takahe, mastodon):
        assert isinstance(error, MissingScope) and error.scope is None
        assert "the token lacks a scope this request needs (403)" in str(error)
    assert isinstance(takahe, Unauthorized)  # as fatal as a bad token


def test_a_scope_the_server_names_is_named() -> None:
    header = LastReply(
        status=403, url="x", authenticate='Bearer error="insufficient_scope", scope="read"'
    )
    assert getattr(translate(403, "Forbidden", header), "scope", None) == "read"
    named = translate(403, "out_of_scope_for_token: needs write:lists")
    assert getattr(named, "scope", None) == "write:lists"
    assert "the token lacks `write:lists`" in str(named)


def test_other_refusals_keep_the_servers_words_scrubbed() -> None:
    forbidden = translate(403, "You are blocked (Authorization: Bearer tok-123456)")
    assert type(forbidden) is Forbidden and "tok-123456" not in str(forbidden)
    rejected = translate(422, "Validation failed: tok-123456 " + "x" * 500)
    assert type(rejected) is Rejected and "tok-123456" not in str(rejected)
    assert len(str(rejected)) < 260


def test_transport_causes_explain_network_errors() -> None:
    wrapped = ValueError("Could not complete request")
    wrapped.__context__ = ReplyTooLarge("the reply is larger than 8388608 bytes")
    assert "too large" in str(network_error("statuses", wrapped))
    assert {"missing_scope", "cancelled"} <= set(ERROR_KINDS)
