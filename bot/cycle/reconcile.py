"""Step 2: once per ``reconcile.every``, walk the follower list.

It catches follows whose notifications never came, and followers who left.
The walk is resumable: the cursor of the next page is stored with each page's
decisions, so a walk cut short by the rate budget (or a crash) carries on from
there next time. Who left is only worked out from a walk done in one go.
Relationships are not fetched here: a follow is checked again before it is made.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.cycle.context import CycleContext, CycleReport, log
from bot.cycle.judging import judge_batch, note_judgements
from bot.logs import event
from bot.model import FollowEvent
from bot.outbox import Kind, PlannedAction, Status

RECONCILE_KEY = "reconcile.last_at"
RECONCILE_CURSOR_KEY = "reconcile.cursor"


def maybe_reconcile(ctx: CycleContext, report: CycleReport) -> None:
    if not ctx.config.reconcile.enabled:
        return
    now = ctx.clock()
    if ctx.store.get_state(RECONCILE_CURSOR_KEY):
        reconcile(ctx, report)  # a walk that was cut short carries on
        return
    last = ctx.store.get_state(RECONCILE_KEY)
    if last is None:
        # The first run reads the notifications; the follower list waits a period.
        ctx.store.set_state(RECONCILE_KEY, now.isoformat())
        return
    if now - datetime.fromisoformat(last) < ctx.config.reconcile.every:
        return
    reconcile(ctx, report)


def reconcile(ctx: CycleContext, report: CycleReport | None = None) -> dict[str, int]:
    """Walk the follower list: judge followers never seen, notice those who left."""
    report = report or CycleReport()
    me = ctx.identity()
    start = ctx.store.get_state(RECONCILE_CURSOR_KEY) or None
    whole = start is None
    known = ctx.store.follower_ids() if whole else set()
    seen: set[str] = set()
    judged_new = 0
    for page in ctx.gateway.follower_pages(me.id, max_id=start):
        now = ctx.clock()
        seen.update(acc.id for acc, _ in page.accounts)
        fresh = {
            acc.id: FollowEvent(notification_id="", type="reconcile", account=acc, account_json=raw)
            for acc, raw in page.accounts
            if acc.id != me.id
        }
        unjudged = set(fresh) - ctx.store.judged_account_ids(fresh)
        judged = judge_batch(
            ctx, [fresh[i] for i in fresh if i in unjudged], now, (), relationships=False
        )
        ctx.store.record_batch(
            judged,
            now=now,
            trigger="reconcile",
            dry_run=ctx.dry_run,
            cursor=None,
            states={RECONCILE_CURSOR_KEY: page.next_max_id or ""},
        )
        note_judgements(ctx, judged, now, report)
        judged_new += len(judged)
        if not page.complete:
            # the server's pages looped, pointed elsewhere or overflowed: the walk ends
            # here, and nobody can be said to have left
            whole = False
            event(log, "reconcile_incomplete", logging.WARNING, judged=judged_new)
            break
        if page.next_max_id and ctx.should_stop(report):
            event(log, "reconcile_paused", judged=judged_new, resume_at=page.next_max_id)
            return {"new": judged_new, "left": 0, "paused": 1}
    now = ctx.clock()
    left = followers_who_left(ctx, known - seen, seen, now, report) if whole else 0
    warn_if_blind(ctx, len(seen))
    ctx.store.set_states({RECONCILE_KEY: now.isoformat()})
    ctx.store.delete_state(RECONCILE_CURSOR_KEY)
    event(log, "reconciled", followers=len(seen), new=judged_new, left=left)
    return {"new": judged_new, "left": left, "paused": 0}


def followers_who_left(
    ctx: CycleContext, gone: set[str], seen: set[str], now: datetime, report: CycleReport
) -> int:
    if not seen:
        # Some servers never list followers (snac): no list is no evidence.
        return 0
    left = 0
    for account_id in gone:
        actions = ctx.store.actions_of(account_id)
        if not actions:
            continue
        left += 1
        ctx.store.cancel_open(account_id, now, "the follower left")
        follow = actions.get((Kind.FOLLOW, ""))
        if (
            ctx.config.follow_back.unfollow_when_they_leave
            and follow is not None
            and follow.status == Status.DONE
        ):
            ctx.store.add_actions(account_id, [PlannedAction(Kind.UNFOLLOW, now)], now)
    report.actions["left"] += left
    return left


BLIND_KEY = "reconcile.blind_warned"


def warn_if_blind(ctx: CycleContext, seen: int) -> None:
    """Say once that reconciliation cannot work on a server whose followers endpoint is
    empty although the account has followers (snac): notifications are then the only
    source of newcomers, and a short ``schedule.poll_interval`` is what saves them."""
    if seen or ctx.store.get_state(BLIND_KEY):
        return
    count = len(ctx.store.follower_ids())  # followers the notifications brought
    if not count:
        return
    ctx.store.set_state(BLIND_KEY, "1")
    event(
        log,
        "reconcile_blind",
        logging.WARNING,
        detail=f"the server lists no followers although {count} followed by notification: "
        "reconciliation cannot find missed follows here; poll often "
        "(schedule.poll_interval) so that no notification is pushed out of reach",
    )
