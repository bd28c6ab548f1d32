"""What ``once`` prints: what the cycle decided, what it did, and what is due when.

After a real cycle the outbox says it all: the decisions made since the cycle began,
the actions settled since then, and the queue. A dry run writes no intents, so its
plan is computed here, without writing anything, from the decisions it recorded and
the planner (pure), exactly as a real cycle would have planned them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.config import Config, format_duration
from bot.cycle import CycleReport
from bot.model import Decision, Outcome, Reason, account_from_json, status_from_json
from bot.outbox import Kind, PlannedAction
from bot.planning import Planner
from bot.readmodels import DecidedFollower, OutboxEntry
from bot.report import counted, when
from bot.store import INSTANCE_KEY, ME_ACCT_KEY, ME_ID_KEY, ME_NAME_KEY, Store
from bot.welcome import BotIdentity


@dataclass(frozen=True, slots=True)
class Step:
    """One action: done, failed or called off in this cycle, queued, or (in a dry run)
    what a real cycle would have queued."""

    acct: str
    kind: str
    due_at: datetime
    status: str  # pending, done, failed, cancelled, uncertain; "planned" in a dry run
    target: str = ""
    text: str | None = None  # a post's text, or why a list fits
    note: str | None = None  # why it failed or was called off

    def to_json(self) -> dict[str, Any]:
        return {
            "acct": self.acct,
            "kind": self.kind,
            "target": self.target,
            "status": self.status,
            "due_at": self.due_at.isoformat(),
            "text": self.text,
            "note": self.note,
        }

    @classmethod
    def of(cls, entry: OutboxEntry) -> Step:
        return cls(
            entry.acct,
            entry.kind,
            entry.due_at,
            entry.status,
            entry.target,
            entry.payload,
            entry.note,
        )


@dataclass(frozen=True, slots=True)
class Decided:
    acct: str
    outcome: str
    category: str
    trigger: str
    rules: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "acct": self.acct,
            "outcome": self.outcome,
            "category": self.category,
            "trigger": self.trigger,
            "rules": list(self.rules),
        }


@dataclass
class Plan:
    config: Config
    now: datetime
    dry_run: bool
    report: CycleReport
    decided: list[Decided] = field(default_factory=list)
    done: list[Step] = field(default_factory=list)  # settled in this cycle
    due: list[Step] = field(default_factory=list)  # queued, or would be
    reviews: int = 0  # followers waiting for the owner

    def to_json(self) -> dict[str, Any]:
        return {
            **self.report.summary(),
            "dry_run": self.dry_run,
            "plan": {
                "decided": [d.to_json() for d in self.decided],
                "done": [s.to_json() for s in self.done],
                "due": [s.to_json() for s in self.due],
                "waiting_for_review": self.reviews,
            },
        }

    def lines(self) -> list[str]:
        out = [self._headline()]
        if self.decided:
            out.append("decided:")
            width = max(len(d.outcome) for d in self.decided)
            for d in self.decided:
                out.append(f"  {d.outcome.ljust(width)}  @{d.acct} ({d.category})")
        if self.done:
            out.append("done:")
            out += [line for step in self.done for line in _indented(done_line(step))]
        if self.due:
            out.append("due (times in UTC):")
            out += [line for step in self.due for line in _indented(self.due_line(step))]
        else:
            out.append("nothing is due.")
        if self.report.stopped:
            out.append(
                f"the cycle stopped early ({self.report.stopped}); the rest waits for the next"
            )
        if self.reviews:
            waiting = counted(self.reviews, "follower waits", "followers wait")
            out.append(f"{waiting} for your review: welcomebot review")
        return out

    def _headline(self) -> str:
        count = Counter(d.outcome for d in self.decided)
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(count.items()))
        judged = counted(len(self.decided), "follower") + " judged"
        judged += f" ({outcomes})" if outcomes else ""
        requests = counted(self.report.requests, "request")
        if self.dry_run:
            return f"dry run, nothing was changed on the server: {judged}, in {requests}."
        return f"{judged}, {counted(len(self.done), 'action')} done, in {requests}."

    def due_line(self, step: Step) -> str:
        verb = "would " if self.dry_run or step.status == "planned" else "will "
        at = when(step.due_at, self.now)
        if step.due_at <= self.now:
            at = "now" if self.dry_run else f"on the next cycle ({self._late_because(step)})"
        else:
            at = f"at {at} ({self.wait_because(step)})"
        return verb + _action_phrase(step, at)

    def wait_because(self, step: Step) -> str:
        config = self.config
        if step.kind in (Kind.WELCOME_DM, Kind.LIST_ADD) and not step.note:
            return "after the follow-back"
        if step.kind == Kind.RECHECK:
            return f"egg.recheck_after {format_duration(config.egg.recheck_after)}"
        if step.note:
            return f"a retry after: {step.note}"
        return f"follow_back.delay {format_duration(config.follow_back.delay)}"

    def _late_because(self, step: Step) -> str:
        if step.kind in self.report.over_budget:
            return "over budget"
        if self.report.stopped:
            return self.report.stopped
        return step.note or "due"


def _indented(text: str) -> list[str]:
    """A step as lines: the first under its heading, a post's text indented below it."""
    first, *rest = text.split("\n")
    return [f"  {first}", *(f"      {line}" for line in rest)]


def _action_phrase(step: Step, at: str) -> str:
    who = f"@{step.acct}"
    text = f":\n‹{step.text}›" if step.text else ""  # a post's text goes on lines of its own
    phrases: dict[str, str] = {
        Kind.FOLLOW: f"follow {who} {at}",
        Kind.WELCOME_DM: f"DM {who} {at}{text}",
        Kind.STOP_ACK: f"answer {who}'s stop {at}{text}",
        Kind.LIST_ADD: f"add {who} to the list {step.target} {at} ({step.text})",
        Kind.RECHECK: f"look at {who} again {at}",
        Kind.AUTHORIZE: f"accept {who}'s follow request {at}",
        Kind.REJECT: f"reject {who}'s follow request {at}",
        Kind.UNFOLLOW: f"unfollow {who} {at}",
        Kind.DIGEST: f"send the digest {at}",
    }
    return phrases.get(step.kind, f"{step.kind} {who} {at}")


_DONE: dict[str, str] = {
    Kind.FOLLOW: "followed {who}",
    Kind.WELCOME_DM: "sent the welcome DM to {who}{text}",
    Kind.STOP_ACK: "answered {who}'s stop{text}",
    Kind.LIST_ADD: "added {who} to the list {target}",
    Kind.RECHECK: "looked at {who} again",
    Kind.AUTHORIZE: "accepted {who}'s follow request",
    Kind.REJECT: "rejected {who}'s follow request",
    Kind.UNFOLLOW: "unfollowed {who}",
}


def done_line(step: Step) -> str:
    who = f"@{step.acct}"
    note = f": {step.note}" if step.note else ""
    if step.status == "done":
        text = f":\n‹{step.text}›" if step.text and step.kind != Kind.LIST_ADD else ""
        template = _DONE.get(step.kind, "{kind} {who}")
        return template.format(who=who, text=text, target=step.target, kind=step.kind)
    if step.status == "cancelled":
        return f"called off {step.kind} for {who}{note}"
    if step.status == "uncertain":
        return f"{step.kind} for {who} may or may not have happened{note}"
    return f"{step.kind} for {who} failed{note}"


# --------------------------------------------------------------------------- building


def plan_after_cycle(
    store: Store, config: Config, report: CycleReport, *, started: datetime, now: datetime
) -> Plan:
    """The plan after a real cycle, read from the outbox."""
    plan = Plan(config, now, False, report)
    plan.decided = [_decided(d) for d in store.decisions_since(started, dry_run=False)]
    plan.done = [Step.of(e) for e in store.actions_settled_since(started)]
    plan.due = [Step.of(e) for e in store.open_actions()]
    plan.reviews = len(store.pending_reviews())
    return plan


def plan_of_dry_run(
    store: Store, config: Config, report: CycleReport, *, started: datetime, now: datetime
) -> Plan:
    """The plan of a dry run: what is queued already, and what a real cycle would have
    planned for the followers the dry run judged (computed, never written)."""
    plan = Plan(config, now, True, report)
    judged = store.decisions_since(started, dry_run=True)
    plan.decided = [_decided(d) for d in judged]
    planner = _planner(store, config)
    would: list[Step] = []
    for follower in judged:
        for action in _would_plan(planner, follower):
            would.append(
                Step(
                    follower.acct,
                    action.kind,
                    action.due_at,
                    "planned",
                    action.target,
                    action.payload,
                )
            )
    queued = [Step.of(e) for e in store.open_actions()]
    plan.due = sorted(queued + would, key=lambda s: s.due_at)
    plan.reviews = len(store.pending_reviews())
    return plan


def _decided(follower: DecidedFollower) -> Decided:
    d = follower.decision
    rules = tuple(r.rule for r in d.reasons)
    return Decided(follower.acct, d.outcome, d.category, d.trigger, rules)


def _planner(store: Store, config: Config) -> Planner:
    from urllib.parse import urlsplit

    me_acct = store.get_state(ME_ACCT_KEY) or ""
    name = store.get_state(ME_NAME_KEY) or me_acct
    url = store.get_state(INSTANCE_KEY) or config.instance.url
    host = urlsplit(url).hostname or "this server"
    bot = BotIdentity(acct=me_acct, display_name=name, instance=host, rules_url=config.rules_url())
    return Planner(config, bot, store.get_state(ME_ID_KEY) or "")


def _would_plan(planner: Planner, follower: DecidedFollower) -> Sequence[PlannedAction]:
    d = follower.decision
    try:
        outcome = Outcome(d.outcome)
        account = account_from_json(follower.account_json)
    except ValueError:
        return ()
    reasons = tuple(Reason(r.rule, r.detail) for r in d.reasons)
    decision = Decision(outcome, d.category, reasons, d.rules_version)
    statuses = [s for s in map(status_from_json, follower.statuses_json or []) if s]
    return planner.plan(
        decision,
        account,
        None,
        now=d.decided_at,
        source=follower.source,
        statuses=statuses or None,
    )
