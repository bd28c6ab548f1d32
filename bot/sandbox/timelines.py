"""The home timeline and the conversations: the places a bot can look for its own DMs.

Whether the bot's direct posts show in ``/api/v1/accounts/:id/statuses`` depends on
the server (they do not on snac), so a bot that must not send a DM twice looks here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.messages import Reply, Request
from bot.sandbox.state import Status, paginate

if TYPE_CHECKING:
    from bot.sandbox.api import Api

HOME_LIMITS = (20, 40)
CONVERSATION_LIMITS = (20, 40)


def _identity(value: int) -> int:
    return value


class Timelines:
    """Handlers for ``GET /api/v1/timelines/home`` and ``GET /api/v1/conversations``."""

    def __init__(self, api: Api) -> None:
        self.api = api

    def _in_home(self, status: Status) -> bool:
        st = self.api.state
        if not st.visible_to_bot(status):
            return False
        return status.account_seq == st.bot.seq or status.account_seq in st.following

    def home(self, req: Request, args: list[str]) -> Reply:
        """The bot's own posts (direct ones too) and those of the accounts it follows."""
        st = self.api.state
        limit = self.api.limit(req, HOME_LIMITS)
        page = paginate(
            list(st.statuses),
            _identity,
            limit=limit,
            max_seq=self.api.cursor(req, "max_id"),
            since_seq=self.api.cursor(req, "since_id"),
            min_seq=self.api.cursor(req, "min_id"),
            predicate=lambda seq: self._in_home(st.statuses[seq]),
        )
        body = [st.render_status(st.statuses[seq]) for seq in page]
        headers: list[tuple[str, str]] = []
        if page:
            next_id = st.statuses[page[-1]].id if self.api.has_next(len(page), limit) else None
            headers = self.api.link(req, next_id, st.statuses[page[0]].id)
        return Reply(200, body, headers)

    def conversations(self, req: Request, args: list[str]) -> Reply:
        """Direct threads the bot is part of, newest last status first."""
        st = self.api.state
        latest: dict[frozenset[int], int] = {}  # participants -> newest status seq
        for seq, status in st.statuses.items():
            if status.visibility != "direct" or not st.visible_to_bot(status):
                continue
            people = frozenset({status.account_seq, *status.mentions} - {st.bot.seq})
            latest[people] = max(seq, latest.get(people, 0))
        order = sorted(latest.values())
        limit = self.api.limit(req, CONVERSATION_LIMITS)
        page = paginate(
            order,
            _identity,
            limit=limit,
            max_seq=self.api.cursor(req, "max_id"),
            min_seq=self.api.cursor(req, "min_id"),
        )
        body = [self._render(st.statuses[seq]) for seq in page]
        headers: list[tuple[str, str]] = []
        if page:
            next_id = st.statuses[page[-1]].id if self.api.has_next(len(page), limit) else None
            headers = self.api.link(req, next_id, st.statuses[page[0]].id)
        return Reply(200, body, headers)

    def _render(self, status: Status) -> dict[str, Any]:
        st = self.api.state
        people = sorted({status.account_seq, *status.mentions} - {st.bot.seq})
        return {
            "id": status.id,
            "unread": False,
            "accounts": [st.render_account(st.accounts[seq]) for seq in people],
            "last_status": st.render_status(status),
        }
