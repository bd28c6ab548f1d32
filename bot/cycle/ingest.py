"""Step 1: read new follow, follow-request, mention (and, with ``greet: signups``,
``admin.sign_up``) notifications, judge, record.

Each page's judgements, intended actions, mentions and the cursor advance are
committed together, so a crash re-reads at most one page, and the store's
uniqueness makes that harmless.
"""

from __future__ import annotations

from bot.cycle.context import CycleContext, CycleReport
from bot.cycle.follow_requests import remember_notified
from bot.cycle.judging import judge_batch, note_judgements
from bot.cycle.signup_follows import follow_back_earlier_signups, with_follow_back
from bot.cycle.signups import from_page, note_judged
from bot.cycle.stop_words import StopWords
from bot.model import FollowEvent
from bot.store import CURSOR_KEY


def ingest(ctx: CycleContext, report: CycleReport, stop_words: StopWords) -> None:
    me = ctx.identity()
    cursor = ctx.store.get_state(CURSOR_KEY)
    for page in ctx.gateway.notifications(cursor, signups=ctx.config.greets_signups):
        if ctx.should_stop(report):
            return  # judging this page needs requests: it is read again next cycle
        now = ctx.clock()
        mentions = [m for m in page.mentions if m.account.id != me.id]
        latest: dict[str, FollowEvent] = {}
        for ev in page.events:
            if ev.account.id != me.id:
                latest[ev.account.id] = ev  # the newest event per account wins
        remember_notified(ctx, page.events)
        signed_up = from_page(ctx, page.signups, now)  # a sign-up that also follows: once
        known = ctx.store.judged_account_ids(latest) if latest else set()
        follow_back_earlier_signups(ctx, [latest[i] for i in known], now)
        signed_up = with_follow_back(ctx, signed_up, list(latest.values()), now)
        known.update(j.event.account.id for j in signed_up)
        fresh = [ev for acc_id, ev in latest.items() if acc_id not in known]
        if not ctx.config.greets_followers:
            fresh = []
        judged = signed_up + judge_batch(ctx, fresh, now, {m.account.id for m in mentions})
        if not ctx.dry_run:
            # Before the cursor moves: a crash here reads these mentions again, and
            # every step below is idempotent.
            for mention in mentions:
                stop_words.check(ctx, mention, now, report)
        ctx.store.record_batch(
            judged,
            now=now,
            trigger="notification",
            dry_run=ctx.dry_run,
            cursor=None if ctx.dry_run else page.cursor,
            mentions=() if ctx.dry_run else mentions,
        )
        note_judged(ctx, signed_up, "notification")
        note_judgements(ctx, judged, now, report)
