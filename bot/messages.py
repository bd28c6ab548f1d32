"""The texts the bot sends, as the owner can preview and check them.

Every template the config holds (the welcome, one per language, the stop
acknowledgement), where each would be used, and how long it can get against the
server's own limit on a post. Pure, except ``server_limit``, which asks the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.config import Config, longest_rendering
from bot.ports import Gateway, GatewayError
from bot.welcome import MAX_STATUS_CHARS


@dataclass(frozen=True, slots=True)
class Template:
    key: str  # the config key, as errors name it
    label: str  # for people: "the welcome DM (de)"
    text: str
    language: str | None


def welcome_templates(config: Config) -> list[Template]:
    """The default welcome, then one per language of ``welcome_dm.templates``; with
    ``greet: signups``, the sign-up welcome and its languages too (without followers,
    only those)."""
    dm, signups = config.welcome_dm, config.signups
    out = []
    if config.greets_followers:
        out.append(Template("welcome_dm.template", "the welcome DM", dm.template, dm.language))
        for lang, text in sorted(dm.templates.items()):
            key, label = f"welcome_dm.templates.{lang}", f"the welcome DM ({lang})"
            out.append(Template(key, label, text, lang))
    if config.greets_signups:
        label = "the sign-up welcome DM"
        out.append(Template("signups.template", label, signups.template, signups.language))
        for lang, text in sorted(signups.templates.items()):
            out.append(Template(f"signups.templates.{lang}", f"{label} ({lang})", text, lang))
    return out


def stop_ack_template(config: Config) -> Template:
    dm = config.welcome_dm
    return Template(
        "welcome_dm.acknowledgement", "the stop acknowledgement", dm.acknowledgement, None
    )


def all_templates(config: Config) -> list[Template]:
    return [*welcome_templates(config), stop_ack_template(config)]


@dataclass(frozen=True, slots=True)
class Limit:
    """How long a post may be, and who said so."""

    characters: int
    source: str  # "the server's own limit" or why the default is assumed


DEFAULT_LIMIT = Limit(MAX_STATUS_CHARS, "Mastodon's default: the server did not say")
OFFLINE_LIMIT = Limit(MAX_STATUS_CHARS, "Mastodon's default: the server was not asked")


def server_limit(gateway: Gateway) -> Limit:
    """``configuration.statuses.max_characters`` from the instance API, or 500."""
    try:
        found = gateway.max_status_characters()
    except GatewayError:
        found = None
    if found is None:
        return DEFAULT_LIMIT
    return Limit(found, "the server's own limit, from its instance API")


def fits_line(length: int, limit: Limit) -> str:
    return f"{length} characters of the {limit.characters} allowed ({limit.source})"


def too_long_for(templates: Sequence[Template], limit: Limit) -> str | None:
    """Why a template cannot fit this server's posts, if one cannot (the first)."""
    for template in templates:
        longest = longest_rendering(template.text)
        if longest > limit.characters:
            return (
                f"{template.key}: the message can be {longest} characters long with the "
                f"longest plausible names, over this server's limit of {limit.characters}; "
                f"shorten it by {longest - limit.characters}"
            )
    return None
