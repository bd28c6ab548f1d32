"""The admin account parser: what a sign-up is, whatever the server sends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.gateway_json import notification_page
from bot.ports import Forbidden, MissingScope, NotFound
from bot.signup import SignUp, signup_from_admin_json
from tests.fakes import FakeGateway, account_json


def admin_json(**overrides: Any) -> dict[str, Any]:
    """Admin::Account JSON as Mastodon 4.x sends it; keyword arguments override fields."""
    data: dict[str, Any] = {
        "id": "110",
        "username": "mia",
        "domain": None,
        "created_at": "2026-11-20T10:00:00.000Z",
        "email": "mia@mail.example",
        "ip": "192.0.2.7",
        "ips": [],
        "locale": "de",
        "invite_request": None,
        "role": {"id": "-99", "name": "", "permissions": "0", "color": "", "highlighted": False},
        "confirmed": True,
        "approved": True,
        "disabled": False,
        "silenced": False,
        "suspended": False,
        "account": {
            "id": "110",
            "username": "mia",
            "acct": "mia",
            "display_name": "Mia",
            "note": "<p>Hi! I knit.</p>",
            "bot": False,
            "created_at": "2026-11-20T00:00:00.000Z",
        },
    }
    data.update(overrides)
    return data


def test_a_confirmed_approved_account_is_greetable() -> None:
    signup = signup_from_admin_json(admin_json())
    assert isinstance(signup, SignUp)
    assert signup.account.id == "110"
    assert signup.account.acct == "mia"
    assert signup.account.note == "Hi! I knit."
    assert signup.account_json["display_name"] == "Mia"
    assert signup.locale == "de"
    assert signup.created_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert signup.greetable
    assert signup.waiting_reason is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"approved": False}, "not approved yet"),
        ({"confirmed": False}, "email not confirmed"),
        ({"approved": False, "confirmed": False}, "not approved yet"),
        ({"suspended": True}, "suspended"),
        ({"silenced": True}, "silenced"),
        ({"disabled": True}, "login disabled"),
        ({"suspended": True, "approved": False}, "suspended"),
    ],
)
def test_what_keeps_an_account_waiting(changes: dict[str, Any], reason: str) -> None:
    signup = signup_from_admin_json(admin_json(**changes))
    assert signup is not None
    assert not signup.greetable
    assert signup.waiting_reason == reason


@pytest.mark.parametrize("key", ["confirmed", "approved"])
@pytest.mark.parametrize("value", [None, "yes", [], {}, 2, "", "maybe"])
def test_a_missing_or_garbled_consent_flag_means_no(key: str, value: object) -> None:
    data = admin_json(**{key: value})
    signup = signup_from_admin_json(data)
    assert signup is not None
    assert not signup.greetable


def test_missing_flags_read_cautiously() -> None:
    data = admin_json()
    for key in ("confirmed", "approved", "disabled", "silenced", "suspended", "locale"):
        del data[key]
    signup = signup_from_admin_json(data)
    assert signup is not None
    assert (signup.confirmed, signup.approved) == (False, False)
    assert (signup.disabled, signup.silenced, signup.suspended) == (False, False, False)
    assert signup.locale is None
    assert signup.waiting_reason == "not approved yet"


def test_textual_booleans_are_read() -> None:
    signup = signup_from_admin_json(admin_json(confirmed="true", approved=1, suspended="false"))
    assert signup is not None and signup.greetable


def test_the_nested_accounts_own_state_counts_too() -> None:
    nested = {**admin_json()["account"], "suspended": True}
    suspended = signup_from_admin_json(admin_json(account=nested))
    assert suspended is not None and suspended.waiting_reason == "suspended"
    nested = {**admin_json()["account"], "limited": True}
    limited = signup_from_admin_json(admin_json(account=nested))
    assert limited is not None and limited.waiting_reason == "silenced"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "110",
        [],
        42,
        {},
        admin_json(account=None),
        admin_json(account="110"),
        admin_json(account={"username": "mia"}),
        admin_json(account={"id": ""}),
        admin_json(id="999"),  # the admin account and its account disagree
        admin_json(id={"x": 1}),
        admin_json(id=True),
        admin_json(id=10**5000),
    ],
)
def test_no_usable_account_is_none(data: object) -> None:
    assert signup_from_admin_json(data) is None


def test_an_integer_id_matching_the_account_is_fine() -> None:
    nested = {**admin_json()["account"], "id": 110}
    signup = signup_from_admin_json(admin_json(id=110, account=nested))
    assert signup is not None and signup.account.id == "110"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("  ", None),
        ("pt-BR", "pt-BR"),
        ("en_GB", "en_GB"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("de<script>", None),
        ("x" * 200, None),
        (7, None),
        (None, None),
        ("d\u0000e", None),
    ],
)
def test_locale_is_a_locale_or_none(value: object, expected: str | None) -> None:
    signup = signup_from_admin_json(admin_json(locale=value))
    assert signup is not None
    assert signup.locale == expected


def _deep(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


def test_hostile_text_is_made_safe() -> None:
    nested = {
        **admin_json()["account"],
        "display_name": "Mia\ud800\u0000",
        "note": "<p>" + "a" * 100_000 + "</p>",
        "nested": _deep(40),
        "score": float("nan"),
    }
    signup = signup_from_admin_json(admin_json(account=nested, created_at="not a date"))
    assert signup is not None
    assert "\ud800" not in signup.account_json["display_name"]
    assert "\u0000" not in signup.account_json["display_name"]
    assert signup.account_json["score"] is None
    assert "x" not in repr(signup.account_json["nested"])  # cut at the depth limit
    # no date at the top: the nested account's creation date is used
    assert signup.created_at == datetime(2026, 11, 20, tzinfo=UTC)


def test_notifications_carry_sign_ups_only_when_asked() -> None:
    items: list[dict[str, Any]] = [
        {"id": "3", "type": "admin.sign_up", "account": {"id": "110", "username": "mia"}},
        {"id": "2", "type": "follow", "account": {"id": "7", "username": "ann"}},
        {"id": "4", "type": "admin.sign_up", "account": {"username": "no id"}},
        {"id": "5", "type": "admin.sign_up", "account": "garbage"},
    ]
    plain = notification_page(items)
    assert plain.signups == []
    assert [e.account.id for e in plain.events] == ["7"]
    asked = notification_page(items, signups=True)
    assert [a.id for a in asked.signups] == ["110"]
    assert [e.account.id for e in asked.events] == ["7"]
    assert asked.cursor == "5"


def test_the_fake_serves_sign_ups_like_the_port_says() -> None:
    fake = FakeGateway()
    first = fake.sign_up(account_json("110", "mia", domain=None), locale="de")
    fake.sign_up(account_json("111", "ben", domain=None), approved=False)
    fake.sign_up(account_json("112", "cy", domain=None), notify=False)
    fake.sign_up(account_json("113", "dee", domain=None), suspended=True)
    fake.add_follower(account_json("7", "ann"))
    assert fake.admin_account("110") == first
    assert first.locale == "de" and first.greetable
    assert fake.admin_account("111").waiting_reason == "not approved yet"
    with pytest.raises(NotFound):
        fake.admin_account("7")
    pages = list(fake.admin_signups())
    assert [[s.account.id for s in p.signups] for p in pages] == [["112", "111"], ["110"]]
    assert pages[0].next_max_id == "111"
    assert [s.account.id for p in fake.admin_signups(max_id="111") for s in p.signups] == ["110"]
    plain = list(fake.notifications(None))
    assert [p.signups for p in plain] == [[]]
    assert [e.account.id for p in plain for e in p.events] == ["7"]
    asked = list(fake.notifications(None, signups=True))
    assert [a.id for p in asked for a in p.signups] == ["110", "111", "113"]
    assert fake.update_sign_up("111", approved=True).greetable


@pytest.mark.parametrize(
    ("fake", "error"),
    [
        (FakeGateway(admin_scope=False), MissingScope),
        (FakeGateway(admin_permission=False), Forbidden),
    ],
)
def test_the_fake_refuses_without_scope_or_permission(
    fake: FakeGateway, error: type[Exception]
) -> None:
    fake.sign_up(account_json("110", "mia", domain=None))
    with pytest.raises(error):
        fake.admin_account("110")
    with pytest.raises(error):
        list(fake.admin_signups())


def test_the_fake_v1_fallback_serves_the_same() -> None:
    fake = FakeGateway(admin_v2=False)
    fake.sign_up(account_json("110", "mia", domain=None))
    assert [s.account.id for p in fake.admin_signups() for s in p.signups] == ["110"]
    assert fake.calls[-1] == "admin_accounts_v1"


def test_the_gateway_skips_a_malformed_admin_account_with_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.gateway import MastodonGateway

    gateway = MastodonGateway("http://127.0.0.1:9", "t0ken", timeout=1)
    items: list[dict[str, Any]] = [
        admin_json(),
        {"id": "111", "account": "not an account"},
        {"id": {"deep": 1}},
        admin_json(id="200", domain="elsewhere.example"),  # another server's: not listed
    ]
    with caplog.at_level("WARNING"):
        found = gateway._signups_of(items)
    assert [s.account.id for s in found] == ["110"]
    skipped = [r for r in caplog.records if r.getMessage() == "admin_account_skipped"]
    assert len(skipped) == 2
    assert all(r.exc_info is None for r in skipped)
    gateway.close()
