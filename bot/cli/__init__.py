"""The ``welcomebot`` command line. A thin shell: parse, build, call, report.

Exit status: 0 success; 1 the command could not do its job (the server failed, an
account is unknown, an unexpected error); 2 a person must fix something (a config key,
a missing or rejected token, an unusable database, a bad option). Every failure is one
line on stderr, ``welcomebot: error: ...``, and never a traceback unless
``WELCOMEBOT_DEBUG=1`` is set. ``WelcomebotGroup`` is the one place that maps errors
to those lines and statuses; the commands only raise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from bot import __version__
from bot.cli import init, inspect, owner, preview, records, run, setup
from bot.cli.common import CommandFailed
from bot.cycle import FatalError
from bot.errors import SetupError
from bot.logs import redact
from bot.text import terminal_safe

DEBUG_ENV = "WELCOMEBOT_DEBUG"


def _exit_with(message: str, code: int) -> NoReturn:
    one_line = terminal_safe(" ".join(redact(message).split()))
    click.echo(f"welcomebot: error: {one_line}", err=True)
    raise click.exceptions.Exit(code)


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Every error a command raises, as one line and an exit status (see the module)."""
    try:
        yield
    except (click.exceptions.Exit, click.Abort, click.exceptions.NoArgsIsHelpError):
        raise  # click's own: an exit status, Ctrl-C, the help for a bare command
    except click.UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        _exit_with(exc.format_message() + where, exc.exit_code)
    except click.ClickException as exc:
        _exit_with(exc.format_message(), exc.exit_code)
    except (SetupError, FatalError) as exc:
        _exit_with(str(exc), 2)
    except CommandFailed as exc:
        _exit_with(str(exc), 1)
    except Exception as exc:
        if isinstance(exc, BrokenPipeError) or os.environ.get(DEBUG_ENV) == "1":
            raise  # click quietens a closed pipe (`welcomebot history | head`)
        _exit_with(f"unexpected {type(exc).__name__}: {exc} ({DEBUG_ENV}=1 shows the traceback)", 1)


class WelcomebotGroup(click.Group):
    """The top-level group: parsing and every command run inside ``_one_line_errors``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _one_line_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        with _one_line_errors():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order a newcomer meets them, not A to Z


@click.group(cls=WelcomebotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="welcomebot")
def cli() -> None:
    """Welcome human newcomers who follow your fediverse account.

    Follows back the people who are new here, says hello in a private message,
    and explains every decision. Decisions are kept in SQLite.

    Start with: welcomebot init, then check-config, preview and once --dry-run.
    Every command reads ./config.yaml, or the file WELCOMEBOT_CONFIG or --config names.
    """


#: One full sentence per command for the listing in ``welcomebot --help`` (click would
#: cut a longer first sentence mid-way); each command's own --help has the whole text.
SUMMARIES = {
    "init": "Write a commented config.yaml for your server.",
    "login": "Get an access token by OAuth, into a file.",
    "check-config": "Check the config, the token and the server.",
    "preview": "Show a message exactly as it would be sent.",
    "once": "Run one cycle; say what it did and what is due.",
    "run": "Run the bot until SIGTERM or Ctrl-C.",
    "health": "Exit 0 if the last poll is recent, 1 if not.",
    "migrate": "Create or upgrade the database schema.",
    "explain": "Show how one account is judged, and why.",
    "replay": "Show which past decisions the config changes.",
    "review": "List who waits for your review, or decide.",
    "welcomed": "Show each follower's decision, follow and DM.",
    "history": "Show every decision, newest first, and why.",
    "stats": "Count followers and actions; show what is due.",
    "do-not-contact": "Keep the list of accounts never contacted.",
    "reconcile": "Compare with the follower list now.",
    "demo": "Run the bot against a built-in sandbox server.",
}

for command in (
    init.init,
    setup.login,
    setup.check_config,
    preview.preview,
    run.once,
    run.run,
    run.health,
    run.migrate,
    inspect.explain,
    inspect.replay,
    owner.review,
    records.welcomed,
    records.history,
    records.stats,
    owner.do_not_contact,
    run.reconcile,
    setup.demo,
):
    command.short_help = SUMMARIES[str(command.name)]
    cli.add_command(command)


def main() -> None:
    cli(prog_name="welcomebot")
