"""Setting the bot up: ``check-config``, ``login`` for a token, and the sandboxed ``demo``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.common import CommandFailed, config_option, load
from bot.config import (
    Config,
    ConfigError,
    InstanceConfig,
    format_duration,
    longest_rendering,
    read_access_token,
    token_file_warning,
)
from bot.cycle.capabilities import limits_of, signup_limits
from bot.cycle.context import FatalError
from bot.demo import run_demo
from bot.errors import SetupError
from bot.login import LoginError, code_reader, scopes_for
from bot.login import login as run_login
from bot.messages import (
    OFFLINE_LIMIT,
    Limit,
    all_templates,
    fits_line,
    server_limit,
    too_long_for,
)
from bot.store import make_engine
from bot.text import terminal_safe
from bot.wiring import ServerUnreachable, check_server, make_gateway


@click.command("check-config")
@config_option
@click.option("--offline", is_flag=True, help="Validate the file only; do not contact the server.")
def check_config(config_path: Path, offline: bool) -> None:
    """Check the config, the token, the database path and the server."""
    config = load(config_path)
    click.echo(f"config: {config_path} is valid")
    for line in summary(config):
        click.echo(line)
    warning = token_file_warning(config)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    make_engine(config.database_url()).dispose()
    if offline:
        click.echo(f"messages: {longest_message(config, OFFLINE_LIMIT)}")
        return
    token = read_access_token(config)
    gateway = make_gateway(config, token)
    try:
        acct = check_server(config, gateway, token)
    except ServerUnreachable as exc:  # try again later: not a setup mistake (exit 1)
        raise CommandFailed(str(exc)) from exc
    click.echo(f"token: valid, acting as @{terminal_safe(acct)}")
    try:
        cannot = signup_limits(gateway, config, acct)
    except FatalError as exc:
        raise ConfigError(str(exc)) from exc
    if config.greets_followers:
        cannot = limits_of(gateway) + cannot
    for line in cannot:
        click.echo(f"warning: {line}", err=True)
    limit = server_limit(gateway)
    problem = too_long_for(all_templates(config), limit)
    if problem:
        raise ConfigError(problem)
    click.echo(f"messages: {longest_message(config, limit)}")


def longest_message(config: Config, limit: Limit) -> str:
    longest = max(longest_rendering(t.text) for t in all_templates(config))
    return f"at most {fits_line(longest, limit)}, with the longest plausible names"


def summary(config: Config) -> list[str]:
    follow_back = config.follow_back
    return [
        f"instance: {config.instance.url}",
        f"database: {config.database_url()}",
        f"poll interval: {format_duration(config.schedule.poll_interval)}",
        f"follow back: {'on' if follow_back.enabled else 'off'} "
        f"({follow_back.who}, delay {format_duration(follow_back.delay)})",
        f"welcome DM: {'on' if config.welcome_dm.enabled else 'off'}",
        f"greet: {', '.join(config.greet)}"
        + (
            f" (sign-ups: reconciled every {format_duration(config.signups.reconcile_every)}, "
            f"back {format_duration(config.signups.window)}, follow back "
            f"{'on' if config.signups.follow_back else 'off'})"
            if config.greets_signups
            else ""
        ),
        f"dry run: {'yes' if config.dry_run else 'no'}",
    ]


@click.command()
@click.option("--instance", "instance_url", required=True, help="The bot account's server URL.")
@click.option(
    "--token-file",
    default="welcomebot.token",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the token (mode 0600).",
)
@click.option(
    "--code",
    default=None,
    help="The code the server showed, for a second run (the app the first run "
    "registered is reused). Without it the code is asked for, or read from a pipe.",
)
@click.option(
    "--signups/--no-signups",
    "signups",
    default=None,
    help="Ask for admin:read:accounts, which greet: signups needs. Without either, it "
    "is asked for only when the config, if there is one, greets sign-ups.",
)
@config_option
def login(
    instance_url: str,
    token_file: Path,
    code: str | None,
    signups: bool | None,
    config_path: Path,
) -> None:
    """Get an access token by OAuth (no password) and save it to a file."""
    try:
        url = InstanceConfig(url=instance_url).url
    except ValueError as exc:
        raise SetupError(
            "--instance: expected an http(s) URL such as https://mastodon.example"
        ) from exc
    try:
        reader = code_reader(sys.stdin, ask_code)
        scopes = scopes_for(signups=greets_signups(config_path) if signups is None else signups)
        acct = run_login(url, token_file, show=show_link, ask_code=reader, code=code, scopes=scopes)
    except LoginError as exc:
        raise CommandFailed(str(exc)) from exc
    click.echo(f"token saved to {token_file} (mode 600), acting as @{terminal_safe(acct)}")
    click.echo(f"in config.yaml, set instance.access_token_file: {token_file.resolve()}")


def greets_signups(config_path: Path) -> bool:
    """Whether the config (if there is one yet, and it loads) greets sign-ups."""
    if not config_path.is_file():
        return False
    try:
        return load(config_path).greets_signups
    except ConfigError:
        return False


def show_link(link: str) -> None:
    click.echo(f"Open this address while logged in as the bot account, and authorize:\n{link}")


def ask_code() -> str:
    return str(click.prompt("Paste the authorization code", hide_input=True))


@click.command()
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
    """Run the bot against a built-in sandbox server and show what it did."""
    sys.exit(run_demo(scenario, keep_dir))
