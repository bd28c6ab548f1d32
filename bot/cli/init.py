"""``welcomebot init``: write a commented config.yaml for one server, and offer ``login``."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import click
from click.core import ParameterSource

from bot.cli.common import CommandFailed, config_option, warn
from bot.cli.setup import ask_code, show_link
from bot.config import ConfigError, InstanceConfig, config_from_mapping
from bot.config_messages import parse_yaml, url_warnings
from bot.errors import SetupError
from bot.login import LoginError
from bot.login import login as run_login
from bot.text import terminal_safe

#: The example config inside the package (the repository's config.yaml, copied).
EXAMPLE = "config.example.yaml"
URL_LINE = "  url: https://mastodon.example\n"
TOKEN_LINE = "  # access_token_file: welcomebot.token\n"
DATABASE_LINE = "  database: welcomebot.sqlite3\n"
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
        click.echo(f"that is a profile's address; using the server's: {url}", err=True)
    for odd in url_warnings(url):
        warn(odd)
    return url


@dataclass(frozen=True, slots=True)
class Answers:
    url: str
    token_file: str | None  # as written in the config (relative to it, or absolute)
    database: str | None


def written_config(answers: Answers) -> str:
    """The example config with the server, the token file and the database filled in."""
    text = example_config()
    if not all(line in text for line in (URL_LINE, TOKEN_LINE, DATABASE_LINE)):
        raise CommandFailed("the packaged example config has changed shape; please report this")
    text = text.replace(URL_LINE, f"  url: {answers.url}\n", 1)
    if answers.token_file is not None:
        text = text.replace(TOKEN_LINE, f"  access_token_file: {answers.token_file}\n", 1)
    if answers.database is not None:
        text = text.replace(DATABASE_LINE, f"  database: {answers.database}\n", 1)
    return text


def write_new(path: Path, text: str, *, force: bool) -> None:
    """Write ``path``; an existing file only with ``force`` (never by surprise)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o644)
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


def get_token(url: str, token_path: Path, choice: bool | None) -> tuple[bool, str | None]:
    """Whether a token file is there now (login may make it), and why login failed."""
    if token_path.exists():
        click.echo(f"using the token in {token_path} (instance.access_token_file)")
        return True, None
    if not wants_login(choice):
        return False, None
    try:
        acct = run_login(url, token_path, show=show_link, ask_code=ask_code)
    except LoginError as exc:
        return False, str(exc)
    click.echo(f"token saved to {token_path} (mode 600), acting as @{terminal_safe(acct)}")
    return True, None


@click.command()
@config_option
@click.option("--url", help="The bot account's server, such as https://mastodon.example.")
@click.option(
    "--login/--no-login",
    "login",
    default=None,
    help="Run login for a token now (asked on a terminal; not asked otherwise).",
)
@click.option(
    "--token-file",
    metavar="PATH",
    help=f"Where the token is kept [default: {TOKEN_FILE} beside the config].",
)
@click.option("--database", metavar="PATH|URL", help="Where decisions are kept (storage.database).")
@click.option("--stdout", is_flag=True, help="Print the config instead of writing it.")
@click.option("--force", is_flag=True, help="Replace a config file that exists.")
@click.pass_context
def init(  # noqa: PLR0913 (click passes each option as a parameter)
    ctx: click.Context,
    config_path: Path,
    url: str | None,
    login: bool | None,
    token_file: str | None,
    database: str | None,
    stdout: bool,
    force: bool,
) -> None:
    """Write a commented config.yaml for your server, and offer to log in."""
    if not stdout and config_path.exists() and not force:
        raise CommandFailed(f"{config_path} exists already; move it away, or give --force")
    if url is None:
        url = str(click.prompt("The bot account's server, for example https://mastodon.example"))
    url = server_url(url.strip())
    if stdout:  # for a container: the token and the database live where the image says
        answers = Answers(url, token_file, database)
        check_loads(written_config(answers))
        click.echo(written_config(answers), nl=False)
        return
    token_path = config_path.parent / (token_file or TOKEN_FILE)
    have_token, failed = get_token(url, token_path, login)
    answers = Answers(url, (token_file or TOKEN_FILE) if have_token else None, database)
    write_new(config_path, written_config(answers), force=force)
    check_loads(config_path.read_text(encoding="utf-8"))
    click.echo(f"wrote {config_path} for {url}; every key in it is explained in a comment")
    click.echo("next:")
    for line in next_steps(ctx, config_path, url, token_path, have_token=have_token):
        click.echo(f"  {line}")
    if failed is not None:
        raise CommandFailed(f"login: {failed}")


def check_loads(text: str) -> None:
    """The written config must load (the example always does; a bad --url or --database
    would not)."""
    try:
        config_from_mapping(parse_yaml(text).data)
    except ConfigError as exc:
        raise SetupError(f"the config would not load: {exc}") from exc


def next_steps(
    ctx: click.Context, config_path: Path, url: str, token_path: Path, *, have_token: bool
) -> list[str]:
    source = ctx.get_parameter_source("config_path")
    named = source in (ParameterSource.DEFAULT, ParameterSource.ENVIRONMENT)
    given = "" if named else f" --config {config_path}"
    steps = []
    if not have_token:
        steps.append(f"welcomebot login --instance {url} --token-file {token_path}")
        steps.append(f"  (then set instance.access_token_file in {config_path})")
    steps += [
        f"welcomebot check-config{given}      the config, the token, the server",
        f"welcomebot preview{given}           the welcome DM, as it will be sent",
        f"welcomebot once --dry-run{given}    what the bot would do, changing nothing",
    ]
    return steps
