"""Under every kind of server trouble the bot keeps going, backs off and finishes later:
every follower judged once, every due action done once."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.sandbox import Fault, Sandbox
from tests.conftest import BotFactory, FakeClock

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
