"""What the commands share: the --config option, loading, the store, the server, times.

Helpers raise; they never print an error or exit. ``bot.cli`` turns a
``SetupError`` into exit 2 and a ``CommandFailed`` into exit 1, each as one line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import click

from bot.config import (
    Config,
    ConfigError,
    Token,
    load_config,
    parse_duration,
    read_access_token,
)
from bot.errors import SetupError
from bot.gateway import GatewayError, MastodonGateway, Unauthorized
from bot.logs import event, get_logger, setup_logging
from bot.model import parse_datetime
from bot.store import Store
from bot.wiring import make_gateway

F = TypeVar("F", bound=Callable[..., object])

#: Names the config file every command reads, unless --config names another.
CONFIG_ENV = "WELCOMEBOT_CONFIG"
DEFAULT_CONFIG = "config.yaml"
#: How ``--since`` and ``--until`` say what they expected, and how ``--now`` does.
A_DATE = "a date such as 2026-11-01 (a time may follow) or an age such as 7d or 12h"
AN_ISO_TIME = "an ISO 8601 time"


class CommandFailed(Exception):
    """The command could not do its job, for a reason that is not a setup mistake (the
    server failed, an account is unknown): one line and exit 1."""


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_path",
        default=DEFAULT_CONFIG,
        envvar=CONFIG_ENV,
        show_envvar=True,
        show_default=True,
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The config file.",
    )(func)


def dry_run_option(func: F) -> F:
    return click.option(
        "--dry-run", is_flag=True, help="Decide and record, but change nothing on the server."
    )(func)


def json_option(help_text: str) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def warn(message: str) -> None:
    """A warning for the person at the terminal: one line on stderr."""
    click.echo(f"warning: {message}", err=True)


def load(config_path: Path) -> Config:
    """The validated config (ConfigError names the key); what is odd but allowed in it
    (a key given twice, plain http to a remote server) is a warning on stderr."""
    return load_config(config_path, warn=warn)


def load_with_logging(config_path: Path) -> Config:
    """The config, with logging set up as it asks (for the commands that run the bot);
    its warnings are logged, once logging is set up."""
    odd: list[str] = []
    config = load_config(config_path, warn=odd.append)
    setup_logging(config.logging.level, config.logging.format)
    for message in odd:
        event(get_logger(), "config_warning", logging.WARNING, detail=message)
    return config


@contextmanager
def opened_store(config: Config) -> Iterator[Store]:
    """The config's database, migrated, closed afterwards."""
    store = Store.open(config.database_url())
    try:
        yield store
    finally:
        store.close()


def connect(config: Config) -> tuple[MastodonGateway, Token]:
    """A gateway to the bot's server, and the token it uses (to name in messages)."""
    token = read_access_token(config)
    return make_gateway(config, token), token


@contextmanager
def server_errors(token: Token, failure: str) -> Iterator[None]:
    """A token the server rejects is a setup mistake that names the token's source; any
    other trouble with the server fails the command as ``<failure>: <error>``."""
    try:
        yield
    except Unauthorized as exc:
        raise ConfigError(token.rejected(str(exc.status or 401))) from exc
    except GatewayError as exc:
        raise CommandFailed(f"{failure}: {exc}") from exc


def parse_time(text: str | None, option: str, expected: str = AN_ISO_TIME) -> datetime | None:
    """The time an option gives (None if not given); a SetupError naming the option."""
    if text is None:
        return None
    parsed = parse_datetime(text)
    if parsed is None:
        raise SetupError(f"{option}: expected {expected}, got {text!r}")
    return parsed


def parse_since(text: str | None, option: str, now: datetime) -> datetime | None:
    """``--since``/``--until``: a date or time, or an age (``7d`` is seven days before
    ``now``); None if not given; a SetupError naming the option."""
    if text is None:
        return None
    try:
        age = parse_duration(text) if text.strip()[-1:].isalpha() else None
    except ValueError:
        age = None
    if age is not None:
        return now - age
    return parse_time(text, option, A_DATE)


def read_json(path: Path) -> object:
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SetupError(f"{path}: not readable JSON ({type(exc).__name__})") from exc
    return data
