"""The `welcomebot` command as a user runs it: a real process against the sandbox."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.sandbox import Sandbox

WELCOMEBOT = [sys.executable, "-m", "bot"]


def write_config(tmp_path: Path, sandbox_url: str, **extra: object) -> Path:
    data: dict[str, object] = {
        "instance": {"url": sandbox_url, "request_timeout": "5s"},
        "storage": {"database": "bot.sqlite3"},
        "schedule": {"poll_interval": "10s"},
        "follow_back": {"delay": "0s"},
        "logging": {"level": "DEBUG", "format": "json"},
    }
    data.update(extra)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def welcomebot(
    *args: str, token: str | None = None, timeout: float = 60, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WELCOMEBOT_ACCESS_TOKEN"}
    if token is not None:
        env["WELCOMEBOT_ACCESS_TOKEN"] = token
    return subprocess.run(
        [*WELCOMEBOT, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd
    )


def db_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query).fetchall()


def test_once_does_the_job_and_exits_zero(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot("once", "--config", str(config), token=sandbox.token)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["new_followers"] == 3
    assert summary["outcomes"] == {"follow": 1, "skip": 2}
    assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]
    # one JSON event per decision and per action on stderr
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert sum(e["event"] == "decision" for e in events) == 3
    assert sum(e["event"] == "action" for e in events) == 2
    # nothing doubled on a second run
    again = welcomebot("once", "--config", str(config), token=sandbox.token)
    assert again.returncode == 0
    assert json.loads(again.stdout)["requests"] == 1


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


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"follow_back": {"delay": "soon"}}, "follow_back.delay: expected a duration"),
        ({"follow_bak": {}}, "follow_bak: unknown key"),
        ({"schedule": {"poll_interval": 5}}, "schedule.poll_interval: expected at least 10s"),
        ({"storage": {"database": "/nonexistent/dir/bot.sqlite3"}}, "storage.database: directory"),
    ],
)
def test_config_mistakes_exit_2_with_one_line(
    tmp_path: Path, sandbox: Sandbox, extra: dict[str, object], message: str
) -> None:
    config = write_config(tmp_path, sandbox.url, **extra)
    for command in ("once", "check-config"):
        result = welcomebot(command, "--config", str(config), token=sandbox.token)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"welcomebot: error: {message}")
    assert not (tmp_path / "bot.sqlite3").exists()
    assert sandbox.requests(method="POST") == []


def test_bad_or_missing_token_exits_2(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    missing = welcomebot("once", "--config", str(config))
    assert missing.returncode == 2
    assert "no access token: set WELCOMEBOT_ACCESS_TOKEN" in missing.stderr
    wrong = welcomebot("once", "--config", str(config), token="not-the-token-xyz")
    assert wrong.returncode == 2
    assert "rejected the access token" in wrong.stderr
    assert "not-the-token-xyz" not in wrong.stderr + wrong.stdout
    check = welcomebot("check-config", "--config", str(config), token="not-the-token-xyz")
    assert check.returncode == 2 and "401" in check.stderr


def test_unreachable_instance_exits_1_on_check_config(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")  # discard port: nothing listens
    result = welcomebot("check-config", "--config", str(config), token="some-token-123")
    assert result.returncode == 1  # try again later; 2 is for what a person must fix
    assert "instance.url: cannot reach http://127.0.0.1:9" in result.stderr


def test_check_config_reports_the_account(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot("check-config", "--config", str(config), token=sandbox.token)
    assert result.returncode == 0, result.stderr
    assert "token: valid, acting as @welcome" in result.stdout


def test_migrate_creates_the_schema(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot("migrate", "--config", str(config))
    assert result.returncode == 0, result.stderr
    tables = {r[0] for r in db_rows(tmp_path / "bot.sqlite3", "select name from sqlite_master")}
    assert {"followers", "decisions", "actions", "bot_state", "alembic_version"} <= tables
    assert welcomebot("migrate", "--config", str(config)).returncode == 0  # idempotent


def test_explain_offline_prints_one_json_object(tmp_path: Path) -> None:
    account = {
        "id": "42",
        "username": "cog",
        "acct": "cog@bots.example",
        "bot": True,
        "created_at": "2026-11-20T00:00:00.000Z",
        "followers_count": 3,
        "avatar": "https://bots.example/a.png",
        "note": "<p>beep</p>",
    }
    path = tmp_path / "account.json"
    path.write_text(json.dumps(account))
    result = welcomebot(
        "explain",
        "--account-json",
        str(path),
        "--now",
        "2026-11-26T00:00:00Z",
        "--json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["action"] == "skip" and out["category"] == "bot"
    assert out["reasons"][0] == {"rule": "bot_flag", "detail": "the account is flagged as a bot"}
    assert {"rule", "detail"} == set(out["reasons"][-1])


def test_explain_live_shows_the_reasons(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot(
        "explain", "@private_person@mastodon.social", "--config", str(config), token=sandbox.token
    )
    assert result.returncode == 0, result.stderr
    assert "skip" in result.stdout and "opt_out_tag" in result.stdout and "#nobot" in result.stdout


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


def test_help_lists_the_commands() -> None:
    result = welcomebot("--help")
    assert result.returncode == 0
    for command in ("run", "once", "check-config", "migrate", "demo", "explain"):
        assert command in result.stdout


def test_owner_tools_review_history_stats_and_do_not_contact(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    veil = sandbox.add_account(
        username="veiled",
        domain="quiet.example",
        created_days_ago=100,
        followers_count=0,
        following_count=0,
        statuses_count=0,
    )
    sandbox.follow_bot(veil)
    config = write_config(tmp_path, sandbox.url)
    assert welcomebot("once", "--config", str(config), token=sandbox.token).returncode == 0

    listed = welcomebot("review", "--config", str(config))
    assert listed.returncode == 0, listed.stderr
    assert "veiled@quiet.example" in listed.stdout and "counts_unknown" in listed.stdout
    approved = welcomebot("review", "--config", str(config), "approve", "@veiled@quiet.example")
    assert approved.returncode == 0, approved.stderr
    assert "approved" in approved.stdout
    assert (
        welcomebot("review", "--config", str(config)).stdout.strip() == "nothing waits for review"
    )
    assert welcomebot("once", "--config", str(config), token=sandbox.token).returncode == 0
    assert veil in sandbox.following_of_bot()

    history = welcomebot("history", "--config", str(config), "--json", "--outcome", "follow")
    rows = [json.loads(line) for line in history.stdout.splitlines()]
    assert [r["acct"] for r in rows] == ["veiled@quiet.example", "newbie"]
    assert rows[0]["trigger"] == "owner"

    stats = json.loads(welcomebot("stats", "--config", str(config), "--json").stdout)
    assert stats["decisions_by_outcome"] == {"follow": 2, "skip": 2, "review": 1}
    assert stats["actions"]["follow"] == {"done": 2}
    assert stats["do_not_contact"] == 1  # the #nobot follower, remembered

    added = welcomebot("do-not-contact", "add", "@newbie", "--config", str(config))
    assert added.returncode == 0 and "added to" in added.stdout
    listing = welcomebot("do-not-contact", "list", "--config", str(config)).stdout
    assert "newbie\tmanual" in listing and "private_person@mastodon.social\topt_out" in listing
    removed = welcomebot("do-not-contact", "remove", "newbie", "--config", str(config))
    assert "removed" in removed.stdout


def test_a_fresh_database_is_not_created_for_a_bad_token_or_server(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    config = write_config(tmp_path, sandbox.url)
    wrong = welcomebot("once", "--config", str(config), token="wrong-token-abcdef")
    assert wrong.returncode == 2
    assert "rejected the access token" in wrong.stderr
    assert list(tmp_path.glob("bot.sqlite3*")) == []
    nowhere = write_config(tmp_path, "http://127.0.0.1:9")
    down = welcomebot("once", "--config", str(nowhere), token="any-token-abcdef")
    assert down.returncode == 1
    assert down.stderr.startswith(
        "welcomebot: error: instance.url: cannot reach http://127.0.0.1:9"
    )
    assert len(down.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("bot.sqlite3*")) == []


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


def test_health_reports_the_age_of_the_last_successful_poll(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    config = write_config(tmp_path, sandbox.url)
    assert welcomebot("migrate", "--config", str(config)).returncode == 0
    before = welcomebot("health", "--config", str(config))
    assert before.returncode == 1
    assert "no successful poll yet" in before.stdout
    assert welcomebot("once", "--config", str(config), token=sandbox.token).returncode == 0
    after = welcomebot("health", "--config", str(config))
    assert after.returncode == 0, after.stdout
    assert after.stdout.startswith("healthy")
    stale = welcomebot("health", "--config", str(config), "--max-age", "0s")
    assert stale.returncode == 1


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
    assert scopes[0].form["scopes"][0].split() == [
        "read:accounts",
        "read:notifications",
        "read:follows",
        "read:statuses",
        "read:lists",
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
