"""The access token: where it comes from, reading it, and every message about it.

It comes from ``WELCOMEBOT_ACCESS_TOKEN`` or ``instance.access_token_file``, never
from ``config.yaml``; ``Token`` never shows its value.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config_types import ConfigError

if TYPE_CHECKING:
    from bot.config import Config

TOKEN_ENV = "WELCOMEBOT_ACCESS_TOKEN"


class TokenSource(StrEnum):
    ENVIRONMENT = "environment"  # WELCOMEBOT_ACCESS_TOKEN
    FILE = "file"  # instance.access_token_file
    GIVEN = "given"  # handed to build_app by code (the demo, tests)


@dataclass(frozen=True, slots=True)
class Token:
    """The access token and where it came from, so that every message about it can say
    which setting to fix. ``repr`` never shows the value."""

    value: str = field(repr=False)
    source: TokenSource
    file: Path | None = None  # the token file it was read from
    unused_file: Path | None = None  # a token file that the environment variable overrides

    def describe(self) -> str:
        """Where the token came from (never the token), for messages."""
        if self.source is TokenSource.FILE:
            return f"instance.access_token_file {self.file}"
        if self.source is TokenSource.ENVIRONMENT and self.unused_file is not None:
            return f"{TOKEN_ENV} (used instead of instance.access_token_file {self.unused_file})"
        if self.source is TokenSource.ENVIRONMENT:
            return TOKEN_ENV
        return "the token given to the bot"

    def rejected(self, detail: str) -> str:
        """The one line for a token the server refused (``detail``: "401", the error)."""
        fix = {
            TokenSource.FILE: "put a valid token in that file (`welcomebot login` makes one)",
            TokenSource.ENVIRONMENT: (
                "fix the variable, or unset it to use the file"
                if self.unused_file is not None
                else "set it to a valid token (`welcomebot login` makes one)"
            ),
            TokenSource.GIVEN: "give the bot a valid token",
        }[self.source]
        return f"the server rejected the access token ({detail}) from {self.describe()}: {fix}"


def _read_token_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"instance.access_token_file: {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(
            f"instance.access_token_file: cannot read a token from {path} ({exc.strerror})"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"instance.access_token_file: {path} does not hold a token (not UTF-8 text)"
        ) from None
    token = text.splitlines()[0].strip() if text.strip() else ""
    if not token or not re.fullmatch(r"[\x21-\x7e]{1,512}", token):
        raise ConfigError(f"instance.access_token_file: {path} does not hold a token")
    return token


def read_access_token(config: Config, env: Mapping[str, str] | None = None) -> Token:
    """The access token: ``WELCOMEBOT_ACCESS_TOKEN`` if set (it wins over the file, and
    the token says so), else ``instance.access_token_file``. Never logged."""
    env = os.environ if env is None else env
    value = env.get(TOKEN_ENV, "").strip()
    path = config.token_file()
    if value:
        return Token(value, TokenSource.ENVIRONMENT, unused_file=path)
    if path is None:
        raise ConfigError(
            f"no access token: set {TOKEN_ENV} or instance.access_token_file "
            "(run `welcomebot login` to create one)"
        )
    return Token(_read_token_file(path), TokenSource.FILE, file=path)


def describe_token_source(config: Config, env: Mapping[str, str] | None = None) -> str:
    """Where the bot takes its token from, as ``Token.describe`` says it, without
    reading the token: for messages about a token the server stops accepting."""
    env = os.environ if env is None else env
    path = config.token_file()
    if env.get(TOKEN_ENV, "").strip():
        return Token("", TokenSource.ENVIRONMENT, unused_file=path).describe()
    if path is not None:
        return Token("", TokenSource.FILE, file=path).describe()
    return TOKEN_ENV


def token_file_warning(config: Config, env: Mapping[str, str] | None = None) -> str | None:
    """A warning about the token file the bot uses, if other users can read it; or that
    the configured file is not used at all, because ``WELCOMEBOT_ACCESS_TOKEN`` wins."""
    env = os.environ if env is None else env
    path = config.token_file()
    if path is None:
        return None
    if env.get(TOKEN_ENV, "").strip():
        return (
            f"instance.access_token_file: {path} is not used, because {TOKEN_ENV} is set "
            "and wins; unset the variable to use the file"
        )
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading the token says what is wrong with the file
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return (
            f"instance.access_token_file: {path} is readable by other users "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )
    return None
