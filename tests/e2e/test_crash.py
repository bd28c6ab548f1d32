"""Crash safety: SIGKILL the bot at random points in a burst, restart, and prove that
every follower was judged once, every follow happened, and no DM went out twice."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bot.sandbox import Fault, Sandbox

KILLS = 20
NEWCOMERS = 300


def test_sigkill_at_random_points_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    seed = int(os.environ.get("WELCOMEBOT_CRASH_SEED", "20261126"))
    rng = random.Random(seed)
    scenario = {"domain": "sandbox.example", "bot": {"username": "welcome"}, "accounts": []}
    with Sandbox(scenario) as sb:
        sb.rate_limit = None  # the server's limits are tested elsewhere; this is about crashes
        # A slightly slow server spreads the sending over many seconds, so kills land in it.
        sb.inject(Fault("slow", path=r"^/api/v1/statuses$", method="POST", times=None, delay=0.04))
        newcomers = sb.generate_followers(
            NEWCOMERS,
            {"created_days_ago": 3, "followers_count": 2, "avatar": "custom", "statuses_count": 1},
            prefix="new",
        )
        bots = sb.generate_followers(25, {"bot": True, "created_days_ago": 400}, prefix="bot")
        opted = sb.generate_followers(
            25,
            {"note": "Human. #nobot", "created_days_ago": 5, "statuses_count": 1},
            prefix="quiet",
        )
        config = tmp_path / "config.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "instance": {"url": sb.url, "request_timeout": "5s"},
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
        env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": sb.token}
        command = [sys.executable, "-m", "bot", "once", "--config", str(config)]
        interrupted = 0
        mid_sending = 0  # kills that landed while DMs were going out

        def sent() -> int:
            return sum(1 for s in sb.statuses_by_bot() if s["visibility"] == "direct")

        for _ in range(KILLS):
            before = sent()
            proc = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.3, 2.5))
            if proc.poll() is None:
                interrupted += 1
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            if before < sent() < NEWCOMERS:
                mid_sending += 1
        finishing = 0
        while finishing < 10:
            finishing += 1
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            if '"actions": {}' in done.stdout and '"new_followers": 0' in done.stdout:
                break
        # What the server saw.
        dm_mentions = [
            m for s in sb.statuses_by_bot() if s["visibility"] == "direct" for m in s["mentions"]
        ]
        assert sorted(dm_mentions) == sorted(newcomers)  # every newcomer welcomed, once
        assert sorted(sb.following_of_bot()) == sorted(newcomers)  # no follow lost
        assert not set(bots + opted) & set(sb.following_of_bot())
        # What the bot recorded.
        with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
            assert db.execute("pragma integrity_check").fetchone() == ("ok",)
            judged = dict(
                db.execute(
                    "select account_id, count(*) from decisions where trigger = 'notification' "
                    "group by account_id"
                ).fetchall()
            )
            open_actions = db.execute(
                "select count(*) from actions where status in ('pending', 'in_flight')"
            ).fetchone()[0]
        assert set(judged) == set(newcomers + bots + opted)  # every follower judged
        assert set(judged.values()) == {1}  # and judged once
        assert open_actions == 0
        assert mid_sending >= 3  # the kills really hit the sending, not just start-up
        print(
            f"\ncrash test: seed {seed}, {KILLS} SIGKILLs ({interrupted} mid-run, "
            f"{mid_sending} while DMs were going out), {finishing} clean runs to finish, "
            f"{len(dm_mentions)} DMs, no duplicates"
        )
