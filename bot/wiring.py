"""Composition root: build the real gateway, store and bot from a Config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.config import Config, read_access_token
from bot.gateway import MastodonGateway
from bot.logs import register_secret
from bot.service import Bot
from bot.store import Store


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    config: Config
    gateway: MastodonGateway
    store: Store
    bot: Bot

    def close(self) -> None:
        self.store.close()


def make_gateway(config: Config, token: str) -> MastodonGateway:
    """The gateway for this config; the token is registered as a secret first."""
    register_secret(token)
    return MastodonGateway(
        config.instance.url, token, timeout=config.instance.request_timeout.total_seconds()
    )


def build_app(
    config: Config,
    *,
    token: str | None = None,
    dry_run: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> App:
    """Open the store (migrating it) and connect the gateway. Raises ConfigError/StoreError."""
    token = token if token is not None else read_access_token(config)
    register_secret(token)
    store = Store.open(config.database_url())
    gateway = make_gateway(config, token)
    bot = Bot(config, gateway, store, clock=clock, dry_run=dry_run)
    return App(config=config, gateway=gateway, store=store, bot=bot)
