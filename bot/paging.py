"""Pagination that cannot loop or flood, whatever the server answers.

- Ids are ordered as Mastodon orders them: by length, then as text. Snowflakes,
  ULIDs (GoToSocial), FlakeIds (Akkoma) and snac's timestamp notification ids all
  compare right that way; snac's md5 account ids have no order at all.
- A walk forward (``min_id``) must move forward: items at or before the cursor are
  dropped, and a page with nothing past the cursor ends the walk.
- A walk back (``rel="next"``) must not repeat a cursor or go the wrong way, and
  never leaves the server's own host (the token would go with it).
- A page larger than the limit asked for is cut to the limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

from bot.replies import LastReply

T = TypeVar("T")

_MD5 = re.compile(r"[0-9a-f]{32}")


def id_key(value: str) -> tuple[int, str]:
    """Sort key of a server id (Mastodon's order: shorter is older, then as text)."""
    return (len(value), value)


def comparable(a: str, b: str) -> bool:
    """Whether two ids have an order at all (snac's md5 ids do not)."""
    return not (_MD5.fullmatch(a) and _MD5.fullmatch(b))


def newest_id(ids: Sequence[str]) -> str | None:
    return max(ids, key=id_key) if ids else None


def after_cursor(items: Sequence[T], ids: Sequence[str], cursor: str | None) -> list[T]:
    """The items whose id is past ``cursor`` (all of them when there is no cursor)."""
    if not cursor:
        return list(items)
    floor = id_key(cursor)
    return [item for item, ident in zip(items, ids, strict=True) if id_key(ident) > floor]


def cut_oldest(items: Sequence[T], limit: int) -> list[T]:
    """A newest-first ``min_id`` page cut to ``limit``: keep the oldest, the ones right
    after the cursor, so that the walk goes on from there and skips nothing."""
    return list(items[-limit:]) if len(items) > limit else list(items)


def cut_newest(items: Sequence[T], limit: int) -> list[T]:
    """A newest-first ``max_id`` page cut to ``limit``: keep the newest."""
    return list(items[:limit]) if len(items) > limit else list(items)


@dataclass
class BackwardWalk:
    """Follows ``rel="next"`` cursors of one walk (followers, follow requests).

    ``stopped`` says why a walk ended early; a walk that ended early is incomplete.
    """

    base_url: str
    start: str | None = None  # the cursor the walk resumes from, if any
    max_pages: int = 2000
    pages: int = 0
    stopped: str | None = None
    _seen: set[str] = field(default_factory=set)
    _previous: str | None = None

    def __post_init__(self) -> None:
        if self.start:
            self._seen.add(self.start)
            self._previous = self.start

    def next_cursor(self, last: LastReply | None) -> str | None:
        """The ``max_id`` of the next page from the last reply's Link, or None to stop."""
        self.pages += 1
        target = (last.links.get("next") or {}).get("url") if last else None
        if not target:
            return None
        parts = urlsplit(target)
        own = urlsplit(self.base_url)
        if (parts.scheme, parts.netloc.lower()) != (own.scheme, own.netloc.lower()):
            return self._stop(f'a rel="next" to another host ({parts.netloc[:80]!r})')
        found = parse_qs(parts.query).get("max_id")
        cursor = found[-1] if found else None
        if not cursor:
            return None
        if cursor in self._seen:
            return self._stop("a cursor came back")
        previous = self._previous
        if (
            previous is not None
            and comparable(cursor, previous)
            and id_key(cursor) >= id_key(previous)
        ):
            return self._stop("a cursor went forward instead of back")
        if self.pages >= self.max_pages:
            return self._stop(f"more than {self.max_pages} pages")
        self._seen.add(cursor)
        self._previous = cursor
        return cursor

    def _stop(self, why: str) -> str | None:
        """End the walk early, saying why; there is no next cursor."""
        self.stopped = why
        return None
