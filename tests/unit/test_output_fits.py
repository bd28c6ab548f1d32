"""Output that fits: ``--help`` is tidy, and tables read well at 80 columns."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from bot import report
from bot.cli import cli
from bot.model import Decision, FollowEvent, Outcome, Reason, account_from_json
from bot.outbox import Judgement
from bot.store import Store

NOW = datetime(2026, 12, 1, 8, 34, tzinfo=UTC)


def every_command() -> list[list[str]]:
    out: list[list[str]] = [[]]
    for name, command in cli.commands.items():
        out.append([name])
        if isinstance(command, click.Group):
            out += [[name, sub] for sub in command.commands]
    return out


def help_text(path: list[str]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=80, prog_name="welcomebot")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "welcomebot")
def test_help_is_tidy(path: list[str]) -> None:
    text = help_text(path)
    assert "``" not in text and ":option:" not in text and "\\b" not in text  # no markup
    assert all(len(line) <= 80 for line in text.splitlines())
    for block in re.split(r"\n  (?=-)", text):  # one option's help at a time
        assert block.count("default:") <= 1, block  # never said twice
        assert "(default: " not in block, block


def test_the_command_listings_have_whole_sentences() -> None:
    for path in every_command():
        text = help_text(path)
        if "Commands:" not in text:
            continue
        listing = text.split("Commands:")[1].strip().splitlines()
        for line in listing:
            name, summary = line.split(None, 1)
            assert not summary.endswith("..."), line  # never cut mid-sentence
            assert summary.endswith("."), line


def test_the_config_option_names_its_variable_and_default_once() -> None:
    text = help_text(["once"])
    assert "[env var: WELCOMEBOT_CONFIG; default:" in text
    assert text.count("config.yaml") == 1


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(f"sqlite:///{tmp_path / 'fit.sqlite3'}")
    people = [
        ("2", "private_person@mastodon.social", "human_newcomer", Outcome.FOLLOW),
        ("3", "margaret@social.example.org", "established_human", Outcome.SKIP),
        ("4", "alice", "organisation_mixed", Outcome.REVIEW),
    ]
    rules = (Reason("automation_self_described", "says so"), Reason("follow_farming", "x"))
    judged = []
    for account_id, acct, category, outcome in people:
        raw = {"id": account_id, "acct": acct, "username": acct.split("@")[0]}
        event = FollowEvent("n" + account_id, "follow", account_from_json(raw), raw)
        judged.append(Judgement(event, Decision(outcome, category, rules, "1")))
    s.record_batch(judged, now=NOW, trigger="notification", dry_run=False, cursor=None)
    return s


def printed(monkeypatch: pytest.MonkeyPatch, draw: object) -> list[str]:
    console = Console(width=80, record=True, highlight=False, emoji=False)
    monkeypatch.setattr(report, "_console", lambda: console)
    assert callable(draw)
    draw()
    return console.export_text().splitlines()


WORDS = ("human_newcomer", "established_human", "organisation_mixed", "follow_farming")


def test_tables_fit_80_columns_and_never_break_a_word(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = [
        lambda: report.print_history(store.history(), NOW),
        lambda: report.print_welcomed(store.welcomed(), NOW, title="welcomed"),
        lambda: report.print_overview(store.overview(), title="overview"),
        lambda: report.print_reviews(store.pending_reviews()),
    ]
    for draw in draws:
        lines = printed(monkeypatch, draw)
        assert all(len(line) <= 80 for line in lines), "\n".join(lines)
        text = "\n".join(lines)
        shown = [w for w in WORDS if w in text]
        for word in WORDS[:3]:
            if word.split("_")[0] in text:
                assert word in shown, text  # whole, not human_newc│omer
        if "margaret" in text:  # a long handle is split before its server, not inside it
            assert "@social.example.org" in text, text
