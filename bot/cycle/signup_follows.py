"""A sign-up who follows the bot is a follower too (``greet: both``).

It was judged and greeted as a sign-up, once; when it follows, it is followed back as
any follower would be (``follow_back``), whatever ``signups.follow_back`` says. Its
welcome is never planned again: one per account, ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.config_greet import SIGNUP_SOURCE
from bot.cycle.context import CycleContext
from bot.judge.ids import RuleId
from bot.model import FollowEvent, Outcome
from bot.outbox import Judgement, Kind, PlannedAction
from bot.planning import has_default_avatar


def _follows_back(ctx: CycleContext) -> bool:
    config = ctx.config
    return not ctx.dry_run and config.greets_followers and config.follow_back.enabled


def _follow(ctx: CycleContext, now: datetime) -> PlannedAction:
    return PlannedAction(Kind.FOLLOW, now + ctx.config.follow_back.delay)


def with_follow_back(
    ctx: CycleContext, signed_up: Sequence[Judgement], follows: Sequence[FollowEvent], now: datetime
) -> list[Judgement]:
    """Sign-ups judged on this page whose follow is on it too: their follow-back goes
    into the same judgement, so it is recorded with the page (and the cursor)."""
    following = {ev.account.id for ev in follows if ev.type == "follow"}
    if not _follows_back(ctx) or not following:
        return list(signed_up)
    out = []
    for j in signed_up:
        planned = {a.kind for a in j.actions}
        wanted = (
            j.decision.outcome is Outcome.FOLLOW
            and j.event.account.id in following
            and not has_default_avatar(j.decision)  # eggs are not followed
        )
        if wanted and Kind.FOLLOW not in planned:
            j = replace(j, actions=(_follow(ctx, now), *j.actions))
        out.append(j)
    return out


def follow_back_earlier_signups(
    ctx: CycleContext, follows: Sequence[FollowEvent], now: datetime
) -> int:
    """Follows from accounts the store knows already: those that came as sign-ups and
    were judged worth following get a follow-back (idempotent: an existing one stays)."""
    if not _follows_back(ctx):
        return 0
    added = 0
    for ev in follows:
        if ev.type != "follow":
            continue
        stored = list(ctx.store.stored_followers(handle=ev.account.id))
        if not stored or stored[0].source != SIGNUP_SOURCE:
            continue
        decision = stored[0].decision
        if decision.get("action") != Outcome.FOLLOW.value:
            continue
        if any(r.get("rule") == RuleId.DEFAULT_AVATAR for r in decision.get("reasons", [])):
            continue  # greeted without a picture of its own; eggs are not followed
        added += ctx.store.add_actions(ev.account.id, [_follow(ctx, now)], now)
    return added
