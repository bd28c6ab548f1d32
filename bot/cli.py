"""The ``welcomebot`` command line. A thin shell: parse, build, call, report.

Exit status: 0 success, 1 unexpected failure, 2 configuration or setup error
(bad config key, missing token, unreachable server, unusable database).
Heavy modules are imported inside the commands so ``--help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from bot import __version__

if TYPE_CHECKING:
    from bot.config import Config

CONFIG_HELP = "Path to config.yaml (default: ./config.yaml)."


def config_option(func: Any) -> Any:
    return click.option(
        "--config",
        "config_path",
        default="config.yaml",
        show_default=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=CONFIG_HELP,
    )(func)


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, then exit (2 = configuration or setup problem)."""
    from bot.logs import redact

    click.echo(f"welcomebot: error: {redact(message)}", err=True)
    sys.exit(code)


def _load(config_path: Path) -> Config:
    from bot.config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as exc:
        fail(str(exc))


def _setup_logging(config: Config) -> None:
    from bot.logs import setup_logging

    setup_logging(config.logging.level, config.logging.format)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="welcomebot")
def cli() -> None:
    """Welcome human newcomers who follow your fediverse account.

    Follows back the people who are new here, says hello in a private message,
    and explains every decision. Decisions are kept in SQLite.
    """


# --------------------------------------------------------------------------- once / run


def _build(config: Config, *, dry_run: bool) -> Any:
    from bot.config import ConfigError, token_file_warning
    from bot.lock import AlreadyRunning
    from bot.logs import event, get_logger
    from bot.store import StoreError
    from bot.wiring import build_app

    warning = token_file_warning(config)
    if warning:
        event(get_logger(), "token_file_permissions", 30, detail=warning)
    try:
        return build_app(config, dry_run=dry_run, exclusive=True)
    except (ConfigError, StoreError, AlreadyRunning) as exc:
        fail(str(exc))


@cli.command()
@config_option
@click.option(
    "--dry-run", is_flag=True, help="Decide and record, but change nothing on the server."
)
def once(config_path: Path, dry_run: bool) -> None:
    """Run one poll cycle, then exit."""
    from bot.cycle import FatalError

    config = _load(config_path)
    _setup_logging(config)
    app = _build(config, dry_run=dry_run)
    try:
        report = app.bot.run_cycle()
    except FatalError as exc:
        fail(str(exc))
    finally:
        app.close()
    summary = report.summary()
    click.echo(json.dumps(summary, sort_keys=True))
    if report.stopped == "server_trouble" and report.new_followers == 0:
        sys.exit(1)


@cli.command()
@config_option
@click.option(
    "--dry-run", is_flag=True, help="Decide and record, but change nothing on the server."
)
def run(config_path: Path, dry_run: bool) -> None:
    """Run the scheduled daemon until SIGTERM or Ctrl-C."""
    from bot.scheduler import run_forever

    config = _load(config_path)
    _setup_logging(config)
    app = _build(config, dry_run=dry_run)
    try:
        metrics = _start_metrics(app)
        try:
            code = run_forever(app)
        finally:
            if metrics is not None:
                metrics.stop()
    finally:
        app.close()
    if code:
        sys.exit(code)


def _start_metrics(app: Any) -> Any:
    """The metrics endpoint if ``metrics.port`` is set (prometheus_client is loaded only then)."""
    if app.config.metrics.port is None:
        return None
    from bot.metrics import MetricsError, start_metrics

    try:
        return start_metrics(app)
    except MetricsError as exc:
        fail(str(exc))


# --------------------------------------------------------------------------- setup commands


@cli.command("check-config")
@config_option
@click.option("--offline", is_flag=True, help="Validate the file only; do not contact the server.")
def check_config(config_path: Path, offline: bool) -> None:
    """Validate the config, the token and the database path, then reach the server."""
    from bot.config import ConfigError, format_duration, read_access_token, token_file_warning
    from bot.gateway import GatewayError, Unauthorized
    from bot.store import StoreError, make_engine
    from bot.wiring import make_gateway

    config = _load(config_path)
    click.echo(f"config: {config_path} is valid")
    click.echo(f"instance: {config.instance.url}")
    click.echo(f"database: {config.database_url()}")
    click.echo(f"poll interval: {format_duration(config.schedule.poll_interval)}")
    click.echo(
        f"follow back: {'on' if config.follow_back.enabled else 'off'} "
        f"({config.follow_back.who}, delay {format_duration(config.follow_back.delay)})"
    )
    click.echo(f"welcome DM: {'on' if config.welcome_dm.enabled else 'off'}")
    click.echo(f"dry run: {'yes' if config.dry_run else 'no'}")
    warning = token_file_warning(config)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    try:
        make_engine(config.database_url()).dispose()
    except StoreError as exc:
        fail(str(exc))
    if offline:
        return
    try:
        token = read_access_token(config)
    except ConfigError as exc:
        fail(str(exc))
    gateway = make_gateway(config, token)
    try:
        identity, _raw = gateway.verify_credentials()
    except Unauthorized:
        fail("the server rejected the access token (401): check WELCOMEBOT_ACCESS_TOKEN")
    except GatewayError as exc:
        fail(f"instance.url: cannot use {config.instance.url}: {exc}")
    click.echo(f"token: valid, acting as @{identity.acct}")


@cli.command()
@config_option
@click.option(
    "--max-age",
    "max_age",
    default=None,
    help="Healthy if the last successful poll is younger than this "
    "(default: three poll intervals).",
)
def health(config_path: Path, max_age: str | None) -> None:
    """Exit 0 if the last successful poll is recent, 1 if not (for HEALTHCHECK)."""
    from datetime import UTC, datetime

    from bot.config import parse_duration
    from bot.store import Store

    config = _load(config_path)
    try:
        limit = parse_duration(max_age) if max_age else 3 * config.schedule.poll_interval
    except ValueError as exc:
        fail(f"--max-age: {exc}")
    try:
        store = Store.open(config.database_url(), migrate_schema=False)
        last = store.last_successful_poll()
        store.close()
    except Exception as exc:  # an unreadable database is unhealthy, not a crash
        click.echo(f"unhealthy: cannot read the database ({type(exc).__name__})")
        sys.exit(1)
    if last is None:
        click.echo("unhealthy: no successful poll yet")
        sys.exit(1)
    age = datetime.now(UTC) - last
    if age > limit:
        click.echo(f"unhealthy: the last successful poll was {int(age.total_seconds())} s ago")
        sys.exit(1)
    click.echo(f"healthy: the last successful poll was {int(age.total_seconds())} s ago")


@cli.command()
@click.option("--instance", "instance_url", required=True, help="The bot account's server URL.")
@click.option(
    "--token-file",
    default="welcomebot.token",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the token (mode 0600).",
)
def login(instance_url: str, token_file: Path) -> None:
    """Get an access token by OAuth (no password), and save it to a file."""
    from bot.config import InstanceConfig
    from bot.login import LoginError
    from bot.login import login as run_login

    try:
        url = InstanceConfig(url=instance_url).url
    except ValueError:
        fail("--instance: expected an http(s) URL such as https://mastodon.example")
    try:
        acct = run_login(
            url,
            token_file,
            show=lambda link: click.echo(
                f"Open this address while logged in as the bot account, and authorize:\n{link}"
            ),
            ask_code=lambda: click.prompt("Paste the authorization code", hide_input=True),
        )
    except LoginError as exc:
        fail(str(exc), code=1)
    click.echo(f"token saved to {token_file} (mode 600), acting as @{acct}")
    click.echo(f"in config.yaml, set instance.access_token_file: {token_file.resolve()}")


@cli.command()
@config_option
def migrate(config_path: Path) -> None:
    """Create or upgrade the database schema."""
    from bot.store import StoreError, make_engine
    from bot.store import migrate as run_migrations

    config = _load(config_path)
    try:
        engine = make_engine(config.database_url())
        run_migrations(engine)
        engine.dispose()
    except StoreError as exc:
        fail(str(exc))
    click.echo(f"database is up to date: {config.database_url()}")


# --------------------------------------------------------------------------- explain


@cli.command()
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
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def explain(
    acct: str | None,
    config_path: Path,
    account_json: Path | None,
    statuses_json: Path | None,
    now_text: str | None,
    as_json: bool,
) -> None:
    """Show how the bot judges one account, with every reason.

    Live: ``welcomebot explain @user@host``. Offline: ``--account-json FILE``.
    """
    from bot.judge import Policy, judge
    from bot.model import account_from_json, parse_datetime, status_from_json
    from bot.wiring import utc_now

    if (acct is None) == (account_json is None):
        fail("give either @user@host or --account-json FILE")
    now = utc_now()
    if now_text:
        parsed = parse_datetime(now_text)
        if parsed is None:
            fail(f"--now: expected an ISO 8601 time, got {now_text!r}")
        now = parsed
    policy = (
        _offline_policy(config_path) if account_json else Policy.from_config(_load(config_path))
    )
    statuses = None
    relationship = None
    if account_json is not None:
        try:
            account = account_from_json(_read_json(account_json))
        except ValueError as exc:
            fail(f"--account-json: {exc}")
        if statuses_json is not None:
            data = _read_json(statuses_json)
            if not isinstance(data, list):
                fail("--statuses-json: expected a JSON list of statuses")
            statuses = [s for s in (status_from_json(item) for item in data) if s is not None]
    else:
        account, relationship = _live_account(config_path, str(acct))
    if account_json is None:
        decision = _live_decision(config_path, account, relationship, policy, now)
    else:
        decision = judge(account, statuses, relationship, policy, now)
    if as_json:
        out = decision.to_json()
        click.echo(
            json.dumps(
                {k: out[k] for k in ("action", "category", "reasons")}
                | {"rules_version": out["rules_version"]},
                ensure_ascii=False,
            )
        )
    else:
        from bot.report import print_explanation

        print_explanation(account, decision)


def _live_decision(
    config_path: Path, account: Any, relationship: Any, policy: Any, now: Any
) -> Any:
    """Judge a live account as the bot would: posts fetched only if a rule asks, and
    what the bot's database knows (do-not-contact, conversations) taken into account."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.cycle import StoredFacts, judge_looking_closer
    from bot.gateway import GatewayError
    from bot.store import StoreError

    config = _load(config_path)
    gateway = _gateway(config)
    try:  # the same inputs as the cycle: do-not-contact and conversations, from the store
        facts = StoredFacts.at(config.database_url(), [account.id])
    except (StoreError, SQLAlchemyError) as exc:
        fail(f"cannot read the database to explain {account.acct}: {exc.__class__.__name__}")
    try:
        decision, _statuses, _raw = judge_looking_closer(
            gateway, account, policy, now, facts, relationship
        )
    except GatewayError as exc:
        fail(f"cannot judge {account.acct}: {exc}", code=1)
    return decision


def _gateway(config: Config) -> Any:
    from bot.config import ConfigError, read_access_token
    from bot.wiring import make_gateway

    try:
        return make_gateway(config, read_access_token(config))
    except ConfigError as exc:
        fail(str(exc))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{path}: not readable JSON ({exc.__class__.__name__})")


def _offline_policy(config_path: Path) -> Any:
    from bot.config import config_from_mapping
    from bot.judge import Policy

    if config_path.exists():
        return Policy.from_config(_load(config_path))
    return Policy.from_config(config_from_mapping({"instance": {"url": "https://offline.invalid"}}))


def _live_account(config_path: Path, acct: str) -> Any:
    from bot.gateway import GatewayError

    gateway = _gateway(_load(config_path))
    try:
        account, _raw = gateway.lookup(acct)
        relationship = gateway.relationships([account.id]).get(account.id)
    except GatewayError as exc:
        fail(f"cannot look up {acct}: {exc}", code=1)
    return account, relationship


# --------------------------------------------------------------------------- replay


@cli.command()
@config_option
@click.option(
    "--now", "now_text", help="Judge as of this ISO 8601 time instead of each decision's."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per change.")
def replay(config_path: Path, now_text: str | None, as_json: bool) -> None:
    """Judge the stored followers again under the current config; show what would change.

    Nothing is written and the server is not contacted.
    """
    from bot.judge import Policy
    from bot.model import parse_datetime
    from bot.replay import replay as run_replay
    from bot.store import Store, StoreError

    config = _load(config_path)
    now = None
    if now_text:
        now = parse_datetime(now_text)
        if now is None:
            fail(f"--now: expected an ISO 8601 time, got {now_text!r}")
    try:
        store = Store.open(config.database_url())
    except StoreError as exc:
        fail(str(exc))
    try:
        result = run_replay(store, Policy.from_config(config), now=now)
    finally:
        store.close()
    if as_json:
        for change in result.changes:
            click.echo(
                json.dumps(
                    {
                        "acct": change.acct,
                        "before": {k: change.before[k] for k in ("action", "category")},
                        "after": {
                            "action": change.after.outcome.value,
                            "category": change.after.category,
                        },
                        "reasons": [r.to_json() for r in change.after.reasons],
                    },
                    ensure_ascii=False,
                )
            )
        return
    from bot.report import print_replay

    print_replay(result)


# --------------------------------------------------------------------------- owner's tools


def _open_store(config: Config) -> Any:
    from bot.store import Store, StoreError

    try:
        return Store.open(config.database_url())
    except StoreError as exc:
        fail(str(exc))


@cli.group(invoke_without_command=True)
@config_option
@click.pass_context
def review(ctx: click.Context, config_path: Path) -> None:
    """List the followers waiting for your review, or approve/reject one."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path
    if ctx.invoked_subcommand is not None:
        return
    config = _load(config_path)
    store = _open_store(config)
    try:
        pending = store.pending_reviews()
    finally:
        store.close()
    if not pending:
        click.echo("nothing waits for review")
        return
    from bot.report import print_reviews

    print_reviews(pending)


def _review_decision(
    ctx: click.Context, acct: str, approve: bool, config_path: Path | None, force: bool = False
) -> None:
    from bot.owner import OwnerRefusal, decide_by_hand
    from bot.wiring import utc_now

    config = _load(config_path or ctx.obj["config_path"])
    store = _open_store(config)
    try:
        if not store.get_state("me.id"):
            fail("the bot has not run against its server yet: run `welcomebot once` first")
        done = decide_by_hand(store, config, acct, approve=approve, now=utc_now(), force=force)
    except OwnerRefusal as exc:
        fail(str(exc), code=1)
    finally:
        store.close()
    if not approve:
        click.echo(f"{done.acct} rejected: left alone ({done.decision.category})")
        return
    kinds = [str(p.kind) for p in done.planned]
    plan = ", ".join(kinds) if kinds else "nothing (already followed, or nothing to send)"
    click.echo(f"{done.acct} approved: the next cycle will do {plan}")


@review.command("approve")
@click.argument("acct")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Approve an account flagged as a bot or a group.")
@click.pass_context
def review_approve(ctx: click.Context, acct: str, config_path: Path | None, force: bool) -> None:
    """Follow back and welcome this follower on the next cycle."""
    _review_decision(ctx, acct, True, config_path, force)


@review.command("reject")
@click.argument("acct")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def review_reject(ctx: click.Context, acct: str, config_path: Path | None) -> None:
    """Leave this follower alone."""
    _review_decision(ctx, acct, False, config_path)


def _since(text: str | None, option: str) -> Any:
    from bot.model import parse_datetime

    if text is None:
        return None
    parsed = parse_datetime(text)
    if parsed is None:
        fail(f"{option}: expected a date or time such as 2026-11-01, got {text!r}")
    return parsed


@cli.command()
@config_option
@click.option("--outcome", type=click.Choice(["follow", "skip", "hold", "review"]))
@click.option("--since", "since_text", help="Only decisions from this date or time on.")
@click.option("--until", "until_text", help="Only decisions before this date or time.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def history(
    config_path: Path,
    outcome: str | None,
    since_text: str | None,
    until_text: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """What the bot decided, when and why, newest first."""
    config = _load(config_path)
    store = _open_store(config)
    try:
        rows = store.history(
            outcome=outcome,
            since=_since(since_text, "--since"),
            until=_since(until_text, "--until"),
            limit=limit,
        )
    finally:
        store.close()
    if as_json:
        for row in rows:
            click.echo(json.dumps({**row, "decided_at": row["decided_at"].isoformat()}))
        return
    from bot.report import print_history

    print_history(rows)


@cli.command()
@config_option
@click.option("--since", "since_text", help="Count from this date or time on.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(config_path: Path, since_text: str | None, as_json: bool) -> None:
    """Counts: followers judged by outcome, actions by result, the queue, the last poll."""
    config = _load(config_path)
    store = _open_store(config)
    try:
        numbers = store.stats(since=_since(since_text, "--since"))
        numbers["queue"] = store.queue_depth()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(numbers, default=str, sort_keys=True))
        return
    from bot.report import print_stats

    print_stats(numbers)


@cli.group("do-not-contact")
def do_not_contact() -> None:
    """The permanent list of accounts the bot never follows or messages."""


@do_not_contact.command("list")
@config_option
def dnc_list(config_path: Path) -> None:
    """Show the list."""
    config = _load(config_path)
    store = _open_store(config)
    try:
        rows = store.do_not_contact_list()
    finally:
        store.close()
    for row in rows:
        click.echo(
            f"{row['acct']}\t{row['reason']}\t{row['created_at']:%Y-%m-%d}\t{row['detail'] or ''}"
        )
    if not rows:
        click.echo("the do-not-contact list is empty")


@do_not_contact.command("add")
@click.argument("acct")
@config_option
@click.option("--note", default=None, help="Why, for your own records.")
def dnc_add(acct: str, config_path: Path, note: str | None) -> None:
    """Add an account (by handle); the bot cancels anything it planned for it."""
    from bot.gateway import GatewayError
    from bot.wiring import utc_now

    config = _load(config_path)
    store = _open_store(config)
    try:
        follower = store.follower_by_acct(acct)
        if follower is not None:
            account_id, handle = follower.account_id, follower.acct
        else:
            try:
                account, _raw = _gateway(config).lookup(acct)
            except GatewayError as exc:
                fail(f"cannot find {acct}: {exc}", code=1)
            account_id, handle = account.id, account.acct
        now = utc_now()
        added = store.add_do_not_contact(account_id, handle, "manual", now, note)
        if follower is not None:
            store.cancel_open(account_id, now, "added to the do-not-contact list by the owner")
    finally:
        store.close()
    click.echo(f"{handle} {'added to' if added else 'is already on'} the do-not-contact list")


@do_not_contact.command("remove")
@click.argument("acct")
@config_option
def dnc_remove(acct: str, config_path: Path) -> None:
    """Remove an account (it will not be contacted retroactively)."""
    config = _load(config_path)
    store = _open_store(config)
    try:
        wanted = acct.strip().lstrip("@").lower()
        match = [r for r in store.do_not_contact_list() if r["acct"].lower() == wanted]
        removed = bool(match) and store.remove_do_not_contact(match[0]["account_id"])
    finally:
        store.close()
    click.echo(f"{wanted} {'removed' if removed else 'was not on the list'}")


@cli.command()
@config_option
def reconcile(config_path: Path) -> None:
    """Compare with the follower list now: judge missed followers, notice who left."""
    from bot.cycle import FatalError
    from bot.gateway import GatewayError

    config = _load(config_path)
    _setup_logging(config)
    app = _build(config, dry_run=False)
    try:
        counts = app.bot.reconcile()
    except FatalError as exc:
        fail(str(exc))
    except GatewayError as exc:
        fail(f"reconciliation stopped: {exc}", code=1)
    finally:
        app.close()
    click.echo(json.dumps(counts, sort_keys=True))


# --------------------------------------------------------------------------- demo


@cli.command()
@click.option(
    "--scenario",
    default="demo",
    show_default=True,
    help="A bundled scenario name or a scenario YAML file.",
)
@click.option(
    "--keep",
    "keep_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the demo database and config in this directory.",
)
def demo(scenario: str, keep_dir: Path | None) -> None:
    """Run the bot against the built-in sandbox server and show what it decided."""
    from bot.demo import run_demo

    sys.exit(run_demo(scenario, keep_dir))


def main() -> None:
    cli(prog_name="welcomebot")


if __name__ == "__main__":
    main()
