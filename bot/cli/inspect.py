"""Looking at judgement: ``explain`` one account, ``replay`` the stored followers under the
current config."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import (
    AN_ISO_TIME,
    CommandFailed,
    config_option,
    connect,
    json_option,
    load,
    opened_store,
    parse_time,
    read_json,
    server_errors,
)
from bot.config import config_from_mapping
from bot.config_greet import SIGNUP_SOURCE
from bot.cycle import StoredFacts, judge_looking_closer
from bot.cycle.judging import as_requester
from bot.errors import SetupError
from bot.judge import Policy, judge
from bot.model import (
    AccountSnapshot,
    Decision,
    StatusSnapshot,
    account_from_json,
    status_from_json,
)
from bot.replay import ReplayResult
from bot.replay import replay as run_replay
from bot.report import print_explanation, print_replay
from bot.store import StoreError
from bot.text import terminal_safe
from bot.wiring import utc_now


@click.command()
@click.argument("acct", required=False)
@config_option
@click.option(
    "--account-json",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Judge this Account JSON offline (no server, no database).",
)
@click.option(
    "--statuses-json",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Recent statuses (a JSON list) for --account-json.",
)
@click.option("--now", "now_text", help="Judge as of this ISO 8601 time (offline mode).")
@json_option("Print one JSON object.")
def explain(  # noqa: PLR0913 (click passes each option as a parameter)
    acct: str | None,
    config_path: Path,
    account_json: Path | None,
    statuses_json: Path | None,
    now_text: str | None,
    as_json: bool,
) -> None:
    """Show how the bot judges one account, with every reason.

    \b
    Live, asking the server:  welcomebot explain @user@host
    Offline, from a file:     welcomebot explain --account-json FILE
    """
    if (acct is None) == (account_json is None):
        raise SetupError("give either @user@host or --account-json FILE")
    now = parse_time(now_text, "--now", AN_ISO_TIME) or utc_now()
    if account_json is not None:
        account = offline_account(account_json)
        statuses = offline_statuses(statuses_json) if statuses_json is not None else None
        decision = judge(account, statuses, None, offline_policy(config_path), now)
    else:
        account, decision = judge_live(config_path, str(acct), now)
    if not as_json:
        print_explanation(account, decision)
        return
    out = decision.to_json()
    shown = {key: out[key] for key in ("action", "category", "reasons", "rules_version")}
    click.echo(terminal_safe(json.dumps(shown, ensure_ascii=False)))


def offline_account(path: Path) -> AccountSnapshot:
    try:
        return account_from_json(read_json(path))
    except ValueError as exc:
        raise SetupError(f"--account-json: {exc}") from exc


def offline_statuses(path: Path) -> list[StatusSnapshot]:
    data = read_json(path)
    if not isinstance(data, list):
        raise SetupError("--statuses-json: expected a JSON list of statuses")
    return [s for s in (status_from_json(item) for item in data) if s is not None]


def offline_policy(config_path: Path) -> Policy:
    """The config's policy if the file is there, else the defaults."""
    if config_path.exists():
        return Policy.from_config(load(config_path))
    return Policy.from_config(config_from_mapping({"instance": {"url": "https://offline.invalid"}}))


def judge_live(config_path: Path, acct: str, now: datetime) -> tuple[AccountSnapshot, Decision]:
    """Look the account up and judge it as the bot would: posts fetched only if a rule asks."""
    config = load(config_path)
    gateway, token = connect(config)
    with server_errors(token, f"cannot look up {acct}"):
        account, _raw = gateway.lookup(acct)
        relationship = gateway.relationships([account.id]).get(account.id)
    if config.greets_signups and account.domain is None:
        # a local account is judged as the greeter judges a sign-up: it need not follow
        relationship = as_requester(relationship, SIGNUP_SOURCE)
    # the same inputs as the cycle: do-not-contact and conversations, from the store
    try:
        facts = StoredFacts.at(config.database_url(), [account.id])
    except (StoreError, SQLAlchemyError) as exc:
        raise CommandFailed(
            f"cannot read the database to explain {account.acct}: {type(exc).__name__}"
        ) from exc
    policy = Policy.from_config(config)
    if config.greets_signups and account.domain is None:
        policy = policy.for_signups(config)
    with server_errors(token, f"cannot judge {account.acct}"):
        decision, _statuses, _raw_statuses = judge_looking_closer(
            gateway, account, policy, now, facts, relationship
        )
    return account, decision


@click.command()
@config_option
@click.option(
    "--now", "now_text", help="Judge as of this ISO 8601 time instead of each decision's."
)
@json_option("Print one JSON object per change.")
def replay(config_path: Path, now_text: str | None, as_json: bool) -> None:
    """Judge the stored followers again under the current config; show what would change.

    Nothing is written and the server is not contacted.
    """
    config = load(config_path)
    now = parse_time(now_text, "--now", AN_ISO_TIME)
    with opened_store(config) as store:
        result = run_replay(store, Policy.from_config(config), now=now)
    if as_json:
        print_replay_json(result)
    else:
        print_replay(result)


def print_replay_json(result: ReplayResult) -> None:
    for change in result.changes:
        line = {
            "acct": change.acct,
            "before": {k: change.before[k] for k in ("action", "category")},
            "after": {"action": change.after.outcome.value, "category": change.after.category},
            "reasons": [r.to_json() for r in change.after.reasons],
        }
        click.echo(terminal_safe(json.dumps(line, ensure_ascii=False)))
