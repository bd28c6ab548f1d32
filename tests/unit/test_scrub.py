"""One function makes server text safe to store and log (bot.logs.scrub)."""

from __future__ import annotations

import logging

from bot.logs import JsonFormatter, _RedactingFilter, register_secret, scrub

TOKEN = "tok_9f8e7d6c5b4a3210zyx"


def test_a_known_token_is_removed_wherever_it_is() -> None:
    assert scrub(f"echo: {TOKEN} and {TOKEN}", TOKEN) == "echo: [redacted] and [redacted]"


def test_bearer_credentials_and_authorization_values_are_removed_unregistered() -> None:
    assert scrub("header was Bearer abc.DEF-123_x=") == "header was Bearer [redacted]"
    assert scrub("Invalid Bearer token") == "Invalid Bearer token"  # Takahē's own words
    assert scrub("(request had Authorization: Bearer q1w2e3)") == (
        "(request had Authorization: [redacted]"
    )
    assert scrub('{"authorization": "Basic dXNlcjpwYXNz"}') == '{"authorization": "[redacted]"}'
    assert scrub("authorized users only") == "authorized users only"


def test_cutting_happens_after_scrubbing_so_no_prefix_survives() -> None:
    text = f"{'x' * 170} Authorization: Bearer {TOKEN}"
    cut = scrub(text, limit=200)
    assert len(cut) <= 200 and TOKEN[:6] not in cut
    naive = text[:200]
    assert TOKEN[:6] in naive  # what the old 200-character cut let through


def test_the_log_filter_scrubs_credentials_even_without_registered_secrets() -> None:
    record = logging.LogRecord(
        "welcomebot.x", logging.WARNING, __file__, 1, "failed: Bearer %s", ("zzz999zzz",), None
    )
    record.fields = {"detail": "Authorization: Bearer yyy888"}  # short, but a header value
    _RedactingFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "zzz999zzz" not in line and "yyy888" not in line
    assert "failed: Bearer [redacted]" in line


def test_registered_secrets_are_scrubbed_everywhere() -> None:
    register_secret("registered-secret-42")
    assert scrub("x registered-secret-42 y") == "x [redacted] y"
