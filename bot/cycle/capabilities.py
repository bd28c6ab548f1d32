"""What this server cannot do, said once at start and by ``check-config``.

Learnt from the server's answers, not its name: a followers endpoint that lists no
one while the account has followers (snac) means reconciliation cannot find missed
follows, and notifications are then the only source of newcomers; with ``greet:
signups``, an admin API that answers 404 means no sign-up can be greeted, and one that
refuses the token or the account is a fatal line.
"""

from __future__ import annotations

from bot.config import Config
from bot.cycle.context import FatalError
from bot.cycle.signups import admin_refusal_line
from bot.model import account_from_json
from bot.ports import (
    Forbidden,
    Gateway,
    GatewayError,
    MissingScope,
    NotFound,
    RateLimited,
    Unauthorized,
)


def limits_of(gateway: Gateway) -> list[str]:
    """One line per thing the bot cannot rely on here (two requests)."""
    try:
        identity, raw = gateway.verify_credentials()
        count = account_from_json(raw).followers_count or 0
        if count <= 0:
            return []
        first = next(iter(gateway.follower_pages(identity.id)), None)
    except (RateLimited, Unauthorized):
        raise
    except (GatewayError, ValueError):
        return []  # nothing learnt: say nothing
    if first is not None and first.accounts:
        return []
    return [
        f"this server lists no followers although the account has {count}: the daily "
        "reconciliation cannot find follows whose notifications were missed, so set "
        "schedule.poll_interval short (a minute or two) if many people follow at once"
    ]


def signup_limits(gateway: Gateway, config: Config, acct: str) -> list[str]:
    """With ``greet: signups``: what the greeter cannot do here (one request).

    Raises FatalError, in one line, when the token lacks ``admin:read:accounts`` or the
    account the Manage Users permission: that is for a person to fix. A server without
    Mastodon's admin API for accounts (404 on v2 and v1) is a limit, said as a line."""
    if not config.greets_signups:
        return []
    try:
        next(iter(gateway.admin_signups()), None)
    except (MissingScope, Forbidden) as exc:
        raise FatalError(admin_refusal_line(acct, exc)) from exc
    except NotFound:
        return [
            "greet: signups: this server has no Mastodon admin API for accounts "
            "(/api/v2/admin/accounts and /api/v1/admin/accounts answer 404), so sign-ups "
            "cannot be looked up, confirmed or reconciled and none are greeted; see "
            "docs/servers.md for what this server software offers"
        ]
    except (RateLimited, Unauthorized):
        raise
    except (GatewayError, ValueError):
        return []  # nothing learnt: say nothing
    return []
