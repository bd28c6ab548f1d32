"""The poll cycle against the in-memory FakeGateway: executor, budgets, re-checks,
digest, stop words and the owner's decisions, each in milliseconds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import config_from_mapping
from bot.cycle import Cycle
from bot.outbox import Kind, Status
from bot.owner import OwnerRefusal, decide_by_hand, handle_forms
from bot.ports import Transient
from bot.store import Store
from tests.conftest import FakeClock, deep_merge
from tests.fakes import START, FakeGateway, account_json


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def fake(fake_clock: FakeClock) -> FakeGateway:
    return FakeGateway(clock=fake_clock)


def make_cycle(fake: FakeGateway, store: Store, clock: FakeClock, **overrides: Any) -> Cycle:
    data = deep_merge(
        {"instance": {"url": "https://bot.example"}, "follow_back": {"delay": "0s"}},
        overrides,
    )
    return Cycle(config_from_mapping(data), fake, store, clock=clock)


def status_of(store: Store, account_id: str, kind: Kind) -> str | None:
    return store.action_statuses([account_id], kind).get(account_id)


# ---------------------------------------------------------------------- executor


def test_a_newcomer_is_followed_then_welcomed_once(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock)
    report = cycle.run_cycle()
    assert report.outcomes == {"follow": 1}
    assert fake.following == {"10"}
    assert [p.mention_ids for p in fake.posts] == [["10"]]
    assert fake.calls.index("follow") < fake.calls.index("post_status")
    cycle.run_cycle()
    assert len(fake.posts) == 1 and fake.calls.count("follow") == 1


def test_a_dm_waits_for_its_follow_and_is_called_off_when_the_follow_fails(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    from bot.ports import Forbidden

    fake.add_follower(account_json("10", "alice"))
    fake.fail["follow"] = [Forbidden("follow: not allowed (403)", status=403)]
    make_cycle(fake, store, fake_clock).run_cycle()
    assert status_of(store, "10", Kind.FOLLOW) == Status.FAILED
    assert status_of(store, "10", Kind.WELCOME_DM) == Status.CANCELLED
    assert fake.posts == []


def test_the_do_not_contact_list_calls_off_what_was_planned(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock, follow_back={"delay": "1h"})
    cycle.run_cycle()
    store.add_do_not_contact("10", "alice@elsewhere.example", "manual", START, None)
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    assert fake.following == set() and fake.posts == []
    assert status_of(store, "10", Kind.FOLLOW) == Status.CANCELLED


def test_a_lost_dm_reply_is_resent_with_the_same_key_inside_the_window(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    fake.lose_next_post_reply = True
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    assert status_of(store, "10", Kind.WELCOME_DM) == Status.PENDING
    fake_clock.advance(timedelta(minutes=2))
    cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 1  # the server knew the key
    assert status_of(store, "10", Kind.WELCOME_DM) == Status.DONE


def test_after_the_window_a_lost_dm_is_looked_up_not_resent(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.ignores_idempotency = True
    fake.add_follower(account_json("10", "alice"))
    fake.lose_next_post_reply = True
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 1
    action = store.action_for("10", Kind.WELCOME_DM)
    assert action is not None and action.status == Status.DONE


def test_transient_errors_retry_with_backoff_and_follows_give_up_eventually(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    fake.fail["follow"] = [Transient("follow: server error (503)", status=503)] * 8
    cycle = make_cycle(fake, store, fake_clock)
    for _ in range(8):
        cycle.run_cycle()
        fake_clock.advance(timedelta(hours=2))
    assert fake.calls.count("follow") == 8
    assert status_of(store, "10", Kind.FOLLOW) == Status.FAILED


def test_the_rate_budget_stops_the_cycle_before_it_runs_out(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    fake.remaining = 4
    report = make_cycle(fake, store, fake_clock).run_cycle()
    assert report.stopped == "rate_budget"
    assert fake.following == set()


# ---------------------------------------------------------------------- budgets


def test_follows_over_the_hourly_cap_wait_and_go_the_next_hour(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    for n in range(3):
        fake.add_follower(account_json(str(10 + n), f"user{n}"))
    cycle = make_cycle(fake, store, fake_clock, budgets={"follows_per_hour": 2})
    report = cycle.run_cycle()
    assert len(fake.following) == 2
    assert "follow" in report.over_budget
    fake_clock.advance(timedelta(minutes=30))
    cycle.run_cycle()
    assert len(fake.following) == 2
    fake_clock.advance(timedelta(minutes=31))
    cycle.run_cycle()
    assert len(fake.following) == 3


def test_dms_share_one_cap_with_every_post_kind(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    for n in range(3):
        fake.add_follower(account_json(str(10 + n), f"user{n}"))
    cycle = make_cycle(fake, store, fake_clock, budgets={"dms_per_day": 2})
    cycle.run_cycle()
    assert len(fake.following) == 3 and len(fake.posts) == 2


# ---------------------------------------------------------------------- re-checks


def test_with_a_short_delay_a_follower_who_left_meanwhile_is_not_followed(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock, follow_back={"delay": "4s"})
    cycle.run_cycle()
    fake.unfollow_bot("10")
    fake_clock.advance(timedelta(seconds=5))
    report = cycle.run_cycle()
    assert fake.following == set() and fake.posts == []
    assert report.actions["follow:called_off"] == 1


def test_with_a_delay_a_follower_who_stayed_is_followed_after_one_look(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock, follow_back={"delay": "1h"})
    cycle.run_cycle()
    assert fake.calls.count("relationships") == 0  # nothing is asked before it is due
    fake_clock.advance(timedelta(minutes=59))
    cycle.run_cycle()
    assert fake.following == set()
    fake_clock.advance(timedelta(minutes=2))
    cycle.run_cycle()
    assert fake.following == {"10"} and len(fake.posts) == 1
    assert fake.calls.count("accounts") == 1 and fake.calls.count("relationships") == 1


def test_an_opt_out_written_during_the_delay_calls_everything_off(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock, follow_back={"delay": "1h"})
    cycle.run_cycle()
    fake.accounts_by_id["10"]["note"] = "<p>#nobot please</p>"
    fake_clock.advance(timedelta(hours=2))
    cycle.run_cycle()
    assert fake.following == set() and fake.posts == []
    assert store.do_not_contact(["10"]) == {"10"}


def test_an_egg_is_looked_at_again_and_welcomed_once_it_hatches(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    egg = account_json("10", "shy", avatar="https://bot.example/avatars/original/missing.png")
    fake.add_follower(egg)
    cycle = make_cycle(fake, store, fake_clock)
    assert cycle.run_cycle().outcomes == {"hold": 1}
    fake.accounts_by_id["10"]["avatar"] = "https://files.example/avatars/10.png"
    fake_clock.advance(timedelta(days=3))
    report = cycle.run_cycle()
    assert report.actions["recheck:follow"] == 1
    cycle.run_cycle()
    assert fake.following == {"10"} and len(fake.posts) == 1


# ---------------------------------------------------------------------- stop words


def test_a_stop_reply_is_acknowledged_once_and_never_messaged_again(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    fake.mention_bot("10", "@welcome stop")
    cycle.run_cycle()
    cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 2  # the welcome, then one acknowledgement
    assert store.do_not_contact(["10"]) == {"10"}


# ---------------------------------------------------------------------- digest


def test_the_digest_goes_once_per_period_and_within_the_post_budget(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.accounts_by_id["99"] = account_json("99", "owner", domain="bot.example")
    digest = {"to": "owner@bot.example", "every": "1d"}
    cycle = make_cycle(fake, store, fake_clock, digest=digest)
    cycle.run_cycle()
    assert fake.posts == []  # the first digest waits for a whole period
    fake.add_follower(account_json("10", "alice"))
    fake_clock.advance(timedelta(days=1))
    cycle.run_cycle()
    digests = [p for p in fake.posts if p.text.startswith("@owner@bot.example")]
    assert len(digests) == 1 and "judged 1 followers" in digests[0].text
    cycle.run_cycle()
    assert len([p for p in fake.posts if p.text.startswith("@owner@bot.example")]) == 1


# ---------------------------------------------------------------------- owner


def review_case(fake: FakeGateway, store: Store, fake_clock: FakeClock, **fields: Any) -> Cycle:
    """A follower whose server withholds every count: the judge sends it to review."""
    data = account_json(
        "10",
        "maybe",
        domain="quiet.example",
        created=START - timedelta(days=100),
        followers_count=0,
        following_count=0,
        statuses_count=0,
        **fields,
    )
    fake.add_follower(data)
    cycle = make_cycle(fake, store, fake_clock)
    assert cycle.run_cycle().outcomes == {"review": 1}
    return cycle


def test_the_owner_approves_and_the_next_cycle_follows_and_welcomes(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    cycle = review_case(fake, store, fake_clock)
    config = cycle.ctx.config
    done = decide_by_hand(store, config, "@maybe@quiet.example", approve=True, now=START)
    assert [p.kind for p in done.planned] == [Kind.FOLLOW, Kind.WELCOME_DM]
    fake_clock.advance(timedelta(minutes=10))  # even if the next cycle is a while away
    cycle.run_cycle()
    assert fake.following == {"10"} and len(fake.posts) == 1


def test_the_owner_cannot_approve_someone_who_opted_out(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "quiet", note="<p>#nobot</p>"))
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    with pytest.raises(OwnerRefusal, match="do-not-contact"):
        decide_by_hand(store, cycle.ctx.config, "quiet@elsewhere.example", approve=True, now=START)
    cycle.run_cycle()
    assert fake.following == set() and fake.posts == []


def test_a_bot_needs_force_to_be_approved(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "robo", bot=True))
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    config = cycle.ctx.config
    with pytest.raises(OwnerRefusal, match="--force"):
        decide_by_hand(store, config, "robo@elsewhere.example", approve=True, now=START)
    done = decide_by_hand(
        store, config, "robo@elsewhere.example", approve=True, now=START, force=True
    )
    assert Kind.FOLLOW in [p.kind for p in done.planned]


def test_the_owner_rejects_and_nothing_is_planned(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    cycle = review_case(fake, store, fake_clock)
    done = decide_by_hand(store, cycle.ctx.config, "maybe@quiet.example", approve=False, now=START)
    assert done.planned == [] and store.pending_reviews() == []
    cycle.run_cycle()
    assert fake.following == set()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("@bakery", "bakery"),
        ("bakery", "bakery"),
        ("@bakery@bot.example", "bakery"),
        ("bakery@bot.example", "bakery"),
        ("@alice@bot.example", "alice@bot.example"),
        ("alice", "alice@bot.example"),
        ("@alice@elsewhere.example", "alice@elsewhere.example"),
    ],
)
def test_a_handle_in_any_form_finds_the_local_follower(typed: str, stored: str) -> None:
    assert stored in handle_forms(typed, "https://bot.example")


def test_a_host_port_handle_is_a_local_form_too() -> None:
    forms = handle_forms("alice", "http://127.0.0.1:18100")
    assert "alice@127.0.0.1:18100" in forms


# ---------------------------------------------------------------------- poison pills


def test_a_profile_the_judge_chokes_on_is_recorded_and_the_cursor_moves_on(
    fake: FakeGateway, store: Store, fake_clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.cycle.judging as judging

    real_judge = judging.judge

    def choking_judge(account: Any, *args: Any, **kwargs: Any) -> Any:
        if account.id == "10":
            raise RecursionError("a profile built to choke the judge")
        return real_judge(account, *args, **kwargs)

    monkeypatch.setattr(judging, "judge", choking_judge)
    fake.add_follower(account_json("10", "poison"))
    fake.add_follower(account_json("11", "after"))
    report = make_cycle(fake, store, fake_clock).run_cycle()
    assert report.outcomes == {"skip": 1, "follow": 1}
    assert fake.following == {"11"}  # the one after the poison pill is welcomed
    rows = {r.acct: r for r in store.history(limit=10)}
    assert rows["poison@elsewhere.example"].category == "error"
    assert rows["poison@elsewhere.example"].reasons[0].rule == "judge_error"
