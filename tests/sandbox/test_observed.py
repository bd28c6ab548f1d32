"""The sandbox does what real GoToSocial, snac and Takahē servers did on 2026-12-01
(``servers-observed.md``): one test per flavour switch, over HTTP."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import requests
from mastodon import Mastodon, MastodonAPIError
from requests.adapters import HTTPAdapter
from urllib3.util import SKIP_HEADER
from urllib3.util.retry import Retry

from bot.sandbox import Sandbox, load_scenario
from tests.conftest import FakeClock
from tests.sandbox.helpers import MakeClient, MakeSandbox, followers_scenario, scenario


def get(sb: Sandbox, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
    headers = dict(kwargs.pop("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    with requests.Session() as session:
        return session.get(sb.url + path, headers=headers, timeout=5, **kwargs)


def locals_scenario(flavour: str, **extra: Any) -> dict[str, Any]:
    accounts = [
        {"username": "bakery", "follows_bot": True, "created_days_ago": 3},
        {"username": "far", "domain": "remote.example", "follows_bot": True},
    ]
    return scenario(flavour=flavour, accounts=accounts, **extra)


# ---------------------------------------------------------------------------- posting


@pytest.mark.parametrize("flavour", ["gotosocial", "snac", "takahe", "hostile"])
def test_idempotency_key_is_ignored(
    flavour: str, make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(scenario(flavour=flavour))
    api = make_client(sb, retry_gets=True)
    first = api.status_post("hi @welcome", visibility="direct", idempotency_key="k1")
    second = api.status_post("hi @welcome", visibility="direct", idempotency_key="k1")
    assert first.id != second.id
    posted = sb.statuses_by_bot()
    assert [s["idempotency_key"] for s in posted] == ["k1", "k1"]


def test_mastodon_still_honours_the_key(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(scenario())
    api = make_client(sb)
    first = api.status_post("hi", visibility="direct", idempotency_key="k1")
    assert api.status_post("hi", visibility="direct", idempotency_key="k1").id == first.id


@pytest.mark.parametrize(
    ("flavour", "own_statuses_show_it"),
    [("mastodon", True), ("gotosocial", True), ("snac", False), ("takahe", True)],
)
def test_where_the_bots_own_dm_can_be_seen(
    flavour: str, own_statuses_show_it: bool, make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(locals_scenario(flavour, quirks={"locked_by_default": False}))
    api = make_client(sb, retry_gets=True)
    dm = api.status_post("@bakery welcome!", visibility="direct")
    own = [s.id for s in api.account_statuses(sb.bot_account_id, limit=40)]
    assert (dm.id in own) is own_statuses_show_it
    assert [s.id for s in api.timeline_home(limit=40)] == [dm.id]
    # without the trailing slash Mastodon.py puts there (a 404 on all but Mastodon)
    conversations = get(sb, "/api/v1/conversations?limit=40", sb.token).json()
    assert [c["last_status"]["id"] for c in conversations] == [dm.id]
    assert [a["id"] for a in conversations[0]["accounts"]] == [sb.account_id("bakery")]


# ---------------------------------------------------------------------------- follow requests


@pytest.mark.parametrize("flavour", ["snac", "takahe"])
def test_follow_requests_only_at_follow_requests(
    flavour: str, make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(scenario(flavour=flavour, bot={"username": "welcome", "locked": True}))
    api = make_client(sb, retry_gets=True)
    asker = sb.add_account(username="asker", domain="remote.example", follows_bot=True)
    assert api.notifications(limit=40) == []
    assert [a.id for a in api.follow_requests()] == [asker]


def test_snac_says_even_the_bot_is_not_locked(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(scenario(flavour="snac", bot={"username": "welcome", "locked": True}))
    api = make_client(sb, retry_gets=True)
    assert api.me().locked is False


def test_gotosocial_locks_its_own_new_accounts(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(locals_scenario("gotosocial"))
    api = make_client(sb)
    assert api.me().locked is True
    bakery, far = sb.account_id("bakery"), sb.account_id("far@remote.example")
    assert sb.account_json(bakery)["locked"] is True
    assert sb.account_json(far)["locked"] is False  # remote accounts say for themselves
    first = api.notifications()
    assert {(n.type, n.account.id) for n in first} == {
        ("follow_request", bakery),
        ("follow_request", far),
    }
    api.follow_request_authorize(bakery)
    after = api.notifications()
    assert {(n.type, n.account.id) for n in after} == {
        ("follow", bakery),
        ("follow_request", far),
    }
    replaced = next(n for n in after if n.account.id == bakery)
    assert replaced.id > max(n.id for n in first)  # a new notification, after the cursor
    assert sb.followers_of_bot() == [bakery]


def test_a_scenario_can_still_unlock_gotosocial_accounts(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(
        scenario(
            flavour="gotosocial",
            bot={"username": "welcome", "locked": False},
            accounts=[{"username": "open", "locked": False, "follows_bot": True}],
        )
    )
    assert sb.followers_of_bot() == [sb.account_id("open")]


def test_takahe_follows_settle_later_by_the_sandbox_clock(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    clock = FakeClock()
    sb = make_sandbox(locals_scenario("takahe"), clock=clock)
    shy = sb.add_account(username="shy", locked=True)
    api = make_client(sb)
    bakery = sb.account_id("bakery")
    answer = api.account_follow(bakery)
    assert (answer.following, answer.requested) == (False, False)
    assert api.account_follow(shy).requested is False
    clock.advance(timedelta(seconds=1))
    assert api.account_relationships([bakery])[0].following is False
    assert sb.following_of_bot() == []
    clock.advance(timedelta(seconds=1.5))  # Stator has run
    assert api.account_relationships([bakery])[0].following is True
    assert api.account_relationships([shy])[0].requested is True
    assert sb.following_of_bot() == [bakery]
    assert sb.pending_follow_requests_from_bot() == [shy]


# ---------------------------------------------------------------------------- tokens


def test_takahe_answers_a_bad_token_with_plain_text_400(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario(flavour="takahe"))
    reply = get(sb, "/api/v1/accounts/verify_credentials", token="revoked-token")
    assert reply.status_code == 400
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert reply.text == "Invalid Bearer token"
    missing = get(sb, "/api/v1/accounts/verify_credentials")
    assert missing.status_code == 401


def test_mastodon_answers_a_bad_token_with_401_json(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario())
    reply = get(sb, "/api/v1/accounts/verify_credentials", token="revoked-token")
    assert (reply.status_code, reply.json()) == (401, {"error": "The access token is invalid"})


def test_takahe_wants_plain_read_where_mastodon_takes_granular_scopes(
    make_sandbox: MakeSandbox,
) -> None:
    granular = "read:accounts read:notifications read:follows read:statuses read:lists"
    takahe = make_sandbox(scenario(flavour="takahe"))
    token = takahe.issue_token(granular + " write:follows write:statuses write:lists")
    refused = get(takahe, "/api/v1/accounts/verify_credentials", token=token)
    assert (refused.status_code, refused.json()) == (403, {"error": "out_of_scope_for_token"})
    assert get(takahe, "/api/v1/accounts/relationships?id[]=1", token=token).status_code == 403
    assert get(takahe, "/api/v1/notifications", token=token).status_code == 200
    working = takahe.issue_token("read write:follows write:statuses write:lists")
    assert get(takahe, "/api/v1/accounts/verify_credentials", token=working).status_code == 200
    mastodon = make_sandbox(scenario())
    token = mastodon.issue_token(granular)
    assert get(mastodon, "/api/v1/accounts/verify_credentials", token=token).status_code == 200


def test_gotosocial_is_a_teapot_without_a_user_agent(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario(flavour="gotosocial"))
    no_agent = {"User-Agent": SKIP_HEADER}  # else urllib3 sends its own
    bare = get(sb, "/api/v1/accounts/verify_credentials", sb.token, headers=no_agent)
    assert bare.status_code == 418
    named = get(sb, "/api/v1/accounts/verify_credentials", sb.token)
    assert named.status_code == 200


def test_a_source_built_gotosocial_says_v_before_its_version(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario(flavour="gotosocial"))
    for path in ("/api/v1/instance", "/api/v2/instance"):
        version = get(sb, path).json()["version"]
        assert re.fullmatch(r"v\d+\.\d+\.\d+-rc1-8-g57cb4fe74\+git-57cb4fe", version)


# ---------------------------------------------------------------------------- transport


def test_snac_drops_a_kept_alive_connection_without_saying_so(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario(flavour="snac"))
    auth = {"Authorization": f"Bearer {sb.token}"}
    with requests.Session() as session:
        first = session.get(sb.url + "/api/v1/accounts/verify_credentials", headers=auth)
        assert first.status_code == 200
        assert "Connection" not in first.headers
        with pytest.raises(requests.ConnectionError):
            session.get(sb.url + "/api/v1/notifications", headers=auth)
    with requests.Session() as session:
        retry = Retry(total=2, allowed_methods={"GET"}, backoff_factor=0)
        session.mount("http://", HTTPAdapter(max_retries=retry))
        for _ in range(5):
            assert session.get(sb.url + "/api/v1/notifications", headers=auth).ok
    dropped = [r for r in sb.request_log if r.fault == "dropped"]
    assert len(dropped) == 5 and {r.status for r in dropped} == {0}


def test_other_flavours_close_after_every_reply_and_say_so(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario())
    auth = {"Authorization": f"Bearer {sb.token}"}
    with requests.Session() as session:
        for _ in range(3):
            reply = session.get(sb.url + "/api/v1/notifications", headers=auth)
            assert reply.ok and reply.headers["Connection"] == "close"


def test_stopping_does_not_wait_for_idle_kept_alive_connections() -> None:
    sb = Sandbox(load_scenario(scenario(flavour="snac")))
    sb.start()
    session = requests.Session()
    assert session.get(sb.url + "/api/v1/instance").ok  # the connection stays open
    sb.stop()
    assert not sb.running
    session.close()


# ---------------------------------------------------------------------------- accounts


@pytest.mark.parametrize(
    ("flavour", "quirks", "expected"),
    [
        ("mastodon", {}, "bakery"),
        ("gotosocial", {}, "bakery"),
        ("snac", {}, "bakery@sandbox.example"),
        ("takahe", {}, "bakery@sandbox.example"),
        ("snac", {"local_acct": "host"}, "bakery@{host}"),
    ],
)
def test_local_handles(
    flavour: str,
    quirks: dict[str, Any],
    expected: str,
    make_sandbox: MakeSandbox,
    make_client: MakeClient,
) -> None:
    sb = make_sandbox(locals_scenario(flavour, quirks=quirks))
    host = sb.url.removeprefix("http://")
    api = make_client(sb, retry_gets=True)
    bakery = sb.account_id("bakery")
    assert api.account(bakery).acct == expected.format(host=host)
    assert api.account(sb.account_id("far@remote.example")).acct == "far@remote.example"
    for form in ("bakery", "@bakery", "bakery@sandbox.example", f"bakery@{host}"):
        assert api.account_lookup(form).id == bakery
    if quirks:  # a mention written with host:port reaches the account
        status = api.status_post(f"@bakery@{host} hello", visibility="direct")
        assert sb.direct_recipients(status.id) == {bakery}


@pytest.mark.parametrize(("flavour", "status"), [("gotosocial", 405), ("snac", 404)])
def test_accounts_by_id_are_refused(flavour: str, status: int, make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(followers_scenario(1, flavour=flavour))
    reply = get(sb, "/api/v1/accounts?id[]=1", sb.token, headers={"User-Agent": "t"})
    assert reply.status_code == status


def test_snac_shows_only_the_64_newest_notifications(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(followers_scenario(70, flavour="snac"))
    api = make_client(sb, retry_gets=True)
    page = api.notifications(limit=80)
    assert len(page) == 64
    newest = {sb.account_id(f"f{i}@remote.example") for i in range(6, 70)}
    assert {n.account.id for n in page} == newest
    assert api.account_followers(sb.bot_account_id) == []
    assert api.me().followers_count == 70


def test_takahe_sends_rel_next_on_a_short_page(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(followers_scenario(2, flavour="takahe"))
    reply = get(sb, f"/api/v1/accounts/{sb.bot_account_id}/followers?limit=40", sb.token)
    assert len(reply.json()) == 2
    assert 'rel="next"' in reply.headers["Link"]
    cursor = reply.links["next"]["url"]
    assert requests.get(cursor, headers={"Authorization": f"Bearer {sb.token}"}).json() == []


# ---------------------------------------------------------------------------- lists


def test_snac_list_ids_are_the_creation_second(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    clock = FakeClock()
    sb = make_sandbox(scenario(flavour="snac"), clock=clock)
    api = make_client(sb, retry_gets=True)
    first = api.list_create("newcomers")
    second = api.list_create("artists")  # the same second
    assert re.fullmatch(r"[0-9a-f]{10}", first.id)
    assert second.id == first.id and second.title == "artists"
    assert [v["title"] for v in sb.lists().values()] == ["artists"]  # one list lost
    clock.advance(timedelta(seconds=1))
    third = api.list_create("newcomers")
    assert third.id != first.id
    again = api.list_create("newcomers")  # an existing title: that list, not a new one
    assert again.id == third.id
    assert len(sb.lists()) == 2


def test_takahe_lists_are_empty_and_cannot_be_made(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(scenario(flavour="takahe"))
    api: Mastodon = make_client(sb)
    assert api.lists() == []
    with pytest.raises(MastodonAPIError) as refused:
        api.list_create("newcomers")
    assert refused.value.args[1] == 405


# ---------------------------------------------------------------------------- scenarios


def test_quirks_are_checked_when_the_scenario_loads() -> None:
    with pytest.raises(ValueError, match="unknown flavour field 'nonsense'"):
        load_scenario(scenario(quirks={"nonsense": True}))
    with pytest.raises(ValueError, match="is not one of"):
        load_scenario(scenario(flavour="snac", quirks={"local_acct": "port"}))
    with pytest.raises(ValueError, match="is not a bool"):
        load_scenario(scenario(quirks={"drops_kept_alive": "yes"}))
    loaded = load_scenario(scenario(flavour="snac", quirks={"local_acct": "host"}))
    assert loaded.quirks == {"local_acct": "host"}
