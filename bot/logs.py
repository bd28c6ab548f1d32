"""Logging: one structured event per decision and per action.

JSON lines when stderr is not a terminal (Docker, systemd), readable text on a
terminal. :func:`scrub` is the one function that makes text safe to store or log:
it removes registered secrets and any ``Bearer …`` or ``Authorization`` content.
The gateway runs every server text through it before the text becomes an error
message; a logging filter runs it over every record, as a last line of defence.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from bot.text import terminal_safe

LOGGER_NAME = "welcomebot"
_SECRETS: set[str] = set()


def register_secret(value: str) -> None:
    """Never let ``value`` reach a log line."""
    if value and len(value) >= 6:
        _SECRETS.add(value)


REDACTED = "[redacted]"
#: ``Authorization: …`` / ``"authorization": "…"``: the value, up to a quote or line end.
_AUTHORIZATION = re.compile(r"(?i)(\bauthorization\b[\"']?\s*[:=]\s*[\"']?)[^\"'\r\n]*")
#: ``Bearer <credential>`` anywhere (a header echoed into an error body, a URL, a log);
#: a credential is 8 characters or more ("Invalid Bearer token" is left alone).
_BEARER = re.compile(r"(?i)\bbearer\s+[^\s\"'<>,;)}\]]{8,}")


def scrub(text: str, *secrets: str, limit: int | None = None) -> str:
    """``text`` without registered secrets, ``secrets``, or credentials; then cut to
    ``limit`` characters (cutting after scrubbing, so no secret's prefix survives)."""
    for secret in (*_SECRETS, *secrets):
        if secret and len(secret) >= 6 and secret in text:
            text = text.replace(secret, REDACTED)
    text = _AUTHORIZATION.sub(lambda found: found.group(1) + REDACTED, text)
    text = _BEARER.sub("Bearer " + REDACTED, text)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return text


def redact(text: str) -> str:
    """The log filter's name for :func:`scrub`."""
    return scrub(text)


def get_logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one structured event: ``event(log, "decision", acct=..., action=...)``."""
    logger.log(level, name, extra={"fields": fields})


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Scrub the message as it will read, arguments included: scrubbing the format
        # string alone could eat a placeholder, or miss a secret split across both.
        record.msg = redact(record.getMessage())
        record.args = None
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {k: redact(v) if isinstance(v, str) else v for k, v in fields.items()}
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info:
            payload["exception"] = redact(self.formatException(record.exc_info))
        return terminal_safe(json.dumps(payload, default=str, ensure_ascii=False))


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        parts = [f"{stamp} {record.levelname:<7} {record.getMessage()}"]
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            parts.extend(f"{k}={_text_value(v)}" for k, v in fields.items())
        line = terminal_safe(" ".join(parts))
        if record.exc_info:
            trace = redact(self.formatException(record.exc_info)).splitlines()
            line += "\n" + "\n".join(terminal_safe(part) for part in trace)
        return line


def _text_value(value: Any) -> str:
    text = (
        json.dumps(value, default=str, ensure_ascii=False) if not isinstance(value, str) else value
    )
    return text if text and " " not in text else json.dumps(text, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "auto", stream: Any = None) -> None:
    stream = stream or sys.stderr
    use_json = fmt == "json" or (fmt == "auto" and not getattr(stream, "isatty", lambda: False)())
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if use_json else TextFormatter())
    handler.addFilter(_RedactingFilter())
    root = logging.getLogger(LOGGER_NAME)
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # Third-party loggers (APScheduler, urllib3) go through the same handler, quieter.
    for name in ("apscheduler", "alembic"):
        other = logging.getLogger(name)
        other.handlers[:] = [handler]
        other.setLevel(logging.WARNING)
        other.propagate = False
