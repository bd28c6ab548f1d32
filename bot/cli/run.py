"""Running the bot: ``once``, ``run``, ``reconcile``, and the database's ``migrate`` and
``health``."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click

from bot.cli.common import (
    CommandFailed,
    config_option,
    dry_run_option,
    load,
    load_with_logging,
    server_errors,
)
from bot.config import Config, parse_duration, read_access_token, token_file_warning
from bot.errors import SetupError
from bot.logs import event, get_logger
from bot.plan import plan_after_cycle, plan_of_dry_run
from bot.scheduler import Stopped, run_forever, stop_on_signals, waiting_for_the_server
from bot.store import Store, StoreError, make_engine
from bot.store import migrate as run_migrations
from bot.text import terminal_safe
from bot.wiring import App, ServerCheck, ServerUnreachable, build_app


def build(config: Config, *, dry_run: bool, check: ServerCheck | None = None) -> App:
    """The app, holding the database's lock; the token file's warning is logged first.
    A server that cannot be reached now fails the command (exit 1), unless ``check``
    waits for it (the daemon's)."""
    token = read_access_token(config)
    warning = token_file_warning(config)
    if warning:
        name = "token_file_unused" if token.unused_file else "token_file_permissions"
        event(get_logger(), name, logging.WARNING, detail=warning)
    try:
        return build_app(config, token=token, dry_run=dry_run, exclusive=True, check=check)
    except ServerUnreachable as exc:
        raise CommandFailed(str(exc)) from exc


@click.command()
@config_option
@dry_run_option
@click.option(
    "--json/--text",
    "as_json",
    default=None,
    help="Print the summary and the plan as one JSON object, or the plan as text. "
    "[default: text on a terminal, JSON otherwise]",
)
def once(config_path: Path, dry_run: bool, as_json: bool | None) -> None:
    """Run one poll cycle, then say what it decided, did and left due."""
    app = build(load_with_logging(config_path), dry_run=dry_run)
    try:
        started = app.bot.clock()
        report = app.bot.run_cycle()
        build_plan = plan_of_dry_run if app.bot.dry_run else plan_after_cycle
        plan = build_plan(app.store, app.config, report, started=started, now=app.bot.clock())
    finally:
        app.close()
    if as_json is None:
        as_json = not sys.stdout.isatty()  # scripts and pipes read the JSON, as before
    if as_json:
        click.echo(terminal_safe(json.dumps(plan.to_json(), sort_keys=True, ensure_ascii=False)))
    else:
        for line in plan.lines():
            click.echo(terminal_safe(line))
    if report.stopped == "server_trouble" and report.new_followers + report.new_signups == 0:
        sys.exit(1)


@click.command()
@config_option
@dry_run_option
def run(config_path: Path, dry_run: bool) -> None:
    """Run the scheduled daemon until SIGTERM or Ctrl-C."""
    config = load_with_logging(config_path)
    with stop_on_signals() as stop:  # an unreachable server is waited for, not fatal
        try:
            app = build(config, dry_run=dry_run, check=waiting_for_the_server(config, stop))
        except Stopped:
            return
    if stop.is_set():
        app.close()
        return
    try:
        with metrics_endpoint(app):
            code = run_forever(app)
    finally:
        app.close()
    if code:
        sys.exit(code)  # the daemon's own status: 2 after a fatal error it has logged


@contextmanager
def metrics_endpoint(app: App) -> Iterator[None]:
    """Serve the metrics while the daemon runs, if ``metrics.port`` is set."""
    if app.config.metrics.port is None:
        yield
        return
    # Imported only here: bot.metrics loads prometheus_client, which only this needs.
    from bot.metrics import MetricsError, start_metrics

    try:
        server = start_metrics(app)
    except MetricsError as exc:
        raise SetupError(str(exc)) from exc
    try:
        yield
    finally:
        server.stop()


@click.command()
@config_option
def reconcile(config_path: Path) -> None:
    """Compare with the follower list now: judge missed ones, notice who left."""
    config = load_with_logging(config_path)
    app = build(config, dry_run=False)
    try:
        with server_errors(app.token, "reconciliation stopped"):
            counts = app.bot.reconcile()
    finally:
        app.close()
    click.echo(json.dumps(counts, sort_keys=True))


@click.command()
@config_option
def migrate(config_path: Path) -> None:
    """Create or upgrade the database schema."""
    config = load(config_path)
    engine = make_engine(config.database_url())
    try:
        run_migrations(engine)
    finally:
        engine.dispose()
    click.echo(f"database is up to date: {config.database_url()}")


@click.command()
@config_option
@click.option(
    "--max-age",
    "max_age",
    default=None,
    help="Healthy if the last successful poll is younger than this. "
    "[default: three poll intervals]",
)
def health(config_path: Path, max_age: str | None) -> None:
    """Exit 0 if the last successful poll is recent, 1 if not."""
    config = load(config_path)
    try:
        limit = parse_duration(max_age) if max_age else 3 * config.schedule.poll_interval
    except ValueError as exc:
        raise SetupError(f"--max-age: {exc}") from exc
    try:
        store = Store.open(config.database_url(), migrate_schema=False)
        try:
            last = store.last_successful_poll()
        finally:
            store.close()
    except StoreError as exc:  # e.g. no database yet: the bot has not reached its server
        click.echo(f"unhealthy: {exc}")
        sys.exit(1)
    except Exception as exc:  # an unreadable database is unhealthy, not a crash
        click.echo(f"unhealthy: cannot read the database ({type(exc).__name__})")
        sys.exit(1)
    if last is None:
        click.echo("unhealthy: no successful poll yet")
        sys.exit(1)
    age = datetime.now(UTC) - last
    if age.total_seconds() < -60:  # a clock stepped back must not read as "just polled"
        ahead = int(-age.total_seconds())
        click.echo(
            f"unhealthy: the last successful poll is {ahead} s in the future "
            "(the clock stepped back); healthy again after the next poll"
        )
        sys.exit(1)
    if age > limit:
        click.echo(f"unhealthy: the last successful poll was {int(age.total_seconds())} s ago")
        sys.exit(1)
    click.echo(f"healthy: the last successful poll was {int(age.total_seconds())} s ago")
