"""One judgement everywhere (issue 12): ``explain`` and ``replay`` are given what the cycle is
given, the do-not-contact list and conversations from the store, through ``StoredFacts``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import config_from_mapping
from bot.cycle.judging import StoredFacts
from bot.judge import Policy
from bot.replay import replay
from bot.sandbox import Sandbox
from tests.cli_support import write_config
from tests.conftest import BotFactory, FakeClock
from tests.e2e.test_cli import welcomebot


def explain_json(config: Path, acct: str, token: str) -> dict[str, object]:
    result = welcomebot("explain", acct, "--config", str(config), "--json", token=token)
    assert result.returncode == 0, result.stderr
    out: dict[str, object] = json.loads(result.stdout)
    return out


@pytest.mark.heavy
def test_explain_live_reads_the_do_not_contact_list(tmp_path: Path, sandbox: Sandbox) -> None:
    config = write_config(tmp_path, sandbox.url)
    before = explain_json(config, "@newbie", sandbox.token)
    assert before["action"] == "follow"
    assert not (tmp_path / "bot.sqlite3").exists()  # explain creates no database

    added = welcomebot(
        "do-not-contact", "add", "@newbie", "--config", str(config), token=sandbox.token
    )
    assert added.returncode == 0, added.stderr
    after = explain_json(config, "@newbie", sandbox.token)
    assert (after["action"], after["category"]) == ("skip", "do_not_contact")


def test_replay_reads_the_do_not_contact_list(
    sandbox: Sandbox, make_bot: BotFactory, clock: FakeClock
) -> None:
    app = make_bot()
    app.bot.run_cycle()
    policy = Policy.from_config(config_from_mapping({"instance": {"url": sandbox.url}}))
    assert replay(app.store, policy).changes == []
    newbie = sandbox.account_id("newbie")
    app.store.add_do_not_contact(newbie, "newbie", "manual", clock())
    flips = {
        c.acct: (c.before["action"], c.after.outcome.value, c.after.category)
        for c in replay(app.store, policy).changes
    }
    assert flips == {"newbie": ("follow", "skip", "do_not_contact")}


def test_stored_facts_without_a_database_know_nothing_and_create_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'absent.sqlite3'}"
    assert StoredFacts.at(url, ["1"]) == StoredFacts(frozenset(), frozenset())
    assert not (tmp_path / "absent.sqlite3").exists()
