"""``welcomebot preview``: the welcome DM, the stop acknowledgement or the digest,
rendered exactly as it would be sent, with its length against the server's limit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click

from bot.cli.common import CommandFailed, config_option, json_option, load, read_json
from bot.config import Config, ConfigError, longest_rendering, read_access_token
from bot.cycle.digest import digest_text
from bot.dbfile import sqlite_file
from bot.errors import SetupError
from bot.gateway import GatewayError, MastodonGateway
from bot.messages import (
    OFFLINE_LIMIT,
    Limit,
    Template,
    fits_line,
    server_limit,
    stop_ack_template,
)
from bot.messages import welcome_templates as all_welcome_templates
from bot.model import AccountSnapshot, StatusSnapshot, account_from_json, status_from_json
from bot.owner import find_follower
from bot.planning import choose_signup_template, choose_template, post_language
from bot.store import ME_ACCT_KEY, ME_NAME_KEY, Store
from bot.text import terminal_safe
from bot.welcome import BotIdentity, Unaddressable, render_welcome
from bot.wiring import make_gateway, utc_now

#: Who the text is shown for when no follower is named.
SAMPLE = AccountSnapshot(
    id="0", acct="alex@example.social", username="alex", display_name="Alex Example"
)


@dataclass(frozen=True, slots=True)
class Rendered:
    what: str  # "the welcome DM (de)"
    to: str
    text: str | None  # None: nothing would be sent
    why_not: str = ""
    longest: int | None = None  # with the longest plausible names (templates only)

    def to_json(self, limit: Limit) -> dict[str, object]:
        return {
            "what": self.what,
            "to": self.to,
            "text": self.text,
            "length": len(self.text) if self.text is not None else None,
            "limit": limit.characters,
            "limit_source": limit.source,
            "longest_plausible": self.longest,
            "fits": self.text is not None and len(self.text) <= limit.characters,
            "why_not": self.why_not or None,
        }


@click.command()
@click.argument("acct", required=False, metavar="[@FOLLOWER]")
@config_option
@click.option(
    "--account-json",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Render for this Account JSON instead of a follower.",
)
@click.option("--lang", metavar="XX", help="The template for this language (welcome_dm.templates).")
@click.option("--stop-ack", is_flag=True, help="The answer to a stop word instead of the welcome.")
@click.option("--digest", is_flag=True, help="The owner's digest (digest.to) as of now.")
@click.option("--offline", is_flag=True, help="Do not ask the server (its limit is taken as 500).")
@json_option("One JSON object per message.")
def preview(  # noqa: PLR0913 (click passes each option as a parameter)
    acct: str | None,
    config_path: Path,
    account_json: Path | None,
    lang: str | None,
    stop_ack: bool,
    digest: bool,
    offline: bool,
    as_json: bool,
) -> None:
    """Show a message exactly as the bot would send it, and its length.

    Without a follower, every welcome template is shown for a sample newcomer;
    with @FOLLOWER (from the database, else from the server) or --account-json,
    the one the bot would send them, in the language it would choose.
    """
    if acct is not None and account_json is not None:
        raise SetupError("give @FOLLOWER or --account-json FILE, not both")
    if stop_ack and digest:
        raise SetupError("--stop-ack and --digest show different messages: give one")
    config = load(config_path)
    with _context(config, offline=offline) as ctx:
        if digest:
            messages = [ctx.digest()]
        else:
            account, statuses = ctx.account(acct, account_json)
            if stop_ack:
                messages = [ctx.render(stop_ack_template(config), account)]
            else:
                chosen = ctx.welcome_templates(lang, statuses, every=account is SAMPLE)
                messages = [ctx.render(t, account) for t in chosen]
        limit = ctx.limit()
    for message in messages:
        if as_json:
            click.echo(terminal_safe(json.dumps(message.to_json(limit), ensure_ascii=False)))
        else:
            show(message, limit)
    over = [m for m in messages if m.text is not None and len(m.text) > limit.characters]
    if over:
        raise CommandFailed(
            f"{over[0].what} is {len(over[0].text or '')} characters, over the limit of "
            f"{limit.characters}: shorten the template"
        )


def show(message: Rendered, limit: Limit) -> None:
    if message.text is None:
        click.echo(f"{message.what}: nothing would be sent to {terminal_safe(message.to)}")
        click.echo(f"  because {terminal_safe(message.why_not)}")
        return
    click.echo(f"{message.what}, to {terminal_safe(message.to)}:")
    for line in message.text.splitlines() or [""]:
        click.echo(f"  │ {terminal_safe(line)}")
    click.echo(f"  {fits_line(len(message.text), limit)}")
    if message.longest is not None:
        click.echo(f"  at most {message.longest} with the longest plausible names")
    click.echo("")


@dataclass
class PreviewContext:
    config: Config
    store: Store | None
    gateway: MastodonGateway | None

    def limit(self) -> Limit:
        return server_limit(self.gateway) if self.gateway is not None else OFFLINE_LIMIT

    def bot(self) -> BotIdentity:
        host = urlsplit(self.config.instance.url).hostname or "this server"
        acct = self.store.get_state(ME_ACCT_KEY) if self.store is not None else None
        name = self.store.get_state(ME_NAME_KEY) if self.store is not None else None
        if not acct and self.gateway is not None:
            try:
                identity, _raw = self.gateway.verify_credentials()
                acct, name = identity.acct, identity.display_name
            except GatewayError:
                acct = None
        acct = acct or "bot"
        return BotIdentity(
            acct=acct, display_name=name or acct, instance=host, rules_url=self.config.rules_url()
        )

    def account(
        self, acct: str | None, account_json: Path | None
    ) -> tuple[AccountSnapshot, list[StatusSnapshot] | None]:
        if account_json is not None:
            try:
                return account_from_json(read_json(account_json)), None
            except ValueError as exc:
                raise SetupError(f"--account-json: {exc}") from exc
        if acct is None:
            return SAMPLE, None
        stored = find_follower(self.store, self.config, acct) if self.store else None
        if stored is not None:
            statuses = [s for s in map(status_from_json, stored.statuses_json or []) if s]
            return account_from_json(stored.account_json), statuses or None
        if self.gateway is None:
            raise CommandFailed(f"no follower {acct} in the database (and --offline)")
        try:
            account, _raw = self.gateway.lookup(acct)
            statuses, _raw_statuses = self.gateway.recent_statuses(account.id, limit=10)
        except GatewayError as exc:
            raise CommandFailed(f"cannot look up {acct}: {exc}") from exc
        return account, statuses

    def welcome_templates(
        self, lang: str | None, statuses: list[StatusSnapshot] | None, *, every: bool
    ) -> list[Template]:
        """The one template for ``lang``; else every one (``every``, for the sample), or
        the one the bot would choose by the follower's recent posts."""
        templates = all_welcome_templates(self.config)
        if lang is not None:
            chosen = [t for t in templates if t.language == lang]
            if not chosen:
                have = ", ".join(sorted(self.config.welcome_dm.templates)) or "none"
                raise SetupError(
                    f"--lang {lang}: welcome_dm.templates has no {lang} (it has: {have}); "
                    "followers who write in it get the default template"
                )
            return chosen[:1]
        if every:
            return templates
        choose = choose_template if self.config.greets_followers else choose_signup_template
        text, language = choose(self.config, post_language(statuses))
        return [t for t in templates if t.text == text and t.language == language][:1]

    def render(self, template: Template, account: AccountSnapshot) -> Rendered:
        to = f"@{account.acct}"
        try:
            text = render_welcome(template.text, account, self.bot())
        except Unaddressable as exc:
            return Rendered(template.label, to, None, why_not=str(exc))
        return Rendered(template.label, to, text, longest=longest_rendering(template.text))

    def digest(self) -> Rendered:
        owner = self.config.digest.to
        if not owner:
            raise SetupError("digest.to: not set, so no digest is sent; set it to your handle")
        if self.store is None:
            raise CommandFailed("no database yet, so nothing to digest: run `welcomebot once`")
        since = utc_now() - max(self.config.digest.every, timedelta(minutes=1))
        text = digest_text(self.store, self.config, owner, since)
        return Rendered("the owner's digest", f"@{owner}", text)


@contextmanager
def _context(config: Config, *, offline: bool) -> Iterator[PreviewContext]:
    """The database if it exists (never created here), and the server unless offline."""
    database = sqlite_file(config.database_url())
    store = (
        Store.open(config.database_url()) if database is not None and database.exists() else None
    )
    gateway = None
    if not offline:
        try:
            token = read_access_token(config)
        except ConfigError:
            token = None  # the instance API needs no token
        gateway = (
            make_gateway(config, token)
            if token is not None
            else MastodonGateway(
                config.instance.url, "", timeout=config.instance.request_timeout.total_seconds()
            )
        )
    try:
        yield PreviewContext(config, store, gateway)
    finally:
        if store is not None:
            store.close()
