"""The port the poll cycle talks through: what it needs of a server, nothing more.

``bot.gateway.MastodonGateway`` implements it over Mastodon.py; the tests'
``FakeGateway`` implements it in memory, with each server quirk a flag. The
cycle, the owner's commands and ``explain`` depend on this protocol, never on
the adapter.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from bot.gateway_errors import (
    Cancelled,
    Forbidden,
    GatewayError,
    MissingScope,
    NotFound,
    RateLimited,
    Rejected,
    Transient,
    Unauthorized,
)
from bot.gateway_json import (
    Conversation,
    FollowerPage,
    FollowRequestPage,
    Identity,
    NotificationPage,
    PostedStatus,
)
from bot.model import AccountSnapshot, Relationship, StatusSnapshot
from bot.signup import SignUp, SignUpPage

AccountWithJson = tuple[AccountSnapshot, dict[str, Any]]


class Gateway(Protocol):
    """Everything the bot asks of its server."""

    requests_made: int

    # what the server says of its budget (X-RateLimit-*); None where it says nothing
    def ratelimit_remaining(self) -> int | None: ...
    def ratelimit_limit(self) -> int | None: ...
    def ratelimit_reset(self) -> datetime | None: ...

    # reads
    def verify_credentials(self) -> tuple[Identity, dict[str, Any]]: ...
    #: with ``signups``, ``admin.sign_up`` notifications too (their accounts in ``page.signups``)
    def notifications(
        self, cursor: str | None, *, signups: bool = False
    ) -> Iterator[NotificationPage]: ...
    def follower_pages(
        self, me_id: str, *, max_id: str | None = None
    ) -> Iterator[FollowerPage]: ...
    def relationships(self, account_ids: Sequence[str]) -> dict[str, Relationship]: ...
    def accounts(self, account_ids: Sequence[str]) -> dict[str, AccountWithJson]: ...
    def account(self, account_id: str) -> AccountWithJson: ...
    def lookup(self, acct: str) -> AccountWithJson: ...
    def recent_statuses(
        self, account_id: str, *, limit: int = 20
    ) -> tuple[list[StatusSnapshot], list[dict[str, Any]]]: ...
    def notification_policy(self) -> dict[str, Any] | None: ...
    def follow_requests(self, *, max_id: str | None = None) -> Iterator[FollowRequestPage]: ...
    # where the bot's own DMs can be seen: which works depends on the server
    def own_direct_statuses(
        self, me_id: str, *, since: datetime | None = None, limit: int = 40
    ) -> list[StatusSnapshot]: ...
    def home_direct_statuses(
        self, me_id: str, *, since: datetime | None = None, limit: int = 40
    ) -> list[StatusSnapshot]: ...
    def conversations(self, *, limit: int = 40) -> list[Conversation]: ...
    # the admin API (an account with Manage Users, a token with admin:read:accounts):
    # MissingScope when the token lacks the scope, Forbidden when the account lacks the
    # permission, NotFound when the account is gone (or the server has no such API)
    def admin_account(self, account_id: str) -> SignUp: ...
    #: local, active accounts, newest first (v2, else v1); the caller stops when it has enough
    def admin_signups(self, *, max_id: str | None = None) -> Iterator[SignUpPage]: ...
    def lists(self) -> dict[str, str]: ...
    def list_title(self, list_id: str) -> str | None: ...
    def max_status_characters(self) -> int | None: ...

    # writes
    def follow(self, account_id: str, *, reblogs: bool = True) -> Relationship | None: ...
    def unfollow(self, account_id: str) -> None: ...
    def authorize_follow_request(self, account_id: str) -> None: ...
    def reject_follow_request(self, account_id: str) -> None: ...
    def create_list(self, title: str) -> str: ...
    def add_to_list(self, list_id: str, account_id: str) -> None: ...
    def post_direct(
        self, text: str, *, idempotency_key: str, language: str | None
    ) -> PostedStatus: ...
    def delete_status(self, status_id: str) -> None: ...

    # a request in flight is interrupted (SIGTERM); ``resume`` allows requests again
    def cancel(self) -> None: ...
    def resume(self) -> None: ...


__all__ = [
    "AccountWithJson",
    "Cancelled",
    "Conversation",
    "FollowRequestPage",
    "MissingScope",
    "PostedStatus",
    "FollowerPage",
    "Forbidden",
    "Gateway",
    "GatewayError",
    "Identity",
    "NotFound",
    "NotificationPage",
    "RateLimited",
    "Rejected",
    "SignUp",
    "SignUpPage",
    "Transient",
    "Unauthorized",
]
