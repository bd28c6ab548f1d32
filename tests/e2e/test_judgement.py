"""Judgement in the live loop: what gets fetched, conversation, and replaying decisions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from bot.config import config_from_mapping
from bot.judge import Policy
from bot.replay import replay
from bot.sandbox import Sandbox
from tests.conftest import BotFactory


def statuses_requests(sb: Sandbox) -> list[str]:
    return [r.path for r in sb.request_log if r.path.endswith("/statuses") and r.method == "GET"]


def test_posts_are_fetched_only_when_a_rule_needs_them(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    feed = sandbox.add_account(
        username="newsfeed",
        domain="news.example",
        display_name="Daily Headlines",
        note="Headlines from around the web.",
        created_days_ago=10,
        followers_count=12,
        statuses_count=140,
        statuses=[
            {
                "text": f"Headline number {i}: something happened https://news.example/a/{i}",
                "days_ago": 0,
            }
            for i in range(12)
        ],
    )
    quiet = sandbox.add_account(
        username="quiet",
        display_name="Quiet Person",
        note="Just lurking for now.",
        created_days_ago=3,
        followers_count=1,
        statuses_count=2,
    )
    opted = sandbox.add_account(
        username="busy_but_no",
        note="Posting a lot. #nobot",
        created_days_ago=5,
        followers_count=3,
        statuses_count=400,
    )
    for account in (feed, quiet, opted):
        sandbox.follow_bot(account)
    app = make_bot()
    app.bot.run_cycle()
    fetched = statuses_requests(sandbox)
    assert fetched == [f"/api/v1/accounts/{feed}/statuses"]
    rows = {row.account_id: row for row in app.store.overview()}
    assert (rows[feed].outcome, rows[feed].category) == ("skip", "automated")
    assert rows[quiet].outcome == "follow"
    assert rows[opted].category == "opted_out"
    assert feed not in sandbox.following_of_bot()


def test_people_who_talk_to_the_bot_are_followed_even_when_established(
    sandbox: Sandbox, make_bot: BotFactory
) -> None:
    regular = sandbox.add_account(
        username="regular",
        domain="mastodon.social",
        display_name="Sam",
        note="Teacher. Been here for years.",
        created_days_ago=2000,
        followers_count=850,
    )
    stranger = sandbox.add_account(
        username="stranger",
        domain="mastodon.social",
        display_name="Kim",
        note="Been here for years.",
        created_days_ago=2000,
        followers_count=850,
    )
    sandbox.mention_bot(regular, "@welcome thanks for the tips!", visibility="public")
    sandbox.follow_bot(regular)
    sandbox.follow_bot(stranger)
    app = make_bot()
    app.bot.run_cycle()
    rows = {row.account_id: row for row in app.store.overview()}
    assert (rows[regular].outcome, rows[regular].category) == ("follow", "conversation")
    assert (rows[stranger].outcome, rows[stranger].category) == ("skip", "established_human")
    assert regular in sandbox.following_of_bot()
    assert stranger not in sandbox.following_of_bot()


def test_replay_shows_what_a_config_change_would_flip(
    sandbox: Sandbox, make_bot: BotFactory, tmp_path: Path
) -> None:
    veteran = sandbox.add_account(
        username="veteran", domain="mastodon.social", created_days_ago=3000, followers_count=900
    )
    sandbox.follow_bot(veteran)
    app = make_bot()
    app.bot.run_cycle()
    same = replay(app.store, app.bot.policy)
    assert same.total == 4
    assert same.changes == []
    humans = Policy.from_config(
        config_from_mapping(
            {
                "instance": {"url": sandbox.url},
                "follow_back": {"who": "humans"},
                "deny": {"accounts": ["newbie@127.0.0.1"]},
            }
        )
    )
    changed = replay(app.store, humans)
    flips = {c.acct: (c.before["action"], c.after.outcome.value) for c in changed.changes}
    assert flips == {"veteran@mastodon.social": ("skip", "follow"), "newbie": ("follow", "skip")}
    # nothing was written or sent by replaying
    assert replay(app.store, app.bot.policy).changes == []

    config = tmp_path / "replay.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "instance": {"url": sandbox.url},
                "storage": {"database": str(tmp_path / "bot.sqlite3")},
                "follow_back": {"who": "humans"},
            }
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "replay", "--config", str(config), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["acct"], x["before"]["action"], x["after"]["action"]) for x in lines] == [
        ("veteran@mastodon.social", "skip", "follow")
    ]
