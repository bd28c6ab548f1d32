"""Composition root: build the real gateway, store and bot from a Config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.config import Config, ConfigError, Token, TokenSource, read_access_token
from bot.cycle import Cycle
from bot.dbfile import check_location, sqlite_file
from bot.gateway import GatewayError, MastodonGateway, RateLimited, Transient, Unauthorized
from bot.lock import InstanceLock, lock_path_for
from bot.logs import register_secret
from bot.store import Store


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    config: Config
    gateway: MastodonGateway
    store: Store
    bot: Cycle
    token: Token
    lock: InstanceLock | None = None

    def close(self) -> None:
        self.store.close()
        if self.lock is not None:
            self.lock.release()


def make_gateway(config: Config, token: Token) -> MastodonGateway:
    """The gateway for this config; the token is registered as a secret first."""
    register_secret(token.value)
    return MastodonGateway(
        config.instance.url, token.value, timeout=config.instance.request_timeout.total_seconds()
    )


class ServerUnreachable(Exception):
    """The server could not be reached or answered 5xx/429: try again later (not a
    configuration mistake)."""


ServerCheck = Callable[[Config, MastodonGateway, Token], object]


def build_app(
    config: Config,
    *,
    token: Token | str | None = None,
    dry_run: bool = False,
    clock: Callable[[], datetime] = utc_now,
    exclusive: bool = False,
    check: ServerCheck | None = None,
) -> App:
    """Open the store (migrating it) and connect the gateway.

    The token is read from the config's sources unless given (a plain string counts as
    given by code). With ``exclusive``, take the database's lock first (one bot per
    database), and for a database that does not exist yet, check the server and the
    token before anything is written (with ``check``, default ``check_server``; the
    daemon passes one that waits for the server). Raises a SetupError (ConfigError,
    StoreError, or the lock's) naming what to fix, or ServerUnreachable.
    """
    if token is None:
        token = read_access_token(config)
    elif isinstance(token, str):
        token = Token(token, TokenSource.GIVEN)
    gateway = make_gateway(config, token)
    database = sqlite_file(config.database_url())  # StoreError for another kind of database
    if database is not None:
        check_location(database)  # local mistakes first, before the server is asked
    if exclusive and database is not None and not database.exists():
        (check or check_server)(config, gateway, token)
    lock = (
        InstanceLock(lock_path_for(database), database).acquire()
        if exclusive and database
        else None
    )
    try:
        store = Store.open(config.database_url())
        if lock is not None:
            lock.cover_database()
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    bot = Cycle(config, gateway, store, clock=clock, dry_run=dry_run)
    return App(config=config, gateway=gateway, store=store, bot=bot, token=token, lock=lock)


def check_server(config: Config, gateway: MastodonGateway, token: Token) -> str:
    """Reach the server and prove the token; the handle it acts as. ConfigError naming
    the token's source, or ``instance.url``, if not; ServerUnreachable when the trouble
    is the network's or the server's (5xx, 429): that is for later, not for a person."""
    try:
        identity, _raw = gateway.verify_credentials()
    except Unauthorized as exc:
        raise ConfigError(token.rejected(str(exc.status or 401))) from exc
    except (Transient, RateLimited) as exc:
        raise ServerUnreachable(
            f"instance.url: cannot reach {config.instance.url} now ({exc}); the server may "
            "be down or starting: try again later"
        ) from exc
    except GatewayError as exc:
        raise ConfigError(f"instance.url: cannot use {config.instance.url}: {exc}") from None
    return identity.acct
