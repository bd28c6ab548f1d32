"""Before a DM whose outcome is uncertain is sent again, look for it.

Servers keep the bot's own DMs in different places: Mastodon and GoToSocial list
them among the bot's statuses, snac only in the home timeline, and most servers
have ``/api/v1/conversations``. Which place works is learnt from the server's own
answers: a place is trusted once a DM the bot knows it sent (a settled one, with
its status id) is found there. Where no place is trusted, the bot cannot tell
whether a DM went out, and prefers a missed welcome to a doubled one: the action
is left ``uncertain``, logged, counted in the metrics and shown by ``stats``.

The ``Idempotency-Key`` stays as a second guard, on servers that honour it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from bot.cycle.context import CycleContext, log
from bot.logs import event
from bot.outbox import ActionView
from bot.ports import GatewayError, RateLimited, Unauthorized

#: The trusted place, once learnt.
PLACE_KEY = "dm_lookup.place"
#: A DM is looked for among posts made from a little before its first attempt.
SLACK = timedelta(minutes=5)


class Place(StrEnum):
    OWN_STATUSES = "own_statuses"
    HOME_TIMELINE = "home_timeline"
    CONVERSATIONS = "conversations"


class Lookup(StrEnum):
    FOUND = "found"  # the DM exists: settle it as done
    ABSENT = "absent"  # a trusted place does not have it: sending is safe
    UNKNOWN = "unknown"  # nowhere to look that is known to work: do not send


Finder = Callable[[CycleContext, str, datetime], str | None]


def _in_own_statuses(ctx: CycleContext, account_id: str, since: datetime) -> str | None:
    me = ctx.identity()
    for status in ctx.gateway.own_direct_statuses(me.id, since=since):
        if account_id in status.mention_ids:
            return status.id
    return None


def _in_home_timeline(ctx: CycleContext, account_id: str, since: datetime) -> str | None:
    me = ctx.identity()
    for status in ctx.gateway.home_direct_statuses(me.id, since=since):
        if account_id in status.mention_ids:
            return status.id
    return None


def _in_conversations(ctx: CycleContext, account_id: str, since: datetime) -> str | None:
    for conversation in ctx.gateway.conversations():
        last = conversation.last_status
        if account_id not in conversation.account_ids or last is None:
            continue
        if last.created_at is None or last.created_at >= since:
            return last.id
    return None


FINDERS: dict[Place, Finder] = {
    Place.OWN_STATUSES: _in_own_statuses,
    Place.HOME_TIMELINE: _in_home_timeline,
    Place.CONVERSATIONS: _in_conversations,
}


def _ask(ctx: CycleContext, place: Place, account_id: str, since: datetime) -> str | None:
    """One place's answer; a place the server does not offer answers nothing."""
    try:
        return FINDERS[place](ctx, account_id, since)
    except (RateLimited, Unauthorized):
        raise
    except GatewayError as exc:
        event(log, "dm_lookup_unavailable", logging.DEBUG, place=place.value, detail=str(exc))
        return None


def trusted_place(ctx: CycleContext) -> Place | None:
    """The place where the bot's DMs are known to show, learnt once and remembered."""
    stored = ctx.store.get_state(PLACE_KEY)
    if stored in set(Place):
        return Place(stored)
    known = ctx.store.latest_sent_post()
    if known is None:
        return None  # no DM has been sent yet: nothing to learn from
    account_id, status_id, sent_at = known
    for place in Place:
        if _ask(ctx, place, account_id, sent_at - SLACK) == status_id:
            ctx.store.set_state(PLACE_KEY, place.value)
            event(log, "dm_lookup_learnt", place=place.value)
            return place
    return None


def look_for_post(
    ctx: CycleContext, action: ActionView, now: datetime
) -> tuple[Lookup, str | None]:
    """Whether the post of an action whose earlier attempt is uncertain exists."""
    since = (action.started_at or now) - SLACK
    place = trusted_place(ctx)
    places = [place] if place is not None else list(Place)
    for candidate in places:
        found = _ask(ctx, candidate, action.account_id, since)
        if found is not None:
            return Lookup.FOUND, found
    return (Lookup.ABSENT if place is not None else Lookup.UNKNOWN), None
