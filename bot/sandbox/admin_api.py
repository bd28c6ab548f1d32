"""The sandbox's admin accounts endpoints (read only), as Mastodon answers them.

``GET /api/v1/admin/accounts/:id``, ``GET /api/v1/admin/accounts`` and
``GET /api/v2/admin/accounts`` (``app/controllers/api/v{1,2}/admin/accounts_controller.rb``,
``app/models/account_filter.rb``): newest first, ``max_id``/``since_id``/``min_id``
paging with Link headers, default 100 a page and at most 200. A token without
``admin:read`` or ``admin:read:accounts`` gets 403 "This action is outside the
authorized scopes"; an account whose role cannot Manage Users gets 403 "This action
is not allowed". Which routes exist is the flavour's ``admin_api``: servers without
Mastodon's admin API answer 404, as for any unknown route.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.sandbox.messages import Reply, Request
from bot.sandbox.state import Account, ApiError, State, paginate

if TYPE_CHECKING:
    from bot.sandbox.api import Api

#: Scopes that open the admin reads (``authorize_if_got_token! :'admin:read', ...``).
ADMIN_READ_SCOPES = frozenset({"admin:read", "admin:read:accounts"})
#: (default, maximum) page size of the admin lists (``LIMIT = 100``, ``limit_param``).
ADMIN_LIMIT = (100, 200)
V1_STATUSES = ("active", "pending", "disabled", "silenced", "suspended")
V2_FILTERS = (
    "origin",
    "status",
    "permissions",
    "role_ids",
    "username",
    "display_name",
    "by_domain",
    "email",
    "ip",
    "invited_by",
)
V1_FILTERS: tuple[str, ...] = ("local", "remote", "by_domain", *V1_STATUSES, "sensitized")
V1_FILTERS += ("username", "display_name", "email", "ip", "staff")

Match = Callable[[Account], bool]


class AdminApi:
    """The admin routes of one :class:`~bot.sandbox.api.Api`."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.state: State = api.state
        which = self.state.flavour.admin_api
        if which == "none":
            return
        if which in ("v1", "v1_v2"):
            api._route("GET", r"/api/v1/admin/accounts", self.accounts_v1)
        if which in ("v2", "v1_v2"):
            api._route("GET", r"/api/v2/admin/accounts", self.accounts_v2)
        api._route("GET", r"/api/v1/admin/accounts/([^/]+)", self.account)

    # ------------------------------------------------------------------ authorisation
    def _authorise(self, req: Request) -> None:
        fl = self.state.flavour
        held = set(self.state.tokens[req.token][1].split()) if req.token else set()
        if not held & ADMIN_READ_SCOPES and "admin" not in held:
            raise ApiError(403, fl.admin_scope_error)
        if not self.state.admin.qualifies(self.state.bot, fl.admin_api_needs):
            raise ApiError(403, fl.admin_forbidden_error.format(user=self.state.bot.id))

    # ------------------------------------------------------------------ handlers
    def account(self, req: Request, args: list[str]) -> Reply:
        self._authorise(req)
        return Reply(200, self.state.admin.render(self.state.account(args[0])))

    def accounts_v1(self, req: Request, args: list[str]) -> Reply:
        self._authorise(req)
        criteria: dict[str, str] = {"origin": "local", "status": "active"}
        for key in ("by_domain", "username", "display_name", "email", "ip"):
            value = req.get(key)
            if value:
                criteria[key] = value
        if req.get("remote"):
            criteria["origin"] = "remote"
        for status in V1_STATUSES:
            if req.get(status):
                criteria["status"] = status
        if req.get("staff"):
            criteria["permissions"] = "staff"
        return self._page(req, criteria, [], V1_FILTERS)

    def accounts_v2(self, req: Request, args: list[str]) -> Reply:
        self._authorise(req)
        criteria = {k: v for k in V2_FILTERS if k != "role_ids" and (v := req.get(k) or "")}
        return self._page(req, criteria, req.get_list("role_ids"), V2_FILTERS)

    # ------------------------------------------------------------------ filtering
    def _page(
        self, req: Request, criteria: dict[str, str], role_ids: list[str], kept: tuple[str, ...]
    ) -> Reply:
        st = self.state
        match = self._matcher(criteria, role_ids)
        default, maximum = ADMIN_LIMIT
        raw = req.get("limit") or ""
        asked = abs(int(raw)) if raw.lstrip("-").isdigit() and len(raw) < 10 else 0
        limit = min(asked, maximum) or default
        page = paginate(
            list(st.accounts.values()),  # in id order: accounts are made with rising ids
            _seq,
            limit=limit,
            max_seq=self.api.cursor(req, "max_id"),
            since_seq=self.api.cursor(req, "since_id"),
            min_seq=self.api.cursor(req, "min_id"),
            predicate=match,
        )
        body = [st.admin.render(a) for a in page]
        headers: list[tuple[str, str]] = []
        if page:
            next_id = page[-1].id if len(page) == limit else None
            headers = self.api.link(req, next_id, page[0].id, "min_id", ("limit", *kept))
        return Reply(200, body, headers)

    def _matcher(self, criteria: dict[str, str], role_ids: list[str]) -> Match:
        checks = [self._check(key, value) for key, value in criteria.items()]
        if role_ids:
            checks.append(lambda a: self._role_id(a) in role_ids)
        return lambda account: all(check(account) for check in checks)

    def _check(self, key: str, value: str) -> Match:  # noqa: C901 - one branch per filter
        admin = self.state.admin
        if key == "origin":
            if value not in ("local", "remote"):
                raise ApiError(400, f"Unknown origin: {value}")
            return (
                (lambda a: a.domain is None)
                if value == "local"
                else (lambda a: a.domain is not None)
            )
        if key == "status":
            return self._status(value)
        if key == "permissions":
            return lambda a: admin.qualifies(a, "manage_reports")
        if key == "by_domain":
            return lambda a: (a.domain or "") == value.strip().lower()
        if key == "username":
            return lambda a: a.username.lower().startswith(value.strip().lower())
        if key == "display_name":
            return lambda a: value.strip().lower() in a.display_name.lower()
        if key == "email":
            return lambda a: (r := admin.registration(a)) is not None and r.email.startswith(value)
        if key == "ip":
            return lambda a: (r := admin.registration(a)) is not None and r.ip == value.strip()
        if key == "invited_by":
            return lambda a: False  # the sandbox has no invites
        raise ApiError(400, f"Unknown filter: {key}")

    def _status(self, value: str) -> Match:
        admin = self.state.admin
        if value == "active":
            return lambda a: not a.suspended
        if value == "pending":
            return lambda a: (r := admin.registration(a)) is not None and not r.approved
        if value == "suspended":
            return lambda a: a.suspended
        if value == "disabled":
            return lambda a: (
                (r := admin.registration(a)) is not None and r.disabled and not a.suspended
            )
        if value == "silenced":
            return lambda a: a.limited
        if value == "sensitized":
            return lambda a: False  # the sandbox does not mark media sensitive
        raise ApiError(400, f"Unknown status: {value}")

    def _role_id(self, account: Account) -> str | None:
        registration = self.state.admin.registration(account)
        return registration.role.id if registration else None


def _seq(account: Account) -> int:
    return account.seq
