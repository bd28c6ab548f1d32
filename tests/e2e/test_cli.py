"""The `welcomebot` command as a real process: signals, the lock across processes,
secrets in the output, and the installed entry point.

Everything else about the commands runs in-process, faster, in tests/unit/test_cli.py
and tests/unit/test_cli_errors.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.sandbox import Sandbox
from tests.cli_support import write_config

WELCOMEBOT = [sys.executable, "-m", "bot"]


def welcomebot(
    *args: str, token: str | None = None, timeout: float = 60, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("WELCOMEBOT_ACCESS_TOKEN", "WELCOMEBOT_DEBUG")
    }
    if token is not None:
        env["WELCOMEBOT_ACCESS_TOKEN"] = token
    return subprocess.run(
        [*WELCOMEBOT, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd
    )


@pytest.mark.heavy
def test_the_token_never_reaches_logs_output_or_database(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    outputs = []
    for args in (["check-config"], ["once"], ["once", "--dry-run"], ["explain", "@newbie"]):
        result = welcomebot(*args, "--config", str(config), token=sandbox.token)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout + result.stderr)
    assert all(sandbox.token not in text for text in outputs)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bot.sqlite3*"))
    assert raw and sandbox.token.encode() not in raw


def test_run_daemon_stops_cleanly_on_sigterm(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": sandbox.token}
    proc = subprocess.Popen(
        [*WELCOMEBOT, "run", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not sandbox.following_of_bot():
            time.sleep(0.1)
        assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)  # a bound, not a speed test
        assert code == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr = proc.stderr.read() if proc.stderr else ""
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    events = [json.loads(line)["event"] for line in stderr.splitlines() if line.startswith("{")]
    assert "started" in events and "stopping" in events and events[-1] == "stopped"


def test_a_second_instance_on_the_same_database_refuses_to_start(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    config = write_config(tmp_path, sandbox.url)
    env = {**os.environ, "WELCOMEBOT_ACCESS_TOKEN": sandbox.token}
    first = subprocess.Popen(
        [*WELCOMEBOT, "run", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not sandbox.following_of_bot():
            time.sleep(0.1)
        second = welcomebot("once", "--config", str(config), token=sandbox.token)
        assert second.returncode == 2
        assert "another welcomebot (pid " in second.stderr
        assert str(first.pid) in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=10) == 0
    after = welcomebot("once", "--config", str(config), token=sandbox.token)
    assert after.returncode == 0, after.stderr  # the lock went with the process


def test_login_gets_a_token_by_oauth_and_writes_it_privately(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    import re
    import stat as stat_module

    import requests

    token_file = tmp_path / "bot.token"
    proc = subprocess.Popen(
        [*WELCOMEBOT, "login", "--instance", sandbox.url, "--token-file", str(token_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert "authorize" in proc.stdout.readline()
        link = proc.stdout.readline().strip()
        assert link.startswith(sandbox.url + "/oauth/authorize?")
        page = requests.get(link, timeout=10).text  # the sandbox approves as the bot
        match = re.search(r'id="authorization-code">([^<]+)<', page)
        assert match is not None
        out, err = proc.communicate(match.group(1) + "\n", timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "acting as @welcome" in out
    token = token_file.read_text().strip()
    assert token and token not in out + err
    assert stat_module.S_IMODE(token_file.stat().st_mode) == 0o600
    scopes = [r for r in sandbox.requests(method="POST") if r.path == "/api/v1/apps"]
    # plain read (Takahē refuses granular reads for verify_credentials), granular writes
    assert scopes[0].form["scopes"][0].split() == [
        "read",
        "write:follows",
        "write:statuses",
        "write:lists",
    ]
    config = write_config(
        tmp_path, sandbox.url, instance={"url": sandbox.url, "access_token_file": str(token_file)}
    )
    check = welcomebot("check-config", "--config", str(config))
    assert check.returncode == 0, check.stderr
    assert "acting as @welcome" in check.stdout


def test_a_real_process_exits_with_one_line(tmp_path: Path) -> None:
    """The entry point maps errors as CliRunner sees them: status 2, one line, no traceback."""
    helped = welcomebot("--help")
    assert helped.returncode == 0 and "check-config" in helped.stdout
    config = tmp_path / "config.yaml"
    config.write_bytes(b"instance:\n  url: https://caf\xe9.example\n")
    broken = welcomebot("once", "--config", str(config), token="some-token-123456")
    assert broken.returncode == 2
    assert broken.stderr == (
        f"welcomebot: error: {config}: not UTF-8 text (byte 0xe9 on line 2); save the file as UTF-8\n"
    )
    assert broken.stdout == ""
