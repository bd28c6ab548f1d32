"""Follow requests from where the server keeps them.

Mastodon and GoToSocial notify a locked account of each request; snac and Takahē
never do, and list them only at ``/api/v1/follow_requests`` (snac's account even
says it is unlocked). So besides the notifications, the bot reads that list: every
poll when the account is locked (or ``follow_requests.read: always``), and once per
reconcile period in any case (only that, once the server has shown it notifies
requests). Requests already judged (from a notification) are
left alone: the store knows them.
"""

from __future__ import annotations

from datetime import datetime

from bot.cycle.context import CycleContext, CycleReport, log
from bot.cycle.judging import judge_batch, note_judgements
from bot.logs import event
from bot.model import FollowEvent

READ_KEY = "follow_requests.read_at"
#: Set once a request came as a notification: this server notifies them (Mastodon,
#: GoToSocial), so the list is only read once a period, and an idle poll stays 1 request.
NOTIFIED_KEY = "follow_requests.notified"


def remember_notified(ctx: CycleContext, events: list[FollowEvent]) -> None:
    if any(ev.type == "follow_request" for ev in events) and not ctx.store.get_state(NOTIFIED_KEY):
        ctx.store.set_state(NOTIFIED_KEY, "1")


def due(ctx: CycleContext, now: datetime) -> bool:
    how = ctx.config.follow_requests.read
    if how == "notifications":
        return False
    if how == "always":
        return True
    if ctx.identity().locked and not ctx.store.get_state(NOTIFIED_KEY):
        return True
    last = ctx.store.get_state(READ_KEY)
    return last is None or now - datetime.fromisoformat(last) >= ctx.config.reconcile.every


def read_follow_requests(ctx: CycleContext, report: CycleReport) -> None:
    """Judge every pending request the bot has not judged yet."""
    now = ctx.clock()
    if not due(ctx, now):
        return
    me = ctx.identity()
    for page in ctx.gateway.follow_requests():
        if ctx.should_stop(report):
            return  # read again next time: nothing is lost
        fresh: dict[str, FollowEvent] = {
            ev.account.id: ev for ev in page.events if ev.account.id != me.id
        }
        unjudged = set(fresh) - ctx.store.judged_account_ids(fresh)
        judged = judge_batch(ctx, [ev for i, ev in fresh.items() if i in unjudged], now)
        ctx.store.record_batch(
            judged, now=now, trigger="follow_request", dry_run=ctx.dry_run, cursor=None
        )
        note_judgements(ctx, judged, now, report)
        if judged:
            event(log, "follow_requests_read", judged=len(judged))
        if not page.complete:
            break
    ctx.store.set_state(READ_KEY, now.isoformat())
