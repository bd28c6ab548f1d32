"""Shared by the unit tests: the ``welcomebot`` command run in this process with
click's CliRunner, a fresh store, and the fake gateway on a fake clock."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.logs import LOGGER_NAME
from bot.store import Store
from tests.cli_support import Invoke
from tests.conftest import FakeClock
from tests.fakes import START, FakeGateway


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, migrated store in the test's own folder (a test module may define its own)."""
    opened = Store.open(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def fake(fake_clock: FakeClock) -> FakeGateway:
    return FakeGateway(clock=fake_clock)


@pytest.fixture
def welcomebot() -> Iterator[Invoke]:
    """``welcomebot(*args, token=..., env=..., input_text=...)``: run a command, return
    click's Result (exit code, stdout and stderr apart). ``token`` sets
    WELCOMEBOT_ACCESS_TOKEN; by default it is unset, as are WELCOMEBOT_DEBUG and
    WELCOMEBOT_CONFIG; ``input_text`` is what is typed at the prompts."""
    # The commands point the bot's loggers at the runner's stderr; put them back after.
    names = (LOGGER_NAME, "apscheduler", "alembic")
    saved = [(logging.getLogger(n), logging.getLogger(n).handlers[:]) for n in names]

    def invoke(
        *args: str,
        token: str | None = None,
        env: dict[str, str | None] | None = None,
        input_text: str | None = None,
    ) -> Result:
        environment = {
            "WELCOMEBOT_ACCESS_TOKEN": token,
            "WELCOMEBOT_DEBUG": None,
            "WELCOMEBOT_CONFIG": None,
            **(env or {}),
        }
        return CliRunner().invoke(
            cli, list(args), env=environment, prog_name="welcomebot", input=input_text
        )

    yield invoke
    for logger, handlers in saved:
        logger.handlers[:] = handlers
