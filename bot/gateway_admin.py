"""The gateway's reads of the admin API: who signed up on the bot's own server.

Only reads, never a write: the bot acts through the ordinary client API. The token
needs ``admin:read:accounts`` (or ``admin:read``) and the account the Manage Users
permission; a missing scope is ``MissingScope``, a missing permission ``Forbidden``.
``GET /api/v2/admin/accounts`` (Mastodon 3.5+) is asked first; where it answers 404
the v1 list is used instead, and where that is missing too the server has no admin
API (``NotFound``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from bot.gateway_base import GatewayBase
from bot.gateway_errors import MissingScope, NotFound
from bot.gateway_json import json_items, plain_json
from bot.logs import event, get_logger
from bot.signup import SignUp, SignUpPage, signup_from_admin_json

log = get_logger("gateway")

#: The scope the admin reads need (``admin:read`` covers it too).
ADMIN_SCOPE = "admin:read:accounts"
#: Accounts asked for per page of the admin list (Mastodon's default is 100, its cap 200).
ADMIN_PAGE_LIMIT = 80


def is_local(item: Mapping[str, Any]) -> bool:
    """Whether an admin account is of the server itself (``domain`` null, a bare acct)."""
    nested = item.get("account")
    acct = nested.get("acct") if isinstance(nested, Mapping) else None
    return item.get("domain") in (None, "") and not (isinstance(acct, str) and "@" in acct)


@contextlib.contextmanager
def _naming_admin_scope() -> Iterator[None]:
    """Names the admin scope in a MissingScope the server left unnamed (Mastodon's
    Doorkeeper says only "This action is outside the authorized scopes")."""
    try:
        yield
    except MissingScope as exc:
        if exc.scope is not None:
            raise
        what = str(exc).partition(":")[0]
        raise MissingScope(
            f"{what}: the token lacks `{ADMIN_SCOPE}` ({exc.status})",
            scope=ADMIN_SCOPE,
            status=exc.status,
        ) from exc


class AdminReads(GatewayBase):
    """``admin_account`` and ``admin_signups`` of the ``Gateway`` port."""

    #: None until the v2 list was asked; False where it answered 404
    _admin_v2: bool | None = None

    def admin_account(self, account_id: str) -> SignUp:
        """One local account as the admin API shows it; NotFound when it is gone."""
        with _naming_admin_scope(), self._call("admin_account"):
            raw = plain_json(self._api.admin_account(account_id))
        signup = signup_from_admin_json(raw)
        if signup is None or signup.account.id != account_id:
            event(log, "admin_account_unusable", logging.WARNING, id=self.safe(account_id, 40))
            raise NotFound("admin_account: the reply carried no usable account", status=404)
        return signup

    def admin_signups(self, *, max_id: str | None = None) -> Iterator[SignUpPage]:
        """Local, active accounts, newest first, a page at a time (Link-header paging).

        A malformed item is skipped with a logged line. Items the server should not
        have listed (another server's accounts) are dropped here too, since the v1
        list cannot be asked for local accounts through Mastodon.py.
        """
        pages = self._walk_newest_first(
            "admin_accounts", self._admin_page, ADMIN_PAGE_LIMIT, max_id
        )
        for page in pages:
            signups = self._signups_of(page.items)
            yield SignUpPage(signups, next_max_id=page.next_max_id, complete=page.complete)

    def _admin_page(self, cursor: str | None) -> list[dict[str, Any]]:
        if self._admin_v2 is not False:
            try:
                with _naming_admin_scope(), self._call("admin_accounts_v2"):
                    page = self._api.admin_accounts_v2(
                        origin="local", status="active", max_id=cursor, limit=ADMIN_PAGE_LIMIT
                    )
                    items = json_items(page)
                self._admin_v2 = True
                return items
            except NotFound:
                if self._admin_v2:
                    raise  # v2 worked before: this 404 is not a missing API
                self._admin_v2 = False
                event(log, "admin_accounts_v1_fallback")
        with _naming_admin_scope(), self._call("admin_accounts_v1"):
            page = self._api.admin_accounts_v1(
                status="active", max_id=cursor, limit=ADMIN_PAGE_LIMIT
            )
            return json_items(page)

    def _signups_of(self, items: list[dict[str, Any]]) -> list[SignUp]:
        found = []
        for item in items:
            if not is_local(item):
                continue
            signup = signup_from_admin_json(item)
            if signup is None:
                ident = item.get("id")
                shown = self.safe(ident, 40) if isinstance(ident, str) else type(ident).__name__
                event(log, "admin_account_skipped", logging.WARNING, id=shown)
                continue
            found.append(signup)
        return found
