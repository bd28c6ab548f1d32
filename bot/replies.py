"""What the transport makes of a reply before Mastodon.py sees it.

- An absurd ``X-RateLimit-Reset`` (unreadable, or over an hour away: forty nines
  would overflow every date type) is clamped to an hour from the server's clock.
- A page larger than the ``limit`` asked for is cut before Mastodon.py casts it
  (~4 ms an item: 5,000 notifications took 20 s of CPU). A ``min_id`` page keeps its
  oldest items, the ones right after the cursor, so the walk skips nothing; any other
  page keeps its newest. ``LastReply.cut_from`` says how long the page was.
- A record of the reply (status, Link header, the head of the body) is kept for
  explaining errors without trusting Mastodon.py to have parsed them.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import requests

#: How much of a reply's body is kept for explaining an error.
KEPT_TEXT = 2000
#: The longest wait a rate-limit reset may ask for (Mastodon's windows are 5 minutes).
MAX_RESET_SECONDS = 3600
#: Replies smaller than this are not checked against their limit (80 items of an
#: ordinary page fit; a page this big is worth one more parse to find out).
CUT_CHECK_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class LastReply:
    """What the transport saw of the most recent reply."""

    status: int
    url: str
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    text: str = ""  # the head of the body, decoded leniently
    authenticate: str = ""  # the WWW-Authenticate header, if any
    clamped_reset: str | None = None  # an absurd X-RateLimit-Reset, as sent (cut)
    cut_from: int | None = None  # the length of a page cut to the limit asked for
    states_budget: bool = True  # it carried X-RateLimit-Remaining


def cut_to_limit(request: requests.PreparedRequest, response: requests.Response) -> int | None:
    """Cut a JSON list reply longer than the request's ``limit``; returns its length."""
    content = response.content or b""
    if request.method != "GET" or len(content) < CUT_CHECK_BYTES:
        return None
    query = parse_qs(urlsplit(request.url or "").query)
    limit = (query.get("limit") or [""])[-1]
    if not limit.isdigit() or not content.lstrip().startswith(b"["):
        return None
    try:
        items = json.loads(content)
    except ValueError:
        return None  # Mastodon.py will say it is malformed
    if not isinstance(items, list) or len(items) <= int(limit):
        return None
    kept = items[-int(limit) :] if "min_id" in query else items[: int(limit)]
    response._content = json.dumps(kept).encode()
    return len(items)


def last_reply(response: requests.Response, clamped: str | None, cut_from: int | None) -> LastReply:
    text = (response.content or b"")[: KEPT_TEXT * 4].decode("utf-8", "replace")[:KEPT_TEXT]
    return LastReply(
        status=response.status_code,
        url=response.url,
        links=dict(response.links),
        text=text,
        authenticate=response.headers.get("WWW-Authenticate", ""),
        clamped_reset=clamped,
        cut_from=cut_from,
        states_budget="X-RateLimit-Remaining" in response.headers,
    )


def clamp_reset(response: requests.Response) -> str | None:
    """Rewrite an X-RateLimit-Reset that is unreadable or over an hour away; returns
    the header as it was sent when it was rewritten."""
    raw = response.headers.get("X-RateLimit-Reset")
    if raw is None:
        return None
    now = _server_now(response)
    at = _reset_epoch(raw)
    if at is not None and at <= now + MAX_RESET_SECONDS:
        return None
    response.headers["X-RateLimit-Reset"] = str(int(now + MAX_RESET_SECONDS))
    return raw[:60]


def _server_now(response: requests.Response) -> float:
    try:
        return email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp()
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return time.time()


def _reset_epoch(raw: str) -> float | None:
    text = raw.strip()
    try:
        if text.isdigit():
            return float(int(text[:20]))  # 20 digits: past any sane date, never an overflow
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError):
        return None
