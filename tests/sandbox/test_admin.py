"""The sandbox's admin side over HTTP, through the real Mastodon.py client and the bot's
own gateway: roles, sign-up notifications, the admin accounts lists and their refusals."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from mastodon import Mastodon, MastodonAPIError, MastodonNotFoundError

from bot.gateway import MastodonGateway
from bot.ports import Forbidden, MissingScope, NotFound
from bot.sandbox import Sandbox
from tests.sandbox.helpers import MakeClient, MakeSandbox, scenario

ADMIN_SCOPES = "read write follow push admin:read:accounts"


def greeter(flavour: str = "mastodon", role: Any = "moderator", **extra: Any) -> dict[str, Any]:
    bot = {"username": "welcome", "role": role, "scopes": ADMIN_SCOPES}
    return scenario(flavour=flavour, bot=bot, **extra)


def sign_up_names(api: Mastodon) -> list[str]:
    found = api.notifications(types=["admin.sign_up"])
    return [n["account"]["username"] for n in found if n["type"] == "admin.sign_up"]


def raw_get(sb: Sandbox, path: str, token: str) -> requests.Response:
    return requests.get(sb.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=5)


@pytest.fixture
def sb(make_sandbox: MakeSandbox) -> Sandbox:
    return make_sandbox(greeter())


@pytest.fixture
def api(sb: Sandbox, make_client: MakeClient) -> Mastodon:
    return make_client(sb)


# ---------------------------------------------------------------------------- notifications


def test_a_moderator_hears_of_each_sign_up(sb: Sandbox, api: Mastodon) -> None:
    sb.sign_up("mia", locale="de")
    sb.sign_up("ben")
    assert sign_up_names(api) == ["ben", "mia"]


def test_without_manage_users_no_sign_up_is_notified(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(greeter(role={"name": "Helper", "permissions": ["manage_reports"]}))
    sb.sign_up("mia")
    assert sign_up_names(make_client(sb)) == []


@pytest.mark.parametrize("role", ["owner", "admin", {"name": "Greeter", "permissions": 1024}])
def test_administrator_and_manage_users_roles_are_told(
    make_sandbox: MakeSandbox, make_client: MakeClient, role: Any
) -> None:
    sb = make_sandbox(greeter(role=role))
    sb.sign_up("mia")
    assert sign_up_names(make_client(sb)) == ["mia"]


def test_a_pending_sign_up_is_notified_only_once_approved(sb: Sandbox, api: Mastodon) -> None:
    pat = sb.sign_up("pat", approved=False)
    assert sign_up_names(api) == []
    with pytest.raises(MastodonNotFoundError):
        api.account(pat)  # Mastodon hides a pending local account from the public API
    sb.approve_sign_up(pat)
    assert sign_up_names(api) == ["pat"]
    assert api.account(pat)["username"] == "pat"
    sb.approve_sign_up(pat)  # approving twice tells no one twice
    assert sign_up_names(api) == ["pat"]


def test_an_unconfirmed_sign_up_is_notified_once_confirmed(sb: Sandbox, api: Mastodon) -> None:
    uli = sb.sign_up("uli", confirmed=False)
    assert sign_up_names(api) == []
    sb.confirm_sign_up(uli)
    assert sign_up_names(api) == ["uli"]


def test_gotosocial_tells_moderators_at_sign_up_even_when_pending(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(greeter("gotosocial"))
    pat = sb.sign_up("pat", approved=False)
    api = make_client(sb)
    assert sign_up_names(api) == ["pat"]
    assert api.account(pat)["username"] == "pat"


@pytest.mark.parametrize("flavour", ["akkoma", "snac"])
def test_servers_without_sign_up_notifications(
    make_sandbox: MakeSandbox, make_client: MakeClient, flavour: str
) -> None:
    sb = make_sandbox(greeter(flavour, role="owner"))
    sb.sign_up("mia")
    assert sign_up_names(make_client(sb, retry_gets=flavour == "snac")) == []


def test_takahe_tells_admins_not_moderators(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    admin = make_sandbox(greeter("takahe", role="admin"))
    admin.sign_up("mia")
    assert sign_up_names(make_client(admin)) == ["mia"]
    moderator = make_sandbox(greeter("takahe"))
    moderator.sign_up("mia")
    assert sign_up_names(make_client(moderator)) == []


# ---------------------------------------------------------------------------- the admin API


def test_admin_account_shows_the_registration(sb: Sandbox, api: Mastodon) -> None:
    pat = sb.sign_up("pat", locale="fr", approved=False, reason="A friend invited me")
    raw = sb.admin_account_json(pat)
    assert raw["locale"] == "fr"
    assert (raw["approved"], raw["confirmed"]) == (False, True)
    assert raw["invite_request"] == "A friend invited me"
    assert raw["account"]["id"] == pat
    assert raw["role"]["id"] == "-99"
    got = api.admin_account(pat)
    assert got["username"] == "pat"
    assert got["approved"] is False
    assert got["locale"] == "fr"
    with pytest.raises(MastodonNotFoundError):
        api.admin_account("1")


def test_the_bots_role_is_in_the_admin_view(sb: Sandbox) -> None:
    role = sb.admin_account_json(sb.bot_account_id)["role"]
    assert role["name"] == "Moderator"
    assert int(role["permissions"]) & 0x400


def test_v2_lists_local_active_accounts_newest_first_with_link_paging(
    sb: Sandbox, api: Mastodon
) -> None:
    ids = [sb.sign_up(f"user{i}") for i in range(5)]
    sb.add_account(username="far", domain="elsewhere.example")
    gone = sb.sign_up("gone")
    sb.set_account(gone, suspended=True)
    first = api.admin_accounts_v2(origin="local", status="active", limit=2)
    assert [a["id"] for a in first] == [ids[4], ids[3]]
    # Mastodon.py 2.3.3's fetch_next cannot cast admin pages (List[AdminAccount]):
    # follow the Link header by hand, as the gateway does
    query = "/api/v2/admin/accounts?origin=local&status=active&limit=2"
    link = raw_get(sb, query, sb.token).links["next"]["url"]
    assert "origin=local" in link and f"max_id={ids[3]}" in link
    second = api.admin_accounts_v2(origin="local", status="active", limit=2, max_id=ids[3])
    assert [a["id"] for a in second] == [ids[2], ids[1]]
    everyone = api.admin_accounts_v2(origin="local", status="active")
    assert gone not in [a["id"] for a in everyone]
    assert "far" not in [a["username"] for a in everyone]
    assert sb.bot_account_id in [a["id"] for a in everyone]  # staff are accounts too
    remote = api.admin_accounts_v2(origin="remote")
    assert [a["username"] for a in remote] == ["far"]
    assert remote[0]["domain"] == "elsewhere.example"


def test_v2_filters(sb: Sandbox, api: Mastodon) -> None:
    pat = sb.sign_up("pat", approved=False, display_name="Pat Jones", email="pat@mail.example")
    mia = sb.sign_up("mia")
    sb.set_registration(mia, disabled=True)
    loud = sb.sign_up("loud")
    sb.set_account(loud, limited=True)

    def usernames(**filters: Any) -> list[str]:
        return [a["username"] for a in api.admin_accounts_v2(**filters)]

    assert usernames(status="pending") == ["pat"]
    assert usernames(status="disabled") == ["mia"]
    assert usernames(status="silenced") == ["loud"]
    assert "pat" in usernames(status="active")  # active is "not suspended" on Mastodon
    assert usernames(username="pa") == ["pat"]
    assert usernames(display_name="jones") == ["pat"]
    assert usernames(email="pat@") == ["pat"]
    assert usernames(permissions="staff") == ["welcome"]
    assert usernames(role_ids=["1"]) == ["welcome"]
    assert api.admin_account(pat)["email"] == "pat@mail.example"


def test_v1_defaults_to_local_active_and_reads_its_flags(sb: Sandbox, api: Mastodon) -> None:
    sb.sign_up("pat", approved=False)
    sb.sign_up("mia")
    sb.add_account(username="far", domain="elsewhere.example")
    assert {a["username"] for a in api.admin_accounts_v1()} == {"welcome", "pat", "mia"}
    assert [a["username"] for a in api.admin_accounts_v1(status="pending")] == ["pat"]
    assert [a["username"] for a in api.admin_accounts_v1(remote=True)] == ["far"]
    assert [a["username"] for a in api.admin_accounts_v1(staff_only=True)] == ["welcome"]


def test_a_token_without_admin_scope_is_refused_with_mastodons_words(
    sb: Sandbox, make_client: MakeClient
) -> None:
    token = sb.issue_token("read write follow push")
    api = make_client(sb, token=token)
    with pytest.raises(MastodonAPIError) as refused:
        api.admin_account(sb.bot_account_id)
    assert refused.value.args[1] == 403
    assert refused.value.args[3] == "This action is outside the authorized scopes"
    # (Mastodon.py 2.3.3 leaves a list call's error text out: args[3] is None there)
    listed = raw_get(sb, "/api/v2/admin/accounts", token)
    assert (listed.status_code, listed.json()) == (
        403,
        {"error": "This action is outside the authorized scopes"},
    )
    for scopes in ("admin:read", "admin:read:accounts"):
        allowed = make_client(sb, token=sb.issue_token(scopes))
        assert allowed.admin_accounts_v2()


def test_an_account_without_the_permission_is_refused(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(greeter(role="everyone"))
    with pytest.raises(MastodonAPIError) as refused:
        make_client(sb).admin_account(sb.bot_account_id)
    assert refused.value.args[1] == 403
    assert refused.value.args[3] == "This action is not allowed"


@pytest.mark.parametrize("flavour", ["akkoma", "snac", "takahe"])
def test_servers_without_mastodons_admin_api_answer_404(
    make_sandbox: MakeSandbox, make_client: MakeClient, flavour: str
) -> None:
    sb = make_sandbox(greeter(flavour, role="owner"))
    api = make_client(sb, retry_gets=flavour == "snac")
    for call in (api.admin_accounts_v2, api.admin_accounts_v1):
        with pytest.raises(MastodonNotFoundError):
            call()
    with pytest.raises(MastodonNotFoundError):
        api.admin_account(sb.bot_account_id)


def test_gotosocial_wants_an_admin_for_its_admin_api(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(greeter("gotosocial"))
    refused = raw_get(sb, "/api/v2/admin/accounts", sb.token)
    assert refused.status_code == 403
    assert refused.json() == {"error": f"Forbidden: user {sb.bot_account_id} not an admin"}
    scope = raw_get(sb, "/api/v2/admin/accounts", sb.issue_token("read"))
    assert scope.json() == {"error": "Forbidden: token has insufficient scope permission"}
    sb.set_bot_role("admin")
    assert make_client(sb).admin_accounts_v2()


# ---------------------------------------------------------------------------- the gateway


def gateway_of(sb: Sandbox, token: str | None = None) -> MastodonGateway:
    return MastodonGateway(sb.url, token or sb.token, timeout=5)


def test_gateway_reads_sign_ups_and_their_notifications(sb: Sandbox) -> None:
    mia = sb.sign_up("mia", locale="de", note="Hi #nobot")
    pat = sb.sign_up("pat", approved=False)
    gateway = gateway_of(sb)
    pages = list(gateway.notifications(None, signups=True))
    assert [a.id for p in pages for a in p.signups] == [mia]
    assert [p.signups for p in gateway.notifications(None)] in ([], [[]])
    signup = gateway.admin_account(mia)
    assert (signup.locale, signup.greetable) == ("de", True)
    assert "#nobot" in signup.account.note
    assert gateway.admin_account(pat).waiting_reason == "not approved yet"
    listed = [s.account.username for p in gateway.admin_signups() for s in p.signups]
    assert listed == ["pat", "mia", "welcome"]
    with pytest.raises(NotFound):
        gateway.admin_account("1")


def test_gateway_pages_through_a_long_list(sb: Sandbox) -> None:
    made = [sb.sign_up(f"user{i:03d}") for i in range(170)]
    pages = list(gateway_of(sb).admin_signups())
    assert len(pages) == 3
    seen = [s.account.id for p in pages for s in p.signups]
    assert seen[:170] == list(reversed(made))
    assert all(p.complete for p in pages)
    resumed = list(gateway_of(sb).admin_signups(max_id=pages[0].next_max_id))
    assert [s.account.id for p in resumed for s in p.signups] == seen[80:]


def test_gateway_falls_back_to_v1_where_v2_is_missing(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(greeter(quirks={"admin_api": "v1"}))
    sb.sign_up("mia")
    gateway = gateway_of(sb)
    assert [s.account.username for p in gateway.admin_signups() for s in p.signups] == [
        "mia",
        "welcome",
    ]
    paths = [r.path for r in sb.requests()]
    assert paths.count("/api/v2/admin/accounts") == 1
    assert "/api/v1/admin/accounts" in paths


def test_gateway_says_what_is_missing(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(greeter(role="everyone"))
    with pytest.raises(Forbidden):
        list(gateway_of(sb).admin_signups())
    with pytest.raises(MissingScope) as missing:
        gateway_of(sb, sb.issue_token("read write")).admin_account(sb.bot_account_id)
    assert missing.value.scope == "admin:read:accounts"
    assert "admin:read:accounts" in str(missing.value)
    gts = make_sandbox(greeter("gotosocial", role="admin"))
    with pytest.raises(MissingScope):
        list(gateway_of(gts, gts.issue_token("read write")).admin_signups())
    for flavour in ("akkoma", "takahe"):
        other = make_sandbox(greeter(flavour, role="owner"))
        with pytest.raises(NotFound):
            list(gateway_of(other).admin_signups())


def test_the_greeter_demo_scenario(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox("greeter")
    api = make_client(sb)
    assert sorted(sign_up_names(api)) == ["jonas", "mia", "newsfeed", "quiet"]
    labels = sb.labels()
    waiting = {labels[a["id"]] for a in api.admin_accounts_v2(status="pending")}
    assert waiting == {"wait-approval"}
    listed = {a["username"] for a in api.admin_accounts_v2(origin="local", status="active")}
    assert {"missed_max", "pending_pat", "unconfirmed_uli", "welcome", "admin"} <= listed
