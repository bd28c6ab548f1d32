"""The owner's decisions: ``review`` (approve or reject a follower) and the
``do-not-contact`` list."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

from bot.cli.common import (
    CommandFailed,
    config_option,
    connect,
    json_option,
    load,
    opened_store,
    server_errors,
)
from bot.errors import SetupError
from bot.owner import OwnerRefusal, decide_by_hand
from bot.report import print_do_not_contact, print_reviews
from bot.store import ME_ID_KEY
from bot.text import terminal_safe
from bot.wiring import utc_now


@dataclass(frozen=True, slots=True)
class ReviewOptions:
    """What ``review`` was given, for its subcommands."""

    config_path: Path


pass_review = click.make_pass_decorator(ReviewOptions)
F = TypeVar("F", bound=Callable[..., object])


@click.group(invoke_without_command=True)
@config_option
@json_option("List them as one JSON object per line.")
@click.pass_context
def review(ctx: click.Context, config_path: Path, as_json: bool) -> None:
    """List the followers waiting for your review, or approve or reject one."""
    ctx.obj = ReviewOptions(config_path)
    if ctx.invoked_subcommand is not None:
        return
    with opened_store(load(config_path)) as store:
        pending = store.pending_reviews()
    if as_json:
        for follower in pending:
            line = {
                "acct": follower.acct,
                "account_id": follower.account_id,
                "category": follower.decision["category"],
                "reasons": follower.decision["reasons"],
            }
            click.echo(terminal_safe(json.dumps(line, ensure_ascii=False)))
    elif pending:
        print_reviews(pending)
    else:
        click.echo("nothing waits for review")


def decide(config_path: Path, acct: str, *, approve: bool, force: bool = False) -> None:
    """Record the owner's decision; an approved follower is followed on the next cycle."""
    config = load(config_path)
    with opened_store(config) as store:
        if not store.get_state(ME_ID_KEY):
            raise SetupError(
                "the bot has not run against its server yet: run `welcomebot once` first"
            )
        try:
            done = decide_by_hand(store, config, acct, approve=approve, now=utc_now(), force=force)
        except OwnerRefusal as exc:
            raise CommandFailed(str(exc)) from exc
    if not approve:
        click.echo(f"{terminal_safe(done.acct)} rejected: left alone ({done.decision.category})")
        return
    kinds = [str(p.kind) for p in done.planned]
    plan = ", ".join(kinds) if kinds else "nothing (already followed, or nothing to send)"
    click.echo(f"{terminal_safe(done.acct)} approved: the next cycle will do {plan}")


def review_config_option(func: F) -> F:
    """``--config`` after ``approve``/``reject`` too; it wins over the one before them."""
    return click.option(
        "--config",
        "config_path",
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The config file, if not given before the subcommand.",
    )(func)


@review.command("approve")
@click.argument("acct")
@review_config_option
@click.option("--force", is_flag=True, help="Approve an account flagged as a bot or a group.")
@pass_review
def review_approve(
    options: ReviewOptions, acct: str, config_path: Path | None, force: bool
) -> None:
    """Follow back and welcome this follower on the next cycle."""
    decide(config_path or options.config_path, acct, approve=True, force=force)


@review.command("reject")
@click.argument("acct")
@review_config_option
@pass_review
def review_reject(options: ReviewOptions, acct: str, config_path: Path | None) -> None:
    """Leave this follower alone."""
    decide(config_path or options.config_path, acct, approve=False)


@click.group("do-not-contact")
def do_not_contact() -> None:
    """The permanent list of accounts the bot never follows or messages."""


@do_not_contact.command("list")
@config_option
@json_option("One JSON object per line.")
def dnc_list(config_path: Path, as_json: bool) -> None:
    """Show the list: who, why, and since when."""
    with opened_store(load(config_path)) as store:
        rows = store.do_not_contact_list()
    if as_json:
        for row in rows:
            click.echo(terminal_safe(json.dumps(row.to_json(), ensure_ascii=False)))
    elif rows:
        print_do_not_contact(rows)
    else:
        click.echo("the do-not-contact list is empty")


@do_not_contact.command("add", short_help="Add an account by its handle.")
@click.argument("acct")
@config_option
@click.option("--note", default=None, help="Why, for your own records.")
def dnc_add(acct: str, config_path: Path, note: str | None) -> None:
    """Add an account (by handle); the bot cancels anything it planned for it."""
    config = load(config_path)
    with opened_store(config) as store:
        follower = store.follower_by_acct(acct)
        if follower is not None:
            account_id, handle = follower.account_id, follower.acct
        else:
            gateway, token = connect(config)
            with server_errors(token, f"cannot find {acct}"):
                account, _raw = gateway.lookup(acct)
            account_id, handle = account.id, account.acct
        now = utc_now()
        added = store.add_do_not_contact(account_id, handle, "manual", now, note)
        if follower is not None:
            store.cancel_open(account_id, now, "added to the do-not-contact list by the owner")
    verb = "added to" if added else "is already on"
    click.echo(f"{terminal_safe(handle)} {verb} the do-not-contact list")


@do_not_contact.command("remove", short_help="Remove an account from the list.")
@click.argument("acct")
@config_option
def dnc_remove(acct: str, config_path: Path) -> None:
    """Remove an account (it will not be contacted retroactively)."""
    wanted = acct.strip().lstrip("@").lower()
    with opened_store(load(config_path)) as store:
        match = [r for r in store.do_not_contact_list() if r.acct.lower() == wanted]
        removed = bool(match) and store.remove_do_not_contact(match[0].account_id)
    click.echo(f"{wanted} {'removed' if removed else 'was not on the list'}")
