"""The `welcomebot` commands, run in-process (CliRunner) against the sandbox server.

Signals, crashes, packaging and secrets are tested on a real process in
tests/e2e/test_cli.py; mistakes and their one-line errors in test_cli_errors.py.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.sandbox import Sandbox
from tests.cli_support import Invoke, write_config


def db_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query).fetchall()


def test_once_does_the_job_and_exits_zero(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot("once", "--config", str(config), "--json", token=sandbox.token)
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["new_followers"] == 3
    assert summary["outcomes"] == {"follow": 1, "skip": 2}
    assert sandbox.following_of_bot() == [sandbox.account_id("newbie")]
    # one JSON event per decision and per action on stderr
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert sum(e["event"] == "decision" for e in events) == 3
    assert sum(e["event"] == "action" for e in events) == 2
    # nothing doubled on a second run
    again = welcomebot("once", "--config", str(config), "--json", token=sandbox.token)
    assert again.exit_code == 0
    assert json.loads(again.stdout)["requests"] == 1


def test_check_config_reports_the_account(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot("check-config", "--config", str(config), token=sandbox.token)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        f"config: {config} is valid",
        f"instance: {sandbox.url}",
    ]
    assert f"database: sqlite:///{tmp_path / 'bot.sqlite3'}" in result.stdout
    assert "token: valid, acting as @welcome" in result.stdout
    assert result.stderr == ""
    assert not (tmp_path / "bot.sqlite3").exists()  # checking writes nothing


def test_the_token_file_is_used_and_named(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    token_file = tmp_path / "bot.token"
    token_file.write_text(sandbox.token + "\n")
    token_file.chmod(0o600)
    instance = {"url": sandbox.url, "access_token_file": str(token_file)}
    config = write_config(tmp_path, sandbox.url, instance=instance)
    ok = welcomebot("check-config", "--config", str(config))
    assert ok.exit_code == 0, ok.stderr
    assert "acting as @welcome" in ok.stdout and ok.stderr == ""
    # A wrong token in the environment wins over the file: check-config says so, and the
    # rejection names the variable, not the file.
    wrong = welcomebot("check-config", "--config", str(config), token="not-the-token-xyz")
    assert wrong.exit_code == 2
    warning, error = wrong.stderr.splitlines()
    assert warning.startswith("warning: instance.access_token_file: ")
    assert "is not used, because WELCOMEBOT_ACCESS_TOKEN is set and wins" in warning
    assert error.startswith(
        "welcomebot: error: the server rejected the access token (401) from "
        "WELCOMEBOT_ACCESS_TOKEN (used instead of instance.access_token_file "
    )
    assert "not-the-token-xyz" not in wrong.stdout + wrong.stderr


def test_migrate_creates_the_schema(tmp_path: Path, welcomebot: Invoke) -> None:
    config = write_config(tmp_path, "https://bot.example")
    result = welcomebot("migrate", "--config", str(config))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"database is up to date: sqlite:///{tmp_path / 'bot.sqlite3'}\n"
    tables = {r[0] for r in db_rows(tmp_path / "bot.sqlite3", "select name from sqlite_master")}
    assert {"followers", "decisions", "actions", "bot_state", "alembic_version"} <= tables
    assert welcomebot("migrate", "--config", str(config)).exit_code == 0  # idempotent


def test_explain_offline_prints_one_json_object(tmp_path: Path, welcomebot: Invoke) -> None:
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
        "--config",
        str(tmp_path / "absent.yaml"),  # no config: the default policy
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["action", "category", "reasons", "rules_version"]
    assert out["action"] == "skip" and out["category"] == "bot"
    assert out["reasons"][0] == {"rule": "bot_flag", "detail": "the account is flagged as a bot"}
    assert {"rule", "detail"} == set(out["reasons"][-1])


def test_explain_live_shows_the_reasons(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = write_config(tmp_path, sandbox.url)
    result = welcomebot(
        "explain", "@private_person@mastodon.social", "--config", str(config), token=sandbox.token
    )
    assert result.exit_code == 0, result.stderr
    assert "skip" in result.stdout and "opt_out_tag" in result.stdout and "#nobot" in result.stdout
    assert sandbox.requests(method="POST") == []  # explaining changes nothing


def test_owner_tools_review_history_stats_and_do_not_contact(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
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
    config = str(write_config(tmp_path, sandbox.url))
    assert welcomebot("once", "--config", config, token=sandbox.token).exit_code == 0

    listed = welcomebot("review", "--config", config)
    assert listed.exit_code == 0, listed.stderr
    assert "veiled@quiet.example" in listed.stdout and "counts_unknown" in listed.stdout
    as_json = welcomebot("review", "--config", config, "--json")
    (waiting,) = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert waiting["acct"] == "veiled@quiet.example"
    assert "counts_unknown" in [r["rule"] for r in waiting["reasons"]]
    approved = welcomebot("review", "--config", config, "approve", "@veiled@quiet.example")
    assert approved.exit_code == 0, approved.stderr
    assert approved.stdout == (
        "veiled@quiet.example approved: the next cycle will do follow, welcome_dm\n"
    )
    assert welcomebot("review", "--config", config).stdout == "nothing waits for review\n"
    assert welcomebot("once", "--config", config, token=sandbox.token).exit_code == 0
    assert veil in sandbox.following_of_bot()

    history = welcomebot("history", "--config", config, "--json", "--outcome", "follow")
    rows = [json.loads(line) for line in history.stdout.splitlines()]
    assert [r["acct"] for r in rows] == ["veiled@quiet.example", "newbie"]
    assert rows[0]["trigger"] == "owner"
    since = welcomebot("history", "--config", config, "--json", "--since", "2999-01-01")
    assert since.exit_code == 0 and since.stdout == ""

    stats = json.loads(welcomebot("stats", "--config", config, "--json").stdout)
    # each follower's latest decision: the reviewed one is now the owner's follow
    assert stats["followers_by_outcome"] == {"follow": 2, "skip": 2}
    assert stats["decisions"] == 5  # every decision made, the owner's included
    assert stats["actions"]["follow"] == {"done": 2}
    assert stats["do_not_contact"] == 1  # the #nobot follower, remembered
    assert stats["queue"] == {} and stats["next_due"] is None
    text = welcomebot("stats", "--config", config)
    assert "followers known: 4" in text.stdout and "queue: empty" in text.stdout
    assert "followers by latest decision: follow 2, skip 2" in text.stdout

    added = welcomebot("do-not-contact", "add", "@newbie", "--config", config)
    assert added.exit_code == 0 and added.stdout == "newbie added to the do-not-contact list\n"
    again = welcomebot("do-not-contact", "add", "@newbie", "--config", config)
    assert again.stdout == "newbie is already on the do-not-contact list\n"
    listing = welcomebot("do-not-contact", "list", "--config", config).stdout
    assert listing.startswith("2 accounts the bot never follows or messages")
    assert listing.splitlines()[2].split() == ["account", "reason", "added", "(UTC)", "detail"]
    rows = [
        json.loads(line)
        for line in welcomebot(
            "do-not-contact", "list", "--config", config, "--json"
        ).stdout.splitlines()
    ]
    assert [(r["acct"], r["reason"]) for r in rows] == [
        ("private_person@mastodon.social", "opt_out"),
        ("newbie", "manual"),
    ]
    removed = welcomebot("do-not-contact", "remove", "newbie", "--config", config)
    assert removed.stdout == "newbie removed\n"
    gone = welcomebot("do-not-contact", "remove", "newbie", "--config", config)
    assert gone.stdout == "newbie was not on the list\n"


def test_do_not_contact_add_looks_up_an_account_the_bot_never_met(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    stranger = sandbox.add_account(username="stranger", domain="far.example", created_days_ago=3)
    config = str(write_config(tmp_path, sandbox.url))
    added = welcomebot(
        "do-not-contact", "add", "@stranger@far.example", "--config", config, token=sandbox.token
    )
    assert added.exit_code == 0, added.stderr
    assert added.stdout == "stranger@far.example added to the do-not-contact list\n"
    rows = db_rows(tmp_path / "bot.sqlite3", "select account_id, reason from do_not_contact")
    assert rows == [(stranger, "manual")]


def test_replay_shows_what_a_new_config_would_change(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = write_config(tmp_path, sandbox.url)
    assert welcomebot("once", "--config", str(config), token=sandbox.token).exit_code == 0
    same = welcomebot("replay", "--config", str(config), "--json")
    assert same.exit_code == 0 and same.stdout == ""
    stricter = write_config(tmp_path, sandbox.url, deny={"accounts": ["newbie@127.0.0.1"]})
    changed = welcomebot("replay", "--config", str(stricter), "--json")
    assert changed.exit_code == 0, changed.stderr
    (line,) = [json.loads(text) for text in changed.stdout.splitlines()]
    assert line["acct"] == "newbie"
    assert line["before"] == {"action": "follow", "category": "human_newcomer"}
    assert line["after"]["action"] == "skip"


def test_a_fresh_database_is_not_created_for_a_bad_token_or_server(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = write_config(tmp_path, sandbox.url)
    wrong = welcomebot("once", "--config", str(config), token="wrong-token-abcdef")
    assert wrong.exit_code == 2
    assert "rejected the access token" in wrong.stderr
    assert list(tmp_path.glob("bot.sqlite3*")) == []
    nowhere = write_config(tmp_path, "http://127.0.0.1:9")
    down = welcomebot("once", "--config", str(nowhere), token="any-token-abcdef")
    assert down.exit_code == 1  # try again later: exit 2 is for what a person must fix
    assert down.stderr.startswith(
        "welcomebot: error: instance.url: cannot reach http://127.0.0.1:9"
    )
    assert len(down.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("bot.sqlite3*")) == []
    assert sandbox.requests(method="POST") == []


def test_health_reports_the_age_of_the_last_successful_poll(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = str(write_config(tmp_path, sandbox.url))
    assert welcomebot("migrate", "--config", config).exit_code == 0
    before = welcomebot("health", "--config", config)
    assert before.exit_code == 1
    assert before.stdout == "unhealthy: no successful poll yet\n"
    assert welcomebot("once", "--config", config, token=sandbox.token).exit_code == 0
    after = welcomebot("health", "--config", config)
    assert after.exit_code == 0, after.stdout
    assert after.stdout.startswith("healthy: the last successful poll was ")
    stale = welcomebot("health", "--config", config, "--max-age", "0s")
    assert stale.exit_code == 1
    assert stale.stdout.startswith("unhealthy: the last successful poll was ")


def test_health_calls_an_unreadable_database_unhealthy(tmp_path: Path, welcomebot: Invoke) -> None:
    (tmp_path / "bot.sqlite3").write_bytes(b"this is not a database" * 100)
    config = write_config(tmp_path, "https://bot.example")
    result = welcomebot("health", "--config", str(config))
    assert result.exit_code == 1
    assert result.stdout == "unhealthy: cannot read the database (DatabaseError)\n"


def test_help_lists_every_command(welcomebot: Invoke) -> None:
    result = welcomebot("--help")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line}
    assert listed == {
        "check-config",
        "demo",
        "init",
        "preview",
        "welcomed",
        "do-not-contact",
        "explain",
        "health",
        "history",
        "login",
        "migrate",
        "once",
        "reconcile",
        "replay",
        "review",
        "run",
        "stats",
    }


def test_health_is_not_fooled_by_a_clock_stepped_back(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.store import LAST_POLL_OK_KEY, Store

    config = str(write_config(tmp_path, sandbox.url))
    assert welcomebot("migrate", "--config", config).exit_code == 0
    store = Store.open(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    try:
        future = datetime.now(UTC) + timedelta(days=1)  # written before NTP stepped back a day
        store.set_state(LAST_POLL_OK_KEY, future.isoformat())
    finally:
        store.close()
    result = welcomebot("health", "--config", config)
    assert result.exit_code == 1 and "in the future" in result.stdout
