"""A bot that boots before its server: ``run`` waits and retries instead of exiting,
``once`` and ``check-config`` exit 1 (try again later), and exit 2 stays for what a
person must fix. The README's systemd unit and compose.yaml are checked against that.

Servers here are sandboxes bound to 127.0.0.1 only after the bot has started. The real
waiting is the bot's own back-off (1 s, then 2 s ...), so each test waits a few seconds.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
WELCOMEBOT = [sys.executable, "-m", "bot"]
WAIT = 60.0  # an upper bound for things that happen within seconds; never asserted on


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(tmp_path: Path, url: str, **extra: Any) -> Path:
    data: dict[str, Any] = {
        "instance": {"url": url, "request_timeout": "5s"},
        "storage": {"database": "bot.sqlite3"},
        "schedule": {"poll_interval": "10m"},  # so only the back-off explains a quick retry
        "follow_back": {"delay": "0s"},
        "logging": {"level": "INFO", "format": "json"},
        **extra,
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def welcomebot(*args: str, token: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": token}
    return subprocess.run([*WELCOMEBOT, *args], capture_output=True, text=True, env=env, timeout=60)


class Daemon:
    """``welcomebot run`` in the background, its JSON log lines readable as they come."""

    def __init__(self, config: Path, token: str, log_path: Path) -> None:
        self.log_path = log_path
        self._log = log_path.open("w")
        env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": token}
        self.proc = subprocess.Popen(
            [*WELCOMEBOT, "run", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=env,
        )

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        lines = self.log_path.read_text().splitlines()
        found = [json.loads(line) for line in lines if line.startswith("{")]
        return [e for e in found if name is None or e.get("event") == name]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=WAIT)
        self._log.close()
        return code

    def kill(self) -> int:
        self.proc.kill()
        code = self.proc.wait(timeout=WAIT)
        self._log.close()
        return code


def wait_until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT:.0f} s: {what}")
        time.sleep(0.05)


@contextmanager
def daemon(config: Path, token: str, log_path: Path) -> Iterator[Daemon]:
    bot = Daemon(config, token, log_path)
    try:
        yield bot
    finally:
        if bot.proc.poll() is None:
            bot.kill()


@pytest.mark.heavy
def test_run_started_before_its_server_waits_and_then_works(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there yet
    sandbox = Sandbox("minimal")
    config = write_config(tmp_path, f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with daemon(config, sandbox.token, tmp_path / "run.log") as bot:
        wait_until(lambda: len(bot.events("server_unreachable")) >= 2, "two failed tries")
        assert bot.proc.poll() is None  # still running: unreachable is not fatal
        waits = [e["retry_in_s"] for e in bot.events("server_unreachable")]
        assert waits[:2] == [1.0, 2.0]  # back-off
        health = welcomebot("health", "--config", str(config), token=sandbox.token)
        assert health.returncode == 1 and "does not exist yet" in health.stdout
        assert not (tmp_path / "bot.sqlite3").exists()  # nothing written before the server
        sandbox.start(port)
        server_up = time.monotonic()
        try:
            newbie = sandbox.account_id("newbie")
            wait_until(lambda: sandbox.following_of_bot() == [newbie], "the newcomer followed")
            followed = time.monotonic()
            healthy = welcomebot("health", "--config", str(config), token=sandbox.token)
            assert healthy.returncode == 0, healthy.stdout
            assert bot.stop() == 0
        finally:
            sandbox.stop()
    (reached,) = bot.events("server_reached")
    tries = reached["attempt"]
    assert tries >= 3
    print(
        f"\nboot before server (new database): server up {server_up - started:.1f} s after "
        f"the bot, reached on try {tries}, newcomer followed {followed - server_up:.1f} s "
        "later; no restart, exit 0 on SIGTERM"
    )


@pytest.mark.heavy
def test_run_on_an_existing_database_retries_soon_after_server_trouble(tmp_path: Path) -> None:
    sandbox = Sandbox("minimal")
    sandbox.start()
    port = sandbox.port
    config = write_config(tmp_path, sandbox.url)
    try:
        first = welcomebot("once", "--config", str(config), token=sandbox.token)
        assert first.returncode == 0, first.stderr
    finally:
        sandbox.stop()  # a power cut: the server is down when the bot comes back
    late = sandbox.add_account(
        username="late", created_days_ago=1, followers_count=2, avatar="custom"
    )
    sandbox.follow_bot(late)
    once = welcomebot("once", "--config", str(config), token=sandbox.token)
    assert once.returncode == 1  # try again later
    with daemon(config, sandbox.token, tmp_path / "run.log") as bot:
        wait_until(lambda: len(bot.events("retry_soon")) >= 2, "two quick retries")
        assert bot.proc.poll() is None
        sandbox.start(port)
        try:
            wait_until(lambda: late in sandbox.following_of_bot(), "the late follower followed")
            assert bot.stop() == 0
        finally:
            sandbox.stop()
    waits = [e["retry_in_s"] for e in bot.events("retry_soon")]
    assert waits[:2] == [1.0, 2.0]
    print(f"\nboot before server (existing database): {len(waits)} quick retries, exit 0")


# --------------------------------------------------------------------------- supervisors


def readme_unit() -> configparser.ConfigParser:
    """The systemd unit shown in the README's bare-Python quickstart."""
    text = (ROOT / "README.md").read_text()
    (block,) = re.findall(r"```ini\n(.*?)```", text, flags=re.S)
    unit = configparser.ConfigParser(strict=True, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(block)
    return unit


def systemd_restarts(unit: configparser.ConfigParser, returncode: int) -> bool:
    """What systemd does when the service's main process ends, for the settings the
    README uses (systemd.service(5): Restart=, RestartPreventExitStatus=)."""
    service = unit["Service"]
    policy = service.get("Restart", "no")
    prevented = service.get("RestartPreventExitStatus", "").split()
    signal_name = signal.Signals(-returncode).name.removeprefix("SIG") if returncode < 0 else None
    if str(returncode) in prevented or (signal_name and signal_name in prevented):
        return False
    clean = returncode == 0 or signal_name in ("HUP", "INT", "TERM", "PIPE")
    if policy == "always":
        return True
    if policy == "on-failure":
        return not clean
    if policy == "on-abnormal":
        return signal_name is not None and not clean
    return False


def docker_restarts(policy: str, returncode: int, stopped_by_user: bool = False) -> bool:
    """Docker's restart policies (docs.docker.com, "Start containers automatically")."""
    if policy == "always":
        return True
    if policy == "unless-stopped":
        return not stopped_by_user
    if policy.startswith("on-failure"):
        return returncode != 0
    return False


@pytest.mark.heavy
def test_the_readme_unit_and_compose_restart_what_is_worth_restarting(tmp_path: Path) -> None:
    unit = readme_unit()
    service = unit["Service"]
    assert service["ExecStart"].split()[1] == "run"
    names_config = "--config" in service["ExecStart"].split()
    assert names_config or "WELCOMEBOT_CONFIG=" in service.get("Environment", "")
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"].split() == ["2"]
    restart_policy = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["welcomebot"][
        "restart"
    ]
    # Real exit codes of the real command, for each kind of trouble.
    unreachable = write_config(tmp_path, f"http://127.0.0.1:{free_port()}")
    bad_key = tmp_path / "bad.yaml"
    bad_key.write_text(yaml.safe_dump({"instance": {"url": "http://127.0.0.1:9", "colour": 1}}))
    codes = {
        "server unreachable (once)": welcomebot(
            "once", "--config", str(unreachable), token="t"
        ).returncode,
        "server unreachable (check-config)": welcomebot(
            "check-config", "--config", str(unreachable), token="t"
        ).returncode,
        "config mistake": welcomebot("once", "--config", str(bad_key), token="t").returncode,
        "killed (OOM, kill -9)": -signal.SIGKILL,
        "stopped (SIGTERM, exits 0)": 0,
    }
    assert codes["server unreachable (once)"] == 1
    assert codes["server unreachable (check-config)"] == 1
    assert codes["config mistake"] == 2
    restarted = {what: systemd_restarts(unit, code) for what, code in codes.items()}
    assert restarted == {
        "server unreachable (once)": True,
        "server unreachable (check-config)": True,
        "config mistake": False,
        "killed (OOM, kill -9)": True,
        "stopped (SIGTERM, exits 0)": False,
    }
    # Docker has no RestartPreventExitStatus: the container is restarted after a crash or
    # an exit 1, and a config mistake repeats its one line in `docker compose logs`.
    assert docker_restarts(restart_policy, 1) and docker_restarts(restart_policy, -9)
    assert not docker_restarts(restart_policy, 0, stopped_by_user=True)


@pytest.mark.heavy
def test_a_boot_before_the_server_under_an_imitation_of_the_readme_unit(tmp_path: Path) -> None:
    """systemd imitated: ExecStart from the README's unit, restarted by its rules. The
    first process is killed while it waits for the server (as an OOM kill would); the
    restart reaches the server when it comes up; SIGTERM ends it for good."""
    unit = readme_unit()
    port = free_port()
    sandbox = Sandbox("minimal")
    config = write_config(tmp_path, f"http://127.0.0.1:{port}")
    newbie = sandbox.account_id("newbie")
    codes: list[int] = []
    starts = 0
    while True:
        starts += 1
        with daemon(config, sandbox.token, tmp_path / f"run{starts}.log") as bot:
            if starts == 1:
                wait_until(lambda: bot.events("server_unreachable"), "a failed try")
                codes.append(bot.kill())
            else:
                wait_until(lambda: bot.events("server_unreachable"), "a failed try")
                sandbox.start(port)
                try:
                    wait_until(lambda: sandbox.following_of_bot() == [newbie], "a follow")
                    codes.append(bot.stop())
                finally:
                    sandbox.stop()
        if not systemd_restarts(unit, codes[-1]):
            break
    assert codes == [-signal.SIGKILL, 0]
    assert starts == 2
    print(f"\nboot before server under the README unit: exit codes {codes}, {starts} starts")
