"""The :class:`~bot.sandbox.Sandbox` controls of the admin side: sign-ups and roles.

A mixin, so that ``sandbox.py`` stays small; every method takes the state lock.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.state import JSON, Account, State


class AdminControls:
    """``sign_up``, ``approve_sign_up``, ``confirm_sign_up``, roles and the admin view."""

    _state: State

    def _account(self, account_id: str) -> Account:  # provided by Sandbox
        raise NotImplementedError

    def sign_up(  # noqa: PLR0913 - the registration's own fields, all optional
        self,
        username: str,
        *,
        locale: str | None = "en",
        approved: bool = True,
        confirmed: bool = True,
        notify: bool = True,
        **account_spec: Any,
    ) -> str:
        """A new local account, as if someone had just registered; returns its id.

        ``approved=False`` is a pending registration on an approval-mode server;
        ``notify=False`` drops the ``admin.sign_up`` notification (as if dismissed).
        ``account_spec`` takes account keys (``note``, ``bot``, ``follows_bot``, ...)
        and ``email``, ``reason``, ``disabled``, ``role``."""
        spec = {
            "username": username,
            "locale": locale,
            "approved": approved,
            "confirmed": confirmed,
            "notify": notify,
            **account_spec,
        }
        with self._state.lock:
            return self._state.admin.sign_up(spec).id

    def approve_sign_up(self, account_id: str) -> None:
        """A moderator approves a pending registration (Mastodon notifies now)."""
        with self._state.lock:
            self._state.admin.approve(self._account(account_id))

    def confirm_sign_up(self, account_id: str) -> None:
        """The new user confirms their e-mail address."""
        with self._state.lock:
            self._state.admin.confirm(self._account(account_id))

    def set_registration(self, account_id: str, **changes: Any) -> None:
        """Change ``disabled``, ``locale``, ``email`` or ``reason`` of a local user
        (suspend or silence with ``set_account(suspended=True)`` / ``limited=True``)."""
        with self._state.lock:
            self._state.admin.set_registration(self._account(account_id), **changes)

    def set_role(self, account_id: str, role: str | dict[str, Any]) -> None:
        """Give a local account a role: ``moderator``, ``admin``, ``owner``, ``everyone``
        or ``{"name": ..., "permissions": bits or [names]}``."""
        with self._state.lock:
            self._state.admin.set_role(self._account(account_id), role)

    def set_bot_role(self, role: str | dict[str, Any]) -> None:
        """Give the bot's own account a role."""
        with self._state.lock:
            self._state.admin.set_role(self._state.bot, role)

    def admin_account_json(self, account_id: str) -> JSON:
        """The account as ``GET /api/v1/admin/accounts/:id`` shows it."""
        with self._state.lock:
            return self._state.admin.render(self._account(account_id))
