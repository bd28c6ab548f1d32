"""``make bench``: what welcomebot costs, in requests first, then CPU and memory.

Runs against the sandbox (in-process with a simulated clock where time matters,
as a separate process where the bot's own memory is measured), compares a
naive follow-back bot, and writes ``bench/results.md``.

    python -m bench.run [--scale 0.1] [--out bench/results.md]

``--scale`` shrinks every population (for a quick look); the goals are for 1.0.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.config import config_from_mapping
from bot.cycle.judging import plan
from bot.judge import judge
from bot.model import FollowEvent, account_from_json
from bot.outbox import Judgement
from bot.sandbox import Sandbox
from bot.wiring import App, build_app

ROOT = Path(__file__).resolve().parents[1]
EMPTY = {"domain": "sandbox.example", "bot": {"username": "welcome"}, "accounts": []}
NEWCOMER = {"created_days_ago": 3, "followers_count": 2, "avatar": "custom", "statuses_count": 1}
WINDOW = timedelta(minutes=5)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Row:
    metric: str
    measured: str
    goal: str
    met: bool | None

    def cells(self) -> list[str]:
        verdict = {True: "yes", False: "**no**", None: "-"}[self.met]
        return [self.metric, self.measured, self.goal, verdict]


def make_app(sb: Sandbox, clock: Clock, workdir: Path, name: str, **config: Any) -> App:
    data = {
        "instance": {"url": sb.url, "request_timeout": "30s"},
        "storage": {"database": str(workdir / f"{name}.sqlite3")},
        "logging": {"level": "ERROR"},
        **config,
    }
    return build_app(config_from_mapping(data, base_dir=workdir), token=sb.token, clock=clock)


def sandbox_requests(sb: Sandbox) -> int:
    return len(sb.request_log)


# --------------------------------------------------------------------------- requests


def idle_poll(workdir: Path) -> list[Row]:
    clock = Clock()
    with Sandbox(EMPTY, clock=clock) as sb:
        sb.generate_followers(50, NEWCOMER)
        app = make_app(sb, clock, workdir, "idle", follow_back={"delay": "0s"})
        while True:  # until the 50 are followed and welcomed
            app.bot.run_cycle()
            clock.now += timedelta(minutes=5)
            if not app.store.queue_depth():
                break
        sb.clear_request_log()
        app.bot.run_cycle()
        app.close()
        n = sandbox_requests(sb)
    return [Row("requests per idle poll", str(n), "1", n == 1)]


def per_follower(workdir: Path, scale: float) -> list[Row]:
    rows = []
    n = max(40, int(240 * scale))
    budgets = {
        "follows_per_hour": 400,
        "follows_per_day": 400,
        "dms_per_hour": 300,
        "dms_per_day": 2400,
    }
    for dm in (True, False):
        for delay in ("0s", "1h"):
            clock = Clock()
            with Sandbox(EMPTY, clock=clock) as sb:
                name = f"pf-{dm}-{delay}"
                app = make_app(
                    sb,
                    clock,
                    workdir,
                    name,
                    budgets=budgets,
                    follow_back={"delay": delay},
                    welcome_dm={"enabled": dm},
                    reconcile={"enabled": False},
                )
                app.bot.run_cycle()  # the bot knows itself and its cursor
                sb.generate_followers(n, NEWCOMER)
                sb.clear_request_log()
                cycles = 0
                while cycles < 200:
                    cycles += 1
                    clock.now += WINDOW
                    app.bot.run_cycle()
                    if not app.store.queue_depth() and len(sb.following_of_bot()) == n:
                        break
                app.close()
                total = sandbox_requests(sb)
                actions = 2 if dm else 1
                # Every cycle polls once whatever happens (that is the idle cost, above);
                # what the followers add is everything else.
                per = (total - cycles) / n
                rows.append(
                    Row(
                        f"requests per new follower, {'with' if dm else 'without'} DM, "
                        f"delay {delay}",
                        f"{per:.3f} ({total} requests in {cycles} polls for {n} followers)",
                        f"{actions} + 0.1",
                        per <= actions + 0.1,
                    )
                )
    return rows


def initial_sync(workdir: Path, scale: float) -> list[Row]:
    n = int(50_000 * scale)
    floor = math.ceil(n / 80)
    clock = Clock()
    with Sandbox(EMPTY, clock=clock) as sb:
        sb.generate_followers(
            n, {**NEWCOMER, "notify": False, "created_days_ago": 400, "followers_count": 500}
        )
        app = make_app(sb, clock, workdir, "sync", follow_back={"delay": "1h"})
        app.bot.identity()
        sb.clear_request_log()
        start = clock.now
        started = time.perf_counter()
        while app.bot.reconcile().get("paused"):
            # wait for the next rate-limit window, as the scheduler would
            clock.now = start + WINDOW * (int((clock.now - start) / WINDOW) + 1)
        wall = time.perf_counter() - started
        requests = sandbox_requests(sb)
        simulated = clock.now - start
        judged = len(app.store.follower_ids())
        app.close()
    limit = 300
    floor_time = WINDOW * (math.ceil(floor / (limit - 5)) - 1)
    return [
        Row(
            f"initial sync of {n:,} followers: requests",
            f"{requests} ({judged:,} judged)",
            f"≤ {floor * 1.05:.0f} (floor {floor} pages, +5%)",
            requests <= floor * 1.05,
        ),
        Row(
            f"initial sync of {n:,} followers: simulated time at 300 req / 5 min",
            f"{simulated.total_seconds() / 60:.0f} min (wall {wall:.0f} s)",
            f"floor {floor_time.total_seconds() / 60:.0f} min",
            simulated <= floor_time + WINDOW,
        ),
    ]


# --------------------------------------------------------------------------- CPU


def cpu_per_follower(workdir: Path, scale: float) -> list[Row]:
    n = max(1000, int(10_000 * scale))
    clock = Clock()
    with Sandbox(EMPTY, clock=clock) as sb:
        ids = sb.generate_followers(n, NEWCOMER)
        raws = [sb.account_json(i) for i in ids[: min(n, 2000)]]
        app = make_app(sb, clock, workdir, "cpu", follow_back={"delay": "1h"})
        app.bot.identity()
        bot = app.bot
        events = []
        for i in range(n):
            raw = dict(raws[i % len(raws)], id=f"cpu{i}", acct=f"cpu{i}@x.example")
            events.append(FollowEvent(f"n{i}", "follow", account_from_json(raw), raw))
        started = time.process_time()
        for page in range(0, n, 80):
            batch = events[page : page + 80]
            judged = []
            for ev in batch:
                decision = judge(ev.account, None, None, bot.policy, clock.now)
                actions = plan(bot.ctx, ev, decision, None, clock.now, None)
                judged.append(Judgement(ev, decision, actions))
            app.store.record_batch(
                judged, now=clock.now, trigger="notification", dry_run=False, cursor=str(page)
            )
        cpu = time.process_time() - started
        app.close()
    per_ms = cpu / n * 1000
    return [
        Row(
            f"CPU per follower, judge + plan + record ({n:,} followers)",
            f"{per_ms:.2f} ms ({cpu:.1f} s in all)",
            "< 2 ms",
            per_ms < 2,
        )
    ]


# --------------------------------------------------------------------------- memory


def _serve(scenario: dict[str, Any], workdir: Path) -> tuple[subprocess.Popen[str], str, str]:
    path = workdir / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.sandbox", "--scenario", str(path), "--no-rate-limit"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip().removeprefix("url=")
    token = proc.stdout.readline().strip().removeprefix("token=")
    return proc, url, token


def _high_water_mb(pid: int) -> float | None:
    """VmHWM of a live process in MB: the peak RSS of its memory since its last exec."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def peak_rss_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command to its end; its own peak RSS in MB and its wall time.

    Not ``ru_maxrss`` from wait4: Linux carries a process's peak over ``exec``, so
    a child forked from this (large) bench process would report the bench's own
    size. ``VmHWM`` belongs to the memory the command itself mapped; it only ever
    grows, so the last reading before exit is the peak (sampled every 10 ms).
    """
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        reading = _high_water_mb(proc.pid)
        if reading is not None:
            peak = max(peak, reading)
        time.sleep(0.01)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed with status {proc.returncode}")
    wall = time.perf_counter() - started
    return peak, wall


def backlog_memory(workdir: Path, scale: float) -> list[Row]:
    rows = []
    sizes = sorted({max(1000, int(10_000 * scale)), max(2000, int(100_000 * scale))})
    peaks = []
    for n in sizes:
        batch = {"count": n, "template": NEWCOMER, "username_prefix": "b"}
        scenario = {**EMPTY, "generate": [batch]}
        server, url, token = _serve(scenario, workdir)
        try:
            config = workdir / f"backlog{n}.yaml"
            config.write_text(
                yaml.safe_dump(
                    {
                        "instance": {"url": url, "request_timeout": "60s"},
                        "storage": {"database": str(workdir / f"backlog{n}.sqlite3")},
                        "follow_back": {"delay": "1h"},
                        "logging": {"level": "ERROR"},
                    }
                )
            )
            env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": token}
            peak, wall = peak_rss_of(
                [sys.executable, "-m", "bot", "once", "--config", str(config)], env
            )
        finally:
            server.terminate()
            server.wait()
        peaks.append((n, peak, wall))
    for n, peak, wall in peaks:
        rows.append(
            Row(
                f"peak RSS, a backlog of {n:,} follow notifications (`welcomebot once`)",
                f"{peak:.0f} MB ({wall:.0f} s)",
                "< 150 MB",
                peak < 150,
            )
        )
    return rows


# --------------------------------------------------------------------------- naive bot


def naive_comparison(workdir: Path, scale: float) -> list[Row]:
    from mastodon import Mastodon

    from bench.naive import naive_poll

    rows = []
    for f in (1_000, 10_000, 50_000):
        n = max(100, int(f * scale))
        clock = Clock()
        with Sandbox(EMPTY, clock=clock) as sb:
            sb.rate_limit = None
            sb.generate_followers(n, {**NEWCOMER, "bot_follows": True})
            api = Mastodon(
                access_token=sb.token,
                api_base_url=sb.url,
                version_check_mode="none",
                ratelimit_method="throw",
            )
            me = api.account_verify_credentials()["id"]
            sb.clear_request_log()
            naive_poll(api, str(me))
            naive = sandbox_requests(sb)
            app = make_app(sb, clock, workdir, f"naive{n}", follow_back={"delay": "1h"})
            app.bot.run_cycle()  # reads the backlog once
            clock.now += timedelta(minutes=5)
            sb.clear_request_log()
            app.bot.run_cycle()
            ours = sandbox_requests(sb)
            app.close()
        # A full last page still links to a next one, which comes back empty.
        expected = 2 * (math.ceil(n / 80) + (1 if n % 80 == 0 else 0))
        rows.append(
            Row(
                f"requests per poll at {n:,} followers: naive bot vs welcomebot",
                f"{naive} vs {ours}",
                f"naive ≈ ceil(F/80)+ceil(G/80) (here {expected} pages); ours 1",
                naive == expected and ours == 1,
            )
        )
    return rows


# --------------------------------------------------------------------------- start-up


def help_start_time() -> list[Row]:
    exe = shutil.which("welcomebot") or str(Path(sys.executable).parent / "welcomebot")
    times = []
    for _ in range(11):
        started = time.perf_counter()
        subprocess.run([exe, "--help"], check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    return [
        Row(
            "start time of `welcomebot --help` (median of 11)",
            f"{median:.0f} ms",
            "< 300 ms",
            median < 300,
        )
    ]


# --------------------------------------------------------------------------- main

STEPS: list[tuple[str, Callable[[Path, float], list[Row]]]] = [
    ("idle poll", lambda w, s: idle_poll(w)),
    ("per follower", per_follower),
    ("initial sync", initial_sync),
    ("cpu", cpu_per_follower),
    ("memory", backlog_memory),
    ("naive", naive_comparison),
    ("start-up", lambda w, s: help_start_time()),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--only", action="append", help="run only these steps")
    args = parser.parse_args(argv)
    logging.getLogger("welcomebot").setLevel(logging.ERROR)  # the bot's warnings are expected
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="welcomebot-bench-") as tmp:
        for name, step in STEPS:
            if args.only and name not in args.only:
                continue
            started = time.perf_counter()
            print(f"[bench] {name} …", flush=True)
            new = step(Path(tmp), args.scale)
            rows.extend(new)
            for row in new:
                print(f"[bench]   {row.metric}: {row.measured} (goal {row.goal})", flush=True)
            print(f"[bench] {name}: {time.perf_counter() - started:.0f} s", flush=True)
    lines = [
        "# welcomebot benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, scale {args.scale}. "
        "Reproduce with `make bench`.",
        "",
        "| metric | measured | goal | met |",
        "|---|---|---|---|",
        *("| " + " | ".join(row.cells()) + " |" for row in rows),
        "",
    ]
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines))
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
