"""The poll cycle against the in-memory FakeGateway: executor, budgets, re-checks,
digest, stop words and the owner's decisions, each in milliseconds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.cycle import Cycle
from bot.outbox import Kind, Status
from bot.owner import OwnerRefusal, decide_by_hand, handle_forms
from bot.ports import Transient
from bot.store import Store
from tests.conftest import FakeClock
from tests.fakes import START, FakeGateway, account_json, cycle_on_fake

make_cycle = cycle_on_fake


def store_result(store: Store, action_id: int) -> str | None:
    from sqlalchemy import select

    from bot.db import ActionRow

    with store._session() as s:
        return s.scalar(select(ActionRow.result).where(ActionRow.id == action_id))


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


def test_a_dm_whose_reply_was_lost_is_found_not_sent_again(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"))
    fake.lose_next_post_reply = True
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    assert status_of(store, "10", Kind.WELCOME_DM) == Status.PENDING
    fake_clock.advance(timedelta(minutes=2))
    cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 1
    action = store.action_for("10", Kind.WELCOME_DM)
    assert action is not None and action.status == Status.DONE
    assert '"recovered": true' in (store_result(store, action.id) or "")


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


@pytest.mark.parametrize(
    "reply",
    [
        "Gracias, para mí es un placer estar aquí con todos vosotros",
        "I can't stop smiling, thank you so much for the warm welcome",
        "我不会停止学习的，谢谢你的欢迎消息，很高兴来到这里",
    ],
)
def test_a_stop_word_inside_a_longer_reply_is_kept_but_not_answered(
    fake: FakeGateway, store: Store, fake_clock: FakeClock, reply: str
) -> None:
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    fake.mention_bot("10", f"@welcome {reply}")
    cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 1  # in doubt, no second message
    assert store.do_not_contact(["10"]) == {"10"}  # and the wish, if it was one, is kept
    (entry,) = store.do_not_contact_list()
    assert "in a longer reply" in (entry.detail or "")


@pytest.mark.parametrize(
    ("reply", "word", "sure"),
    [
        ("Stop!", "stop", True),
        ("para, por favor", "para", True),
        ("STOPP bitte", "stopp", True),
        ("Przestań, proszę", "przestań", True),
        (
            "please leave me alone, I really do not want any bot messages at all",
            "leave me alone",
            True,
        ),
        ("配信停止してください。ありがとうございました。これからもよろしく", "配信停止", True),
        (
            "Lass mich in Ruhe mit diesen automatischen Nachrichten, danke sehr",
            "lass mich in ruhe",
            True,
        ),
        ("стоп", "стоп", True),
        ("Gracias, para mí es un placer estar aquí", "para", False),
        ("Thanks! Happy to be here, see you around", None, None),
        ("Stopping by to say thanks", None, None),
    ],
)
def test_which_replies_mean_stop(reply: str, word: str | None, sure: bool | None) -> None:
    from bot.config import DEFAULT_STOP_WORDS
    from bot.cycle.stop_words import StopWords

    heard = StopWords(DEFAULT_STOP_WORDS).heard(f"@welcome {reply}")
    assert heard == (None if word is None else (word, sure))


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
    from bot.judge import judge as real_judge

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


# ---------------------------------------------------------------------- never two welcomes


@pytest.mark.parametrize("place", ["own_statuses", "home", "conversations"])
def test_on_servers_that_ignore_idempotency_keys_a_lost_dm_is_found_where_the_server_shows_it(
    fake: FakeGateway, store: Store, fake_clock: FakeClock, place: str
) -> None:
    fake.ignores_idempotency = True
    fake.dm_place = place
    fake.add_follower(account_json("10", "alice"))
    fake.lose_next_post_reply = True
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    fake_clock.advance(timedelta(minutes=2))
    cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 1
    assert status_of(store, "10", Kind.WELCOME_DM) == Status.DONE


def test_where_the_bot_cannot_look_it_prefers_a_missed_welcome_to_a_doubled_one(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.ignores_idempotency = True
    fake.dm_place = "nowhere"
    fake.add_follower(account_json("10", "alice"))
    fake.lose_next_post_reply = True
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()
    fake_clock.advance(timedelta(minutes=2))
    report = cycle.run_cycle()
    assert len(fake.direct_posts_to("10")) == 1  # the first attempt, never a second
    assert status_of(store, "10", Kind.WELCOME_DM) == Status.UNCERTAIN
    assert report.actions["welcome_dm:uncertain"] == 1


def test_a_trusted_place_that_lacks_the_dm_makes_a_resend_safe(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.ignores_idempotency = True
    fake.dm_place = "home"
    fake.add_follower(account_json("10", "alice"))
    cycle = make_cycle(fake, store, fake_clock)
    cycle.run_cycle()  # alice is welcomed: the bot can learn where its DMs show
    fake.add_follower(account_json("11", "bob"))
    fake.fail["post_status"] = [Transient("post_status: network error (timeout)")]
    cycle.run_cycle()  # bob's DM failed before the server made it
    assert fake.direct_posts_to("11") == []
    fake_clock.advance(timedelta(minutes=2))
    cycle.run_cycle()
    assert len(fake.direct_posts_to("11")) == 1
    assert store.get_state("dm_lookup.place") == "home_timeline"


def test_a_dm_the_server_resolved_to_mention_someone_else_is_deleted_at_once(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.accounts_by_id["66"] = account_json("66", "stranger")
    fake.extra_mention = "66"
    fake.add_follower(account_json("10", "alice"))
    make_cycle(fake, store, fake_clock).run_cycle()
    assert fake.posts == []
    assert "status_delete" in fake.calls
    action = store.action_for("10", Kind.WELCOME_DM)
    assert action is not None and '"deleted": true' in (store_result(store, action.id) or "")


# ---------------------------------------------------------------------- real servers' ways


def test_requests_that_are_only_listed_are_judged_and_authorized(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.requests_only_listed = True  # snac and Takahē never notify requests
    fake.add_follower(account_json("10", "alice"), kind="follow_request")
    cycle = make_cycle(fake, store, fake_clock)
    report = cycle.run_cycle()
    assert report.outcomes == {"follow": 1}
    assert "10" in fake.followers and fake.following == {"10"}
    assert len(fake.posts) == 1
    cycle.run_cycle()  # not read again before a reconcile period, and nothing twice
    assert fake.calls.count("follow_requests") == 1 and len(fake.posts) == 1


def test_a_notified_request_is_not_judged_twice_when_the_list_shows_it_too(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    fake.add_follower(account_json("10", "alice"), kind="follow_request")
    report = make_cycle(fake, store, fake_clock, follow_requests={"read": "always"}).run_cycle()
    assert report.new_followers == 1 and fake.calls.count("follow_requests") == 1


def test_a_cached_list_id_that_lost_its_title_is_dropped_and_made_again(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    store.set_state("list:Gardeners", "7")
    fake.lists_by_id["7"] = "someone else's list"  # snac reused the id
    fake.add_follower(account_json("10", "alice"))
    lists = [{"title": "Gardeners", "topics": ["gardening"]}]
    make_cycle(fake, store, fake_clock, lists=lists).run_cycle()
    made = [i for i, t in fake.lists_by_id.items() if t == "Gardeners"]
    assert made and fake.list_members.get(made[0]) == {"10"}
    assert "10" not in fake.list_members.get("7", set())


def test_a_token_that_lacks_a_scope_is_fatal_and_says_which(
    fake: FakeGateway, store: Store, fake_clock: FakeClock
) -> None:
    from bot.cycle import FatalError
    from bot.ports import MissingScope

    fake.fail["notifications"] = [MissingScope("403", scope="read:notifications")]
    with pytest.raises(FatalError, match="lacks `read:notifications`"):
        make_cycle(fake, store, fake_clock).run_cycle()


def test_a_handle_with_a_port_is_addressed_in_full() -> None:
    from bot.model import account_from_json
    from bot.welcome import mention_for

    account = account_from_json(account_json("10", "alice", domain="127.0.0.1:18100"))
    assert mention_for(account) == "@alice@127.0.0.1:18100"
