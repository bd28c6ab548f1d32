"""What the bot did: ``history`` (every decision), ``welcomed`` (each follower: the
decision, the follow-back and the DM) and ``stats``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from bot.cli.common import (
    CommandFailed,
    F,
    config_option,
    json_option,
    load,
    opened_store,
    parse_since,
)
from bot.config import Config
from bot.owner import find_follower
from bot.report import print_history, print_stats, print_story, print_welcomed
from bot.store import Store
from bot.text import terminal_safe
from bot.wiring import utc_now

OUTCOMES = click.Choice(["follow", "skip", "hold", "review"])


@dataclass(frozen=True, slots=True)
class Window:
    """What ``--since``, ``--until`` and ``--acct`` ask for."""

    since: datetime | None
    until: datetime | None
    account_ids: list[str] | None  # None: everyone

    @classmethod
    def of(
        cls, store: Store, config: Config, since: str | None, until: str | None, acct: str | None
    ) -> Window:
        now = utc_now()
        ids = None
        if acct is not None:
            follower = find_follower(store, config, acct)
            if follower is None:
                raise CommandFailed(f"no follower {acct} in the database")
            ids = [follower.account_id]
        return cls(parse_since(since, "--since", now), parse_since(until, "--until", now), ids)


def since_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--since",
        "since_text",
        metavar="WHEN",
        help=f"Only {what} from then on: a date (2026-11-01) or an age (7d, 12h).",
    )


def until_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--until", "until_text", metavar="WHEN", help=f"Only {what} before then (as --since)."
    )


ACCT_OPTION = click.option(
    "--acct", metavar="@USER@HOST", help="Only this follower: what happened to them."
)
LIMIT_OPTION = click.option(
    "--limit",
    default=100,
    show_default=True,
    type=click.IntRange(1, 100000),
    help="At most this many rows.",
)


@click.command()
@config_option
@click.option("--outcome", type=OUTCOMES, help="Only decisions with this outcome.")
@since_option("decisions")
@until_option("decisions")
@ACCT_OPTION
@LIMIT_OPTION
@json_option("One JSON object per line.")
def history(  # noqa: PLR0913 (click passes each option as a parameter)
    config_path: Path,
    outcome: str | None,
    since_text: str | None,
    until_text: str | None,
    acct: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Every decision the bot made, newest first, with its reasons."""
    config = load(config_path)
    with opened_store(config) as store:
        window = Window.of(store, config, since_text, until_text, acct)
        rows = store.history(
            outcome=outcome,
            since=window.since,
            until=window.until,
            account_ids=window.account_ids,
            limit=limit,
        )
    if not as_json:
        print_history(rows, utc_now())
        return
    for row in rows:
        click.echo(terminal_safe(json.dumps(row.to_json(), ensure_ascii=False)))


@click.command()
@config_option
@click.option("--outcome", type=OUTCOMES, help="Only followers whose latest decision is this.")
@since_option("followers seen, judged, followed or welcomed")
@until_option("followers seen, judged, followed or welcomed")
@ACCT_OPTION
@LIMIT_OPTION
@json_option("One JSON object per line.")
def welcomed(  # noqa: PLR0913 (click passes each option as a parameter)
    config_path: Path,
    outcome: str | None,
    since_text: str | None,
    until_text: str | None,
    acct: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Each follower: the decision, and whether and when the follow and the DM happened."""
    config = load(config_path)
    now = utc_now()
    with opened_store(config) as store:
        window = Window.of(store, config, since_text, until_text, acct)
        rows = store.welcomed(
            since=window.since,
            until=window.until,
            outcome=outcome,
            account_ids=window.account_ids,
            limit=limit,
        )
        decisions = store.history(account_ids=window.account_ids, limit=1000) if acct else []
    if as_json:
        for row in rows:
            click.echo(terminal_safe(json.dumps(row.to_json(), ensure_ascii=False)))
    elif acct is not None and rows:
        print_story(rows[0], decisions, now)
    elif acct is not None:
        click.echo(f"nothing happened to {terminal_safe(acct)} in that time")
    else:
        print_welcomed(rows, now, title=welcomed_title(len(rows), window))


def welcomed_title(count: int, window: Window) -> str:
    since = f" since {window.since:%Y-%m-%d %H:%M}" if window.since else ""
    until = f" until {window.until:%Y-%m-%d %H:%M}" if window.until else ""
    return f"{count} followers{since}{until}, newest first"


@click.command()
@config_option
@since_option("followers judged, decisions and actions")
@json_option("Print one JSON object.")
def stats(config_path: Path, since_text: str | None, as_json: bool) -> None:
    """Followers by their latest decision, actions by result, and what is due next."""
    config = load(config_path)
    now = utc_now()
    since = parse_since(since_text, "--since", now)
    with opened_store(config) as store:
        numbers = store.stats(since=since)
    if as_json:
        click.echo(terminal_safe(json.dumps(numbers.to_json(), ensure_ascii=False)))
    else:
        print_stats(numbers, now, since=since)
