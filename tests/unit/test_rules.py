"""The judge: one row per rule, plus properties over arbitrary account JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import config_from_mapping
from bot.judge import Policy, Subject, judge
from bot.judge.rules import automation, newcomer, spam
from bot.model import Decision, Outcome, Relationship, account_from_json

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POLICY = Policy.from_config(config_from_mapping({"instance": {"url": "https://bot.example"}}))


def account(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "1001",
        "username": "ada",
        "acct": "ada@social.example",
        "display_name": "Ada",
        "note": "<p>Hello! I teach maths.</p>",
        "avatar": "https://files.social.example/accounts/avatars/1/original/abc.png",
        "avatar_static": "https://files.social.example/accounts/avatars/1/original/abc.png",
        "bot": False,
        "group": False,
        "locked": False,
        "created_at": "2026-11-20T00:00:00.000Z",
        "followers_count": 12,
        "following_count": 40,
        "statuses_count": 5,
        "fields": [],
    }
    base.update(overrides)
    return base


def decide(
    raw: dict[str, Any], relationship: Relationship | None = None, policy: Policy = POLICY
) -> Decision:
    return judge(account_from_json(raw), None, relationship, policy, NOW)


@pytest.mark.parametrize(
    ("overrides", "action", "category", "rule"),
    [
        ({}, "follow", "human_newcomer", "newcomer_age"),
        (
            {"created_at": "2020-01-01T00:00:00.000Z", "followers_count": 42},
            "follow",
            "human_newcomer",
            "newcomer_followers",
        ),
        (
            {"created_at": "2020-01-01T00:00:00.000Z", "followers_count": 5000},
            "skip",
            "established_human",
            "established",
        ),
        ({"bot": True}, "skip", "bot", "bot_flag"),
        ({"group": True}, "skip", "group", "group_flag"),
        ({"note": "<p>Human. #nobot</p>"}, "skip", "opted_out", "opt_out_tag"),
        (
            {"note": '<p><a href="x" class="hashtag">#<span>NoBot</span></a></p>'},
            "skip",
            "opted_out",
            "opt_out_tag",
        ),
        (
            {"fields": [{"name": "Bots", "value": "#NoAutoFollow"}]},
            "skip",
            "opted_out",
            "opt_out_tag",
        ),
        ({"display_name": "Sam #nobots"}, "skip", "opted_out", "opt_out_tag"),
        ({"note": "#no\u200bbot"}, "skip", "opted_out", "opt_out_tag"),
        (
            {
                "avatar": "https://m.example/avatars/original/missing.png",
                "avatar_static": "https://m.example/avatars/original/missing.png",
            },
            "hold",
            "egg",
            "default_avatar",
        ),
        (
            {"avatar": "https://ak.example/images/avi.png", "avatar_static": ""},
            "hold",
            "egg",
            "default_avatar",
        ),
        (
            {"avatar_static": "https://gts.example/assets/default_avatars/GoToSocial_icon3.webp"},
            "hold",
            "egg",
            "default_avatar",
        ),
        ({"avatar_static": "https://snac.example/susie.png"}, "hold", "egg", "default_avatar"),
        (
            {"avatar_static": "https://tk.example/static/img/unknown-icon-128.png"},
            "hold",
            "egg",
            "default_avatar",
        ),
        ({"avatar": "", "avatar_static": ""}, "hold", "egg", "default_avatar"),
        ({"moved": {"id": "2", "acct": "ada@new.example"}}, "skip", "moved", "moved"),
        ({"suspended": True}, "skip", "unavailable", "suspended"),
        ({"memorial": True}, "skip", "unavailable", "memorial"),
        ({"limited": True}, "skip", "limited", "limited"),
        ({"created_at": None, "followers_count": None}, "review", "unknown", "newcomer_unknown"),
        ({"followers_count": -1, "created_at": "garbage"}, "review", "unknown", "newcomer_unknown"),
        # rules version 4 (issue 12)
        ({"note": "Thinking about bots a lot."}, "review", "opted_out?", "talks_about_bots"),
        ({"note": "Keine Bots, danke."}, "skip", "opted_out", "opt_out_phrase"),
        ({"note": "Cyclist. #SinBots"}, "skip", "opted_out", "opt_out_tag"),
        (
            {"fields": [{"name": "Боти", "value": "ні"}]},
            "skip",
            "opted_out",
            "opt_out_field",
        ),
        (
            {"note": "Hi! I'm Bramble, the official mascot of Eastbrook Park."},
            "skip",
            "company",
            "organisation_voice",
        ),
        (
            {"note": "Konferencja o wolnym oprogramowaniu. 12–13 maja 2027, Kraków."},
            "skip",
            "company",
            "event_account",
        ),
        (
            {"display_name": "social.example status", "note": "Maintenance and outages."},
            "skip",
            "company",
            "service_account",
        ),
        (
            {"display_name": "Weather Bot", "statuses_count": 0},
            "skip",
            "automated",
            "automation_self_described",
        ),
        (
            {
                "created_at": "2020-05-01T00:00:00.000Z",
                "note": "Questo account è mantenuto come memoriale dalla sua famiglia.",
            },
            "skip",
            "unavailable",
            "memorial_wording",
        ),
        (
            {"created_at": "2999-01-01T00:00:00.000Z", "followers_count": 500},
            "skip",
            "established_human",
            "implausible_date",
        ),
        (
            {
                "created_at": "2026-11-21T00:00:00.000Z",
                "followers_count": 650,
                "statuses_count": 5030,
            },
            "skip",
            "established_human",
            "implausible_date",
        ),
        (
            {"avatar": "https://m.example/identicon/ada@m.example", "avatar_static": ""},
            "hold",
            "egg",
            "default_avatar",
        ),
        (
            {"avatar_static": "https://f.example/images/person-300.jpg"},
            "hold",
            "egg",
            "default_avatar",
        ),
        (
            {"avatar_static": "https://p.example/storage/avatars/default.jpg?v=0"},
            "hold",
            "egg",
            "default_avatar",
        ),
        (
            {"avatar_static": "https://cdn.example/avatars/original/missing.png?1492703879"},
            "hold",
            "egg",
            "default_avatar",
        ),
        (
            {"avatar_static": "https://f.example/cache/accounts/avatars/1/2/original/missing.png"},
            "hold",
            "egg",
            "default_avatar",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_each_rule(overrides: dict[str, Any], action: str, category: str, rule: str) -> None:
    decision = decide(account(**overrides))
    assert (decision.outcome.value, decision.category) == (action, category)
    assert rule in [r.rule for r in decision.reasons]


def test_relationship_rules() -> None:
    left = decide(account(), Relationship(id="1001", following=False, followed_by=False))
    assert (left.outcome, left.category) == (Outcome.SKIP, "left")
    blocked = decide(account(), Relationship(id="1001", followed_by=True, blocked_by=True))
    assert (blocked.outcome, blocked.category) == (Outcome.SKIP, "blocked")
    fine = decide(account(), Relationship(id="1001", followed_by=True))
    assert fine.outcome is Outcome.FOLLOW


def test_policy_knobs() -> None:
    humans = Policy.from_config(
        config_from_mapping(
            {
                "instance": {"url": "https://b.example"},
                "follow_back": {"who": "humans"},
                "newcomer": {"max_account_age": "7d", "max_followers": 10},
                "opt_out": {"extra_tags": ["LeaveMeAlone"]},
            }
        )
    )
    old = account(created_at="2020-01-01T00:00:00.000Z", followers_count=50)
    assert decide(old, policy=humans).outcome is Outcome.FOLLOW
    assert decide(old).outcome is Outcome.FOLLOW  # 50 < 100 followers by default
    tagged = account(note="#leavemealone please")
    assert decide(tagged, policy=humans).category == "opted_out"
    assert decide(tagged).outcome is Outcome.FOLLOW


def test_a_hashtag_that_merely_contains_nobot_does_not_opt_out() -> None:
    assert decide(account(note="#nobotanist and proud")).outcome is Outcome.FOLLOW


# --------------------------------------------------------------------------- properties

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=300),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
ACCOUNT_KEYS = [
    "id",
    "username",
    "acct",
    "display_name",
    "note",
    "avatar",
    "avatar_static",
    "bot",
    "group",
    "locked",
    "created_at",
    "last_status_at",
    "followers_count",
    "following_count",
    "statuses_count",
    "fields",
    "moved",
    "suspended",
    "limited",
    "memorial",
    "url",
    "emojis",
]
hostile_text = st.one_of(
    st.text(max_size=500),
    st.sampled_from(
        [
            "<script>alert(1)</script>#nobot",
            "\u202e#tobon",
            "#no\u200dbot",
            "<p>#<span>nobot",
            "<" * 1000,
            "&#x23;nobot",
            ":nobot: :blobcat:",
            "\x00#nobot\x00",
            "#NOBOT",
            "＃nobot",
        ]
    ),
)
account_json = st.fixed_dictionaries(
    {"id": st.one_of(st.text(min_size=1, max_size=30), st.integers(), st.none())},
    optional={
        **{key: json_values for key in ACCOUNT_KEYS if key != "id"},
        "note": hostile_text,
        "display_name": hostile_text,
        "bot": st.one_of(st.booleans(), json_values),
        "fields": st.lists(
            st.fixed_dictionaries({"name": hostile_text, "value": hostile_text}), max_size=3
        ),
        "created_at": st.one_of(
            st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()), json_values
        ),
    },
)


def judge_json(raw: dict[str, Any]) -> Decision | None:  # None when the JSON has no usable id
    try:
        snapshot = account_from_json(raw)
    except ValueError:
        return None
    return judge(snapshot, None, None, POLICY, NOW)


@pytest.mark.heavy
@settings(max_examples=400, deadline=None)
@given(account_json)
def test_judging_never_raises_is_deterministic_and_explains_itself(raw: dict[str, Any]) -> None:
    first = judge_json(raw)
    if first is None:
        return
    assert first == judge_json(raw)
    assert len(first.reasons) >= 1
    assert all(r.rule and r.detail for r in first.reasons)
    assert first.outcome in set(Outcome)


@pytest.mark.heavy
@settings(max_examples=300, deadline=None)
@given(
    account_json,
    st.sampled_from(["#nobot", "#NoBots", "#<span>noautofollow</span>", "#nofollowback"]),
    st.sampled_from(["note", "display_name", "field"]),
)
def test_never_follows_a_bot_or_an_opted_out_account(
    raw: dict[str, Any], tag: str, where: str
) -> None:
    flagged = {**raw, "id": "7", "bot": True}
    decision = judge_json(flagged)
    assert decision is not None and decision.outcome is not Outcome.FOLLOW
    opted = {**raw, "id": "8"}
    if where == "field":
        opted["fields"] = [{"name": "note", "value": f"<p>{tag}</p>"}]
    else:
        opted[where] = f"<p>hi {tag} there</p>"
    decision = judge_json(opted)
    assert decision is not None and decision.outcome is not Outcome.FOLLOW
    assert "opt_out_tag" in [r.rule for r in decision.reasons]


def test_account_age_is_measured_in_days() -> None:
    young = account(
        created_at=(NOW - timedelta(days=30)).date().isoformat() + "T00:00:00.000Z",
        followers_count=5000,
    )
    assert decide(young).category == "human_newcomer"
    old = account(
        created_at=(NOW - timedelta(days=32)).date().isoformat() + "T00:00:00.000Z",
        followers_count=5000,
    )
    assert decide(old).category == "established_human"


# --------------------------------------------------------------------------- richer rules

ALLOW_ALL = Policy.from_config(
    config_from_mapping(
        {
            "instance": {"url": "https://bot.example"},
            "allow": {"domains": ["social.example", "x.example"]},
        }
    )
)


@pytest.mark.parametrize(
    ("note", "name", "category"),
    [
        ("Official account of Globex. Follow us for news about our products!", "Globex", "company"),
        ("We bake fresh bread every morning. Open Tue–Sun 8:00–14:00.", "Bäckerei Korn", "company"),
        (
            "Somos una asociación vecinal. Asamblea cada jueves.",
            "Asociación Vecinal Centro",
            "company",
        ),
        ("Software engineer at Initech Corp. Opinions my own.", "Ada", "human_newcomer"),
        (
            "We're a family of four who love hiking and board games.",
            "The Okafors",
            "human_newcomer",
        ),
        ("I work in customer support at a bank. Crochet and cats.", "Rosie", "human_newcomer"),
        (
            "Year 4 teacher. We're learning about volcanoes this week!",
            "Mr Hughes",
            "human_newcomer",
        ),
        ("I run a tiny bakery and mostly post about my cats.", "Mia", "human_newcomer"),
        ("#followback #f4f I follow back 100%", "Grow Fast", "spam"),
        ("Forex signals daily 💸 WhatsApp +44 7700 900123", "Profit Pro", "spam"),
        ("Nurse. Runner. #nobotanist jokes only.", "Sam", "human_newcomer"),
    ],
)
def test_organisations_people_and_spam(note: str, name: str, category: str) -> None:
    decision = decide(account(note=f"<p>{note}</p>", display_name=name))
    assert decision.category == category, decision.reasons


def test_opt_out_variants() -> None:
    for note in ("#NoBotsPlease", "No bots please, thank you.", "Bitte keine Bots!"):
        assert decide(account(note=note)).category == "opted_out", note
    field = account(fields=[{"name": "Bots", "value": "no thanks"}])
    assert decide(field).category == "opted_out"
    fine = account(fields=[{"name": "Bots", "value": "I build them for a living"}])
    assert decide(fine).outcome is Outcome.FOLLOW


def test_allow_list_overrides_heuristics_but_not_consent_or_flags() -> None:
    company = account(note="<p>Official account. Follow us!</p>")
    assert decide(company, policy=ALLOW_ALL).category == "allowed"
    assert decide(account(bot=True), policy=ALLOW_ALL).category == "bot"
    assert decide(account(note="#nobot"), policy=ALLOW_ALL).category == "opted_out"
    deny = Policy.from_config(
        config_from_mapping(
            {
                "instance": {"url": "https://bot.example"},
                "deny": {"accounts": ["ada@social.example"]},
            }
        )
    )
    assert decide(account(), policy=deny).category == "denied"


def test_conversation_wins_over_hold_and_established_but_not_vetoes() -> None:
    def talked(raw: dict[str, Any]) -> Decision:
        return judge(account_from_json(raw), None, None, POLICY, NOW, talked_with_bot=True)

    old = account(created_at="2019-01-01T00:00:00.000Z", followers_count=900)
    assert talked(old).category == "conversation"
    egg = account(avatar="https://m.example/avatars/original/missing.png")
    assert talked(egg).outcome is Outcome.FOLLOW
    assert talked(account(bot=True)).outcome is Outcome.SKIP
    assert talked(account(note="#followback f4f")).outcome is Outcome.SKIP


def test_hidden_follower_counts_are_unknown_not_zero() -> None:
    """Hidden counts are "unknown": the owner decides, whatever the account's age (issue 12)."""
    hidden = account(
        created_at="2018-03-09T00:00:00.000Z",
        followers_count=0,
        following_count=410,
        statuses_count=15820,
    )
    decision = decide(hidden)
    assert (decision.outcome, decision.category) == (Outcome.REVIEW, "unknown")
    assert [r.rule for r in decision.reasons] == ["counts_unknown"]
    assert "0 followers beside 15820 posts" in decision.reasons[0].detail
    takahe = account(
        created_at="2022-01-01T00:00:00.000Z",
        followers_count=0,
        following_count=0,
        statuses_count=0,
    )
    assert decide(takahe).outcome is Outcome.REVIEW
    zero_zero = account(
        created_at="2019-10-26T00:00:00.000Z",
        followers_count=0,
        following_count=0,
        statuses_count=150,
        acct="ada",
    )
    assert decide(zero_zero).outcome is Outcome.REVIEW  # local too: 0/0 beside 150 posts
    lurker = account(
        created_at="2022-01-01T00:00:00.000Z",
        followers_count=0,
        following_count=25,
        statuses_count=0,
    )
    assert decide(lurker).category == "human_newcomer"


def test_statuses_are_asked_for_only_when_useful() -> None:
    busy = account(statuses_count=120, created_at="2026-11-20T00:00:00.000Z")
    assert judge(account_from_json(busy), None, None, POLICY, NOW).needs_statuses
    quiet = account(statuses_count=2)
    assert not judge(account_from_json(quiet), None, None, POLICY, NOW).needs_statuses
    opted = account(statuses_count=120, note="#nobot")
    assert not judge(account_from_json(opted), None, None, POLICY, NOW).needs_statuses


def _status(i: int, text: str, app: str | None = None) -> dict[str, Any]:
    return {
        "id": str(i),
        "content": f"<p>{text}</p>",
        "created_at": "2026-11-25T10:00:00Z",
        "application": {"name": app} if app else None,
        "visibility": "public",
    }


def test_automated_posting() -> None:
    from bot.model import status_from_json

    raw = account(statuses_count=120, created_at="2026-11-20T00:00:00.000Z")
    snapshot = account_from_json(raw)

    def with_posts(posts: list[dict[str, Any]]) -> Decision:
        statuses = [s for s in map(status_from_json, posts) if s]
        return judge(snapshot, statuses, None, POLICY, NOW)

    checkins = [
        _status(i, f"I'm at Café {i} in Berlin https://swarmapp.com/c/{i}") for i in range(8)
    ]
    assert with_posts(checkins).category == "automated"
    ifttt = [_status(i, f"Some title number {i}", app="IFTTT") for i in range(8)]
    assert with_posts(ifttt).category == "automated"
    template = [_status(i, f"🚋 Line 22: delay of {i} min near the station") for i in range(8)]
    assert with_posts(template).category == "automated"
    human = [
        _status(i, t)
        for i, t in enumerate(
            [
                "Made soup today, it was fine.",
                "Anyone know a good bike shop in Leeds?",
                "Reading a great book about moss https://books.example/moss — recommended!",
                "My cat knocked over the plant again.",
                "Thanks everyone for the welcome!",
                "Rain again. Typical.",
                "Learning to knit, send help.",
            ]
        )
    ]
    assert with_posts(human).category == "human_newcomer"
    assert with_posts([]).category == "human_newcomer"  # no posts visible: unknown, not bad


@settings(max_examples=200, deadline=None)
@given(
    account_json,
    st.lists(
        st.fixed_dictionaries(
            {"id": st.text(min_size=1, max_size=5)},
            optional={
                "content": hostile_text,
                "application": json_values,
                "reblog": json_values,
                "card": json_values,
            },
        ),
        max_size=8,
    ),
    st.booleans(),
)
@pytest.mark.heavy
def test_judging_with_posts_and_conversation_never_raises(
    raw: dict[str, Any], posts: list[dict[str, Any]], talked: bool
) -> None:
    from bot.model import status_from_json

    try:
        snapshot = account_from_json(raw)
    except ValueError:
        return
    statuses = [s for s in map(status_from_json, posts) if s]
    one = judge(snapshot, statuses, None, ALLOW_ALL, NOW, talked_with_bot=talked)
    assert one == judge(snapshot, statuses, None, ALLOW_ALL, NOW, talked_with_bot=talked)
    assert one.reasons
    if snapshot.bot:
        assert one.outcome is not Outcome.FOLLOW


def test_hostile_text_is_read_only_up_to_a_bound() -> None:
    # A megabyte of markup: the judge reads a bounded prefix and still decides
    # (pytest-timeout fails the test if anything hangs).
    huge = "<p>" + ("follow us " * 20000) + "#" * 50000 + "(" * 10000 + "</p>"
    snapshot = account_from_json(account(note=huge, display_name="x" * 100000))
    assert len(snapshot.note) <= 20_000
    assert len(snapshot.display_name) <= 1000
    decision = judge(snapshot, None, None, POLICY, NOW)
    assert decision.reasons
    assert "organisation" not in [r.rule for r in decision.reasons]  # one sign is not two


def test_phrases_from_config_are_literal_and_cannot_hang() -> None:
    hostile = ["a" * 99, ".*", "(a+)+$", "[", "\\\\", "(?P<x>", "a?" * 40, "*" * 50]
    hostile += [f"word{i} " + "a" * 50 for i in range(400)]
    policy = Policy.from_config(
        config_from_mapping(
            {
                "instance": {"url": "https://bot.example"},
                "rules": {"organisation_phrases_extra": hostile, "spam_phrases_extra": hostile},
                "opt_out": {"phrases": hostile},
            }
        )
    )
    bio = "<p>" + "a" * 19_990 + "!</p>"  # the classic input for catastrophic backtracking
    decision = judge(account_from_json(account(note=bio)), None, None, policy, NOW)
    assert decision.reasons  # it finished (pytest-timeout guards the clock)
    ordinary = judge(
        account_from_json(account(note="<p>I like regular expressions</p>")),
        None,
        None,
        policy,
        NOW,
    )
    assert ordinary.category == "human_newcomer"  # ".*" is a phrase, not a pattern
    literal = judge(
        account_from_json(account(note="<p>hello .* there</p>")), None, None, policy, NOW
    )
    assert literal.category == "opted_out"  # it matches itself, literally


# --------------------------------------------------------------------------- rules that exclude each other

count = st.one_of(st.none(), st.sampled_from([0, 1, 99, 100, 499, 500, 999, 1000]), st.integers())
newcomer_json = st.fixed_dictionaries(
    {
        "acct": st.sampled_from(["ada", "ada@social.example"]),
        "created_at": st.one_of(
            st.none(),
            st.integers(-5, 4000).map(lambda days: (NOW - timedelta(days=days)).isoformat()),
        ),
        "followers_count": count,
        "following_count": count,
        "statuses_count": count,
    }
)


def subject(raw: dict[str, Any], statuses: list[dict[str, Any]] | None = None) -> Subject:
    from bot.model import status_from_json

    posts = None if statuses is None else [s for s in map(status_from_json, statuses) if s]
    return Subject(
        account_from_json(raw),
        None if posts is None else tuple(posts),
        None,
        POLICY,
        NOW,
        talked_with_bot=False,
    )


@settings(max_examples=300, deadline=None)
@given(newcomer_json)
def test_exactly_one_of_the_newcomer_rules_fires(raw: dict[str, Any]) -> None:
    s = subject(account(**raw))
    rules = (
        newcomer.newcomer_age,
        newcomer.newcomer_followers,
        newcomer.counts_unknown,
        newcomer.newcomer_unknown,
        newcomer.established,
    )
    fired = [e.rule for rule in rules if (e := rule(s)) is not None]
    assert len(fired) == 1, fired
    assert fired[0] in [r.rule for r in judge(s.account, None, None, POLICY, NOW).reasons]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["https://x.example/a", '<p><a href="https://x.example">https://x.example</a></p>', "hi"]
    ),
    st.sampled_from(["", "https://x.example/avatars/original/missing.png"]),
    count,
    st.sampled_from(["Ada", "xk29fjq7", ""]),
)
def test_a_link_only_bio_is_spam_or_a_note_never_both(
    note: str, avatar: str, statuses: int | None, name: str
) -> None:
    s = subject(account(note=note, avatar=avatar, statuses_count=statuses, display_name=name))
    found = [spam.spam_shape(s), spam.link_only_bio(s)]
    assert sum(e is not None for e in found) == (1 if note != "hi" else 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["I made bread today", "New post: https://b.example/1", "Hi"]),
            st.sampled_from([None, "IFTTT", "Web"]),
        ),
        max_size=14,
    )
)
def test_automated_posts_are_sure_or_mixed_never_both(posts: list[tuple[str, str | None]]) -> None:
    statuses = [_status(i, text, app) for i, (text, app) in enumerate(posts)]
    s = subject(account(), statuses)
    found = [automation.automated_posts(s), automation.automated_posts_mixed(s)]
    assert sum(e is not None for e in found) <= 1


def test_follow_farming_is_a_sign_only_in_new_accounts() -> None:
    veteran = account(
        created_at="2017-12-17T00:00:00.000Z",
        followers_count=29,
        following_count=1389,
        statuses_count=35042,
    )
    assert decide(veteran).outcome is Outcome.FOLLOW  # fewer than 100 followers: a newcomer
    fresh = account(following_count=2400, followers_count=3)
    assert decide(fresh).category == "spam"


def test_a_local_account_keeps_its_date_however_busy() -> None:
    """The first-seen doubt is for remote accounts: a local date is when it was made."""
    local = account(acct="ada", statuses_count=1200, followers_count=40)
    decision = decide(local)
    assert "implausible_date" not in [r.rule for r in decision.reasons]


def test_an_implausible_date_says_why_and_the_age_is_not_used() -> None:
    decision = decide(account(created_at="2999-01-01T00:00:00.000Z", followers_count=5))
    note = next(r for r in decision.reasons if r.rule == "implausible_date")
    assert "in the future" in note.detail
    assert [r.rule for r in decision.reasons][-1] == "newcomer_followers"  # not newcomer_age


def test_memorial_wording_needs_someone_else_s_death_and_an_older_account() -> None:
    grieving = account(
        created_at="2020-01-01T00:00:00.000Z",
        note="My father passed away last year; I write about grief and this account helps.",
    )
    assert decide(grieving).outcome is Outcome.FOLLOW
    new = account(note="In memoriam of my grandmother, I knit her patterns.")
    assert decide(new).outcome is Outcome.FOLLOW  # a new account is not a memorial


def test_names_that_end_like_bot_are_not_bots() -> None:
    for name in ("Jane Talbot", "Dr. Abbott", "Anna (not a bot)"):
        assert decide(account(display_name=name)).outcome is Outcome.FOLLOW, name


def test_posts_on_the_clock_are_a_schedule() -> None:
    from bot.model import status_from_json

    snapshot = account_from_json(account(statuses_count=7, following_count=0))
    words = ["ĝojo", "fenestro", "kuraĝa", "ŝpari", "arbaro", "renkonti", "malfrui"]

    def posts(stamps: list[str]) -> list[Any]:
        raw = [
            {"id": str(i), "content": f"<p>📗 {w}: a new word, with its meaning</p>",
             "created_at": stamp, "visibility": "public"}
            for i, (w, stamp) in enumerate(zip(words, stamps, strict=True))
        ]  # fmt: skip
        return [s for s in map(status_from_json, raw) if s]

    days = [f"2026-11-{20 + i}" for i in range(7)]
    daily = judge(snapshot, posts([f"{d}T06:00:00.000Z" for d in days]), None, POLICY, NOW)
    assert decision_rules(daily)[0] == "automated_posts"
    assert "same minute and second" in daily.reasons[0].detail
    varied = [f"{d}T{8 + i}:{13 * i % 60:02}:{7 * i % 60:02}Z" for i, d in enumerate(days)]
    assert judge(snapshot, posts(varied), None, POLICY, NOW).outcome is Outcome.FOLLOW
    imported = judge(snapshot, posts(["2026-11-20T06:00:00.000Z"] * 7), None, POLICY, NOW)
    assert imported.outcome is Outcome.FOLLOW  # one instant for all: imported, not scheduled


def decision_rules(decision: Decision) -> list[str]:
    return [r.rule for r in decision.reasons]
