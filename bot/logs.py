"""Logging: one structured event per decision and per action.

JSON lines when stderr is not a terminal (Docker, systemd), readable text on a
terminal. A redaction filter scrubs registered secrets from every record, as a
last line of defence behind code that never logs them in the first place.
"""

from __future__ import annotations

import json
import logging
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


def redact(text: str) -> str:
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, "[redacted]")
    return text


def get_logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one structured event: ``event(log, "decision", acct=..., action=...)``."""
    logger.log(level, name, extra={"fields": fields})


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            record.msg = redact(str(record.msg))
            if record.args:
                record.args = tuple(
                    redact(a) if isinstance(a, str) else a for a in _as_tuple(record.args)
                )
            fields = getattr(record, "fields", None)
            if isinstance(fields, dict):
                record.fields = {
                    k: redact(v) if isinstance(v, str) else v for k, v in fields.items()
                }
        return True


def _as_tuple(args: Any) -> tuple[Any, ...]:
    return args if isinstance(args, tuple) else (args,)


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
