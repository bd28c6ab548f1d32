"""Faults the sandbox can inject into matching requests, and the request log's records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

FAULT_KINDS = frozenset(
    {
        "500",
        "502",
        "503",
        "429",
        "422",
        "timeout",
        "drop",
        "lost_reply",
        "malformed",
        "slow",
        "trickle",
    }
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
    forever). ``lost_reply`` does the request, then closes the connection before the
    reply, as when a reply is lost on the way back. ``delay`` is the sleep for
    ``timeout`` (default 5 s) and ``slow`` (1 s), and for ``trickle`` the pause between
    the bytes of an otherwise normal reply (1 s).
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
