"""Shared by the command-line tests, in-process (tests/unit) and as a process (tests/e2e)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import Result

#: ``welcomebot(*args, token=None, env=None) -> Result``: the in-process fixture's type.
Invoke = Callable[..., Result]


def write_config(directory: Path, instance_url: str, **extra: object) -> Path:
    """A config.yaml as a user writes one, with a database path relative to it."""
    data: dict[str, object] = {
        "instance": {"url": instance_url, "request_timeout": "5s"},
        "storage": {"database": "bot.sqlite3"},
        "schedule": {"poll_interval": "10s"},
        "follow_back": {"delay": "0s"},
        "logging": {"level": "DEBUG", "format": "json"},
    }
    data.update(extra)
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path
