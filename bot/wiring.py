"""Composition root: build the real gateway, store and bot from a Config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Config, ConfigError, read_access_token
from bot.gateway import MastodonGateway
from bot.lock import InstanceLock, lock_path_for
from bot.logs import register_secret
from bot.service import Bot
from bot.store import Store, StoreError


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    config: Config
    gateway: MastodonGateway
    store: Store
    bot: Bot
    lock: InstanceLock | None = None

    def close(self) -> None:
        self.store.close()
        if self.lock is not None:
            self.lock.release()


def make_gateway(config: Config, token: str) -> MastodonGateway:
    """The gateway for this config; the token is registered as a secret first."""
    register_secret(token)
    return MastodonGateway(
        config.instance.url, token, timeout=config.instance.request_timeout.total_seconds()
    )


class ServerUnreachable(Exception):
    """The server could not be reached or answered 5xx/429: try again later (not a
    configuration mistake)."""


ServerCheck = Callable[[Config, MastodonGateway], None]


def build_app(
    config: Config,
    *,
    token: str | None = None,
    dry_run: bool = False,
    clock: Callable[[], datetime] = utc_now,
    exclusive: bool = False,
    check: ServerCheck | None = None,
) -> App:
    """Open the store (migrating it) and connect the gateway.

    With ``exclusive``, take the database's lock first (one bot per database), and
    for a database that does not exist yet, check the server and the token before
    anything is written (with ``check``, default ``check_server``; the daemon passes
    one that waits for the server). Raises ConfigError, StoreError, AlreadyRunning or
    ServerUnreachable.
    """
    token = token if token is not None else read_access_token(config)
    register_secret(token)
    gateway = make_gateway(config, token)
    url = config.database_url()
    lock_path = lock_path_for(url)
    if exclusive and lock_path is not None and not Path(url.removeprefix("sqlite:///")).exists():
        (check or check_server)(config, gateway)
    lock = None
    if exclusive and lock_path is not None:
        if not lock_path.parent.is_dir():
            raise StoreError(f"storage.database: directory {lock_path.parent} does not exist")
        lock = InstanceLock(lock_path).acquire()
    try:
        store = Store.open(url)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    bot = Bot(config, gateway, store, clock=clock, dry_run=dry_run)
    return App(config=config, gateway=gateway, store=store, bot=bot, lock=lock)


def check_server(config: Config, gateway: MastodonGateway) -> None:
    """Reach the server and prove the token, or raise ConfigError naming the key, or
    ServerUnreachable when the trouble is the network's or the server's (5xx, 429)."""
    from bot.gateway import GatewayError, RateLimited, Transient, Unauthorized

    try:
        gateway.verify_credentials()
    except Unauthorized:
        raise ConfigError(
            "the server rejected the access token (401): check WELCOMEBOT_ACCESS_TOKEN "
            "or instance.access_token_file"
        ) from None
    except (Transient, RateLimited) as exc:
        raise ServerUnreachable(
            f"instance.url: cannot reach {config.instance.url} now ({exc}); the server may "
            "be down or starting: try again later"
        ) from None
    except GatewayError as exc:
        raise ConfigError(f"instance.url: cannot use {config.instance.url}: {exc}") from None
