"""Tests of the sandbox server, driven through the real Mastodon.py client over HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonBadGatewayError,
    MastodonIllegalArgumentError,
    MastodonInternalServerError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
)

from bot.sandbox import Fault, Sandbox, bundled_scenarios, load_scenario
from tests.sandbox.helpers import MakeClient, MakeSandbox, followers_scenario, scenario


@pytest.fixture
def demo(make_sandbox: MakeSandbox) -> Sandbox:
    return make_sandbox("demo")


@pytest.fixture
def api(demo: Sandbox, make_client: MakeClient) -> Mastodon:
    return make_client(demo)


# ---------------------------------------------------------------------------- entities


def test_account_entity_shapes_local_and_remote(demo: Sandbox, api: Mastodon) -> None:
    local = api.account(demo.account_id("alice"))
    remote = api.account(demo.account_id("jonas@chaos.social"))
    assert isinstance(local["id"], str)
    assert local["id"].isdigit()
    assert local["acct"] == "alice"
    assert remote["acct"] == "jonas@chaos.social"
    raw_local = demo.account_json(local["id"])
    raw_remote = demo.account_json(remote["id"])
    assert raw_local["noindex"] is False
    assert raw_local["roles"] == []
    assert "noindex" not in raw_remote
    assert "roles" not in raw_remote
    for key in ("suspended", "limited", "memorial", "moved"):
        assert key not in raw_local
    assert raw_local["created_at"].endswith("T00:00:00.000Z")
    assert (
        raw_local["note"] == "<p>Just joined! Teacher in Leeds. Into birds, books and bad puns.</p>"
    )
    assert raw_local["fields"] == [{"name": "Location", "value": "Leeds", "verified_at": None}]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_local["last_status_at"])
    assert "/system/accounts/avatars/" in raw_local["avatar"]
    assert raw_remote["avatar"].startswith(demo.url + "/system/cache/accounts/avatars/")
    assert raw_remote["header"] == demo.url + "/headers/original/missing.png"
    # Mastodon.py parses created_at tz-aware and last_status_at naive
    assert local.created_at.tzinfo is not None
    assert local.last_status_at.tzinfo is None


def test_special_accounts(demo: Sandbox, api: Mastodon) -> None:
    egg = demo.account_json(demo.account_id("egg4821@mastodon.online"))
    assert egg["avatar"] == f"{demo.url}/avatars/original/missing.png"
    suspended = demo.account_json(demo.account_id("badactor@spam.example"))
    assert suspended["suspended"] is True
    assert suspended["display_name"] == ""
    assert suspended["note"] == ""
    assert suspended["fields"] == []
    assert suspended["avatar"].endswith("/avatars/original/missing.png")
    assert suspended["locked"] is False
    assert suspended["bot"] is False
    moved = api.account(demo.account_id("riverstone@fosstodon.org"))
    assert moved.moved.acct == "riverstone2@hachyderm.io"
    limited = demo.account_json(demo.account_id("loudposter@freespeech.example"))
    assert limited["limited"] is True
    group = api.account(demo.account_id("knitters@a.gup.pe"))
    assert group.group is True
    assert group.last_status_at is None
    assert api.account(demo.account_id("weatherbot@botsin.space")).bot is True


def test_verify_credentials_and_lookup(demo: Sandbox, api: Mastodon) -> None:
    me = api.me()
    assert me.id == demo.bot_account_id
    assert me.source["follow_requests_count"] == 0
    assert me.followers_count == len(demo.followers_of_bot())
    assert api.account_lookup("jonas@chaos.social").id == demo.account_id("jonas@chaos.social")
    assert api.account_lookup("alice@sandbox.example").id == demo.account_id("alice")
    with pytest.raises(MastodonNotFoundError):
        api.account_lookup("nobody@nowhere.example")
    ids = [demo.account_id("alice"), demo.account_id("lucia")]
    assert {a.id for a in api.accounts(ids)} == set(ids)
    with pytest.raises(MastodonAPIError) as info:
        api.accounts([demo.bot_account_id] * 41)
    assert info.value.args[1] == 422


def test_labels_cover_demo_categories(demo: Sandbox) -> None:
    labels = set(demo.labels().values())
    expected = {"newcomer", "established", "bot", "group", "company", "spam", "egg", "nobot"}
    assert expected | {"moved", "suspended", "limited", "newcomer-locked"} <= labels
    assert set(bundled_scenarios()) >= {"demo", "minimal", "empty"}


# ---------------------------------------------------------------------------- notifications


def test_notifications_max_id_pagination_and_link(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(followers_scenario(7))
    api = make_client(sb)
    first = api.notifications(limit=3)
    assert [n.account.username for n in first] == ["f6", "f5", "f4"]
    assert all(n.type == "follow" and n.group_key == f"ungrouped-{n.id}" for n in first)
    second = api.fetch_next(first)
    assert [n.account.username for n in second] == ["f3", "f2", "f1"]
    third = api.fetch_next(second)
    assert [n.account.username for n in third] == ["f0"]
    assert api.fetch_next(third) is None  # short page → no rel="next"
    # Link header format (max_id = last id of page, min_id = first id)
    resp = requests.get(
        sb.url + "/api/v1/notifications",
        params={"limit": 3},
        headers={"Authorization": f"Bearer {sb.token}"},
        timeout=5,
    )
    body = resp.json()
    assert resp.links["next"]["url"].endswith(f"max_id={body[-1]['id']}")
    assert resp.links["prev"]["url"].endswith(f"min_id={body[0]['id']}")
    resp.close()


def test_notifications_min_id_and_since_id(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(followers_scenario(6))
    api = make_client(sb)
    everything = api.notifications()
    ids = [n.id for n in reversed(everything)]  # oldest first
    # min_id: the `limit` items immediately after min_id, still newest first
    page = api.notifications(min_id=ids[0], limit=2)
    assert [n.id for n in page] == [ids[2], ids[1]]
    # since_id: the newest `limit` items above since_id
    page = api.notifications(since_id=ids[0], limit=2)
    assert [n.id for n in page] == [ids[5], ids[4]]
    # fetch_previous follows rel="prev" (min_id) to newer items
    older = api.notifications(max_id=ids[3], limit=2)
    assert [n.id for n in older] == [ids[2], ids[1]]
    newer = api.fetch_previous(older)
    assert [n.id for n in newer] == [ids[4], ids[3]]
    # polling with min_id until empty sees every new notification exactly once
    sb.follow_bot(sb.add_account(username="late1", domain="x.example"))
    sb.follow_bot(sb.add_account(username="late2", domain="x.example"))
    seen: list[str] = []
    cursor = ids[-1]
    while True:
        batch = api.notifications(min_id=cursor, limit=1)
        if not batch:
            break
        seen.extend(n.account.username for n in batch)
        cursor = batch[0].id
    assert seen == ["late1", "late2"]


def test_notifications_types_filter_and_single(demo: Sandbox, api: Mastodon) -> None:
    alice = demo.account_id("alice")
    # a private mention from someone the bot does not follow is filtered by default
    demo.mention_bot(alice, "psst")
    assert api.notifications(types=["mention"]) == []
    status_id = demo.mention_bot(alice, "hi there, thanks!", visibility="public")
    mentions = api.notifications(types=["mention"])
    assert [n.type for n in mentions] == ["mention"]
    assert mentions[0].status.id == status_id
    assert mentions[0].status.visibility == "public"
    follows = api.notifications(exclude_types=["mention"])
    assert follows
    assert all(n.type == "follow" for n in follows)
    single = api.notifications(id=mentions[0].id)
    assert single.type == "mention"
    api.notifications_dismiss(mentions[0].id)
    assert api.notifications(types=["mention"]) == []
    with pytest.raises(MastodonNotFoundError):
        api.notifications(id=mentions[0].id)
    api.notifications_clear()
    assert api.notifications() == []


def test_notifications_exclude_suspended_and_filter_limited(demo: Sandbox, api: Mastodon) -> None:
    accts = {n.account.acct for n in api.notifications(limit=80)}
    assert "alice" in accts
    assert "badactor@spam.example" not in accts  # suspended accounts' notifications hidden
    assert "loudposter@freespeech.example" not in accts  # limited → filtered by default policy
    policy = api.notifications_policy()
    assert policy.for_limited_accounts == "filter"
    assert policy.summary.pending_notifications_count == 1
    resp = requests.get(
        demo.url + "/api/v1/notifications",
        params={"include_filtered": "true", "limit": 80},
        headers={"Authorization": f"Bearer {demo.token}"},
        timeout=5,
    )
    filtered = [n for n in resp.json() if n.get("filtered")]
    resp.close()
    assert [n["account"]["acct"] for n in filtered] == ["loudposter@freespeech.example"]


def test_notification_policy_new_accounts(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(scenario(notification_policy={"for_new_accounts": "filter"}))
    api = make_client(sb)
    sb.follow_bot(sb.add_account(username="newbie", created_days_ago=2))
    sb.follow_bot(sb.add_account(username="oldtimer", created_days_ago=400))
    assert [n.account.username for n in api.notifications()] == ["oldtimer"]
    updated = api.update_notifications_policy(for_new_accounts="drop")
    assert updated.for_new_accounts == "drop"
    sb.follow_bot(sb.add_account(username="newbie2", created_days_ago=1))
    assert len(sb.followers_of_bot()) == 3
    assert [n["account_id"] for n in sb.notifications()] == [
        sb.account_id("newbie"),
        sb.account_id("oldtimer"),
    ]  # the dropped one was never created


# ---------------------------------------------------------------------------- followers


def test_followers_cursor_is_follow_id(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(followers_scenario(5))
    api = make_client(sb)
    page = api.account_followers(sb.bot_account_id, limit=2)
    assert [a.username for a in page] == ["f4", "f3"]
    cursor = str(page._pagination_next["max_id"])
    account_ids = {sb.account_id(f"f{i}@remote.example") for i in range(5)}
    assert cursor not in account_ids
    rest = api.fetch_remaining(page)
    assert [a.username for a in rest] == ["f4", "f3", "f2", "f1", "f0"]
    # unfollow + refollow moves the account to the front (newest follow first)
    f1 = sb.account_id("f1@remote.example")
    sb.unfollow_bot(f1)
    sb.follow_bot(f1, notify=False)
    assert api.account_followers(sb.bot_account_id, limit=1)[0].id == f1
    assert sb.followers_of_bot()[-1] == f1


@pytest.mark.heavy
def test_bulk_followers_paginate_completely(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(
        scenario(
            generate=[
                {"count": 2000, "username_prefix": "bulk", "template": {"created_days_ago": 2}}
            ]
        )
    )
    api = make_client(sb)
    seen = [a.id for a in api.fetch_remaining(api.account_followers(sb.bot_account_id, limit=80))]
    assert len(seen) == 2000
    assert len(set(seen)) == 2000
    assert seen[0] == sb.followers_of_bot()[-1]
    notes = api.fetch_remaining(api.notifications(limit=80))
    assert len(notes) == 2000
    # 25 full pages, then one empty page ends the iteration (next is sent on full pages)
    assert len(sb.requests("GET", "/api/v1/accounts/")) == 26


# ------------------------------------------------------------------ relationships and follows


def test_relationships_batching(demo: Sandbox, api: Mastodon) -> None:
    alice = demo.account_id("alice")
    margaret = demo.account_id("margaret@mastodon.social")
    riverstone2 = demo.account_id("riverstone2@hachyderm.io")
    suspended = demo.account_id("badactor@spam.example")
    rels = api.account_relationships([alice, margaret, riverstone2, suspended, "999"])
    by_id = {r.id: r for r in rels}
    assert set(by_id) == {alice, margaret, riverstone2}  # unknown and suspended omitted
    assert by_id[alice].followed_by is True
    assert by_id[alice].following is False
    assert by_id[riverstone2].followed_by is False
    expected_keys = {
        "id", "following", "showing_reblogs", "notifying", "languages", "followed_by",
        "blocking", "blocked_by", "muting", "muting_notifications", "muting_expires_at",
        "requested", "requested_by", "domain_blocking", "endorsed", "note",
    }  # fmt: skip
    assert set(by_id[alice].keys()) == expected_keys
    with_suspended = api.account_relationships([suspended], with_suspended=True)
    assert [r.id for r in with_suspended] == [suspended]


def test_follow_unlocked_locked_and_errors(demo: Sandbox, api: Mastodon) -> None:
    alice = demo.account_id("alice")
    rel = api.account_follow(alice)
    assert rel.following is True
    assert rel.requested is False
    assert rel.followed_by is True
    assert api.account_follow(alice).following is True  # idempotent
    assert demo.following_of_bot() == [alice]
    pat = demo.account_id("private_pat@mastodon.social")
    rel = api.account_follow(pat)
    assert rel.requested is True
    assert rel.following is False
    assert demo.pending_follow_requests_from_bot() == [pat]
    demo.accept_follow_request(pat)
    assert api.account_relationships([pat])[0].following is True
    with pytest.raises(MastodonNotFoundError):
        api.account_follow(demo.account_id("badactor@spam.example"))
    with pytest.raises(MastodonNotFoundError):
        api.account_follow(demo.bot_account_id)
    with pytest.raises(MastodonAPIError) as info:
        api.account_follow(demo.account_id("riverstone@fosstodon.org"))
    assert info.value.args[1] == 403
    assert info.value.args[3] == "This action is not allowed"
    jonas = demo.account_id("jonas@chaos.social")
    demo.block_bot(jonas)
    with pytest.raises(MastodonAPIError) as info:
        api.account_follow(jonas)
    assert info.value.args[1] == 403
    assert api.account_relationships([jonas])[0].blocked_by is True
    rel = api.account_unfollow(alice)
    assert rel.following is False


def test_async_remote_follows(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(followers_scenario(2, async_follows=True))
    api = make_client(sb)
    target = sb.account_id("f0@remote.example")
    rel = api.account_follow(target)
    assert rel.following is True
    assert rel.requested is False
    stored = api.account_relationships([target])[0]
    assert stored.following is False
    assert stored.requested is True
    assert sb.complete_pending_follows() == 1
    stored = api.account_relationships([target])[0]
    assert stored.following is True
    assert stored.requested is False


def test_incoming_follow_requests_when_bot_locked(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    sb = make_sandbox(scenario(bot={"username": "welcome", "locked": True}))
    api = make_client(sb)
    ids = [sb.add_account(username=f"r{i}", follows_bot=True) for i in range(3)]
    assert sb.followers_of_bot() == []
    assert [n.type for n in api.notifications()] == ["follow_request"] * 3
    page = api.follow_requests(limit=2)
    assert [a.id for a in page] == [ids[2], ids[1]]
    assert [a.id for a in api.fetch_next(page)] == [ids[0]]
    rel = api.follow_request_authorize(ids[0])
    assert rel.followed_by is True
    api.follow_request_reject(ids[1])
    assert sb.followers_of_bot() == [ids[0]]
    assert [a.id for a in api.follow_requests()] == [ids[2]]


# ---------------------------------------------------------------------------- statuses


def test_direct_status_reaches_exactly_mentions(demo: Sandbox, api: Mastodon) -> None:
    text = "Welcome @alice and @jonas@chaos.social! (not @ghost@nowhere.example)"
    status = api.status_post(text, visibility="direct", language="en")
    assert status.visibility == "direct"
    assert status.language == "en"
    assert {m.acct for m in status.mentions} == {"alice", "jonas@chaos.social"}
    assert status.content.startswith("<p>")
    assert 'class="u-url mention"' in status.content
    assert status.application.name == "welcomebot"
    assert demo.direct_recipients(status.id) == {
        demo.account_id("alice"),
        demo.account_id("jonas@chaos.social"),
    }
    [posted] = demo.statuses_by_bot()
    assert posted["id"] == status.id
    assert posted["visibility"] == "direct"
    assert posted["mentions"] == [demo.account_id("alice"), demo.account_id("jonas@chaos.social")]
    assert api.status(status.id).id == status.id
    assert api.me().statuses_count == 1
    with pytest.raises(MastodonAPIError) as info:
        api.status_post("   ")
    assert info.value.args[1] == 422


def test_idempotency_key_returns_original(demo: Sandbox, api: Mastodon) -> None:
    first = api.status_post("@alice welcome!", visibility="direct", idempotency_key="welcome-1")
    again = api.status_post("@alice welcome!", visibility="direct", idempotency_key="welcome-1")
    assert again.id == first.id
    assert len(demo.statuses_by_bot()) == 1
    assert demo.statuses_by_bot()[0]["idempotency_key"] == "welcome-1"
    posts = demo.requests("POST", "/api/v1/statuses")
    assert [r.idempotent_replay for r in posts] == [False, True]
    assert all(r.idempotency_key == "welcome-1" for r in posts)
    other = api.status_post("@alice welcome!", visibility="direct", idempotency_key="welcome-2")
    assert other.id != first.id


def test_idempotency_expires_after_an_hour(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    now = [datetime(2025, 1, 1, 12, 0, tzinfo=UTC)]
    sb = make_sandbox("minimal", clock=lambda: now[0])
    api = make_client(sb)
    first = api.status_post("hello", idempotency_key="k")
    now[0] += timedelta(minutes=61)
    assert api.status_post("hello", idempotency_key="k").id != first.id


def test_account_statuses(demo: Sandbox, api: Mastodon) -> None:
    acme = demo.account_id("acmecorp@mastodon.social")
    statuses = api.account_statuses(acme)
    assert [s.application.name for s in statuses] == ["dlvr.it", "dlvr.it"]
    assert statuses[0].created_at > statuses[1].created_at
    assert statuses[0].reblog is None
    assert statuses[0].card is None
    page = api.account_statuses(acme, limit=1)
    assert [s.id for s in api.fetch_next(page)] == [statuses[1].id]
    sb_status = api.account_statuses(demo.account_id("alice"))
    assert [t.name for t in sb_status[0].tags] == ["introduction"]
    new = demo.add_account(
        username="replier",
        statuses=[
            {"text": "a reply", "in_reply_to_bot": True},
            {"text": "boosted", "reblog": True},
            {"text": "plain"},
        ],
    )
    assert len(api.account_statuses(new)) == 3
    assert len(api.account_statuses(new, exclude_replies=True)) == 2
    kept = api.account_statuses(new, exclude_replies=True, exclude_reblogs=True)
    assert [s.content for s in kept] == ["<p>plain</p>"]
    reply = api.account_statuses(new)[0]
    assert reply.in_reply_to_account_id == demo.bot_account_id


# ---------------------------------------------------------------------------- lists


def test_lists(demo: Sandbox, api: Mastodon) -> None:
    with pytest.raises(MastodonAPIError) as info:
        api.list_create("")
    assert info.value.args[1] == 422
    lst = api.list_create("Newcomers", exclusive=False)
    assert lst.replies_policy == "list"
    assert lst.exclusive is False
    alice, lucia = demo.account_id("alice"), demo.account_id("lucia")
    with pytest.raises(MastodonNotFoundError) as nf:
        api.list_accounts_add(lst.id, [alice])
    assert nf.value.args[3] == "Record not found"
    api.account_follow(alice)
    # all-or-nothing: lucia is not followed, so alice is not added either
    with pytest.raises(MastodonNotFoundError):
        api.list_accounts_add(lst.id, [alice, lucia])
    assert demo.lists()[lst.id]["members"] == []
    # a pending request is not enough in the sandbox
    pat = demo.account_id("private_pat@mastodon.social")
    api.account_follow(pat)
    with pytest.raises(MastodonNotFoundError):
        api.list_accounts_add(lst.id, [pat])
    api.list_accounts_add(lst.id, [alice])
    with pytest.raises(MastodonAPIError) as dup:
        api.list_accounts_add(lst.id, [alice])
    assert dup.value.args[1] == 422
    assert dup.value.args[3] == "Validation failed: Account has already been taken"
    assert [a.id for a in api.list_accounts(lst.id)] == [alice]
    assert [x.id for x in api.lists()] == [lst.id]
    assert api.list_update(lst.id, "Welcome list").title == "Welcome list"
    api.account_unfollow(alice)
    assert demo.lists()[lst.id] == {"title": "Welcome list", "members": []}
    api.list_delete(lst.id)
    with pytest.raises(MastodonNotFoundError):
        api.list(lst.id)


# ---------------------------------------------------------------------------- auth, errors, limits


def test_bad_token_is_401_and_logged(demo: Sandbox, make_client: MakeClient) -> None:
    bad = make_client(demo, token="not-a-token")
    with pytest.raises(MastodonUnauthorizedError) as info:
        bad.notifications()
    assert info.value.args[1] == 401
    # Mastodon.py 2.3.3 drops the error text for list-returning endpoints; entity ones keep it
    with pytest.raises(MastodonUnauthorizedError) as info:
        bad.me()
    assert info.value.args[3] == "The access token is invalid"
    with pytest.raises(MastodonUnauthorizedError):
        bad.account(demo.account_id("alice"))  # public read with an invalid token
    anonymous = requests.get(demo.url + "/api/v1/accounts/" + demo.account_id("alice"), timeout=5)
    assert anonymous.status_code == 200
    assert "X-RateLimit-Limit" not in anonymous.headers
    anonymous.close()
    record = demo.requests(path_prefix="/api/v1/notifications")[0]
    assert record.status == 401
    assert record.authorized is False


def test_not_found(demo: Sandbox, api: Mastodon) -> None:
    with pytest.raises(MastodonNotFoundError):
        api.account("123")
    with pytest.raises(MastodonNotFoundError):
        api.status("109000000000009999")
    resp = requests.get(demo.url + "/api/v1/nonsense", timeout=5)
    assert resp.status_code == 404
    assert "error" in resp.json()
    resp.close()


def test_rate_limit_429(demo: Sandbox, api: Mastodon) -> None:
    demo.rate_limit = (3, 300)
    resp = requests.get(
        demo.url + "/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {demo.token}"},
        timeout=5,
    )
    assert resp.headers["X-RateLimit-Limit"] == "3"
    assert resp.headers["X-RateLimit-Remaining"] == "2"
    reset = resp.headers["X-RateLimit-Reset"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", reset)
    assert "Date" in resp.headers
    resp.close()
    api.me()
    api.me()
    assert api.ratelimit_remaining == 0
    with pytest.raises(MastodonRatelimitError):
        api.me()
    assert demo.request_log[-1].status == 429
    demo.rate_limit = None
    assert api.me().id == demo.bot_account_id


def test_rate_limit_window_follows_sandbox_clock(
    make_sandbox: MakeSandbox, make_client: MakeClient
) -> None:
    now = [datetime(2025, 3, 1, 10, 0, 10, tzinfo=UTC)]
    sb = make_sandbox("empty", clock=lambda: now[0])
    sb.rate_limit = (1, 60)
    api = make_client(sb)
    api.me()
    with pytest.raises(MastodonRatelimitError):
        api.me()
    now[0] += timedelta(seconds=60)  # next fixed bucket
    assert api.me().acct == "welcome"


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("500", MastodonInternalServerError),
        ("502", MastodonBadGatewayError),
        ("503", MastodonServiceUnavailableError),
        ("429", MastodonRatelimitError),
        ("drop", MastodonNetworkError),
        ("malformed", MastodonAPIError),
    ],
)
def test_faults(kind: str, error: type[Exception], demo: Sandbox, api: Mastodon) -> None:
    demo.inject(Fault(kind, path=r"^/api/v1/accounts/\w+/follow$", method="POST"))
    alice = demo.account_id("alice")
    with pytest.raises(error):
        api.account_follow(alice)
    assert demo.following_of_bot() == []  # the faulted request changed nothing
    assert demo.request_log[-1].fault == kind
    assert api.account_follow(alice).following is True  # times=1: next one passes
    assert demo.request_log[-1].fault is None


def test_malformed_error_message(demo: Sandbox, api: Mastodon) -> None:
    demo.inject(Fault("malformed", path="notifications"))
    with pytest.raises(MastodonAPIError, match="Could not parse response as JSON"):
        api.notifications()


def test_timeout_and_slow_faults(demo: Sandbox, make_client: MakeClient) -> None:
    impatient = make_client(demo, timeout=0.5)
    demo.inject(Fault("timeout", path="verify_credentials", delay=1.0))
    with pytest.raises(MastodonNetworkError):  # the client gave up; the server answers later
        impatient.me()
    demo.inject(Fault("slow", path="verify_credentials", delay=0.2, times=None))
    patient = make_client(demo, timeout=30)  # the slow reply must not meet a timeout
    started = time.monotonic()
    assert patient.me().id == demo.bot_account_id
    assert time.monotonic() - started >= 0.2  # a lower bound: the server did wait
    demo.clear_faults()
    deadline = time.monotonic() + 30
    while not any(r.fault == "timeout" for r in demo.request_log) and time.monotonic() < deadline:
        time.sleep(0.05)
    faults = [r.fault for r in demo.requests(path_prefix="/api/v1/accounts/verify")]
    assert sorted(f or "" for f in faults) == ["slow", "timeout"]


def test_fault_times_and_order(demo: Sandbox, api: Mastodon) -> None:
    demo.inject(Fault("503", path="notifications", times=2))
    demo.inject(Fault("500", path="notifications", times=None))
    with pytest.raises(MastodonServiceUnavailableError):
        api.notifications()
    with pytest.raises(MastodonServiceUnavailableError):
        api.notifications()
    with pytest.raises(MastodonInternalServerError):
        api.notifications()
    demo.clear_faults()
    assert api.notifications()
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("404")


def test_request_log_contents(demo: Sandbox, api: Mastodon) -> None:
    demo.clear_request_log()
    alice = demo.account_id("alice")
    api.account_follow(alice, reblogs=False)
    api.notifications(types=["follow", "mention"], limit=5)
    api.account_relationships([alice])
    follow, notes, rels = demo.request_log
    assert follow.method == "POST"
    assert follow.path == f"/api/v1/accounts/{alice}/follow"
    assert follow.form == {"reblogs": ["0"], "notify": ["0"]}
    assert follow.status == 200
    assert follow.authorized
    assert follow.fault is None
    assert follow.at.tzinfo is not None
    assert notes.query == {"types[]": ["follow", "mention"], "limit": ["5"]}
    assert rels.query == {"id[]": [alice]}
    assert demo.requests("GET") == [notes, rels]
    assert demo.requests(path_prefix="/api/v1/notifications") == [notes]


def test_instance_endpoints(demo: Sandbox, api: Mastodon) -> None:
    assert api.instance_v2().api_versions["mastodon"] == 6
    assert api.instance_v1().uri == "sandbox.example"
    assert {r.path for r in demo.request_log} == {"/api/v2/instance/", "/api/v1/instance/"}


# ---------------------------------------------------------------------------- flavours


def test_gotosocial_flavour(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(followers_scenario(3, flavour="gotosocial"))
    api = make_client(sb)
    ids = [n.id for n in api.notifications()]
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", i) for i in ids)
    assert ids == sorted(ids, reverse=True)
    account = sb.account_json(sb.account_id("f0@remote.example"))
    for key in ("noindex", "indexable", "limited", "memorial", "uri"):
        assert key not in account
    sb.set_account(account["id"], avatar="default")
    avatar = sb.account_json(account["id"])["avatar"]
    assert re.fullmatch(
        re.escape(sb.url) + r"/assets/default_avatars/GoToSocial_icon[1-6]\.webp", avatar
    )
    assert sb.account_json(account["id"])["avatar"] == avatar  # stable
    with pytest.raises(MastodonNotFoundError):
        api.notifications_policy()
    with pytest.raises(MastodonNotFoundError):
        api.account_relationships([account["id"], "01ARZ3NDEKTSV4RRFFQ69G5FAV"])
    assert len(api.account_relationships([account["id"]])) == 1
    with pytest.raises(MastodonNotFoundError):
        api.instance_v1()  # trailing slash 404s on GoToSocial
    lst = api.list_create("x")
    with pytest.raises(MastodonNotFoundError, match="not currently followed"):
        api.list_accounts_add(lst.id, [account["id"]])
    assert api.account_follow(account["id"]).following is True
    api.list_accounts_add(lst.id, [account["id"]])
    page = api.notifications(limit=2)
    assert len(api.fetch_next(page)) == 1


def test_akkoma_flavour(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(followers_scenario(45, flavour="akkoma"))
    api = make_client(sb)
    sb.mention_bot(sb.account_id("f0@remote.example"), "hello")
    mentions_only = api.notifications(types=["mention"])
    assert {n.type for n in mentions_only} == {"follow", "mention"}  # types[] ignored
    assert len(mentions_only) == 20  # default limit 20
    assert len(api.notifications(limit=80)) == 40  # silently capped at 40
    resp = requests.get(
        sb.url + "/api/v1/notifications",
        params={"include_types[]": "mention"},
        headers={"Authorization": f"Bearer {sb.token}"},
        timeout=5,
    )
    assert [n["type"] for n in resp.json()] == ["mention"]
    assert not any(h.lower().startswith("x-ratelimit") for h in resp.headers)
    resp.close()
    account = sb.account_json(sb.account_id("f1@remote.example"))
    for key in ("group", "discoverable", "noindex", "indexable", "roles"):
        assert key not in account
    assert account["fqn"] == "f1@remote.example"
    assert "pleroma" in account
    assert len(account["id"]) == 22
    sb.block_bot(account["id"])
    assert api.account_relationships([account["id"]])[0].blocked_by is False
    lst = api.list_create("anyone")
    raw = requests.get(
        f"{sb.url}/api/v1/lists/{lst.id}",
        headers={"Authorization": f"Bearer {sb.token}"},
        timeout=5,
    )
    assert set(raw.json()) == {"id", "title"}
    raw.close()
    api.list_accounts_add(lst.id, [sb.account_id("f2@remote.example")])  # no follow needed
    sb.rate_limit = (1, 300)
    api.me()
    with pytest.raises(MastodonRatelimitError):
        api.me()  # akkoma still 429s, without X-RateLimit headers


def test_snac_flavour(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(followers_scenario(3, flavour="snac"))
    api = make_client(sb, retry_gets=True)  # snac drops kept-alive connections
    assert api.account_followers(sb.bot_account_id) == []
    ids = [sb.account_id(f"f{i}@remote.example") for i in range(3)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    rels = api.account_relationships(ids)
    assert [r.id for r in rels] == [ids[0]]
    assert len(api.notifications()) == 1  # without a limit, one item
    notes = api.notifications(limit=40)
    assert all(n.id.isdigit() for n in notes)  # timestamps, compared as strings
    assert len(api.notifications(since_id=notes[1].id, limit=40)) == 3  # since_id ignored
    assert [n.id for n in api.notifications(min_id=notes[1].id, limit=40)] == [notes[0].id]
    sb.set_account(ids[0], locked=True, avatar="default")
    account = sb.account_json(ids[0])
    assert account["locked"] is False
    assert account["last_status_at"] == datetime.now(UTC).date().isoformat()
    assert account["avatar"] == f"{sb.url}/susie.png"
    with pytest.raises(MastodonNotFoundError):
        api.instance_v1()


def test_takahe_flavour(make_sandbox: MakeSandbox, make_client: MakeClient) -> None:
    sb = make_sandbox(scenario(flavour="takahe", bot={"username": "welcome", "locked": True}))
    api = make_client(sb)
    requester = sb.add_account(username="asker", follows_bot=True, avatar="default")
    assert sb.follow_requests_to_bot() == [requester]
    assert api.notifications() == []  # no follow_request type on Takahē
    assert api.lists() == []
    with pytest.raises(MastodonAPIError) as refused:
        api.list_create("nope")
    assert refused.value.args[1] == 405
    with pytest.raises(MastodonNotFoundError):
        api.account_relationships([requester, "1"])
    account = sb.account_json(requester)
    assert account["last_status_at"] is None
    assert account["avatar"] == f"{sb.url}/static/img/unknown-icon-128.png"
    resp = requests.get(
        sb.url + "/api/v1/notifications",
        headers={"Authorization": f"Bearer {sb.token}"},
        timeout=5,
    )
    assert "X-RateLimit-Limit" not in resp.headers
    resp.close()


# ---------------------------------------------------------------------------- OAuth, CLI, scenarios


def test_oauth_login_flow(demo: Sandbox, make_client: MakeClient) -> None:
    client_id, client_secret = Mastodon.create_app("welcomebot-login", api_base_url=demo.url)
    app_api = Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=demo.url,
        version_check_mode="none",
        request_timeout=5,
    )
    url = app_api.auth_request_url(scopes=["read", "write", "follow"], skip_server_info=True)
    page = requests.get(url, timeout=5)
    code = re.search(r'id="authorization-code">([^<]+)<', page.text)
    page.close()
    assert code is not None
    token = app_api.log_in(code=code.group(1), scopes=["read", "write", "follow"])
    app_api.session.close()
    user = make_client(demo, token=token)
    assert user.me().id == demo.bot_account_id
    assert user.app_verify_credentials().name == "welcomebot-login"
    with pytest.raises(MastodonIllegalArgumentError):
        Mastodon(
            client_id=client_id,
            client_secret=client_secret,
            api_base_url=demo.url,
            request_timeout=5,
        ).log_in(code="wrong", scopes=["read"])


def test_standalone_cli(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.sandbox", "--scenario", "minimal", "--port", "0",
         "--print-token", "--token-file", str(token_file)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url_line = proc.stdout.readline().strip()
        token_line = proc.stdout.readline().strip()
        assert url_line.startswith("url=http://127.0.0.1:")
        token = token_line.removeprefix("token=")
        assert token_file.read_text().strip() == token
        assert os.stat(token_file).st_mode & 0o777 == 0o600
        api = Mastodon(
            api_base_url=url_line.removeprefix("url="),
            access_token=token,
            version_check_mode="none",
            request_timeout=5,
        )
        assert api.me().acct == "welcome"
        api.session.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert proc.stdout is not None
        proc.stdout.close()


def test_scenario_validation(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown key 'folows_bot'"):
        load_scenario({"accounts": [{"username": "a", "folows_bot": True}]})
    with pytest.raises(ValueError, match="unknown flavour"):
        load_scenario({"flavour": "misskey"})
    with pytest.raises(ValueError, match="unknown scenario"):
        load_scenario("no-such-scenario")
    path = tmp_path / "custom.yaml"
    path.write_text("accounts:\n  - {username: zed, follows_bot: true, notify: false}\n")
    sb = Sandbox.from_scenario(path)
    assert sb.followers_of_bot() == [sb.account_id("zed")]
    assert sb.notifications() == []  # notify: false = a missed notification
    assert Sandbox.from_scenario("empty").followers_of_bot() == []


def test_context_manager_and_state_helpers(make_client: MakeClient) -> None:
    with Sandbox.from_scenario("minimal") as sb:
        api = make_client(sb)
        newbie = sb.account_id("newbie")
        sb.set_account(newbie, note="Now with #nobot", suspended=False, display_name="N")
        assert api.account(newbie).note == "<p>Now with #nobot</p>"
        sb.unfollow_bot(newbie)
        assert api.account_relationships([newbie])[0].followed_by is False
        url = sb.url
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/api/v1/instance", timeout=2)
