"""The instance greeter (``greet: signups``) against the in-memory FakeGateway: sign-ups
notified, reconciled and pending, judged like followers, greeted once ever."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, config_from_mapping
from bot.cycle import Cycle, FatalError
from bot.outbox import Kind, Status
from bot.signup_book import SignupStatus
from bot.store import Store
from tests.conftest import FakeClock
from tests.fakes import START, FakeGateway, account_json, cycle_on_fake


def greeter(fake: FakeGateway, store: Store, clock: FakeClock, **overrides: Any) -> Cycle:
    """The cycle of a greeter (``greet: signups`` unless overridden) on the fake."""
    return cycle_on_fake(fake, store, clock, **{"greet": "signups", **overrides})


def local(account_id: str, username: str, **fields: Any) -> dict[str, Any]:
    """A local account that signed up just now, with no posts yet."""
    return account_json(
        account_id, username, domain=None, created=START, statuses_count=0, **fields
    )


def dms_to(fake: FakeGateway, account_id: str) -> list[str]:
    return [p.text for p in fake.direct_posts_to(account_id)]


# ---------------------------------------------------------------------- config


def test_greet_defaults_to_followers_and_takes_signups_or_both() -> None:
    minimal = {"instance": {"url": "https://bot.example"}}
    assert config_from_mapping(minimal).greet == ("followers",)
    both = config_from_mapping({**minimal, "greet": "both"})
    assert both.greets_followers and both.greets_signups
    assert config_from_mapping({**minimal, "greet": ["signups", "followers"]}).greet == (
        "followers",
        "signups",
    )
    with pytest.raises(ConfigError, match="^greet: expected followers, signups, both"):
        config_from_mapping({**minimal, "greet": "everyone"})
    with pytest.raises(ConfigError, match="^signups: window must be at least reconcile_every"):
        config_from_mapping({**minimal, "signups": {"window": "1h"}})
    with pytest.raises(ConfigError, match="^signups.templates: de: unknown placeholder"):
        config_from_mapping({**minimal, "signups": {"templates": {"de": "Hallo {nope}"}}})


# ---------------------------------------------------------------------- the cycle


def test_a_notified_sign_up_is_greeted_once_with_the_sign_up_template(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "nina"))
    cycle = greeter(fake, store, fake_clock)
    report = cycle.run_cycle()
    assert report.outcomes == {"follow": 1}
    (text,) = dms_to(fake, "20")
    assert text.startswith("@nina Hi Nina, welcome to bot.example!")
    assert "https://bot.example/about" in text
    assert fake.following == set()  # signups.follow_back is off by default
    fake_clock.advance(timedelta(days=2))
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1
    (follower,) = store.stored_followers()
    assert follower.acct == "nina"


def test_the_sign_up_template_follows_the_locale_when_there_are_no_posts(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "jonas"), locale="de-AT")
    fake.sign_up(local("21", "ana"), locale="pt-BR")
    templates = {"de": "Hallo {display_name}, willkommen auf {instance}! Regeln: {rules_url}"}
    greeter(fake, store, fake_clock, signups={"templates": templates}).run_cycle()
    assert dms_to(fake, "20") == [
        "@jonas Hallo Jonas, willkommen auf bot.example! Regeln: https://bot.example/about"
    ]
    assert dms_to(fake, "21")[0].startswith("@ana Hi Ana, welcome")
    welcome = store.action_for("20", Kind.WELCOME_DM)
    assert welcome is not None and welcome.language == "de"
    assert "recent_statuses" not in fake.calls  # no posts: the locale says it


def test_a_pending_sign_up_waits_and_is_greeted_once_approved(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "pat"), approved=False)
    cycle = greeter(fake, store, fake_clock)
    cycle.run_cycle()
    assert fake.posts == []
    waiting = cycle.ctx.book.waiting()
    assert [(w.acct, w.waiting_reason) for w in waiting] == [("pat", "not approved yet")]
    fake_clock.advance(timedelta(minutes=30))
    cycle.run_cycle()  # not due again yet: no look, no request
    assert fake.calls.count("admin_account") == 1
    fake.update_sign_up("20", approved=True)
    fake_clock.advance(timedelta(minutes=31))
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1
    assert cycle.ctx.book.statuses(["20"]) == {"20": SignupStatus.JUDGED}


def test_bots_groups_and_opt_outs_among_sign_ups_are_left_alone(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "feedbot", bot=True))
    fake.sign_up(local("21", "club", group=True))
    fake.sign_up(local("22", "quiet", note="<p>New here. #nobot please</p>"))
    fake.sign_up(local("23", "spammer", note="<p>Crypto forex signals, DM me on WhatsApp</p>"))
    report = greeter(fake, store, fake_clock).run_cycle()
    assert report.outcomes == {"skip": 4}
    assert fake.posts == []
    assert store.do_not_contact(["22"]) == {"22"}


def test_a_sign_up_that_does_not_follow_is_not_taken_for_one_who_left(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    """``no_longer_follows`` reads ``followed_by``: a sign-up need not follow at all."""
    fake.sign_up(local("20", "nina"))
    cycle = greeter(fake, store, fake_clock, follow_back={"delay": "1h"})
    cycle.run_cycle()
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1
    history = store.history(limit=10)
    assert all(h.category != "left" for h in history)


def test_a_sign_up_suspended_before_the_welcome_is_due_is_not_greeted(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "nina"))
    cycle = greeter(fake, store, fake_clock, follow_back={"delay": "1h"})
    cycle.run_cycle()
    fake.update_sign_up("20", suspended=True)
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    assert fake.posts == []
    assert store.action_statuses(["20"], Kind.WELCOME_DM) == {"20": Status.CANCELLED}


def test_a_sign_up_who_also_follows_is_greeted_once(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    data = local("20", "nina")
    fake.sign_up(data)
    cycle = greeter(fake, store, fake_clock, greet="both")
    cycle.run_cycle()
    fake.add_follower(data)
    fake_clock.advance(timedelta(hours=1))
    cycle.run_cycle()
    fake_clock.advance(timedelta(hours=1))
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1
    assert "20" in fake.following  # a follower now: followed back as followers are


def test_a_sign_up_who_follows_is_not_followed_back_when_follow_back_is_off(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    data = local("20", "nina")
    fake.sign_up(data)
    cycle = greeter(fake, store, fake_clock, greet="both", follow_back={"enabled": False})
    cycle.run_cycle()
    fake.add_follower(data)
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1 and "20" not in fake.following


def test_a_sign_up_and_its_follow_on_one_page_are_greeted_once(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    data = local("20", "nina")
    fake.sign_up(data)
    fake.add_follower(data)
    cycle = greeter(fake, store, fake_clock, greet="both")
    cycle.run_cycle()
    fake_clock.advance(timedelta(hours=1))
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1
    assert store.action_statuses(["20"], Kind.FOLLOW) == {"20": Status.DONE}


def test_reconciliation_finds_a_sign_up_whose_notification_was_dismissed(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    cycle = greeter(fake, store, fake_clock)
    cycle.run_cycle()
    for number in range(5):  # pages of two in the fake
        fake.sign_up(local(str(30 + number), f"quiet{number}"), notify=False)
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    assert fake.posts == []  # the list is read once a day
    fake_clock.advance(timedelta(days=1))
    cycle.run_cycle()
    assert sorted(m for p in fake.posts for m in p.mention_ids) == ["30", "31", "32", "33", "34"]


def test_reconciliation_leaves_alone_who_signed_up_before_the_greeter_started(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    old = account_json("40", "member", domain=None, created=START - timedelta(days=5))
    fake.sign_up(old, notify=False)
    fake.update_sign_up("40", created_at=START - timedelta(days=5))
    greeter(fake, store, fake_clock).run_cycle()
    assert fake.posts == []


def test_followers_are_not_greeted_when_greet_is_signups_only(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    greeter(fake, store, fake_clock).run_cycle()
    assert fake.posts == [] and fake.following == set()


def test_signups_follow_back_follows_the_newcomer_first(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "nina"))
    greeter(fake, store, fake_clock, signups={"follow_back": True}).run_cycle()
    assert fake.following == {"20"}
    assert fake.calls.index("follow") < fake.calls.index("post_status")


MISSING = "https://bot.example/avatars/original/missing.png"


def test_a_sign_up_without_a_picture_of_its_own_is_greeted_at_once_but_not_followed(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "nina", avatar=MISSING, avatar_static=MISSING))
    cycle = greeter(fake, store, fake_clock, greet="both", signups={"follow_back": True})
    cycle.run_cycle()
    assert len(dms_to(fake, "20")) == 1  # a brand-new account: its picture may come later
    assert fake.following == set()  # but eggs are not followed
    (row,) = store.history()
    assert row.outcome == "follow" and "default_avatar" in [r.rule for r in row.reasons]
    fake.add_follower(local("20", "nina", avatar=MISSING, avatar_static=MISSING))
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    cycle.run_cycle()
    assert fake.following == set() and len(dms_to(fake, "20")) == 1  # following changes neither


def test_wait_for_avatar_holds_a_sign_up_as_an_egg(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "nina", avatar=MISSING, avatar_static=MISSING))
    greeter(fake, store, fake_clock, signups={"wait_for_avatar": True}).run_cycle()
    assert dms_to(fake, "20") == []
    (row,) = store.history()
    assert row.outcome == "hold" and row.category == "egg"


@pytest.mark.parametrize(
    ("flag", "line"),
    [
        ("admin_scope", "needs a token with the scope `admin:read:accounts`"),
        ("admin_permission", "needs the Manage Users permission, and @welcome lacks it"),
    ],
)
def test_a_refusing_admin_api_is_one_clear_fatal_line(
    fake: FakeGateway, store: Store, fake_clock: FakeClock, flag: str, line: str
) -> None:
    fake.sign_up(local("20", "nina"))
    setattr(fake, flag, False)
    with pytest.raises(FatalError, match=line) as caught:
        greeter(fake, store, fake_clock).run_cycle()
    assert "\n" not in str(caught.value)
    assert fake.posts == []


def test_the_existing_behaviour_is_unchanged_without_greet(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.sign_up(local("20", "nina"))
    fake.add_follower(account_json("10", "alice"))
    cycle = Cycle(
        config_from_mapping(
            {"instance": {"url": "https://bot.example"}, "follow_back": {"delay": "0s"}}
        ),
        fake,
        store,
        clock=fake_clock,
    )
    cycle.run_cycle()
    assert [p.mention_ids for p in fake.posts] == [["10"]]
    assert not any(c.startswith("admin") for c in fake.calls)


# ---------------------------------------------------------------------- the owner, login, start


def test_an_approved_sign_up_is_greeted_as_a_sign_up(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    from bot.owner import decide_by_hand

    fake.sign_up(local("20", "robin", note="<p>Not sure yet what I think of bots here.</p>"))
    cycle = greeter(fake, store, fake_clock)
    cycle.run_cycle()
    assert [f.acct for f in store.pending_reviews()] == ["robin"]
    decide_by_hand(store, cycle.ctx.config, "robin", approve=True, now=fake_clock())
    cycle.run_cycle()
    (text,) = dms_to(fake, "20")
    assert "welcome to bot.example" in text and fake.following == set()


def test_login_asks_for_the_admin_scope_only_for_the_greeter() -> None:
    from bot.login import _missing_scopes, scopes_for

    assert "admin:read:accounts" not in scopes_for(signups=False)
    assert scopes_for(signups=True)[-1] == "admin:read:accounts"
    greeter_scopes = scopes_for(signups=True)
    granted = "read write:follows write:statuses write:lists"
    assert _missing_scopes(granted, greeter_scopes) == ["admin:read:accounts"]
    assert _missing_scopes(granted + " admin:read", greeter_scopes) == []


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("admin_scope", False, "needs a token with the scope `admin:read:accounts`"),
        ("admin_permission", False, "needs the Manage Users permission"),
    ],
)
def test_the_start_refuses_a_greeter_without_scope_or_permission(
    fake: FakeGateway, store: Store, fake_clock: FakeClock, flag: str, value: bool, expected: str
) -> None:
    setattr(fake, flag, value)
    with pytest.raises(FatalError, match=expected):
        greeter(fake, store, fake_clock).startup_checks()


def test_the_start_says_when_the_server_has_no_admin_api(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    from bot.ports import NotFound

    fake.fail["admin_accounts_v2"] = [NotFound("admin accounts: not found (404)", status=404)]
    (line,) = greeter(fake, store, fake_clock).startup_checks()
    assert line.startswith("greet: signups: this server has no Mastodon admin API for accounts")


def test_an_old_database_upgrades_in_place_with_the_signups_table(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect

    from bot.store import migrate
    from tests.unit.test_migrations import seed, version_of

    path = tmp_path / "old.sqlite3"
    seed(path, "0003")
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine)
    assert "signups" in inspect(engine).get_table_names()
    assert Store(engine).judged_account_ids(["1"]) == {"1"}
    assert version_of(path) == "0004"
    engine.dispose()


def test_login_reads_from_the_config_whether_the_greeter_needs_the_admin_scope(
    tmp_path: Path,
) -> None:
    from bot.cli.setup import greets_signups

    path = tmp_path / "config.yaml"
    assert greets_signups(path) is False  # no config yet
    path.write_text("instance:\n  url: https://bot.example\n")
    assert greets_signups(path) is False
    path.write_text("instance:\n  url: https://bot.example\ngreet: both\n")
    assert greets_signups(path) is True
