"""Gathering what the judge needs, in one place: the cycle, ``explain`` and ``replay`` use it.

The judge itself is pure (``bot.judge``). What it is given comes from three
places: the account (and, when a rule asks, its recent posts) from the server;
whether the person talked to the bot and whether they are on the do-not-contact
list from the store; and the relationship, fetched only for those the bot would
follow now.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot import planning
from bot.config_greet import SIGNUP_SOURCE
from bot.cycle.context import CycleContext, CycleReport, log
from bot.dbfile import sqlite_file
from bot.judge import RULES_VERSION, Category, Policy, judge
from bot.logs import event
from bot.model import (
    AccountSnapshot,
    Decision,
    FollowEvent,
    Outcome,
    Relationship,
    StatusSnapshot,
    judge_error_decision,
)
from bot.outbox import Judgement, PlannedAction
from bot.ports import Gateway, GatewayError, RateLimited
from bot.store import Store

#: A follow that waited in the queue this long past its due time is re-checked first.
#: (A follow planned with a delay is always re-checked when the delay ends.)
RECHECK_AFTER = timedelta(minutes=1)
#: Categories that call off even what the owner approved: consent, state, the relationship.
HARD_VETO_CATEGORIES = frozenset(
    {
        Category.OPTED_OUT,
        Category.DO_NOT_CONTACT,
        Category.BLOCKED,
        Category.LEFT,
        Category.DENIED,
        Category.MOVED,
        Category.UNAVAILABLE,
        Category.BOT,
        Category.GROUP,
    }
)

#: Categories that go on the permanent do-not-contact list.
REFUSALS: dict[str, str] = {Category.OPTED_OUT: "opt_out", Category.BLOCKED: "blocked"}


@dataclass(frozen=True, slots=True)
class StoredFacts:
    """What the store knows that the judge must be told."""

    talked: frozenset[str]  # ids that mentioned or replied to the bot
    do_not_contact: frozenset[str]

    @classmethod
    def of(cls, store: Store, ids: Collection[str], mentioned: Iterable[str] = ()) -> StoredFacts:
        if not ids:
            return cls(frozenset(mentioned), frozenset())
        return cls(
            frozenset(store.talked_with_bot(ids)) | frozenset(mentioned),
            frozenset(store.do_not_contact(ids)),
        )

    @classmethod
    def at(cls, url: str, ids: Collection[str]) -> StoredFacts:
        """What the bot's database knows of these accounts, for ``explain``: read without
        creating or migrating anything; nothing known where there is no database yet."""
        path = sqlite_file(url)
        if path is not None and not path.exists():
            return cls(frozenset(), frozenset())
        store = Store.open(url, migrate_schema=False)
        try:
            return cls.of(store, ids)
        finally:
            store.close()

    def judge(
        self,
        account: AccountSnapshot,
        statuses: Sequence[StatusSnapshot] | None,
        relationship: Relationship | None,
        policy: Policy,
        now: datetime,
    ) -> Decision:
        return judge(
            account,
            statuses,
            relationship,
            policy,
            now,
            talked_with_bot=account.id in self.talked,
            do_not_contact=account.id in self.do_not_contact,
        )


def judge_looking_closer(
    gateway: Gateway,
    account: AccountSnapshot,
    policy: Policy,
    now: datetime,
    facts: StoredFacts,
    relationship: Relationship | None = None,
) -> tuple[Decision, list[StatusSnapshot] | None, list[dict[str, Any]] | None]:
    """Judge; if a rule asks for recent posts (and nothing vetoed), fetch them and judge again.

    Trouble fetching posts means "unknown" (an empty list), never a stalled queue;
    a rate limit still ends the cycle.
    """
    decision = facts.judge(account, None, relationship, policy, now)
    if not decision.needs_statuses:
        return decision, None, None
    try:
        statuses, raw = gateway.recent_statuses(account.id, limit=20)
    except RateLimited:
        raise
    except GatewayError as exc:
        event(log, "statuses_unavailable", logging.WARNING, account_id=account.id, detail=str(exc))
        statuses, raw = [], []
    decision = facts.judge(account, statuses, relationship, policy, now)
    return decision, statuses, raw


def judge_safely(
    gateway: Gateway,
    account: AccountSnapshot,
    policy: Policy,
    now: datetime,
    facts: StoredFacts,
) -> tuple[Decision, list[StatusSnapshot] | None, list[dict[str, Any]] | None]:
    """``judge_looking_closer``, where a failure of the judge itself becomes a decision.

    Server trouble still ends the cycle (the page is read again next time); anything
    else is a bug or a hostile profile, and is recorded as an error decision."""
    try:
        return judge_looking_closer(gateway, account, policy, now, facts)
    except GatewayError:
        raise
    except Exception as exc:  # noqa: BLE001 - one profile must not stop the cycle
        event(log, "judge_error", logging.ERROR, account_id=account.id, error=type(exc).__name__)
        return judge_error_decision(type(exc).__name__, rules_version=RULES_VERSION), None, None


#: Newcomers who need not follow the bot: a request is not a follow yet, and a sign-up
#: on the bot's own server is greeted whether or not it follows.
NOT_FOLLOWING_SOURCES = frozenset({"follow_request", SIGNUP_SOURCE})


def as_requester(rel: Relationship | None, source: str) -> Relationship | None:
    """Someone who asked to follow a locked bot does not follow it yet, and a sign-up
    need not follow it at all: not following is no veto for them (``no_longer_follows``
    reads ``followed_by``, so it is left unsaid)."""
    if rel is not None and source in NOT_FOLLOWING_SOURCES:
        return dataclasses.replace(rel, followed_by=None)
    return rel


def judge_batch(
    ctx: CycleContext,
    events: Sequence[FollowEvent],
    now: datetime,
    mentioned: Collection[str] = (),
    *,
    relationships: bool = True,
) -> list[Judgement]:
    """Judge new followers, fetching only what a rule needs.

    Recent posts are fetched one account at a time, only when a rule asks for
    them and no veto (opt-out included) has fired; relationships are fetched in
    batches, only for the followers the bot would follow now.
    """
    facts = StoredFacts.of(ctx.store, [ev.account.id for ev in events], mentioned)
    looked = [
        (ev, *judge_safely(ctx.gateway, ev.account, ctx.policy_for(ev.type), now, facts))
        for ev in events
    ]
    candidates = [ev.account.id for ev, d, _, _ in looked if d.outcome is Outcome.FOLLOW]
    # With a delay, the follow is re-checked (relationship included) at its due time;
    # asking now as well would only spend requests.
    wanted = candidates and relationships and not delay_configured(ctx)
    rels = ctx.gateway.relationships(candidates) if wanted else {}
    out = []
    for ev, decision, statuses, raw in looked:
        rel = as_requester(rels.get(ev.account.id), ev.type)
        if rel is not None:
            decision = facts.judge(ev.account, statuses, rel, ctx.policy_for(ev.type), now)
        actions = [] if ctx.dry_run else plan(ctx, ev, decision, rel, now, statuses)
        out.append(Judgement(ev, decision, actions, statuses_json=raw))
    return out


def delay_configured(ctx: CycleContext) -> bool:
    """The owner asked the bot to wait before following back (and so to look again then)."""
    return ctx.config.follow_back.delay > timedelta(0)


def plan(
    ctx: CycleContext,
    ev: FollowEvent,
    decision: Decision,
    rel: Relationship | None,
    now: datetime,
    statuses: Sequence[StatusSnapshot] | None,
    *,
    recheck_number: int = 0,
    delay: bool = True,
) -> list[PlannedAction]:
    statuses = statuses_for_language(ctx, ev, decision, statuses)
    planner = planning.Planner(ctx.config, ctx.bot_identity(), ctx.identity().id)
    if ev.type == SIGNUP_SOURCE:
        return planner.plan_signup(
            decision,
            ev.account,
            rel,
            now=now,
            statuses=statuses,
            locale=ev.locale,
            recheck_number=recheck_number,
            delay=delay,
        )
    return planner.plan(
        decision,
        ev.account,
        rel,
        now=now,
        source=ev.type,
        statuses=statuses,
        recheck_number=recheck_number,
        delay=delay,
    )


def statuses_for_language(
    ctx: CycleContext,
    ev: FollowEvent,
    decision: Decision,
    statuses: Sequence[StatusSnapshot] | None,
) -> Sequence[StatusSnapshot] | None:
    """Per-language templates or lists need the post language: one request, if so (none
    for a sign-up without posts: its locale says the language)."""
    config, account = ctx.config, ev.account
    signup = ev.type == SIGNUP_SOURCE
    templates = config.signups.templates if signup else config.welcome_dm.templates
    wants_language = config.welcome_dm.enabled and (
        templates or any(r.languages for r in config.lists)
    )
    if signup and not account.statuses_count:
        return statuses
    if statuses is not None or decision.outcome is not Outcome.FOLLOW or not wants_language:
        return statuses
    try:
        fetched, _raw = ctx.gateway.recent_statuses(account.id, limit=10)
    except RateLimited:
        raise
    except GatewayError:
        return None
    return fetched


def note_judgements(
    ctx: CycleContext, judged: Sequence[Judgement], now: datetime, report: CycleReport
) -> None:
    """After a batch is recorded: count it, log each decision, remember refusals."""
    for j in judged:
        if j.event.type == SIGNUP_SOURCE:
            report.new_signups += 1
        else:
            report.new_followers += 1
        report.outcomes[j.decision.outcome.value] += 1
        remember_refusal(ctx, j.event.account, j.decision, now)
        log_decision(j.event.account, j.decision, dry_run=ctx.dry_run)


def log_decision(
    account: AccountSnapshot, decision: Decision, *, dry_run: bool = False, trigger: str = ""
) -> None:
    fields: dict[str, object] = {
        "acct": account.acct,
        "account_id": account.id,
        "action": decision.outcome.value,
        "category": decision.category,
        "rules": [r.rule for r in decision.reasons],
        "dry_run": dry_run,
    }
    if trigger:
        fields["trigger"] = trigger
    event(log, "decision", logging.INFO, **fields)


def remember_refusal(
    ctx: CycleContext, account: AccountSnapshot, decision: Decision, now: datetime
) -> None:
    """Opt-outs and blocks go on the permanent do-not-contact list."""
    reason = REFUSALS.get(decision.category)
    if ctx.dry_run or reason is None:
        return
    detail = "; ".join(f"{r.rule}: {r.detail}" for r in decision.reasons[:2])
    if ctx.store.add_do_not_contact(account.id, account.acct, reason, now, detail[:500]):
        event(log, "do_not_contact", acct=account.acct, reason=reason)
