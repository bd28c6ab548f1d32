"""The sandbox's admin side: roles, registrations and who hears of a sign-up.

Modelled on Mastodon (``app/models/user_role.rb``, ``app/models/user.rb``,
``app/services/bootstrap_timeline_service.rb``) with the other servers' differences
in the flavour table (``admin_api``, ``sign_up_notice``, ``sign_up_notice_to``,
``admin_api_needs``):

- A local account has a role. Its permissions are a bit field; the everyone role's
  bits are added to every role's, and Administrator (bit 0) means every bit.
- Mastodon tells accounts whose role can Manage Users (bit 10) of a sign-up with an
  ``admin.sign_up`` notification once the new user is both confirmed and approved:
  on an approval-mode server, that is when a moderator approves them, never while
  they wait (they get an e-mail about pending accounts instead). GoToSocial notifies
  its moderators and admins at sign-up; Takahē its admins, at sign-up.
- Local accounts that are not yet confirmed or approved are 404 on the public
  account endpoints of Mastodon (``check_account_approval``), though the admin API
  shows them.

Every public method expects the caller to hold ``State.lock``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.sandbox.scenario import SIGN_UP_KEYS, validate_sign_up_spec
from bot.sandbox.state import JSON, Account, iso_ms

if TYPE_CHECKING:
    from bot.sandbox.state import State

#: Mastodon's permission bits (``UserRole::FLAGS``).
FLAGS: dict[str, int] = {
    "administrator": 1 << 0,
    "view_devops": 1 << 1,
    "view_audit_log": 1 << 2,
    "view_dashboard": 1 << 3,
    "manage_reports": 1 << 4,
    "manage_federation": 1 << 5,
    "manage_settings": 1 << 6,
    "manage_blocks": 1 << 7,
    "manage_taxonomies": 1 << 8,
    "manage_appeals": 1 << 9,
    "manage_users": 1 << 10,
    "manage_invites": 1 << 11,
    "manage_rules": 1 << 12,
    "manage_announcements": 1 << 13,
    "manage_custom_emojis": 1 << 14,
    "manage_webhooks": 1 << 15,
    "invite_users": 1 << 16,
    "manage_roles": 1 << 17,
    "manage_user_access": 1 << 18,
    "delete_user_data": 1 << 19,
}
ALL_PERMISSIONS = sum(FLAGS.values())


def _bits(*names: str) -> int:
    return sum(FLAGS[name] for name in names)


@dataclass(frozen=True, slots=True)
class Role:
    """A role as Mastodon's Role entity shows it; ``level`` orders the built-in ones
    (0 everyone, 1 moderator, 2 admin, 3 owner) for servers that check a rank."""

    id: str
    name: str
    permissions: int
    level: int
    highlighted: bool = True

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "permissions": str(self.permissions),
            "color": "",
            "highlighted": self.highlighted,
        }


EVERYONE = Role("-99", "", FLAGS["invite_users"], 0, highlighted=False)
_MODERATOR_BITS = (
    "invite_users",
    "view_dashboard",
    "view_audit_log",
    "manage_users",
    "manage_reports",
    "manage_taxonomies",
)
_ADMIN_EXTRA_BITS = (
    "manage_user_access",
    "delete_user_data",
    "manage_federation",
    "manage_settings",
    "manage_blocks",
    "manage_appeals",
    "manage_rules",
    "manage_invites",
    "manage_announcements",
    "manage_custom_emojis",
    "manage_webhooks",
    "manage_roles",
)
#: Mastodon's default roles (``config/roles.yml``).
ROLES: dict[str, Role] = {
    "everyone": EVERYONE,
    "moderator": Role("1", "Moderator", _bits(*_MODERATOR_BITS), 1),
    "admin": Role("2", "Admin", _bits(*_MODERATOR_BITS, *_ADMIN_EXTRA_BITS), 2),
    "owner": Role("3", "Owner", FLAGS["administrator"], 3),
}


def role_from_spec(spec: object) -> Role:
    """A role from a scenario: a built-in name, or ``{name, permissions}`` (bits or names)."""
    if isinstance(spec, str):
        if spec not in ROLES:
            raise ValueError(f"role: unknown role {spec!r} (choose one of: {', '.join(ROLES)})")
        return ROLES[spec]
    if not isinstance(spec, Mapping) or "name" not in spec:
        raise ValueError("role: a role name, or a mapping with 'name' and 'permissions'")
    raw = spec.get("permissions", 0)
    if isinstance(raw, list):
        unknown = [p for p in raw if p not in FLAGS]
        if unknown:
            raise ValueError(f"role: unknown permissions {unknown}")
        permissions = _bits(*raw)
    elif isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= ALL_PERMISSIONS:
        permissions = raw
    else:
        raise ValueError("role: 'permissions' must be a bit field or a list of names")
    level = 1 if permissions & (FLAGS["manage_users"] | FLAGS["administrator"]) else 0
    return Role(str(spec.get("id", "100")), str(spec["name"]), permissions, level)


def computed_permissions(role: Role) -> int:
    """The role's bits with the everyone role's, and all of them for Administrator."""
    bits = role.permissions | EVERYONE.permissions
    return ALL_PERMISSIONS if bits & FLAGS["administrator"] else bits


@dataclass(slots=True)
class Registration:
    """What the server knows of a local user beyond the account (Mastodon's ``User``)."""

    account_seq: int
    created_at: datetime
    email: str
    locale: str | None = "en"
    confirmed: bool = True
    approved: bool = True
    disabled: bool = False
    reason: str | None = None
    role: Role = EVERYONE
    ip: str = "127.0.0.1"
    notified: bool = False  # the sign-up was announced already

    @property
    def pending(self) -> bool:
        return not (self.confirmed and self.approved)


class AdminSide:
    """Roles, registrations and sign-up notices of one sandbox's :class:`State`."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.registrations: dict[int, Registration] = {}

    # ------------------------------------------------------------------ roles
    def registration(self, account: Account) -> Registration | None:
        """The local user behind an account (made on first need); None for remote ones."""
        if account.domain is not None:
            return None
        found = self.registrations.get(account.seq)
        if found is None:
            created = datetime.combine(
                account.created, datetime.min.time(), self.state.now().tzinfo
            )
            found = Registration(account.seq, created, f"{account.username}@mail.example")
            self.registrations[account.seq] = found
        return found

    def set_role(self, account: Account, role: object) -> None:
        registration = self.registration(account)
        if registration is None:
            raise ValueError("only local accounts have roles")
        registration.role = role_from_spec(role)

    def qualifies(self, account: Account, need: str) -> bool:
        """Whether the account's role meets ``need``: a permission name (Mastodon's
        bit check), or ``moderator``/``admin`` (a rank, as GoToSocial and Takahē check)."""
        registration = self.registration(account)
        if registration is None:
            return False
        if need in FLAGS:
            return bool(computed_permissions(registration.role) & FLAGS[need])
        wanted = {"moderator": 1, "admin": 2}.get(need, 99)
        role = registration.role
        return role.level >= wanted or bool(role.permissions & FLAGS["administrator"])

    # ------------------------------------------------------------------ registrations
    def sign_up(self, spec: Mapping[str, Any]) -> Account:
        """A new local account from ``spec`` (account keys plus ``SIGN_UP_KEYS``)."""
        spec = validate_sign_up_spec(spec)
        extra = {k: spec[k] for k in SIGN_UP_KEYS if k in spec}
        account_spec = {k: v for k, v in spec.items() if k not in SIGN_UP_KEYS}
        account_spec.setdefault("created_days_ago", 0)
        account_spec.setdefault("statuses_count", 0)
        account = self.state.add_account(account_spec)
        registration = self.registration(account)
        assert registration is not None  # a local account always has one
        registration.created_at = self.state.now() - timedelta(
            days=float(account_spec["created_days_ago"])
        )
        registration.locale = extra.get("locale", "en")
        registration.confirmed = bool(extra.get("confirmed", True))
        registration.approved = bool(extra.get("approved", True))
        registration.disabled = bool(extra.get("disabled", False))
        registration.reason = extra.get("reason")
        registration.email = str(extra.get("email") or registration.email)
        if "role" in extra:
            registration.role = role_from_spec(extra["role"])
        self._announce(account, registration, notify=bool(extra.get("notify", True)))
        return account

    def approve(self, account: Account) -> None:
        registration = self._local(account)
        registration.approved = True
        self._announce(account, registration)

    def confirm(self, account: Account) -> None:
        registration = self._local(account)
        registration.confirmed = True
        self._announce(account, registration)

    def set_registration(self, account: Account, **changes: Any) -> None:
        """Change ``disabled``, ``locale``, ``email`` or ``reason`` of a local user."""
        registration = self._local(account)
        for key, value in changes.items():
            if key not in ("disabled", "locale", "email", "reason"):
                raise ValueError(f"set_registration: unknown key {key!r}")
            setattr(registration, key, value)

    def _local(self, account: Account) -> Registration:
        registration = self.registration(account)
        if registration is None:
            raise ValueError(f"{account.username!r} is not a local account")
        return registration

    def _announce(self, account: Account, registration: Registration, notify: bool = True) -> None:
        """The ``admin.sign_up`` notice, when this flavour's server sends it."""
        when = self.state.flavour.sign_up_notice
        if registration.notified or when == "none":
            return
        if when == "on_approval" and registration.pending:
            return
        registration.notified = True
        bot = self.state.bot
        if notify and self.qualifies(bot, self.state.flavour.sign_up_notice_to):
            self.state.notify("admin.sign_up", account)

    def hidden(self, account: Account) -> bool:
        """Whether the public account endpoints answer 404 for it (a pending local user)."""
        if not self.state.flavour.hides_pending_accounts or account.domain is not None:
            return False
        registration = self.registrations.get(account.seq)
        return registration is not None and registration.pending

    # ------------------------------------------------------------------ rendering
    def render(self, account: Account) -> JSON:
        """Admin::Account JSON (``REST::Admin::AccountSerializer``)."""
        st = self.state
        registration = self.registration(account)
        created = registration.created_at if registration else None
        return {
            "id": account.id,
            "username": account.username,
            "domain": account.domain,
            "created_at": iso_ms(created) if created else f"{account.created}T00:00:00.000Z",
            "email": registration.email if registration else None,
            "ip": registration.ip if registration else None,
            "ips": [{"ip": registration.ip, "used_at": iso_ms(created)}]
            if registration and created
            else [],
            "locale": registration.locale if registration else None,
            "invite_request": registration.reason if registration else None,
            "role": (registration.role if registration else EVERYONE).to_json(),
            "confirmed": bool(registration and registration.confirmed),
            "approved": bool(registration and registration.approved),
            "disabled": bool(registration and registration.disabled),
            "silenced": account.limited,
            "suspended": account.suspended,
            "sensitized": False,
            "account": st.render_account(account),
            "created_by_application_id": None,
            "invited_by_account_id": None,
        }
