"""The Prometheus endpoint: scraped over HTTP on 127.0.0.1, its numbers checked against the
store and the sandbox server, under faults, with the database broken, while cycles run, and
from a real `welcomebot run` process."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.gateway import ERROR_KINDS
from bot.metrics import MetricsServer, start_metrics
from bot.sandbox import Fault, Sandbox
from bot.wiring import App
from tests.cli_support import write_config
from tests.conftest import BotFactory, FakeClock
from tests.e2e.test_cli import WELCOMEBOT, welcomebot

# No proxy, whatever the environment says: the endpoint is on 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def fetch(port: int) -> str:
    with _OPENER.open(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.status == 200
        return str(response.read().decode("utf-8"))


def parse(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def scrape(port: int) -> Samples:
    return parse(fetch(port))


def by_label(samples: Samples, name: str, label: str) -> dict[str, float]:
    return {dict(labels)[label]: v for (n, labels), v in samples.items() if n == name}


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Serve = Callable[[App], MetricsServer]
DEMO = pytest.mark.parametrize("scenario", ["demo"])


@pytest.fixture
def serve() -> Iterator[Serve]:
    servers: list[MetricsServer] = []

    def start(app: App) -> MetricsServer:
        server = start_metrics(app, host="127.0.0.1", port=0)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@DEMO
def test_numbers_match_the_store_and_the_server(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock, serve: Serve
) -> None:
    app = make_bot(follow_back={"delay": "1h"})
    port = serve(app).port

    before = scrape(port)
    assert value(before, "welcomebot_store_up") == 1
    assert value(before, "welcomebot_signups_waiting") == 0
    assert by_label(before, "welcomebot_followers_judged", "outcome") == {
        "follow": 0,
        "skip": 0,
        "hold": 0,
        "review": 0,
    }
    assert value(before, "welcomebot_last_successful_poll_timestamp_seconds") is None
    assert by_label(before, "welcomebot_api_errors_total", "kind") == dict.fromkeys(ERROR_KINDS, 0)

    app.bot.run_cycle()
    first = scrape(port)
    # Judged followers by outcome: the same as each follower's latest decision in the store.
    latest = Counter(f.outcome for f in app.store.overview() if not f.dry_run)
    judged = by_label(first, "welcomebot_followers_judged", "outcome")
    assert judged == {o: latest.get(o, 0) for o in ("follow", "skip", "hold", "review")}
    assert judged["follow"] >= 3 and judged["skip"] >= 3 and judged["hold"] >= 1
    assert sum(judged.values()) == len(app.store.follower_ids())
    # Within the delay, every follow waits in the queue and none was made.
    depth = by_label(first, "welcomebot_queue_depth", "kind")
    assert {k: n for k, n in depth.items() if n} == app.store.queue_depth()
    assert depth["follow"] == judged["follow"] and sandbox.following_of_bot() == []
    assert value(first, "welcomebot_actions", kind="follow", status="pending") == judged["follow"]
    assert value(first, "welcomebot_last_successful_poll_timestamp_seconds") == (
        clock().timestamp()
    )

    clock.advance(timedelta(hours=1, minutes=1))
    app.bot.run_cycle()
    second = scrape(port)
    # Followed on the server: accepted, or requested from a locked account.
    followed = len(sandbox.following_of_bot()) + len(sandbox.pending_follow_requests_from_bot())
    dms = [s for s in sandbox.statuses_by_bot() if s["visibility"] == "direct"]
    assert followed == judged["follow"]
    assert value(second, "welcomebot_actions", kind="follow", status="done") == followed
    assert value(second, "welcomebot_actions", kind="welcome_dm", status="done") == len(dms) > 0
    assert by_label(second, "welcomebot_queue_depth", "kind")["follow"] == 0
    assert value(second, "welcomebot_last_successful_poll_timestamp_seconds") == (
        clock().timestamp()
    )
    stats = app.store.stats().actions
    actions = {
        (dict(labels)["kind"], dict(labels)["status"]): v
        for (name, labels), v in second.items()
        if name == "welcomebot_actions"
    }
    assert actions == {(k, st): n for k, by in stats.items() for st, n in by.items()}
    # Counts only: no token, no handles.
    text = fetch(port)
    assert sandbox.token not in text
    assert "alice" not in text.lower() and "sandbox.example" not in text


@pytest.mark.parametrize(("fault", "kind"), [("503", "transient"), ("429", "rate_limited")])
def test_a_failed_request_is_counted_by_kind(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock, serve: Serve, fault: str, kind: str
) -> None:
    app = make_bot()
    port = serve(app).port
    sandbox.inject(Fault(fault, path=r"^/api/v1/notifications$", times=1))
    report = app.bot.run_cycle()
    assert report.stopped in ("server_trouble", "rate_limited")
    faulted = [r for r in sandbox.request_log if r.fault]
    assert len(faulted) == 1

    after = scrape(port)
    errors = by_label(after, "welcomebot_api_errors_total", "kind")
    assert errors == {**dict.fromkeys(ERROR_KINDS, 0), kind: 1}
    assert value(after, "welcomebot_last_successful_poll_timestamp_seconds") is None

    clock.advance(timedelta(minutes=10))
    assert app.bot.run_cycle().stopped is None
    recovered = scrape(port)
    assert by_label(recovered, "welcomebot_api_errors_total", "kind")[kind] == 1
    assert value(recovered, "welcomebot_last_successful_poll_timestamp_seconds") == (
        clock().timestamp()
    )
    assert sum(by_label(recovered, "welcomebot_followers_judged", "outcome").values()) > 0


def test_a_broken_database_still_answers_the_scrape(
    sandbox: Sandbox, make_bot: BotFactory, tmp_path: Path, serve: Serve
) -> None:
    app = make_bot()
    port = serve(app).port
    app.bot.run_cycle()
    assert value(scrape(port), "welcomebot_store_up") == 1

    database = tmp_path / "bot.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("ALTER TABLE actions RENAME TO actions_elsewhere")
    broken = scrape(port)
    assert value(broken, "welcomebot_store_up") == 0
    assert not by_label(broken, "welcomebot_followers_judged", "outcome")
    assert by_label(broken, "welcomebot_api_errors_total", "kind") == dict.fromkeys(ERROR_KINDS, 0)

    with sqlite3.connect(database) as conn:
        conn.execute("ALTER TABLE actions_elsewhere RENAME TO actions")
    healed = scrape(port)
    assert value(healed, "welcomebot_store_up") == 1
    assert sum(by_label(healed, "welcomebot_followers_judged", "outcome").values()) > 0


@pytest.mark.heavy
def test_scrapes_from_another_thread_while_cycles_write(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock, serve: Serve
) -> None:
    sandbox.generate_followers(
        240,
        {"created_days_ago": 2, "followers_count": 1, "avatar": "custom", "statuses_count": 1},
        prefix="n",
    )
    app = make_bot(budgets={"follows_per_hour": 400, "follows_per_day": 400})
    port = serve(app).port
    totals: list[float] = []
    ups: list[float | None] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def scraper() -> None:
        while not done.is_set():
            try:
                samples = scrape(port)
            except BaseException as exc:  # reported below, in the test's thread
                failures.append(exc)
                return
            ups.append(value(samples, "welcomebot_store_up"))
            totals.append(sum(by_label(samples, "welcomebot_followers_judged", "outcome").values()))

    thread = threading.Thread(target=scraper)
    thread.start()
    try:
        for _ in range(3):
            app.bot.run_cycle()
            clock.advance(timedelta(minutes=10))
    finally:
        done.set()
        thread.join(timeout=30)
    assert not failures
    assert len(totals) >= 5
    assert set(ups) == {1}
    assert totals == sorted(totals)  # never goes backwards
    final = scrape(port)
    assert (
        sum(by_label(final, "welcomebot_followers_judged", "outcome").values())
        == len(app.store.follower_ids())
        >= 240
    )


def _events(stderr: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


@pytest.mark.heavy
def test_run_serves_metrics_and_stops_them_once_does_not(tmp_path: Path, sandbox: Sandbox) -> None:
    port = free_port()
    config = write_config(tmp_path, sandbox.url, metrics={"port": port, "host": "127.0.0.1"})
    env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": sandbox.token}
    log = (tmp_path / "run.log").open("w+")
    started = time.time() - 1  # the poll's timestamp lies between this and now
    proc = subprocess.Popen(
        [*WELCOMEBOT, "run", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=env,
    )
    try:
        samples: Samples = {}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                samples = scrape(port)
            except OSError:
                samples = {}
            if value(samples, "welcomebot_last_successful_poll_timestamp_seconds"):
                break
            time.sleep(0.1)
        judged = by_label(samples, "welcomebot_followers_judged", "outcome")
        assert judged == {"follow": 1, "skip": 2, "hold": 0, "review": 0}
        polled = value(samples, "welcomebot_last_successful_poll_timestamp_seconds")
        assert polled is not None and started <= polled <= time.time()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.seek(0)
        stderr = log.read()
        log.close()
    listening = [e for e in _events(stderr) if e["event"] == "metrics_listening"]
    assert listening == [listening[0]] and listening[0]["port"] == port
    assert listening[0]["host"] == "127.0.0.1"
    with pytest.raises(OSError):
        fetch(port)  # closed with the daemon

    result = welcomebot("once", "--config", str(config), token=sandbox.token)
    assert result.returncode == 0, result.stderr
    assert not [e for e in _events(result.stderr) if e["event"] == "metrics_listening"]


def test_a_port_in_use_is_one_clear_line_and_exit_2(tmp_path: Path, sandbox: Sandbox) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        config = write_config(tmp_path, sandbox.url, metrics={"port": port})
        result = welcomebot("run", "--config", str(config), token=sandbox.token, timeout=30)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"welcomebot: error: metrics.port: cannot listen on 127.0.0.1:{port}")
    assert sandbox.following_of_bot() == []  # nothing was done
