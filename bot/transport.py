"""HTTP transport of the gateway and of ``login``: one ``requests`` session with guards.

- **Dropped connections are retried, at the transport level.** A urllib3 ``Retry`` on
  the session's adapter retries idempotent requests (GET, HEAD, OPTIONS) that meet a
  dropped or reset connection, a few times with back-off. urllib3 knows, better than
  code above it can, whether a request could have reached the server (a connect error
  is always safe to retry, a read error only for idempotent methods), and it retries
  inside the one call Mastodon.py makes, so a page is not thrown away for one dropped
  connection. A read *timeout* is not retried: a slow server gets no extra load.
- **Writes go out on a fresh connection**, never on a kept-alive one the server may be
  closing at that moment (snac closes after every reply without saying so): a write
  lost that way cannot be told from one that was done.
- **An overall deadline per request**, not only a per-read timeout: a watchdog timer
  shuts the socket down when the deadline passes, so a reply that trickles in one byte
  at a time fails in time. ``cancel()`` does the same from any thread (a SIGTERM
  handler), and every later request fails at once until ``resume()``.
- **Replies are capped in size**, and the last reply's status, Link header and the
  head of its body are kept, so errors can be explained without trusting Mastodon.py
  to have parsed them.
- **Absurd rate-limit resets are clamped** and **pages longer than their ``limit``
  are cut** before Mastodon.py reads them (``bot.replies``).
- Trailing slashes on API paths are dropped: Mastodon.py adds some (conversations,
  instance), and GoToSocial, snac and Takahē answer those 404.

Through an HTTP proxy (``HTTPS_PROXY``), requests' proxy pools do not tell the
watchdog their socket: the deadline then ends a request only when its socket next
wakes up (by data or the per-read timeout), not at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from bot.replies import LastReply, clamp_reset, cut_to_limit, last_reply

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Transport retries of one request after a dropped or reset connection.
RETRIES = 3
BACKOFF_FACTOR = 0.25  # urllib3: 0 s, 0.5 s, 1 s
#: The largest reply read: far above any real page (80 notifications are < 1 MiB).
MAX_REPLY_BYTES = 8 * 1024 * 1024


class TransportAborted(requests.ConnectionError):
    """The request was ended by the transport itself; ``reason`` says why."""

    reason = "aborted"


class DeadlineExceeded(TransportAborted):
    reason = "deadline"


class Cancelled(TransportAborted):
    reason = "cancelled"


class ReplyTooLarge(requests.RequestException):
    """The reply was larger than ``MAX_REPLY_BYTES``; it was not read to the end."""


class _InFlight:
    """The socket of the request under way, so that another thread can end it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.reason: str | None = None  # why the request under way was ended
        self.cancelled = False  # sticky: every request fails until resume()
        self.retries = 0
        self.generation = 0  # counts requests, so a late timer cannot end the next one

    def begin(self) -> int:
        with self._lock:
            self._sock = None
            self.reason = "cancelled" if self.cancelled else None
            self.generation += 1
            return self.generation

    def attach(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            pending = self.reason
        if pending is not None and sock is not None:
            _shut(sock)

    def end(self) -> None:
        with self._lock:
            self._sock = None

    def abort(self, reason: str, generation: int | None = None) -> None:
        with self._lock:
            if generation is not None and generation != self.generation:
                return  # that request is over
            if self.reason is None:
                self.reason = reason
            sock = self._sock
        if sock is not None:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing is waiting on it
        sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()  # the _InFlight of the request this thread is sending


def _attach(sock: socket.socket | None) -> None:
    flight = getattr(_current, "flight", None)
    if flight is not None and sock is not None:
        flight.attach(sock)


class _TrackedHTTPConnection(HTTPConnection):
    """Tells the request under way which socket it uses (new or kept alive)."""

    def connect(self) -> None:
        super().connect()
        _attach(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self.sock)
        super().request(*args, **kwargs)


class _TrackedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _attach(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self.sock)
        super().request(*args, **kwargs)


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _GuardedRetry(Retry):
    """urllib3's Retry, except: no retry after a read timeout, or once the request
    was ended by its deadline or a cancel."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        flight: _InFlight | None = getattr(_current, "flight", None)
        ended = flight is not None and flight.reason is not None
        if error is not None and (ended or isinstance(error, ReadTimeoutError)):
            raise error
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if flight is not None:
            flight.retries += 1
        return retry


def _retry_policy() -> Retry:
    return _GuardedRetry(
        total=RETRIES,
        connect=RETRIES,
        read=RETRIES,
        status=0,
        other=0,
        allowed_methods=IDEMPOTENT_METHODS,
        backoff_factor=BACKOFF_FACTOR,
        backoff_max=2.0,
        raise_on_status=False,
        respect_retry_after_header=False,
    )


class GuardedAdapter(HTTPAdapter):
    """The adapter behind :class:`Transport`; see the module docstring."""

    def __init__(self, deadline: float, max_bytes: int = MAX_REPLY_BYTES) -> None:
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.flight = _InFlight()
        self.last: LastReply | None = None
        super().__init__(max_retries=_retry_policy())

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _TrackedHTTPPool,
            "https": _TrackedHTTPSPool,
        }

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        flight = self.flight
        if flight.cancelled:
            raise Cancelled("cancelled before it was sent", request=request)
        _drop_trailing_slash(request)
        if request.method not in IDEMPOTENT_METHODS:
            self.poolmanager.clear()  # a fresh connection for every write
        self.last = None
        generation = flight.begin()
        timer = threading.Timer(self.deadline, flight.abort, args=("deadline", generation))
        timer.daemon = True
        _current.flight = flight
        timer.start()
        try:
            response = super().send(request, **{**kwargs, "stream": True})
            self._read_body(response)
            # A socket shut mid-reply can look like a short, complete one
            # (http.client takes EOF for the end of the headers): trust none of it.
            aborted = self._aborted(request)
            if aborted is not None:
                raise aborted
        except TransportAborted:
            raise
        except (requests.RequestException, OSError) as exc:
            aborted = self._aborted(request)
            if aborted is None:
                raise
            raise aborted from exc
        finally:
            timer.cancel()
            _current.flight = None
            flight.end()
        cut_from = cut_to_limit(request, response)
        self.last = last_reply(response, clamp_reset(response), cut_from)
        return response

    def _aborted(self, request: requests.PreparedRequest) -> TransportAborted | None:
        """The error to raise when the deadline or a cancel ended the request."""
        reason = self.flight.reason
        if reason == "deadline":
            message = f"no complete reply within {self.deadline:g} s"
            return DeadlineExceeded(message, request=request)
        if reason == "cancelled":
            return Cancelled("cancelled while under way", request=request)
        return None

    def _read_body(self, response: requests.Response) -> None:
        """Read the whole body now, inside the deadline, and no more than the cap."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise ReplyTooLarge(f"the reply declares {declared} bytes", response=response)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                response.close()
                raise ReplyTooLarge(
                    f"the reply is larger than {self.max_bytes} bytes", response=response
                )
            chunks.append(chunk)
        response._content = b"".join(chunks)  # what Response.content would have read


def _drop_trailing_slash(request: requests.PreparedRequest) -> None:
    parts = urlsplit(request.url or "")
    if parts.path.startswith("/api/") and parts.path.endswith("/"):
        request.url = urlunsplit(parts._replace(path=parts.path.rstrip("/")))


class Transport:
    """A ``requests.Session`` with the guards above, and the handles to steer it."""

    def __init__(self, *, user_agent: str, deadline: float) -> None:
        self.adapter = GuardedAdapter(deadline)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)

    @property
    def last(self) -> LastReply | None:
        return self.adapter.last

    @property
    def retries(self) -> int:
        """Requests retried after a dropped or reset connection, so far."""
        return self.adapter.flight.retries

    def forget_last(self) -> None:
        self.adapter.last = None

    def cancel(self) -> None:
        """End the request under way (from any thread) and refuse new ones."""
        flight = self.adapter.flight
        flight.cancelled = True
        flight.abort("cancelled")

    def resume(self) -> None:
        """Allow requests again after :meth:`cancel`."""
        self.adapter.flight.cancelled = False

    def close(self) -> None:
        self.session.close()
