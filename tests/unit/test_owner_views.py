"""The owner's side through the command line (CliRunner, against the sandbox): the plan
``once`` prints, ``preview``, ``welcomed``, listings as JSON, and ``init``."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from bot.gateway import MastodonGateway, _status_limit
from bot.sandbox import Sandbox
from bot.sandbox.api import Api
from tests.cli_support import Invoke, write_config

REPO = Path(__file__).resolve().parents[2]


def delayed_config(directory: Path, url: str, **extra: object) -> str:
    return str(write_config(directory, url, follow_back={"delay": "1h"}, **extra))


def test_a_dry_run_prints_its_plan_and_writes_no_intent(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = delayed_config(tmp_path, sandbox.url)
    result = welcomebot("once", "--dry-run", "--text", "--config", config, token=sandbox.token)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("dry run, nothing was changed on the server: 3 followers judged")
    assert "  follow  @newbie (human_newcomer)" in lines
    follow = next(line for line in lines if line.startswith("  would follow @newbie"))
    assert re.fullmatch(r"  would follow @newbie at \d\d:\d\d \(follow_back.delay 1h\)", follow)
    dm = next(i for i, line in enumerate(lines) if line.startswith("  would DM @newbie"))
    assert lines[dm].endswith("(after the follow-back):")
    assert lines[dm + 1].startswith("      ‹@newbie Hi ") and lines[dm + 1].endswith("messages.›")
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        assert conn.execute("select count(*) from actions").fetchone() == (0,)
    assert sandbox.requests(method="POST") == []
    # Not on a terminal (a pipe, a script, this test), JSON is the default, as it was.
    as_json = welcomebot("once", "--dry-run", "--config", config, token=sandbox.token)
    data = json.loads(as_json.stdout)
    assert data["new_followers"] == 3 and data["dry_run"] is True  # the old keys, and more
    due = {(s["acct"], s["kind"]) for s in data["plan"]["due"]}
    assert due == {("newbie", "follow"), ("newbie", "welcome_dm")}


def test_a_real_once_says_what_is_due_and_welcomed_shows_it(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = delayed_config(tmp_path, sandbox.url)
    result = welcomebot("once", "--text", "--config", config, token=sandbox.token)
    assert result.exit_code == 0, result.stderr
    assert "  will follow @newbie at " in result.stdout
    assert sandbox.following_of_bot() == []  # not yet: the delay
    rows = welcomebot("welcomed", "--config", config, "--json").stdout.splitlines()
    newbie = next(json.loads(r) for r in rows if json.loads(r)["acct"] == "newbie")
    assert newbie["outcome"] == "follow" and newbie["follow"]["status"] == "pending"
    assert newbie["welcome_dm"]["text"].startswith("@newbie Hi ")
    table = welcomebot("welcomed", "--config", config, env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.stderr
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    assert re.search(r"newbie +follow +due \d\d:\d\d +due \d\d:\d\d", table.stdout)
    assert "human_newcomer" in table.stdout  # whole, never broken inside the word
    story = welcomebot("welcomed", "--config", config, "--acct", "@newbie")
    assert story.stdout.startswith("newbie, first seen ")
    assert "follow-back: due " in story.stdout and "│ @newbie Hi " in story.stdout
    recent = welcomebot("welcomed", "--config", config, "--since", "7d", "--json")
    assert len(recent.stdout.splitlines()) == 3
    old = welcomebot("welcomed", "--config", config, "--until", "7d", "--json")
    assert old.exit_code == 0 and old.stdout == ""
    history = welcomebot("history", "--config", config, "--acct", "newbie", "--json")
    assert [json.loads(r)["acct"] for r in history.stdout.splitlines()] == ["newbie"]
    stats = welcomebot("stats", "--config", config)
    assert re.search(r"next due: follow for newbie at \d\d:\d\d UTC", stats.stdout)


def test_preview_renders_the_dm_as_sent_with_the_servers_limit(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    templates = {"de": "Hallo {display_name}, willkommen!"}
    config = str(write_config(tmp_path, sandbox.url, welcome_dm={"templates": templates}))
    sample = welcomebot("preview", "--config", config, token=sandbox.token)
    assert sample.exit_code == 0, sample.stderr
    assert "the welcome DM, to @alex@example.social:" in sample.stdout
    assert "the welcome DM (de), to @alex@example.social:" in sample.stdout
    assert "  │ @alex@example.social Hallo Alex Example, willkommen!" in sample.stdout
    assert "of the 500 allowed (the server's own limit, from its instance API)" in sample.stdout
    german = welcomebot(
        "preview", "--lang", "de", "--json", "--config", config, token=sandbox.token
    )
    (message,) = [json.loads(line) for line in german.stdout.splitlines()]
    assert message["text"] == "@alex@example.social Hallo Alex Example, willkommen!"
    assert message["length"] == len(message["text"]) and message["limit"] == 500
    assert message["fits"] is True
    assert welcomebot("once", "--config", config, token=sandbox.token).exit_code == 0
    follower = welcomebot("preview", "@newbie", "--json", "--config", config, token=sandbox.token)
    (sent,) = [json.loads(line) for line in follower.stdout.splitlines()]
    dms = [s for s in sandbox.statuses_by_bot() if s.get("visibility") == "direct"]
    assert [sent["text"]] == [d["text"] for d in dms]  # exactly as it was sent
    ack = welcomebot("preview", "@newbie", "--stop-ack", "--offline", "--config", config)
    assert "the stop acknowledgement, to @newbie:" in ack.stdout
    assert "  │ @newbie Understood: the bot will not message you again." in ack.stdout
    assert "(Mastodon's default: the server was not asked)" in ack.stdout


def test_preview_shows_the_owners_digest(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke
) -> None:
    config = str(write_config(tmp_path, sandbox.url, digest={"to": "owner@bot.example"}))
    assert welcomebot("once", "--config", config, token=sandbox.token).exit_code == 0
    digest = welcomebot("preview", "--digest", "--offline", "--config", config)
    assert digest.exit_code == 0, digest.stderr
    assert "the owner's digest, to @owner@bot.example:" in digest.stdout
    assert "  │ judged 3 followers (follow 1, skip 2, hold 0, review 0);" in digest.stdout


def test_the_gateway_reads_the_servers_post_limit(sandbox: Sandbox) -> None:
    gateway = MastodonGateway(sandbox.url, sandbox.token, timeout=5)
    assert gateway.max_status_characters() == 500
    assert _status_limit({"configuration": {"statuses": {"max_characters": 5000}}}) == 5000
    assert _status_limit({"max_toot_chars": 5000}) == 5000  # Pleroma and Akkoma
    assert _status_limit({"configuration": {"statuses": {"max_characters": "lots"}}}) is None
    assert _status_limit([]) is None


def test_check_config_refuses_a_template_over_the_servers_own_limit(
    tmp_path: Path, sandbox: Sandbox, welcomebot: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server that takes posts of 200 characters at most (the sandbox says 500).
    monkeypatch.setattr(Api, "_configuration", lambda self: {"statuses": {"max_characters": 200}})
    config = str(write_config(tmp_path, sandbox.url))
    result = welcomebot("check-config", "--config", config, token=sandbox.token)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "welcomebot: error: welcome_dm.template: the message can be 308 characters long with "
        "the longest plausible names, over this server's limit of 200; shorten it by 108"
    )


def test_init_writes_the_packaged_example_for_the_server(
    tmp_path: Path, welcomebot: Invoke
) -> None:
    target = tmp_path / "bot" / "config.yaml"
    target.parent.mkdir()
    result = welcomebot(
        "init",
        "--no-login",
        input_text="https://social.example/@welcome\n",
        env={"WELCOMEBOT_CONFIG": str(target)},
    )
    assert result.exit_code == 0, result.stderr
    assert "using the server's: https://social.example" in result.stderr
    written = target.read_text()
    example = (REPO / "config.yaml").read_text()
    assert written == example.replace(
        "  url: https://mastodon.example\n", "  url: https://social.example\n"
    )
    assert "welcomebot login --instance https://social.example --token-file" in result.stdout
    assert "  welcomebot check-config      " in result.stdout  # WELCOMEBOT_CONFIG: no --config
    again = welcomebot(
        "init",
        "--url",
        "https://social.example",
        "--no-login",
        env={"WELCOMEBOT_CONFIG": str(target)},
    )
    assert again.exit_code == 1 and "exists already" in again.stderr


def test_init_uses_a_token_there_is_and_prints_a_config_for_a_container(
    tmp_path: Path, welcomebot: Invoke
) -> None:
    (tmp_path / "welcomebot.token").write_text("a-token-123456\n")
    config = str(tmp_path / "config.yaml")
    made = welcomebot("init", "--config", config, "--url", "https://social.example")
    assert made.exit_code == 0, made.stderr
    assert "  access_token_file: welcomebot.token\n" in Path(config).read_text()
    assert "  welcomebot check-config --config " in made.stdout
    printed = welcomebot(
        "init",
        "--stdout",
        "--url",
        "https://social.example",
        "--token-file",
        "/run/secrets/welcomebot_token",
        "--database",
        "sqlite:////data/welcomebot.sqlite3",
    )
    data = yaml.safe_load(printed.stdout)
    assert data["instance"]["access_token_file"] == "/run/secrets/welcomebot_token"
    assert data["storage"]["database"] == "sqlite:////data/welcomebot.sqlite3"


def test_welcomebot_config_names_the_file_for_every_command(
    tmp_path: Path, welcomebot: Invoke
) -> None:
    config = write_config(tmp_path, "https://social.example")
    result = welcomebot("check-config", "--offline", env={"WELCOMEBOT_CONFIG": str(config)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"config: {config} is valid")


def test_preview_for_an_account_json_in_the_language_of_its_posts(
    tmp_path: Path, welcomebot: Invoke
) -> None:
    account = tmp_path / "account.json"
    account.write_text(
        json.dumps(
            {"id": "7", "acct": "jonas@chaos.social", "username": "jonas", "display_name": "Jonas"}
        )
    )
    config = str(
        write_config(
            tmp_path,
            "https://bot.example",
            welcome_dm={"templates": {"de": "Hallo {display_name}!"}},
        )
    )
    result = welcomebot(
        "preview", "--account-json", str(account), "--lang", "de", "--offline", "--config", config
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "the welcome DM (de), to @jonas@chaos.social:",
        "  │ @jonas@chaos.social Hallo Jonas!",
    ]
