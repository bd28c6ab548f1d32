"""The config's building blocks: its error, durations, the section base, phrase lists."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
)

from bot.errors import SetupError
from bot.text import fold


class ConfigError(SetupError):
    """The configuration is unusable. ``str(err)`` is a one-line message naming the key."""


# --------------------------------------------------------------------------- durations

_DURATION_PART = re.compile(r"(\d{1,9})\s*(w|d|h|m|s)")
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(value: object) -> timedelta:
    """Parse ``90s``, ``5m``, ``1h30m``, ``7d``, ``2w`` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration like 90s, 5m, 1h or 7d")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return timedelta(seconds=value)
    seconds = _duration_text_seconds(value) if isinstance(value, str) else None
    if seconds is None:
        raise ValueError(f"expected a duration like 90s, 5m, 1h or 7d, got {value!r}")
    return timedelta(seconds=seconds)


def _duration_text_seconds(value: str) -> int | None:
    """``1h30m`` -> 5400; a bare number of seconds; None if it is neither."""
    text = value.strip().lower().replace(" ", "")
    if not text or len(text) > 40:
        return None
    if text.isdigit():
        return int(text)
    pos, total = 0, 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            return None
        total += int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    return total if pos == len(text) else None


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0s"
    out = []
    for unit in ("d", "h", "m", "s"):
        size = _UNIT_SECONDS[unit]
        if seconds >= size:
            out.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(out)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


# --------------------------------------------------------------------------- sections


class Section(BaseModel):
    """A section of the config: unknown keys are refused, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def clean_phrases(value: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for phrase in value:
        phrase = " ".join(str(phrase).split())
        if not 1 <= len(phrase) <= 100:
            raise ValueError("each phrase must be 1 to 100 characters")
        out.append(phrase)
    return tuple(out)


def with_defaults(defaults: tuple[str, ...], added: tuple[str, ...]) -> tuple[str, ...]:
    """The code's defaults, then the owner's additions that are not among them.

    Defaults belong to the code: a list in ``config.yaml`` only adds to them, so a word
    added in a later version reaches every installation. An old config that still
    lists the defaults loads the same (each word counts once).
    """
    seen = {fold(d) for d in defaults}
    extra = []
    for item in added:
        if fold(item) not in seen:
            seen.add(fold(item))
            extra.append(item)
    return (*defaults, *extra)


#: A handle (``user@server``, with or without the ``@``) and a domain (``*.`` allowed).
ACCT_PATTERN = re.compile(r"@?[\w.-]{1,100}@[\w.-]{1,253}")
DOMAIN_PATTERN = re.compile(r"(\*\.)?[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+")
