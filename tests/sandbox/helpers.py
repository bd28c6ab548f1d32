"""Scenario builders and fixture types shared by the sandbox tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mastodon import Mastodon

from bot.sandbox import Sandbox

MakeSandbox = Callable[..., Sandbox]
MakeClient = Callable[..., Mastodon]


def scenario(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"bot": {"username": "welcome"}, "accounts": []}
    base.update(overrides)
    return base


def followers_scenario(n: int, flavour: str = "mastodon", **extra: Any) -> dict[str, Any]:
    accounts = [
        {"username": f"f{i}", "domain": "remote.example", "follows_bot": True} for i in range(n)
    ]
    return scenario(flavour=flavour, accounts=accounts, **extra)
