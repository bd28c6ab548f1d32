"""Shared fixtures: a sandbox server on 127.0.0.1, a controllable clock, bot factories."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import config_from_mapping
from bot.sandbox import Sandbox
from bot.wiring import App, build_app


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the cores this process may use, because much
    of the suite waits on other processes (bot starts, back-offs, the sandbox's
    replies) rather than computing; on a 2-core machine, 3 workers."""
    return len(os.sched_getaffinity(0)) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``heavy`` (each takes seconds: many process starts, a burst, a
    long property test) run first, so that with several workers (pytest-xdist) none of
    them starts last and leaves the other workers idle while it finishes. (With
    ``--dist load --maxschedchunk 2`` the workers take tests two at a time in this
    order; without the chunk limit, or with ``worksteal``, the first block of tests,
    all the heavy ones, would go to one worker.)"""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


class FakeClock:
    """A clock the test moves by hand; shared by the bot and the sandbox."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scenario() -> Any:
    """Override in a test module (or parametrize indirectly) to pick another scenario."""
    return "minimal"


@pytest.fixture
def sandbox(scenario: Any, clock: FakeClock) -> Iterator[Sandbox]:
    with Sandbox(scenario, clock=clock) as sb:
        yield sb


BotFactory = Callable[..., App]


@pytest.fixture
def make_bot(tmp_path: Path, sandbox: Sandbox, clock: FakeClock) -> Iterator[BotFactory]:
    """Build a fresh App (as a new process would) on the same database each call."""
    apps: list[App] = []

    def factory(dry_run: bool = False, **overrides: Any) -> App:
        data = deep_merge(
            {
                "instance": {"url": sandbox.url, "request_timeout": "5s"},
                "storage": {"database": str(tmp_path / "bot.sqlite3")},
                "follow_back": {"delay": "0s"},
                "logging": {"level": "DEBUG"},
            },
            overrides,
        )
        config = config_from_mapping(data, base_dir=tmp_path)
        app = build_app(config, token=sandbox.token, dry_run=dry_run, clock=clock)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close()
