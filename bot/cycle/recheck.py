"""Before acting on a delayed follow, and when a held egg is due: look again.

Still following? Still free of any opt-out, not moved, suspended or limited,
and has not blocked the bot? One batched request per 40 people for the
accounts, one for the relationships. A sign-up (``greet: signups``) is looked at
again before its follow or, when it is not followed back, before its welcome; it
need not follow, but must still be greetable in the admin API (``signups.gate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.config_greet import SIGNUP_SOURCE
from bot.cycle.context import CycleContext, CycleReport, log
from bot.cycle.judging import (
    HARD_VETO_CATEGORIES,
    RECHECK_AFTER,
    StoredFacts,
    as_requester,
    judge_looking_closer,
    log_decision,
    plan,
    remember_refusal,
)
from bot.cycle.signups import gate
from bot.logs import event
from bot.model import AccountSnapshot, Decision, FollowEvent, Outcome, Relationship
from bot.outbox import ActionView, Judgement, Kind, Status

#: At most this many due actions are looked at per cycle.
ACTIONS_PER_CYCLE = 200


def needs_recheck(action: ActionView, now: datetime) -> bool:
    """A held egg is due; or a follow planned with a delay, or left waiting in the queue
    (for a sign-up, its welcome too: it may not be followed back)."""
    if action.kind == Kind.RECHECK:
        return True
    signup_welcome = action.kind == Kind.WELCOME_DM and action.source == SIGNUP_SOURCE
    if action.kind != Kind.FOLLOW and not signup_welcome:
        return False
    planned_with_delay = action.due_at > action.created_at
    return planned_with_delay or now - action.due_at >= RECHECK_AFTER


@dataclass(frozen=True, slots=True)
class _Fresh:
    """What the server says now of the accounts due for a re-check."""

    accounts: dict[str, tuple[AccountSnapshot, dict[str, Any]]]
    relationships: dict[str, Relationship]
    facts: StoredFacts
    approved: set[str]
    locales: dict[str, str | None]  # of sign-ups, for their templates


def due_rechecks(ctx: CycleContext, now: datetime) -> list[ActionView]:
    """The due actions to look again before: one per account (its follow, if it has one)."""
    due = [a for a in ctx.store.due_actions(now, limit=ACTIONS_PER_CYCLE) if needs_recheck(a, now)]
    following = {a.account_id for a in due if a.kind == Kind.FOLLOW}
    return [a for a in due if a.kind != Kind.WELCOME_DM or a.account_id not in following]


def recheck_due(ctx: CycleContext, now: datetime, report: CycleReport) -> None:
    due = gate(ctx, due_rechecks(ctx, now), now, report)
    if not due:
        return
    ids = list(dict.fromkeys(a.account_id for a in due))
    accounts = ctx.gateway.accounts(ids)
    signups = [a.account_id for a in due if a.source == SIGNUP_SOURCE]
    fresh = _Fresh(
        accounts,
        ctx.gateway.relationships([i for i in ids if i in accounts]),
        StoredFacts.of(ctx.store, ids),
        ctx.store.approved_by_owner(ids),
        ctx.book.locales(signups) if signups else {},
    )
    for action in due:
        if ctx.stop_requested.is_set():
            return
        recheck_one(ctx, action, fresh, now, report)


def recheck_one(
    ctx: CycleContext, action: ActionView, fresh: _Fresh, now: datetime, report: CycleReport
) -> None:
    found = fresh.accounts.get(action.account_id)
    if found is None:
        ctx.store.cancel_open(action.account_id, now, "the account is gone")
        report.actions[f"{action.kind}:gone"] += 1
        return
    account, raw = found
    rel = as_requester(fresh.relationships.get(account.id), action.source)
    decision, statuses, raw_statuses = judge_looking_closer(
        ctx.gateway, account, ctx.policy_for(action.source), now, fresh.facts, rel
    )
    ev = FollowEvent(
        notification_id="",
        type=action.source,
        account=account,
        account_json=raw,
        locale=fresh.locales.get(account.id),
    )
    if action.kind == Kind.RECHECK:
        number = int(action.target or "1")
        planned = plan(ctx, ev, decision, rel, now, statuses, recheck_number=number, delay=False)
        record = Judgement(ev, decision, planned, statuses_json=raw_statuses)
        ctx.store.record_batch([record], now=now, trigger="recheck", dry_run=False, cursor=None)
        result = {"action": decision.outcome.value}
        ctx.store.finish_action(action.id, Status.DONE, now, result=result)
        report.actions[f"recheck:{decision.outcome.value}"] += 1
    elif _still_wanted(decision, account.id in fresh.approved):
        if action.kind == Kind.FOLLOW and rel is not None and (rel.following or rel.requested):
            # Already followed (by the owner, by hand): nothing to send.
            ctx.store.finish_action(action.id, Status.DONE, now, result={"already": True})
            report.actions["follow:already"] += 1
        return
    else:
        _call_off(ctx, ev, decision, raw_statuses, now, report)
    remember_refusal(ctx, account, decision, now)
    log_decision(account, decision, trigger="recheck")


def _still_wanted(decision: Decision, approved_by_owner: bool) -> bool:
    """A follow goes ahead if the judge still says so, or if the owner approved it and
    nothing about consent, state or the relationship has changed since."""
    if decision.outcome is Outcome.FOLLOW:
        return True
    return approved_by_owner and decision.category not in HARD_VETO_CATEGORIES


def _call_off(
    ctx: CycleContext,
    ev: FollowEvent,
    decision: Decision,
    raw_statuses: Sequence[dict[str, Any]] | None,
    now: datetime,
    report: CycleReport,
) -> None:
    record = Judgement(ev, decision, (), statuses_json=raw_statuses)
    ctx.store.record_batch([record], now=now, trigger="recheck", dry_run=False, cursor=None)
    why = f"re-checked: {decision.outcome.value} ({decision.category})"
    cancelled = ctx.store.cancel_open(ev.account.id, now, why)
    report.actions["follow:called_off"] += 1
    event(log, "called_off", acct=ev.account.acct, category=decision.category, cancelled=cancelled)
