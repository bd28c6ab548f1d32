"""What this server cannot do, said once at start and by ``check-config``.

Learnt from the server's answers, not its name: a followers endpoint that lists no
one while the account has followers (snac) means reconciliation cannot find missed
follows, and notifications are then the only source of newcomers.
"""

from __future__ import annotations

from bot.model import account_from_json
from bot.ports import Gateway, GatewayError, RateLimited, Unauthorized


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
