"""Scenario files for the sandbox: loading, validation and bundled scenarios.

A scenario is a YAML mapping describing the bot account, the other accounts (with
their relationship to the bot), optional generated bulk followers and server options
(flavour, local domain, asynchronous follows, notification policy, and ``quirks``:
single fields of the flavour table switched on or off).  Unknown keys are
rejected with a ``ValueError`` that names the key, so typos do not silently vanish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.sandbox.flavours import FLAVOURS, with_quirks

SCENARIO_DIR = Path(__file__).parent / "scenarios"

ACCOUNT_KEYS = frozenset(
    {
        "username",
        "domain",
        "display_name",
        "note",
        "avatar",
        "header",
        "created_days_ago",
        "created_at",
        "followers_count",
        "following_count",
        "statuses_count",
        "last_status_days_ago",
        "bot",
        "group",
        "locked",
        "discoverable",
        "indexable",
        "hide_collections",
        "fields",
        "moved_to",
        "suspended",
        "limited",
        "memorial",
        "statuses",
        "follows_bot",
        "notify",
        "bot_follows",
        "blocks_bot",
        "label",
    }
)
BOT_KEYS = frozenset(
    {
        "username",
        "display_name",
        "note",
        "locked",
        "avatar",
        "header",
        "created_days_ago",
        "created_at",
        "fields",
        "discoverable",
        "role",  # a built-in role (moderator, admin, owner) or {name, permissions}
        "scopes",  # of the bot's token (sandbox.token); default "read write follow push"
    }
)
#: The keys of a ``signups:`` entry beyond an account's own (see bot/sandbox/admin.py).
SIGN_UP_KEYS = frozenset(
    {"locale", "approved", "confirmed", "email", "reason", "disabled", "role", "notify"}
)
STATUS_KEYS = frozenset(
    {
        "text",
        "days_ago",
        "language",
        "application",
        "visibility",
        "in_reply_to_bot",
        "reblog",
        "sensitive",
        "spoiler_text",
    }
)
POLICY_KEYS = frozenset(
    {
        "for_not_following",
        "for_not_followers",
        "for_new_accounts",
        "for_private_mentions",
        "for_limited_accounts",
    }
)
POLICY_VALUES = frozenset({"accept", "filter", "drop"})
GENERATE_KEYS = frozenset({"count", "template", "username_prefix", "domain"})
TOP_KEYS = frozenset(
    {
        "name",
        "description",
        "flavour",
        "quirks",
        "domain",
        "async_follows",
        "bot",
        "notification_policy",
        "accounts",
        "generate",
        "signups",
    }
)


@dataclass
class Scenario:
    """A validated scenario.  Account specs stay plain dicts (see ``ACCOUNT_KEYS``)."""

    name: str = "inline"
    description: str = ""
    flavour: str = "mastodon"
    quirks: dict[str, Any] = field(default_factory=dict)
    domain: str = "sandbox.example"
    async_follows: bool = False
    bot: dict[str, Any] = field(default_factory=lambda: {"username": "welcome"})
    notification_policy: dict[str, str] = field(default_factory=dict)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    generate: list[dict[str, Any]] = field(default_factory=list)
    #: local registrations: account keys plus ``SIGN_UP_KEYS``
    signups: list[dict[str, Any]] = field(default_factory=list)


def _check_keys(where: str, data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    for key in data:
        if key not in allowed:
            raise ValueError(f"{where}: unknown key {key!r}")


def validate_account_spec(spec: Mapping[str, Any], where: str = "account") -> dict[str, Any]:
    """Check an account spec (scenario entry or ``Sandbox.add_account`` kwargs)."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(spec).__name__}")
    _check_keys(where, spec, ACCOUNT_KEYS)
    username = spec.get("username")
    if not isinstance(username, str) or not username:
        raise ValueError(f"{where}: 'username' is required")
    for i, status in enumerate(spec.get("statuses") or []):
        if not isinstance(status, Mapping):
            raise ValueError(f"{where}.statuses[{i}]: expected a mapping")
        _check_keys(f"{where}.statuses[{i}]", status, STATUS_KEYS)
    created = spec.get("created_at")
    if created is not None and not isinstance(created, date | str):
        raise ValueError(f"{where}: 'created_at' must be a date")
    return dict(spec)


def validate_sign_up_spec(spec: Mapping[str, Any], where: str = "signup") -> dict[str, Any]:
    """Check a sign-up spec (scenario ``signups:`` entry or ``Sandbox.sign_up`` kwargs)."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(spec).__name__}")
    account = {k: v for k, v in spec.items() if k not in SIGN_UP_KEYS}
    validate_account_spec(account, where)
    if account.get("domain"):
        raise ValueError(f"{where}: a sign-up is a local account (no 'domain')")
    for key in ("approved", "confirmed", "disabled", "notify"):
        if key in spec and not isinstance(spec[key], bool):
            raise ValueError(f"{where}: {key!r} must be true or false")
    locale = spec.get("locale", "en")
    if locale is not None and not isinstance(locale, str):
        raise ValueError(f"{where}: 'locale' must be text")
    return dict(spec)


def _signups(
    data: Mapping[str, Any], name: str, seen: set[tuple[str, str | None]]
) -> list[dict[str, Any]]:
    """The scenario's ``signups:``, each a new username among all accounts."""
    signups = [
        validate_sign_up_spec(spec, f"scenario {name}: signups[{i}]")
        for i, spec in enumerate(data.get("signups") or [])
    ]
    for spec in signups:
        key = (str(spec["username"]).lower(), None)
        if key in seen:
            raise ValueError(f"scenario {name}: duplicate account {spec['username']!r}")
        seen.add(key)
    return signups


def _quirks(data: Mapping[str, Any], flavour: str, name: str) -> dict[str, Any]:
    """The scenario's ``quirks``, checked against the flavour table."""
    quirks = data.get("quirks") or {}
    if not isinstance(quirks, Mapping):
        raise ValueError(f"scenario {name}: quirks must be a mapping of flavour fields")
    try:
        with_quirks(FLAVOURS[flavour], quirks)
    except ValueError as exc:
        raise ValueError(f"scenario {name}: {exc}") from None
    return dict(quirks)


def scenario_from_dict(data: Mapping[str, Any], name: str = "inline") -> Scenario:
    """Validate a scenario mapping (as parsed from YAML) into a :class:`Scenario`."""
    if not isinstance(data, Mapping):
        raise ValueError(f"scenario {name}: expected a mapping at the top level")
    _check_keys(f"scenario {name}", data, TOP_KEYS)
    flavour = str(data.get("flavour") or "mastodon")
    if flavour not in FLAVOURS:
        raise ValueError(f"scenario {name}: unknown flavour {flavour!r}")
    quirks = _quirks(data, flavour, name)
    bot = dict(data.get("bot") or {})
    _check_keys(f"scenario {name}: bot", bot, BOT_KEYS)
    bot.setdefault("username", "welcome")
    policy = dict(data.get("notification_policy") or {})
    _check_keys(f"scenario {name}: notification_policy", policy, POLICY_KEYS)
    for key, value in policy.items():
        if value not in POLICY_VALUES:
            raise ValueError(
                f"scenario {name}: notification_policy.{key} must be accept|filter|drop"
            )
    accounts = [
        validate_account_spec(spec, f"scenario {name}: accounts[{i}]")
        for i, spec in enumerate(data.get("accounts") or [])
    ]
    seen: set[tuple[str, str | None]] = set()
    for spec in accounts:
        key = (str(spec["username"]).lower(), spec.get("domain"))
        if key in seen:
            raise ValueError(f"scenario {name}: duplicate account {spec['username']!r}")
        seen.add(key)
    generate = []
    for i, gen in enumerate(data.get("generate") or []):
        _check_keys(f"scenario {name}: generate[{i}]", gen, GENERATE_KEYS)
        count = gen.get("count")
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"scenario {name}: generate[{i}].count must be a non-negative int")
        template = dict(gen.get("template") or {})
        _check_keys(f"scenario {name}: generate[{i}].template", template, ACCOUNT_KEYS)
        generate.append(dict(gen))
    signups = _signups(data, name, seen)
    return Scenario(
        name=str(data.get("name") or name),
        description=str(data.get("description") or ""),
        flavour=flavour,
        quirks=quirks,
        domain=str(data.get("domain") or "sandbox.example"),
        async_follows=bool(data.get("async_follows", False)),
        bot=bot,
        notification_policy={k: str(v) for k, v in policy.items()},
        accounts=accounts,
        generate=generate,
        signups=signups,
    )


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped in ``bot/sandbox/scenarios``."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def load_scenario(source: str | Path | Mapping[str, Any] | Scenario) -> Scenario:
    """Load a scenario from a bundled name (``"demo"``), a YAML path, or a mapping."""
    if isinstance(source, Scenario):
        return source
    if isinstance(source, Mapping):
        return scenario_from_dict(source)
    path = Path(source)
    if not path.suffix and not path.exists():
        bundled = SCENARIO_DIR / f"{source}.yaml"
        if not bundled.exists():
            names = ", ".join(bundled_scenarios())
            raise ValueError(f"unknown scenario {str(source)!r} (bundled: {names})")
        path = bundled
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return scenario_from_dict(data, name=path.stem)
