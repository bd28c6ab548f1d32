"""``welcomebot init``: write a commented config.yaml for one server, and offer ``login``."""

from __future__ import annotations

import os
import re
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import click
from click.core import ParameterSource

from bot.cli.common import CommandFailed, config_option, warn
from bot.cli.setup import ask_code, show_link
from bot.config import ConfigError, InstanceConfig, load_config
from bot.config_messages import url_warnings
from bot.errors import SetupError
from bot.login import LoginError
from bot.login import login as run_login
from bot.text import terminal_safe

#: The example config inside the package (the repository's config.yaml, copied).
EXAMPLE = "config.example.yaml"
EXAMPLE_URL_LINE = "  url: https://mastodon.example\n"
TOKEN_LINE = "  # access_token_file: welcomebot.token\n"
TOKEN_FILE = "welcomebot.token"


def example_config() -> str:
    return resources.files("bot").joinpath(EXAMPLE).read_text(encoding="utf-8")


def server_url(text: str) -> str:
    """The server's base URL from what was typed (a profile's address is cut to the
    server's, and said so). SetupError if it is no URL."""
    try:
        url = InstanceConfig(url=text).url
    except ValueError as exc:
        raise SetupError(
            f"--url: expected an http(s) URL such as https://mastodon.example, got {text!r}"
        ) from exc
    parts = urlsplit(url)
    if re.search(r"/@|/users/", parts.path):
        url = f"{parts.scheme}://{parts.netloc}"
        click.echo(f"that is a profile's address; using the server's: {url}")
    for odd in url_warnings(url):
        warn(odd)
    return url


def written_config(url: str, *, token_file: bool) -> str:
    text = example_config()
    if EXAMPLE_URL_LINE not in text or TOKEN_LINE not in text:
        raise CommandFailed("the packaged example config has changed shape; please report this")
    text = text.replace(EXAMPLE_URL_LINE, f"  url: {url}\n", 1)
    if token_file:
        text = text.replace(TOKEN_LINE, f"  access_token_file: {TOKEN_FILE}\n", 1)
    return text


def write_new(path: Path, text: str) -> None:
    """Write ``path``, which must not exist yet (nothing is overwritten by surprise)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        raise CommandFailed(f"{path} exists already; move it away, or give --force") from exc
    except OSError as exc:
        raise SetupError(f"cannot write {path} ({exc.strerror})") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def wants_login(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    if not sys.stdin.isatty():
        return False  # nobody to paste a code: say how to log in later
    return click.confirm("Get an access token now (welcomebot login)?", default=True)


@click.command()
@config_option
@click.option("--url", help="The bot account's server, such as https://mastodon.example.")
@click.option(
    "--login/--no-login",
    "login",
    default=None,
    help="Run login for a token now (asked on a terminal; not asked otherwise).",
)
@click.option("--force", is_flag=True, help="Replace a config file that exists.")
@click.pass_context
def init(
    ctx: click.Context, config_path: Path, url: str | None, login: bool | None, force: bool
) -> None:
    """Write a commented config.yaml for your server, and offer to log in."""
    if config_path.exists() and not force:
        raise CommandFailed(f"{config_path} exists already; move it away, or give --force")
    if url is None:
        url = str(click.prompt("The bot account's server, for example https://mastodon.example"))
    url = server_url(url.strip())
    token_path = config_path.parent / TOKEN_FILE
    have_token, failed = token_path.exists(), None
    if have_token:
        click.echo(f"using the token in {token_path} (instance.access_token_file)")
    if not have_token and wants_login(login):
        try:
            acct = run_login(url, token_path, show=show_link, ask_code=ask_code)
        except LoginError as exc:
            failed = exc
        else:
            click.echo(f"token saved to {token_path} (mode 600), acting as @{terminal_safe(acct)}")
            have_token = True
    if force and config_path.exists():
        config_path.unlink()
    write_new(config_path, written_config(url, token_file=have_token))
    try:
        load_config(config_path)
    except ConfigError as exc:  # the packaged example must always load
        raise CommandFailed(f"the written config does not load: {exc}") from exc
    click.echo(f"wrote {config_path} for {url}; every key in it is explained in a comment")
    click.echo("next:")
    for line in next_steps(ctx, config_path, url, have_token=have_token):
        click.echo(f"  {line}")
    if failed is not None:
        raise CommandFailed(f"login: {failed}")


def next_steps(ctx: click.Context, config_path: Path, url: str, *, have_token: bool) -> list[str]:
    source = ctx.get_parameter_source("config_path")
    given = (
        ""
        if source in (ParameterSource.DEFAULT, ParameterSource.ENVIRONMENT)
        else f" --config {config_path}"
    )
    steps = []
    if not have_token:
        token = config_path.parent / TOKEN_FILE
        steps.append(f"welcomebot login --instance {url} --token-file {token}")
        steps.append(f"  (then set instance.access_token_file: {TOKEN_FILE} in {config_path})")
    steps += [
        f"welcomebot check-config{given}      the config, the token, the server",
        f"welcomebot preview{given}           the welcome DM, as it will be sent",
        f"welcomebot once --dry-run{given}    what the bot would do, changing nothing",
    ]
    return steps
