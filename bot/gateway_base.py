"""The plumbing of the gateway: the Mastodon.py client over the bot's transport, the
counting and translation of every call, and the rate-limit state."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot import __version__, paging
from bot.gateway_errors import (
    GatewayError,
    NotFound,
    RateLimited,
    Transient,
    Unauthorized,
    api_error,
    network_error,
    server_detail,
    status_of,
)
from bot.logs import event, get_logger, scrub
from bot.replies import MAX_RESET_SECONDS
from bot.transport import Transport

if TYPE_CHECKING:
    from mastodon import Mastodon

log = get_logger("gateway")

#: The deadline of one request is this many times its per-read timeout.
DEADLINE_FACTOR = 3

USER_AGENT = f"welcomebot/{__version__}"


@dataclass(frozen=True, slots=True)
class WalkedPage:
    """One page of a newest-first walk: its items, the next cursor, whether it is whole."""

    items: list[dict[str, Any]]
    next_max_id: str | None
    complete: bool


class GatewayBase:
    """The client, the transport under it, and the translation of every failure."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        deadline: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        from mastodon import Mastodon

        self.base_url = base_url
        self._token = token
        self._transport = Transport(
            user_agent=USER_AGENT, deadline=deadline or timeout * DEADLINE_FACTOR
        )
        self._api: Mastodon = Mastodon(
            access_token=token,
            api_base_url=base_url,
            ratelimit_method="throw",
            request_timeout=timeout,
            version_check_mode="none",
            user_agent=USER_AGENT,
            session=self._transport.session,
        )
        self.requests_made = 0
        #: Told the ``kind`` of every failed request (for metrics); it must not raise.
        self.on_error: Callable[[str], None] | None = None
        self._batch_accounts: bool | None = None  # does GET /api/v1/accounts?id[] work here?
        self._sleep = sleep
        self._monotonic = monotonic
        self._last_list_create: float | None = None

    # ------------------------------------------------------------------ plumbing

    def cancel(self) -> None:
        """Interrupt the request under way, from any thread (a SIGTERM handler), and
        fail every later one with ``Cancelled`` until :meth:`resume`."""
        self._transport.cancel()

    def resume(self) -> None:
        self._transport.resume()

    def close(self) -> None:
        """Close the connections kept open to the server."""
        self._transport.close()

    def safe(self, text: str, limit: int = 200) -> str:
        """Server-provided ``text`` made fit for a message: scrubbed, then cut."""
        return scrub(text, self._token, limit=limit)

    @property
    def transport_retries(self) -> int:
        """Requests retried after a dropped or reset connection (they are not failures)."""
        return self._transport.retries

    @contextlib.contextmanager
    def _call(self, what: str) -> Iterator[None]:
        """One request: counted, its errors translated, and reported to ``on_error``."""
        self.requests_made += 1
        self._transport.forget_last()
        try:
            with self._translated(what):
                yield
        except GatewayError as exc:
            if self.on_error is not None:
                self.on_error(exc.kind)
            raise
        finally:
            last = self._transport.last
            if last is not None and last.clamped_reset is not None:
                detail = server_detail(last.clamped_reset, None, (self._token,))
                event(log, "rate_limit_reset_clamped", logging.WARNING, sent=detail, call=what)

    @contextlib.contextmanager
    def _translated(self, what: str) -> Iterator[None]:
        from mastodon import errors as merr

        secrets = (self._token,)
        try:
            yield
        except merr.MastodonRatelimitError as exc:
            raise RateLimited(f"{what}: rate limited", reset_at=self.ratelimit_reset()) from exc
        except merr.MastodonUnauthorizedError as exc:
            last = self._transport.last
            detail = server_detail(exc.args[3] if len(exc.args) > 3 else None, last, secrets)
            raise Unauthorized(
                f"{what}: the server rejected the access token (401: {detail})", status=401
            ) from exc
        except merr.MastodonNotFoundError as exc:
            raise NotFound(f"{what}: not found (404)", status=404) from exc
        except merr.MastodonServerError as exc:
            status = status_of(exc)
            raise Transient(f"{what}: server error ({status})", status=status) from exc
        except merr.MastodonNetworkError as exc:
            raise network_error(what, exc) from exc
        except merr.MastodonAPIError as exc:
            last = self._transport.last
            raise api_error(what, exc, last, secrets, self.ratelimit_reset) from exc
        except merr.MastodonError as exc:
            raise Transient(f"{what}: {type(exc).__name__}") from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # Malformed JSON or an entity shape Mastodon.py could not digest.
            raise Transient(f"{what}: malformed reply ({type(exc).__name__})") from exc

    def _walk_newest_first(
        self,
        what: str,
        fetch: Callable[[str | None], list[dict[str, Any]]],
        limit: int,
        max_id: str | None,
    ) -> Iterator[WalkedPage]:
        """Pages of a list the server orders newest first, following the Link header's
        ``max_id`` (``fetch`` asks for one page at a cursor, within ``_call``). A page
        larger than ``limit`` is cut to its newest items; a walk the server would make
        loop, leave the host or flood ends with an incomplete page and a logged line."""
        walk = paging.BackwardWalk(self.base_url, start=max_id)
        cursor = max_id
        while True:
            items = fetch(cursor)
            last = self._transport.last
            cut = len(items) > limit or bool(last and last.cut_from)
            next_id = walk.next_cursor(last) if items and not cut else None
            stopped = "a page larger than asked for" if cut else walk.stopped
            kept = paging.cut_newest(items, limit)
            yield WalkedPage(kept, next_max_id=next_id, complete=stopped is None)
            if stopped is not None:
                event(log, f"{what}_walk_stopped", logging.WARNING, why=self.safe(stopped))
            if next_id is None:
                return
            cursor = next_id

    def ratelimit_remaining(self) -> int | None:
        """What the latest reply said is left of the request budget; None when it said
        nothing (Mastodon.py keeps the last figure it saw, and a "0" kept from before
        would stop every later cycle at its first request)."""
        last = self._transport.last
        if last is not None and not last.states_budget:
            return None
        value = getattr(self._api, "ratelimit_remaining", None)
        return int(value) if isinstance(value, int | float) else None

    def ratelimit_limit(self) -> int | None:
        value = getattr(self._api, "ratelimit_limit", None)
        return int(value) if isinstance(value, int | float) else None

    def ratelimit_reset(self) -> datetime | None:
        """When the rate limit resets: never more than an hour away (a server that says
        otherwise is not believed; the transport logs it)."""
        value = getattr(self._api, "ratelimit_reset", None)
        if not isinstance(value, int | float) or value <= 0:
            return None
        latest = datetime.now(UTC) + timedelta(seconds=MAX_RESET_SECONDS)
        try:
            return min(datetime.fromtimestamp(value, tz=UTC), latest)
        except (OverflowError, ValueError, OSError):
            return latest
