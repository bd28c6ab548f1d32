"""A new local account as the admin API shows it: who signed up, and may they be greeted yet.

Built from Mastodon's Admin::Account JSON (``GET /api/v1/admin/accounts/:id`` and the
v1/v2 lists) by a tolerant parser: every flag the server leaves out or garbles is read
the cautious way (not confirmed, not approved), so an account is greetable only when
the server plainly says it is confirmed, approved and neither disabled, silenced nor
suspended.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.model import AccountSnapshot, account_from_json, parse_datetime, safe_json

#: A locale as Mastodon stores it (``de``, ``pt-BR``, ``zh-TW``, ``en_GB``); else no locale.
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")


@dataclass(frozen=True, slots=True)
class SignUp:
    """A local account as the admin API shows it (GET /api/v1/admin/accounts/:id, v2 list)."""

    account: AccountSnapshot  # the admin account's nested ``account`` (a normal Account)
    account_json: dict[str, Any] = field(compare=False)  # that Account's JSON, safe_json'ed
    locale: str | None  # e.g. "de", from the admin account's ``locale`` ("" -> None)
    created_at: datetime | None
    confirmed: bool  # missing or invalid -> False
    approved: bool  # missing or invalid -> False
    disabled: bool  # missing or invalid -> False (``greetable`` still needs the two above)
    silenced: bool
    suspended: bool

    @property
    def greetable(self) -> bool:
        """Confirmed and approved, and neither disabled, silenced nor suspended."""
        return self.waiting_reason is None

    @property
    def waiting_reason(self) -> str | None:
        """Why the account cannot be greeted now, in a few words; None when it can."""
        if self.suspended:
            return "suspended"
        if self.disabled:
            return "login disabled"
        if self.silenced:
            return "silenced"
        if not self.approved:
            return "not approved yet"
        if not self.confirmed:
            return "email not confirmed"
        return None


@dataclass(frozen=True, slots=True)
class SignUpPage:
    """One page of an admin accounts list, newest first."""

    signups: list[SignUp]
    #: where the next page starts (the Link header's ``max_id``); None on the last page
    next_max_id: str | None = None
    #: False when the walk had to stop here (a loop, another host, a page too big)
    complete: bool = True


def _flag(value: object) -> bool | None:
    """A JSON boolean (or 0/1, "true"/"false"), None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0"}:
        return value.strip().lower() in {"true", "1"}
    return None


def _locale(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if len(text) <= 35 and _LOCALE.fullmatch(text) else None


def _same_id(own_id: object, account_id: str) -> bool:
    """Whether the admin account's own id (if it has one) is the nested account's."""
    if own_id is None or own_id == "":
        return True
    if isinstance(own_id, bool) or not isinstance(own_id, str | int):
        return False
    try:
        return str(own_id).strip() == account_id
    except ValueError:  # an integer too long to print
        return False


def signup_from_admin_json(data: object) -> SignUp | None:
    """A SignUp from Admin::Account JSON; None when there is no usable account.

    The nested ``account`` is required (without it nothing is known of the profile,
    so no one could tell a ``#nobot`` bio), and where the admin account names an id
    of its own it must be the nested account's id.
    """
    if not isinstance(data, Mapping):
        return None
    nested = data.get("account")
    if not isinstance(nested, Mapping):
        return None
    try:
        account = account_from_json(nested)
    except ValueError:
        return None
    if not _same_id(data.get("id"), account.id):
        return None
    account_json = safe_json(nested)
    return SignUp(
        account=account,
        account_json=account_json if isinstance(account_json, dict) else {},
        locale=_locale(data.get("locale")),
        created_at=parse_datetime(data.get("created_at")) or account.created_at,
        confirmed=_flag(data.get("confirmed")) is True,
        approved=_flag(data.get("approved")) is True,
        disabled=_flag(data.get("disabled")) is True,
        silenced=_flag(data.get("silenced")) is True or account.limited,
        suspended=_flag(data.get("suspended")) is True or account.suspended,
    )
