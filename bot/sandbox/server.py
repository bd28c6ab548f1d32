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
from bot.sandbox.faults import _FAULT_STATUS, Fault, RequestRecord, _ActiveFault
from bot.sandbox.messages import parse_form
from bot.sandbox.state import ApiError, State

log = logging.getLogger("bot.sandbox")


@dataclass(frozen=True)
class Incoming:
    """A request as the transport parsed it (``token``: ``presented``, if it is known)."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]
    token: str | None
    presented: str | None
    dropped: bool  # snac: a request on a kept-alive connection it will not serve


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
    def _parse(self, handler: _Handler) -> Incoming:
        split = urlsplit(handler.path)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        dropped = self.state.flavour.drops_kept_alive and handler.replies_sent > 0
        auth_header = headers.get("authorization", "")
        presented = auth_header[7:].strip() if auth_header.lower().startswith("bearer ") else None
        with self.state.lock:
            self.state.run_stator()
            known = presented is not None and presented in self.state.tokens
        return Incoming(
            method=handler.command.upper(),
            path=split.path or "/",
            query=parse_qs(split.query, keep_blank_values=True),
            form={} if dropped else self._read_body(handler, headers),
            headers=headers,
            token=presented if known else None,
            presented=presented,
            dropped=dropped,
        )

    def _record(self, req: Incoming, status: int, fault: str | None, replay: bool = False) -> None:
        entry = RequestRecord(
            method=req.method,
            path=req.path,
            query=req.query,
            form=req.form,
            status=status,
            idempotency_key=req.headers.get("idempotency-key"),
            authorized=req.token is not None,
            at=self.state.now(),
            fault=fault,
            idempotent_replay=replay,
            host=req.headers.get("host", ""),
        )
        with self.state.lock:
            self.log.append(entry)

    def handle(self, handler: _Handler) -> None:
        req = self._parse(handler)
        if req.dropped:  # snac: the socket stayed open after the last reply, but not for this
            self._record(req, 0, "dropped")
            handler.close_connection = True
            return
        fault = self._take_fault(req.method, req.path)
        if fault is not None and self._answer_fault(handler, req, fault):
            return
        reply = self._hostile(self._process(req), req.headers)
        replay = any(name == "X-Sandbox-Idempotent-Replay" for name, _ in reply.headers)
        # recorded before sending: clients may look at once
        self._record(req, reply.status, fault.kind if fault else None, replay)
        self._send(handler, reply)

    def _answer_fault(self, handler: _Handler, req: Incoming, fault: Fault) -> bool:
        """Answer the way the fault says; False when the request goes on (slow/timeout)."""
        if fault.kind == "drop":
            self._record(req, 0, "drop")
            handler.close_connection = True
            return True
        if fault.kind == "lost_reply":  # done on the server; the client never hears
            self._process(req)
            self._record(req, 0, "lost_reply")
            handler.close_connection = True
            return True
        if fault.kind in _FAULT_STATUS:
            status, message = _FAULT_STATUS[fault.kind]
            extra: list[tuple[str, str]] = []
            if fault.kind == "429" and self.state.flavour.rate_limit_headers:
                limit = self.rate_limit[0] if self.rate_limit else 300
                extra = self.rate_headers(limit, 0, self.state.now() + timedelta(seconds=60))
            self._record(req, status, fault.kind)
            refusal = Reply(status, {"error": message}, extra)
            self._send(handler, self._hostile(refusal, req.headers))
            return True
        if fault.kind == "malformed":
            self._record(req, 200, "malformed")
            self._send(handler, Reply(200, raw=b'{"id": "1", "username": "trunc'))
            return True
        if fault.kind == "trickle":
            reply = self._hostile(self._process(req), req.headers)
            self._record(req, reply.status, "trickle")
            self._send(handler, reply, pause=fault.sleep)
            return True
        # timeout / slow: wait, then answer normally (unless the sandbox is stopping)
        if self.stopping.wait(fault.sleep):
            self._record(req, 0, fault.kind)
            handler.close_connection = True
            return True
        return False

    def _process(self, req: Incoming) -> Reply:
        state = self.state
        if state.flavour.requires_user_agent and not req.headers.get("user-agent", "").strip():
            return Reply(418, {"error": "I'm a teapot: no User-Agent was sent"})
        rate_headers: list[tuple[str, str]] = []
        if req.token is not None and req.path.startswith("/api/"):
            counted = self._rate(req.token, state.now())
            if counted is not None:
                limit, remaining, reset = counted
                if state.flavour.rate_limit_headers:
                    rate_headers = self.rate_headers(limit, remaining, reset)
                if remaining <= 0 and self._over(req.token, limit, state.now()):
                    error = {"error": state.flavour.rate_limit_error}
                    return Reply(429, error, rate_headers)
        found = self.api.match(req.method, req.path)
        if found is None:
            return Reply(404, {"error": "Not Found"}, rate_headers)
        handler, args, auth = found
        refused = self._refuse(req, auth, rate_headers)
        if refused is not None:
            return refused
        request = Request(req.method, req.path, req.query, req.form, req.headers, req.token)
        try:
            with state.lock:
                reply = handler(request, args)
        except ApiError as exc:
            reply = Reply(exc.status, {"error": exc.message})
        except Exception as exc:  # a sandbox bug: answer like a crashing server
            log.exception("sandbox handler crashed on %s %s", req.method, req.path)
            reply = Reply(500, {"error": f"Internal sandbox error: {exc}"})
        reply.headers.extend(rate_headers)
        return reply

    def _refuse(
        self, req: Incoming, auth: str, rate_headers: list[tuple[str, str]]
    ) -> Reply | None:
        """The answer to a request its token does not allow, or None."""
        if auth != AUTH_NONE and req.presented is not None and req.token is None:
            return self._bad_token(rate_headers)
        if auth == AUTH_REQUIRED and req.token is None:
            return Reply(401, {"error": "The access token is invalid"}, rate_headers)
        if req.token is not None and self._lacks_scope(req.method, req.path, req.token):
            return Reply(403, {"error": self.state.flavour.scope_error}, rate_headers)
        return None

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
        return parse_form(handler.rfile.read(length), headers.get("content-type", ""))

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
