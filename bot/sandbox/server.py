"""HTTP transport of the sandbox: threading server, faults, rate limits, request log.

Each request is parsed, matched against the injected faults, authenticated (and its
token's scopes checked where the flavour does), counted against the per-token
fixed-window rate limit (like Rack::Attack), dispatched to
:class:`~bot.sandbox.api.Api` under the state lock, and recorded in the request log.
Connections are HTTP/1.0 (closed after every response), except on flavours that
keep a connection open and then drop it (snac); open connections are shut down when
the server stops, so stopping never waits on an idle one.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.sandbox.api import AUTH_NONE, AUTH_REQUIRED, Api, Reply, Request
from bot.sandbox.state import ApiError, State

log = logging.getLogger("bot.sandbox")

FAULT_KINDS = frozenset(
    {"500", "502", "503", "429", "422", "timeout", "drop", "malformed", "slow", "trickle"}
)
_FAULT_STATUS = {
    "422": (422, "Validation failed"),
    "500": (500, "Internal Server Error"),
    "502": (502, "Bad Gateway"),
    "503": (503, "Service Unavailable"),
    "429": (429, "Too many requests"),
}
DEFAULT_DELAYS = {"timeout": 5.0, "slow": 1.0, "trickle": 1.0}


@dataclass(frozen=True)
class Fault:
    """A fault to inject into matching requests.

    ``path`` is a regex searched in the request path (no query); ``method`` limits it
    to one HTTP method; ``times`` is how many matching requests it affects (``None`` =
    forever); ``delay`` is the sleep for ``timeout`` (default 5 s) and ``slow`` (1 s),
    and for ``trickle`` the pause between the bytes of an otherwise normal reply (1 s).
    """

    kind: str
    path: str = ""
    method: str | None = None
    times: int | None = 1
    delay: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}: one of {sorted(FAULT_KINDS)}")
        re.compile(self.path)

    @property
    def sleep(self) -> float:
        """Seconds to wait: ``delay``, or the kind's default when unset (or 0 for timeout)."""
        if self.delay is None or (self.kind == "timeout" and self.delay <= 0):
            return DEFAULT_DELAYS.get(self.kind, 0.0)
        return float(self.delay)


@dataclass(frozen=True)
class RequestRecord:
    """One request as seen by the sandbox (faulted, rejected and failed ones included)."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    status: int  # 0 when the connection was dropped without an answer
    idempotency_key: str | None
    authorized: bool
    at: datetime
    fault: str | None  # "dropped": a kept-alive connection the server would not serve
    idempotent_replay: bool = False
    host: str = ""  # the Host header: which name the client used for the server


class _ActiveFault:
    __slots__ = ("fault", "pattern", "remaining")

    def __init__(self, fault: Fault) -> None:
        self.fault = fault
        self.pattern = re.compile(fault.path)
        self.remaining = fault.times


def _flatten_json(value: Any, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten_json(item, f"{prefix}[{key}]" if prefix else str(key), out)
    elif isinstance(value, list):
        for item in value:
            out.setdefault(prefix + "[]", []).append(_scalar(item))
    else:
        out.setdefault(prefix, []).append(_scalar(value))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


class Core:
    """Request processing shared by all handler threads of one sandbox."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.api = Api(state)
        self.faults: list[_ActiveFault] = []
        self.log: list[RequestRecord] = []
        self.rate_limit: tuple[int, float] | None = (300, 300.0)
        self._buckets: dict[tuple[str, int], int] = {}
        self.stopping = threading.Event()
        self.scope_rules = [
            (method, re.compile(pattern), scope)
            for method, pattern, scope in state.flavour.scope_rules
        ]

    # ------------------------------------------------------------------ faults
    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self.state.lock:
            for active in self.faults:
                fault = active.fault
                if fault.method is not None and fault.method.upper() != method:
                    continue
                if not active.pattern.search(path):
                    continue
                if active.remaining is not None:
                    if active.remaining <= 0:
                        continue
                    active.remaining -= 1
                return fault
        return None

    # ------------------------------------------------------------------ rate limits
    def _rate(self, token: str, now: datetime) -> tuple[int, int, datetime] | None:
        """Count one request for ``token``: (limit, remaining, reset) or None if disabled."""
        if self.rate_limit is None:
            return None
        limit, window = self.rate_limit
        epoch = now.timestamp()
        start = int(epoch // window)
        key = (token, start)
        with self.state.lock:
            count = self._buckets.get(key, 0) + 1
            self._buckets[key] = count
            if len(self._buckets) > 10_000:
                self._buckets = {k: v for k, v in self._buckets.items() if k[1] >= start}
        reset = datetime.fromtimestamp((start + 1) * window, UTC)
        return limit, max(0, limit - count), reset

    # ------------------------------------------------------------------ request handling
    def handle(self, handler: _Handler) -> None:
        state = self.state
        method = handler.command.upper()
        split = urlsplit(handler.path)
        path = split.path or "/"
        query = parse_qs(split.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        dropped = state.flavour.drops_kept_alive and handler.replies_sent > 0
        form = {} if dropped else self._read_body(handler, headers)
        idem_key = headers.get("idempotency-key")
        token = None
        auth_header = headers.get("authorization", "")
        presented = auth_header[7:].strip() if auth_header.lower().startswith("bearer ") else None
        with state.lock:
            state.run_stator()
            if presented is not None and presented in state.tokens:
                token = presented

        def record(status: int, fault_kind: str | None, replay: bool = False) -> None:
            entry = RequestRecord(
                method=method,
                path=path,
                query=query,
                form=form,
                status=status,
                idempotency_key=idem_key,
                authorized=token is not None,
                at=state.now(),
                fault=fault_kind,
                idempotent_replay=replay,
                host=headers.get("host", ""),
            )
            with state.lock:
                self.log.append(entry)

        if dropped:  # snac: the socket stayed open after the last reply, but not for this
            record(0, "dropped")
            handler.close_connection = True
            return
        fault = self._take_fault(method, path)
        fault_kind = fault.kind if fault else None
        if fault is not None:
            if fault.kind == "drop":
                record(0, "drop")
                handler.close_connection = True
                return
            if fault.kind in _FAULT_STATUS:
                status, message = _FAULT_STATUS[fault.kind]
                extra: list[tuple[str, str]] = []
                if fault.kind == "429" and state.flavour.rate_limit_headers:
                    limit = self.rate_limit[0] if self.rate_limit else 300
                    reset = state.now() + timedelta(seconds=60)
                    extra = self.rate_headers(limit, 0, reset)
                record(status, fault.kind)
                refusal = Reply(status, {"error": message}, extra)
                self._send(handler, self._hostile(refusal, headers))
                return
            if fault.kind == "malformed":
                body = b'{"id": "1", "username": "trunc'
                record(200, "malformed")
                self._send(handler, Reply(200, raw=body))
                return
            if fault.kind == "trickle":
                reply = self._process(method, path, query, form, headers, token, presented)
                record(reply.status, "trickle")
                self._send(handler, self._hostile(reply, headers), pause=fault.sleep)
                return
            # timeout / slow: wait, then answer normally
            if self.stopping.wait(fault.sleep):
                record(0, fault.kind)
                handler.close_connection = True
                return

        reply = self._hostile(
            self._process(method, path, query, form, headers, token, presented), headers
        )
        replay = any(name == "X-Sandbox-Idempotent-Replay" for name, _ in reply.headers)
        record(reply.status, fault_kind, replay)  # before sending: clients may look at once
        self._send(handler, reply)

    def _process(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        form: dict[str, list[str]],
        headers: dict[str, str],
        token: str | None,
        presented: str | None,
    ) -> Reply:
        state = self.state
        if state.flavour.requires_user_agent and not headers.get("user-agent", "").strip():
            return Reply(418, {"error": "I'm a teapot: no User-Agent was sent"})
        rate_headers: list[tuple[str, str]] = []
        if token is not None and path.startswith("/api/"):
            counted = self._rate(token, state.now())
            if counted is not None:
                limit, remaining, reset = counted
                if state.flavour.rate_limit_headers:
                    rate_headers = self.rate_headers(limit, remaining, reset)
                if remaining <= 0 and self._over(token, limit, state.now()):
                    error = {"error": state.flavour.rate_limit_error}
                    return Reply(429, error, rate_headers)
        found = self.api.match(method, path)
        if found is None:
            return Reply(404, {"error": "Not Found"}, rate_headers)
        handler, args, auth = found
        if auth != AUTH_NONE and presented is not None and token is None:
            return self._bad_token(rate_headers)
        if auth == AUTH_REQUIRED and token is None:
            return Reply(401, {"error": "The access token is invalid"}, rate_headers)
        if token is not None and self._lacks_scope(method, path, token):
            return Reply(403, {"error": state.flavour.scope_error}, rate_headers)
        request = Request(method, path, query, form, headers, token)
        try:
            with state.lock:
                reply = handler(request, args)
        except ApiError as exc:
            reply = Reply(exc.status, {"error": exc.message})
        except Exception as exc:  # a sandbox bug: answer like a crashing server
            log.exception("sandbox handler crashed on %s %s", method, path)
            reply = Reply(500, {"error": f"Internal sandbox error: {exc}"})
        reply.headers.extend(rate_headers)
        return reply

    def _bad_token(self, rate_headers: list[tuple[str, str]]) -> Reply:
        """A token the server does not know, answered the flavour's way."""
        flavour = self.state.flavour
        if flavour.bad_token_plain_text:
            return Reply(
                flavour.bad_token_status,
                headers=rate_headers,
                raw=flavour.bad_token_error.encode(),
                content_type="text/plain; charset=utf-8",
            )
        return Reply(flavour.bad_token_status, {"error": flavour.bad_token_error}, rate_headers)

    def _lacks_scope(self, method: str, path: str, token: str) -> bool:
        """Takahē's has_scope(): the token holds the scope, or its prefix (``read``)."""
        if not self.scope_rules:
            return False
        with self.state.lock:
            held = set(self.state.tokens[token][1].split())
        for rule_method, pattern, scope in self.scope_rules:
            if rule_method == method and pattern.search(path):
                return scope not in held and scope.split(":")[0] not in held
        return False

    def _hostile(self, reply: Reply, headers: dict[str, str]) -> Reply:
        """On flavours that do it, repeat the request's Authorization in error bodies."""
        if not self.state.flavour.echo_authorization or reply.status < 400:
            return reply
        echo = f"(request had Authorization: {headers.get('authorization', '')})"
        if reply.raw is not None:
            reply.raw = reply.raw + b" " + echo.encode()
        elif isinstance(reply.body, dict):
            reply.body = {**reply.body, "error": f"{reply.body.get('error', '')} {echo}"}
        return reply

    def _over(self, token: str, limit: int, now: datetime) -> bool:
        if self.rate_limit is None:
            return False
        start = int(now.timestamp() // self.rate_limit[1])
        with self.state.lock:
            return self._buckets.get((token, start), 0) > limit

    def rate_headers(self, limit: int, remaining: int, reset: datetime) -> list[tuple[str, str]]:
        reset_text = self.state.flavour.rate_limit_reset_text  # hostile: forty nines
        return [
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(remaining)),
            ("X-RateLimit-Reset", reset_text or reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
        ]

    @staticmethod
    def _read_body(
        handler: BaseHTTPRequestHandler, headers: dict[str, str]
    ) -> dict[str, list[str]]:
        length = int(headers.get("content-length") or 0)
        if length <= 0:
            return {}
        raw = handler.rfile.read(length)
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        form: dict[str, list[str]] = {}
        if ctype == "application/json":
            try:
                _flatten_json(json.loads(raw.decode("utf-8") or "{}"), "", form)
            except (ValueError, UnicodeDecodeError):
                return {}
            return form
        if ctype == "multipart/form-data":
            return _parse_multipart(raw, headers.get("content-type", ""))
        return parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)

    def _send(self, handler: _Handler, reply: Reply, pause: float = 0.0) -> None:
        """Write the reply: at once, or (``pause`` > 0) one byte at a time."""
        data = self._reply_bytes(handler, reply)
        handler.log_request(reply.status)
        handler.replies_sent += 1
        try:
            if pause <= 0:
                handler.wfile.write(data)
                return
            for i in range(len(data)):
                if self.stopping.wait(pause):
                    handler.close_connection = True
                    return
                handler.wfile.write(data[i : i + 1])
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    def _reply_bytes(self, handler: _Handler, reply: Reply) -> bytes:
        if reply.raw is not None:
            body = reply.raw
        else:
            body = json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode()
        phrase = handler.responses.get(reply.status, ("",))[0]
        lines = [
            f"{handler.protocol_version} {reply.status} {phrase}",
            "Server: Mastodon",
            f"Content-Type: {reply.content_type}",
            f"Content-Length: {len(body)}",
            f"Date: {email.utils.format_datetime(self.state.now(), usegmt=True)}",
        ]
        if not self.state.flavour.drops_kept_alive:  # snac never says it
            lines.append("Connection: close")
            handler.close_connection = True
        lines.extend(f"{k}: {v}" for k, v in reply.headers if not k.startswith("X-Sandbox-"))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        return head if handler.command == "HEAD" else head + body


def _parse_multipart(raw: bytes, content_type: str) -> dict[str, list[str]]:
    """Text fields of a multipart body (files are ignored; the sandbox has no media)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    form: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            form.setdefault(name, []).append(payload.decode("utf-8", "replace"))
    return form


class _Handler(BaseHTTPRequestHandler):
    server: SandboxHTTPServer
    protocol_version = "HTTP/1.0"
    timeout = 30
    server_version = "Mastodon"
    sys_version = ""
    replies_sent = 0  # on this connection

    def setup(self) -> None:
        super().setup()
        if self.server.core.state.flavour.drops_kept_alive:
            self.protocol_version = "HTTP/1.1"  # keep-alive, until the next request
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def _dispatch(self) -> None:
        self.server.core.handle(self)

    do_GET = _dispatch
    do_POST = _dispatch
    do_PUT = _dispatch
    do_PATCH = _dispatch
    do_DELETE = _dispatch
    do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug("%s %s", self.address_string(), format % args)


class SandboxHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that joins its request threads on close."""

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True

    def __init__(self, port: int, core: Core) -> None:
        self.core = core
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def track(self, connection: socket.socket, is_open: bool) -> None:
        with self._open_lock:
            if is_open:
                self._open.add(connection)
            else:
                self._open.discard(connection)

    def shut_open_connections(self) -> None:
        """End kept-alive connections, so their handler threads can be joined."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox connection error from %s", client_address, exc_info=True)


class ServerThread:
    """Runs a :class:`SandboxHTTPServer` in a background thread."""

    def __init__(self, core: Core, port: int) -> None:
        self.core = core
        self.httpd = SandboxHTTPServer(port, core)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sandbox-{self.port}",
            daemon=True,
        )

    def start(self) -> None:
        self.core.stopping.clear()
        self.thread.start()

    def stop(self) -> None:
        self.core.stopping.set()
        self.httpd.shutdown()
        self.httpd.shut_open_connections()
        self.thread.join(timeout=10)
        self.httpd.server_close()
        deadline = time.monotonic() + 5
        while self.thread.is_alive() and time.monotonic() < deadline:  # pragma: no cover
            time.sleep(0.01)
