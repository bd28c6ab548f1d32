"""Step 3: do what is due in the outbox, oldest first, within the budgets.

Each call is marked in flight (committed) before it is made and settled after
it. Which kinds wait for the follow-back, which the do-not-contact list stops
and which budget each spends come from ``bot.outbox.KINDS``; how each kind is
performed is the table :data:`PERFORMERS`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

from bot.cycle.budget import Budgets
from bot.cycle.context import CycleContext, CycleReport, log
from bot.cycle.dm_lookup import Lookup, look_for_post
from bot.cycle.lists import Later, add_to_list
from bot.cycle.recheck import ACTIONS_PER_CYCLE, recheck_due
from bot.logs import event
from bot.outbox import FOLLOW_FAILED, KINDS, OPEN_STATUSES, ActionView, Kind, Status
from bot.ports import Forbidden, NotFound, RateLimited, Rejected, Transient, Unauthorized
from bot.welcome import count_foreign_mentions

MAX_ATTEMPTS = 8

Result = dict[str, object]
Performer = Callable[[CycleContext, ActionView], Result]


def _follow(ctx: CycleContext, action: ActionView) -> Result:
    rel = ctx.gateway.follow(action.account_id, reblogs=ctx.config.follow_back.show_reblogs)
    return {
        "following": rel.following if rel else None,
        "requested": rel.requested if rel else None,
    }


def _post(ctx: CycleContext, action: ActionView) -> Result:
    if not action.payload or not action.idempotency_key:
        raise Rejected(f"{action.kind}: the intent has no text or key")
    posted = ctx.gateway.post_direct(
        action.payload, idempotency_key=action.idempotency_key, language=action.language
    )
    result: Result = {"status_id": posted.id}
    foreign = count_foreign_mentions(posted.json, action.account_id)
    if foreign and action.kind != Kind.DIGEST:
        # The server resolved a mention of someone else: take the DM back at once.
        ctx.gateway.delete_status(posted.id)
        event(log, "dm_mentioned_others", logging.ERROR, acct=action.acct, others=foreign)
        result.update(deleted=True, foreign_mentions=foreign)
    return result


def _authorize(ctx: CycleContext, action: ActionView) -> Result:
    ctx.gateway.authorize_follow_request(action.account_id)
    return {"authorized": True}


def _reject(ctx: CycleContext, action: ActionView) -> Result:
    ctx.gateway.reject_follow_request(action.account_id)
    return {"rejected": True}


def _unfollow(ctx: CycleContext, action: ActionView) -> Result:
    ctx.gateway.unfollow(action.account_id)
    return {"unfollowed": True}


#: How each kind is done. Re-checks are not performed here (``recheck_due`` does them).
PERFORMERS: Mapping[Kind, Performer] = MappingProxyType(
    {
        Kind.FOLLOW: _follow,
        Kind.WELCOME_DM: _post,
        Kind.STOP_ACK: _post,
        Kind.DIGEST: _post,
        Kind.LIST_ADD: add_to_list,
        Kind.AUTHORIZE: _authorize,
        Kind.REJECT: _reject,
        Kind.UNFOLLOW: _unfollow,
    }
)


def act(ctx: CycleContext, report: CycleReport) -> None:
    now = ctx.clock()
    if not ctx.rate_left(report):
        return
    recheck_due(ctx, now, report)
    due = ctx.store.due_actions(now, limit=ACTIONS_PER_CYCLE)
    ids = {a.account_id for a in due}
    blocked = ctx.store.do_not_contact(ids)
    follows = ctx.store.action_statuses(ids, Kind.FOLLOW)
    budgets = Budgets(ctx.store, ctx.config, now)
    for action in due:
        if ctx.should_stop(report):
            return
        if not budgets.allows(action.kind):
            if action.kind not in report.over_budget:
                report.over_budget.append(action.kind)
                event(log, "budget_spent", logging.INFO, kind=action.kind)
            continue
        if not ready(ctx, action, blocked, follows, report):
            continue
        status = perform(ctx, action, report)
        if status == Status.DONE:
            budgets.spend(action.kind)
        if action.kind == Kind.FOLLOW:
            follows[action.account_id] = status


def ready(
    ctx: CycleContext,
    action: ActionView,
    blocked: set[str],
    follows: dict[str, str],
    report: CycleReport,
) -> bool:
    """Whether an action may go now; settles it here when it never will."""
    spec = action.spec
    if spec is None:
        settle(ctx, action, Status.FAILED, report, error=f"unknown action kind {action.kind!r}")
        return False
    if spec.contacts and action.account_id in blocked:
        settle(ctx, action, Status.CANCELLED, report, error="on the do-not-contact list")
        return False
    if spec.waits_for_follow:
        follow = follows.get(action.account_id)
        if follow in OPEN_STATUSES:
            return False  # the follow goes first
        if follow in FOLLOW_FAILED:
            why = "the follow-back did not happen"
            settle(ctx, action, Status.CANCELLED, report, error=why)
            return False
    return Kind(action.kind) in PERFORMERS


def perform(ctx: CycleContext, action: ActionView, report: CycleReport) -> Status:
    """Do one action; returns the status it was left in."""
    now = ctx.clock()
    posts = KINDS[Kind(action.kind)].posts
    # A post that was attempted before (crash, timeout, 5xx) may already exist.
    if posts and action.attempts > 0:
        settled = resolve_uncertain_post(ctx, action, now, report)
        if settled is not None:
            return settled
    ctx.store.start_action(action.id, now)
    try:
        result = PERFORMERS[Kind(action.kind)](ctx, action)
    except Later as later:
        retry_at = now + backoff(action.attempts + 1)
        ctx.store.finish_action(action.id, Status.PENDING, now, error=later.why, retry_at=retry_at)
        report.actions[f"{action.kind}:later"] += 1
        return Status.PENDING
    except (RateLimited, Unauthorized):
        ctx.store.finish_action(action.id, Status.PENDING, now)
        raise
    except Transient as exc:
        return _retry_later(ctx, action, str(exc), now, report, give_up_allowed=not posts)
    except (NotFound, Forbidden, Rejected) as exc:
        settle(ctx, action, Status.FAILED, report, error=str(exc))
        return Status.FAILED
    settle(ctx, action, Status.DONE, report, result=result)
    return Status.DONE


def _retry_later(
    ctx: CycleContext,
    action: ActionView,
    error: str,
    now: datetime,
    report: CycleReport,
    *,
    give_up_allowed: bool,
) -> Status:
    attempts = action.attempts + 1
    status = Status.FAILED if give_up_allowed and attempts >= MAX_ATTEMPTS else Status.PENDING
    retry_at = now + backoff(attempts)
    ctx.store.finish_action(action.id, status, now, error=error, retry_at=retry_at)
    report.actions[f"{action.kind}:retry"] += 1
    event(
        log,
        "action_retry",
        logging.WARNING,
        kind=action.kind,
        acct=action.acct,
        attempts=attempts,
        error=error,
    )
    return status


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


def resolve_uncertain_post(
    ctx: CycleContext, action: ActionView, now: datetime, report: CycleReport
) -> Status | None:
    """None if it is safe to (re)send now; otherwise the status the action was settled in.

    An earlier attempt may have reached the server with its reply lost. The post is
    looked for first (``dm_lookup``); it is sent again only where a place the server
    is known to show the bot's DMs does not have it. Where nothing can be looked at,
    a missed welcome is better than a doubled one."""
    found, status_id = look_for_post(ctx, action, now)
    if found is Lookup.FOUND:
        result: Result = {"status_id": status_id, "recovered": True}
        settle(ctx, action, Status.DONE, report, result=result)
        return Status.DONE
    if found is Lookup.ABSENT:
        return None
    why = (
        "an earlier attempt may have reached the server, and this server shows the bot's "
        "DMs nowhere the bot can look; not resending (a missed welcome beats a doubled one)"
    )
    event(log, "dm_not_resent", logging.WARNING, kind=action.kind, acct=action.acct)
    settle(ctx, action, Status.UNCERTAIN, report, error=why)
    return Status.UNCERTAIN


def settle(
    ctx: CycleContext,
    action: ActionView,
    status: Status,
    report: CycleReport,
    *,
    result: Result | None = None,
    error: str | None = None,
) -> None:
    now = ctx.clock()
    ctx.store.finish_action(action.id, status, now, result=result, error=error)
    report.actions[f"{action.kind}:{status}"] += 1
    level = logging.INFO if status == Status.DONE else logging.WARNING
    event(
        log,
        "action",
        level,
        kind=action.kind,
        target=action.target or None,
        acct=action.acct,
        status=status.value,
        error=error,
    )
