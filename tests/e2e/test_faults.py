"""Under every kind of server trouble the bot keeps going, backs off and finishes later:
every follower judged once, every due action done once."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.config import load_config
from bot.sandbox import Fault, Sandbox
from bot.wiring import build_app
from tests.conftest import BotFactory, FakeClock
from tests.forked import KILLED, ForkServer

KINDS = ["500", "502", "503", "429", "drop", "malformed", "timeout", "slow"]
PATHS = [
    r"^/api/v1/notifications$",
    r"^/api/v1/accounts/relationships$",
    r"^/api/v1/accounts/[^/]+/follow$",
    r"^/api/v1/statuses$",
    r"^/api/v1/accounts/[^/]+/statuses$",
    r"^/api/v1/accounts$",
    "",
]


@pytest.fixture
def scenario() -> dict[str, object]:
    return {"domain": "sandbox.example", "bot": {"username": "welcome"}, "accounts": []}


@pytest.mark.heavy
def test_random_faults_everywhere_still_end_with_everything_done_once(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    rng = random.Random(7)
    newcomers = sandbox.generate_followers(
        120,
        {"created_days_ago": 2, "followers_count": 1, "avatar": "custom", "statuses_count": 1},
        prefix="n",
    )
    robots = sandbox.generate_followers(10, {"bot": True}, prefix="r")
    app = make_bot(instance={"request_timeout": "1s"}, follow_back={"delay": "30m"})
    injected = 0
    cycles = 0
    for cycles in range(1, 120):
        if cycles <= 60:  # trouble for the first half of the run, then calm
            for _ in range(3):
                kind = rng.choice(KINDS)
                delay = 1.5 if kind == "timeout" else 0.05
                sandbox.inject(Fault(kind, path=rng.choice(PATHS), times=1, delay=delay))
                injected += 1
        app.bot.run_cycle()
        clock.advance(timedelta(minutes=rng.choice([5, 10, 20])))
        if cycles > 60:
            sandbox.clear_faults()
            dms = [s for s in sandbox.statuses_by_bot() if s["visibility"] == "direct"]
            if len(dms) == len(newcomers) and not app.store.queue_depth():
                break
    faulted = [r for r in sandbox.request_log if r.fault]
    assert len(faulted) >= 50
    assert {r.fault for r in faulted} == set(KINDS)  # every kind of trouble was met
    assert sorted(sandbox.following_of_bot()) == sorted(newcomers)
    mentions = [
        m for s in sandbox.statuses_by_bot() if s["visibility"] == "direct" for m in s["mentions"]
    ]
    assert sorted(mentions) == sorted(newcomers)  # each welcomed exactly once
    judged = [r.acct for r in app.store.history(limit=10000) if r.trigger == "notification"]
    assert len(judged) == len(set(judged)) == len(newcomers) + len(robots)
    assert app.store.queue_depth() == {}
    print(
        f"\nfaults: {len(faulted)} faulted requests of {len(sandbox.request_log)} "
        f"over {cycles} cycles; all {len(newcomers)} newcomers followed and welcomed once"
    )


# A burst in which the bot is killed from its very first start (while it creates its
# database) and the server misbehaves all along. The kills are planned with
# WELCOMEBOT_TEST_CRASH_AT (bot/testhooks.py), the faults drawn from a seeded generator.
FAULTS_PER_START = 1
KILL_PLAN = [
    "migration:3",
    "migration:16",
    "migration:26",
    "outbox:1",
    "outbox-uncommitted:3",
    "outbox:8",
    "outbox-uncommitted:20",
    "outbox:33",
    "outbox-uncommitted:12",
    "outbox:5",
]


@pytest.mark.heavy
@pytest.mark.timeout(600)  # 10 process starts; can take more than 120 s on a busy machine
def test_kills_from_the_first_start_amid_faults_lose_nothing_and_double_nothing(
    tmp_path: Path,
) -> None:
    rng = random.Random(13)
    scenario = {"domain": "sandbox.example", "bot": {"username": "welcome"}, "accounts": []}
    with Sandbox(scenario) as sb:
        # Rate headers on every reply (as Mastodon sends them) but a window too wide to
        # be reached: the window runs on real time, and the limits are tested elsewhere.
        sb.rate_limit = (1_000_000, 300.0)
        newcomers = sb.generate_followers(
            60,
            {"created_days_ago": 2, "followers_count": 1, "avatar": "custom", "statuses_count": 1},
            prefix="n",
        )
        robots = sb.generate_followers(6, {"bot": True}, prefix="r")
        config = tmp_path / "config.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    # a generous timeout: a busy machine must not add faults of its own
                    "instance": {"url": sb.url, "request_timeout": "3s"},
                    "storage": {"database": "bot.sqlite3"},
                    "follow_back": {"delay": "0s"},
                    "budgets": {
                        "follows_per_hour": 400,
                        "follows_per_day": 400,
                        "dms_per_hour": 300,
                        "dms_per_day": 2400,
                    },
                    "logging": {"level": "WARNING", "format": "json"},
                }
            )
        )
        env = {"WELCOMEBOT_ACCESS_TOKEN": sb.token}
        codes = []
        with ForkServer() as starts:  # each start is a process of its own, forked
            for crash_at in KILL_PLAN:
                for _ in range(FAULTS_PER_START):
                    kind = rng.choice(KINDS)
                    delay = 3.5 if kind == "timeout" else 0.05
                    sb.inject(Fault(kind, path=rng.choice(PATHS), times=1, delay=delay))
                run = starts.welcomebot("once", "--config", str(config), env=env, crash_at=crash_at)
                assert run.returncode in (0, 1, KILLED), run.stderr  # never 2: nothing to fix
                assert "Traceback" not in run.stderr
                codes.append(run.returncode)
        # The faults left actions waiting out their back-off (1, 2, 4 ... minutes): the
        # rest runs in this process on an injected clock, five minutes a cycle, with
        # more faults for ten cycles, then calm.
        clock = FakeClock(datetime.now(UTC))
        app = build_app(load_config(config), token=sb.token, clock=clock)
        try:
            finishing = 0
            while finishing < 100:
                finishing += 1
                if finishing <= 10:
                    for _ in range(2):
                        kind = rng.choice(KINDS)
                        delay = 3.5 if kind == "timeout" else 0.05
                        sb.inject(Fault(kind, path=rng.choice(PATHS), times=1, delay=delay))
                else:
                    sb.clear_faults()
                app.bot.run_cycle()
                if finishing > 10 and not app.store.queue_depth():
                    break
                clock.advance(timedelta(minutes=5))
        finally:
            app.close()
        faulted = [r for r in sb.request_log if r.fault]
        mentions = [
            m for s in sb.statuses_by_bot() if s["visibility"] == "direct" for m in s["mentions"]
        ]
        assert sorted(mentions) == sorted(newcomers)  # each welcomed exactly once
        assert sorted(sb.following_of_bot()) == sorted(newcomers)
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        judged = db.execute(
            "select account_id, count(*) from decisions where trigger = 'notification' "
            "group by account_id"
        ).fetchall()
    assert len(judged) == len(newcomers) + len(robots)
    assert {count for _, count in judged} == {1}
    killed = codes.count(KILLED)
    assert killed >= 5 and 1 in codes  # kills reached, and starts ended by the faults
    assert len(faulted) >= 8
    print(
        f"\nkills amid faults: {len(KILL_PLAN)} planned, {killed} killed, "
        f"{codes.count(1)} ended by server trouble first; {len(faulted)} faulted requests; "
        f"{finishing} cycles to finish; {len(newcomers)} newcomers welcomed once"
    )
