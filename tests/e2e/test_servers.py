"""What real GoToSocial, snac and Takahē servers taught (issue 11), end to end: the
real Mastodon.py client, through ``bot.gateway`` and ``bot.login``, against the
sandbox flavour that imitates each server."""

from __future__ import annotations

import io
import re
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.gateway import (
    MastodonGateway,
    MissingScope,
    Rejected,
    Transient,
    Unauthorized,
)
from bot.login import SCOPES, LoginError, code_reader, login, pending_app_file
from bot.sandbox import Fault, Sandbox
from tests.conftest import FakeClock

FLAVOURS = ["mastodon", "gotosocial", "akkoma", "snac", "takahe"]


def scenario(flavour: str, *, locked: bool = False, **extra: Any) -> dict[str, Any]:
    accounts = [
        {"username": "bakery", "created_days_ago": 3, "follows_bot": True, "locked": False},
        {"username": "far", "domain": "remote.example", "follows_bot": True},
    ]
    bot = {"username": "welcome", "locked": locked}
    return {"flavour": flavour, "bot": bot, "accounts": accounts, **extra}


@pytest.fixture
def gateways() -> Iterator[list[MastodonGateway]]:
    made: list[MastodonGateway] = []
    yield made
    for gateway in made:
        gateway.close()


def gateway_for(
    sb: Sandbox, made: list[MastodonGateway], token: str | None = None, **kwargs: Any
) -> MastodonGateway:
    gateway = MastodonGateway(sb.url, token or sb.token, timeout=5, **kwargs)
    made.append(gateway)
    return gateway


# ---------------------------------------------------------------------------- transport


def test_snac_dropping_kept_alive_connections_costs_nothing(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(scenario("snac")) as sb:
        gateway = gateway_for(sb, gateways)
        me, _ = gateway.verify_credentials()
        for _ in range(3):
            pages = list(gateway.notifications(None))
            assert {e.account.id for p in pages for e in p.events} == {
                sb.account_id("bakery"),
                sb.account_id("far@remote.example"),
            }
        bakery = sb.account_id("bakery")
        assert gateway.follow(bakery) is not None
        status_id = gateway.post_direct("@bakery hi", idempotency_key="k", language=None)
        assert gateway.relationships([bakery])[bakery].following is True
        dropped = [r for r in sb.request_log if r.fault == "dropped"]
    assert len(dropped) >= 4  # the server really dropped them...
    assert gateway.transport_retries == len(dropped)  # ...and each was retried
    assert all(r.method == "GET" for r in dropped)  # writes go out on fresh connections
    assert status_id and me.acct == "welcome@sandbox.example"


def test_one_dropped_connection_does_not_lose_the_page(gateways: list[MastodonGateway]) -> None:
    with Sandbox(scenario("mastodon")) as sb:
        sb.inject(Fault("drop", path=r"^/api/v1/notifications$"))
        pages = list(gateway_for(sb, gateways).notifications(None))
    assert sum(len(p.events) for p in pages) == 2


def test_a_dropped_write_is_not_retried(gateways: list[MastodonGateway]) -> None:
    with Sandbox(scenario("mastodon")) as sb:
        sb.inject(Fault("drop", path=r"^/api/v1/statuses$", method="POST"))
        with pytest.raises(Transient, match="connection dropped"):
            gateway_for(sb, gateways).post_direct("@bakery hi", idempotency_key="k", language=None)
        posts = sb.requests("POST", "/api/v1/statuses")
    assert len(posts) == 1  # the server may have done it: the outbox decides, not urllib3


# ---------------------------------------------------------------------------- tokens


def test_a_bad_token_is_unauthorized_on_every_server(gateways: list[MastodonGateway]) -> None:
    for flavour, status in (("mastodon", 401), ("takahe", 400), ("snac", 401)):
        with Sandbox(scenario(flavour)) as sb:
            gateway = gateway_for(sb, gateways, token="revoked-token-123456")
            with pytest.raises(Unauthorized) as caught:
                gateway.verify_credentials()
        assert caught.value.status == status
        assert f"({status}" in str(caught.value)
        assert caught.value.__cause__ is not None  # the cause is kept
        assert "revoked-token" not in str(caught.value)


def test_a_403_invalid_token_is_unauthorized(gateways: list[MastodonGateway]) -> None:
    quirks = {"bad_token_status": 403, "bad_token_error": "invalid_token"}
    with Sandbox(scenario("mastodon", quirks=quirks)) as sb, pytest.raises(Unauthorized) as caught:
        gateway_for(sb, gateways, token="no-such-token").verify_credentials()
    assert not isinstance(caught.value, MissingScope)


def test_takahe_names_a_missing_scope_as_such(gateways: list[MastodonGateway]) -> None:
    granular = "read:accounts read:notifications read:follows read:statuses read:lists"
    with Sandbox(scenario("takahe")) as sb:
        gateway = gateway_for(sb, gateways, token=sb.issue_token(granular))
        with pytest.raises(MissingScope) as caught:
            gateway.verify_credentials()
        pages = list(gateway.notifications(None))  # read:notifications is enough there
        assert sum(len(p.events) for p in pages) == 2
        working = gateway_for(sb, gateways, token=sb.issue_token(" ".join(SCOPES)))
        assert working.verify_credentials()[0].id == sb.bot_account_id
    assert isinstance(caught.value, Unauthorized)  # fatal, like a bad token
    assert caught.value.scope is None
    assert "the token lacks a scope this request needs (403)" in str(caught.value)


def test_a_scope_the_server_names_is_named(gateways: list[MastodonGateway]) -> None:
    quirks = {"scope_error": "This action is outside the authorized scopes (read:follows)"}
    with Sandbox(scenario("takahe", quirks=quirks)) as sb:
        gateway = gateway_for(sb, gateways, token=sb.issue_token("read:accounts"))
        with pytest.raises(MissingScope) as caught:
            list(gateway.follow_requests())
    assert caught.value.scope == "read:follows"
    assert "lacks `read:follows`" in str(caught.value)


# ---------------------------------------------------------------------------- follows


@pytest.mark.parametrize("flavour", ["mastodon", "gotosocial", "snac", "takahe"])
def test_follow_requests_are_read_where_the_server_keeps_them(
    flavour: str, gateways: list[MastodonGateway]
) -> None:
    with Sandbox(scenario(flavour, locked=True)) as sb:
        gateway = gateway_for(sb, gateways)
        pages = list(gateway.follow_requests())
        from_requests = {e.account.id for p in pages for e in p.events}
        from_notifications = {
            e.account.id
            for p in gateway.notifications(None)
            for e in p.events
            if e.type == "follow_request"
        }
        wanted = {sb.account_id("bakery"), sb.account_id("far@remote.example")}
    assert from_requests == wanted
    assert all(p.complete for p in pages)
    assert all(e.type == "follow_request" for p in pages for e in p.events)
    # notifications carry them too on Mastodon and GoToSocial only: same accounts
    assert from_notifications == (set() if flavour in ("snac", "takahe") else wanted)


def test_snac_hides_the_lock_but_tells_of_no_pending_count(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(scenario("snac", locked=True)) as sb:
        me, _ = gateway_for(sb, gateways).verify_credentials()
    assert me.locked is False  # so the bot cannot know: it must read /follow_requests
    assert me.follow_requests_count == 2


def test_gotosocial_replaces_an_authorized_request_with_a_follow(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(scenario("gotosocial", locked=True)) as sb:
        gateway = gateway_for(sb, gateways)
        first = list(gateway.notifications(None))
        cursor = first[-1].cursor
        bakery = sb.account_id("bakery")
        gateway.authorize_follow_request(bakery)
        after = [(e.type, e.account.id) for p in gateway.notifications(cursor) for e in p.events]
    assert {e.type for p in first for e in p.events} == {"follow_request"}
    assert after == [("follow", bakery)]  # a new notification past the cursor


def test_takahe_follows_take_effect_later(
    gateways: list[MastodonGateway], clock: FakeClock
) -> None:
    with Sandbox(scenario("takahe"), clock=clock) as sb:
        gateway = gateway_for(sb, gateways)
        bakery = sb.account_id("bakery")
        answer = gateway.follow(bakery)
        assert answer is not None and (answer.following, answer.requested) == (False, False)
        assert gateway.relationships([bakery])[bakery].following is False
        clock.advance(timedelta(seconds=3))
        assert gateway.relationships([bakery])[bakery].following is True


def test_snac_relationships_one_id_at_a_time(gateways: list[MastodonGateway]) -> None:
    with Sandbox(scenario("snac")) as sb:
        ids = [sb.account_id("bakery"), sb.account_id("far@remote.example")]
        found = gateway_for(sb, gateways).relationships(ids)
    assert set(found) == set(ids)


def test_snac_shows_64_notifications_and_no_followers(gateways: list[MastodonGateway]) -> None:
    with Sandbox({"flavour": "snac", "bot": {"username": "welcome"}}) as sb:
        sb.generate_followers(70, {"domain": "remote.example"}, prefix="n")
        gateway = gateway_for(sb, gateways)
        events = [e for p in gateway.notifications(None) for e in p.events]
        assert list(gateway.follower_pages(sb.bot_account_id)) == []
        me, raw = gateway.verify_credentials()
    assert len(events) == 64  # the server's own limit: poll often enough
    assert raw["followers_count"] == 70  # an empty followers list is no evidence


def test_takahe_rel_next_on_a_short_page_ends_the_walk(gateways: list[MastodonGateway]) -> None:
    with Sandbox(scenario("takahe")) as sb:
        pages = list(gateway_for(sb, gateways).follower_pages(sb.bot_account_id))
        asked = sb.requests("GET", f"/api/v1/accounts/{sb.bot_account_id}/followers")
    assert [len(p.accounts) for p in pages] == [2]
    assert len(asked) == 2 and pages[0].complete


# ---------------------------------------------------------------------------- handles


@pytest.mark.parametrize("flavour", ["mastodon", "gotosocial", "snac", "takahe"])
def test_local_handles_in_any_form_find_the_account(
    flavour: str, gateways: list[MastodonGateway]
) -> None:
    with Sandbox(scenario(flavour)) as sb:
        gateway = gateway_for(sb, gateways)
        bakery = sb.account_id("bakery")
        for form in ("bakery", "@bakery", "bakery@sandbox.example", "@bakery@sandbox.example"):
            assert gateway.lookup(form)[0].id == bakery
        acct = gateway.account(bakery)[0].acct
    assert acct == ("bakery" if flavour in ("mastodon", "gotosocial") else "bakery@sandbox.example")


def test_snac_off_port_443_handles_carry_the_port(gateways: list[MastodonGateway]) -> None:
    with Sandbox(scenario("snac", quirks={"local_acct": "host"})) as sb:
        host = sb.url.removeprefix("http://")
        gateway = gateway_for(sb, gateways)
        account, _ = gateway.lookup(f"@bakery@{host}")
    assert account.acct == f"bakery@{host}"


# ---------------------------------------------------------------------------- the bot's DMs


@pytest.mark.parametrize(
    ("flavour", "own_shows_it"),
    [("mastodon", True), ("gotosocial", True), ("snac", False), ("takahe", True)],
)
def test_a_sent_dm_can_be_found_again(
    flavour: str, own_shows_it: bool, gateways: list[MastodonGateway]
) -> None:
    with Sandbox(scenario(flavour)) as sb:
        gateway = gateway_for(sb, gateways)
        me, _ = gateway.verify_credentials()
        bakery = sb.account_id("bakery")
        sent = gateway.post_direct("@bakery welcome!", idempotency_key="k1", language="en").id
        again = gateway.post_direct("@bakery welcome!", idempotency_key="k1", language="en").id
        own = [s.id for s in gateway.own_direct_statuses(me.id)]
        home = gateway.home_direct_statuses(me.id)
        talks = gateway.conversations()
    assert (sent == again) is (flavour == "mastodon")  # only Mastodon honours the key
    assert (sent in own) is own_shows_it
    assert sent in [s.id for s in home] and all(bakery in s.mention_ids for s in home)
    assert {c.account_ids for c in talks} == {(bakery,)}
    assert talks[0].last_status is not None and talks[0].last_status_author == me.id


# ---------------------------------------------------------------------------- lists


def test_list_creation_is_spaced_and_checked_on_snac(
    gateways: list[MastodonGateway], clock: FakeClock
) -> None:
    def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))

    with Sandbox(scenario("snac"), clock=clock) as sb:
        spaced = gateway_for(sb, gateways, sleep=sleep, monotonic=lambda: clock.now.timestamp())
        first = spaced.create_list("newcomers")
        second = spaced.create_list("artists")
        assert spaced.create_list("newcomers") == first  # an existing title is reused
        assert first != second
        assert {v["title"] for v in sb.lists().values()} == {"newcomers", "artists"}
        assert spaced.list_title(first) == "newcomers"
        clock.advance(timedelta(seconds=2))
        hasty = gateway_for(sb, gateways, sleep=lambda s: None, monotonic=lambda: 0.0)
        hasty.create_list("makers")
        with pytest.raises(Transient, match="the id of list 'makers'"):
            hasty.create_list("cooks")  # the same second: the server renamed 'makers'
        assert spaced.list_title("0000000000") is None


def test_takahe_has_no_lists(gateways: list[MastodonGateway]) -> None:
    with Sandbox(scenario("takahe")) as sb:
        gateway = gateway_for(sb, gateways)
        assert gateway.lists() == {}
        with pytest.raises(Rejected) as caught:
            gateway.create_list("newcomers")
    assert caught.value.status == 405


# ---------------------------------------------------------------------------- login


def authorize(link: str) -> str:
    page = requests.get(link, timeout=10, headers={"User-Agent": "a browser"}).text
    found = re.search(r'id="authorization-code">([^<]+)<', page)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_login_works_on_every_server(flavour: str, tmp_path: Path) -> None:
    links: list[str] = []
    token_file = tmp_path / "bot.token"
    with Sandbox(scenario(flavour)) as sb:
        acct = login(sb.url, token_file, show=links.append, ask_code=lambda: authorize(links[0]))
        probes = [r.path for r in sb.request_log if "instance" in r.path]
        token = token_file.read_text().strip()
        gateway = MastodonGateway(sb.url, token, timeout=5)
        assert gateway.verify_credentials()[0].id == sb.bot_account_id
        gateway.close()
    assert acct.split("@")[0] == "welcome"
    assert probes == []  # no version probe, no trailing-slash recursion
    assert "state=None" not in links[0] and "scope=read+write%3Afollows" in links[0]


def test_login_in_two_runs_with_code(tmp_path: Path) -> None:
    token_file = tmp_path / "bot.token"
    links: list[str] = []
    with Sandbox(scenario("mastodon")) as sb:
        with pytest.raises(LoginError, match="--code CODE"):  # no terminal, nothing piped
            login(sb.url, token_file, show=links.append, ask_code=lambda: "")
        pending = pending_app_file(token_file)
        assert stat.S_IMODE(pending.stat().st_mode) == 0o600
        code = authorize(links[0])

        def no_prompt() -> str:
            raise AssertionError("no prompt with --code")

        acct = login(sb.url, token_file, show=links.append, ask_code=no_prompt, code=code)
        registered = sb.requests("POST", "/api/v1/apps")
    assert acct == "welcome" and token_file.exists()
    assert len(links) == 1 and len(registered) == 1  # the second run used the first's app
    assert not pending.exists()


def test_code_without_an_earlier_run_says_what_to_do(tmp_path: Path) -> None:
    with Sandbox(scenario("mastodon")) as sb:
        with pytest.raises(LoginError, match="run it without --code"):
            login(sb.url, tmp_path / "t", show=print, ask_code=lambda: "", code="abc")
        assert sb.requests("POST", "/api/v1/apps") == []


def test_a_piped_code_is_read_and_a_terminal_is_prompted() -> None:
    piped = io.StringIO("abc123\n")
    assert code_reader(piped, lambda: "prompted")() == "abc123\n"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert code_reader(Terminal("ignored\n"), lambda: "prompted")() == "prompted"


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Fault("500", path="/api/v1/apps"), r"registering the app: the server answered 500"),
        (Fault("malformed", path="/api/v1/apps"), r"registering the app: the answer is not JSON"),
        (Fault("drop", path="/oauth/token"), r"exchanging the code: cannot reach .* \(connection"),
        (Fault("422", path="/oauth/token"), r"exchanging the code: the server answered 422"),
        (Fault("503", path="verify_credentials"), r"the new token does not work"),
    ],
)
def test_login_turns_every_server_failure_into_one_line(
    fault: Fault, message: str, tmp_path: Path
) -> None:
    with Sandbox(scenario("hostile")) as sb:  # errors echo the Authorization header
        sb.inject(fault)
        links: list[str] = []
        with pytest.raises(LoginError, match=message) as caught:
            login(sb.url, tmp_path / "t", show=links.append, ask_code=lambda: authorize(links[0]))
        issued = [token for token in sb._state.tokens if token != sb.token]
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    assert not any(token in text or token[:8] in text for token in issued)
    assert not (tmp_path / "t").exists()


def test_login_refuses_a_wrong_code_and_an_unreachable_server(tmp_path: Path) -> None:
    wrong_code = pytest.raises(LoginError, match=r"exchanging the code: the server answered 400")
    with Sandbox(scenario("mastodon")) as sb, wrong_code:
        login(sb.url, tmp_path / "t", show=lambda link: None, ask_code=lambda: "wrong")
    with pytest.raises(LoginError, match="registering the app: cannot reach"):
        login("http://127.0.0.1:9", tmp_path / "t", show=print, ask_code=lambda: "", timeout=2)
