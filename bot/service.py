"""One poll cycle: read what is new, judge it, record it, then do what is due.

This is the imperative shell around the pure judge and planner. The clock, the
gateway and the store are passed in; nothing here reads the environment.

A cycle:

1. **ingest** new follow, follow-request and mention notifications since the
   stored cursor, page by page. Each page's judgements, intended actions,
   mentions and the cursor advance are committed together, so a crash re-reads
   at most one page, and the store's uniqueness makes that harmless. A stop
   word in a reply puts its author on the do-not-contact list.
2. **reconcile** with the follower list once per ``reconcile.every``, to catch
   follows whose notifications never came, and followers who left.
3. **act** on due intents from the outbox: re-check followers whose delay is
   over (still following? opted out? moved? blocked?), re-judge held eggs,
   then follow, welcome, file into lists, within the hourly and daily budgets,
   oldest first. Each call is marked in flight (committed) before it is made
   and settled after it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from bot import planning
from bot.config import Config, format_duration
from bot.gateway import (
    Forbidden,
    GatewayError,
    Identity,
    MastodonGateway,
    NotFound,
    RateLimited,
    Rejected,
    Transient,
    Unauthorized,
)
from bot.judge import Category, Policy, RuleId, judge
from bot.logs import event, get_logger
from bot.model import (
    AccountSnapshot,
    Decision,
    FollowEvent,
    Outcome,
    Relationship,
    StatusSnapshot,
    status_from_json,
)
from bot.outbox import (
    POSTING_KINDS,
    ActionView,
    Judgement,
    Kind,
    PlannedAction,
    Status,
    idempotency_key,
)
from bot.store import (
    CURSOR_KEY,
    INSTANCE_KEY,
    LAST_POLL_OK_KEY,
    ME_ACCT_KEY,
    ME_ID_KEY,
    ME_NAME_KEY,
    Store,
    StoreError,
)
from bot.text import PhraseSet
from bot.welcome import BotIdentity, Unaddressable, render_welcome

log = get_logger("cycle")

#: Idempotency keys are kept by Mastodon for one hour; resend with the same key
#: only well inside that window.
IDEMPOTENCY_WINDOW = timedelta(minutes=55)
#: Keep this many requests of the server's budget in reserve for the next cycle.
RATE_RESERVE = 5
MAX_ATTEMPTS = 8
ACTIONS_PER_CYCLE = 200
#: A follow planned longer ago than this is re-checked before it is made.
RECHECK_AFTER = timedelta(minutes=1)
RECONCILE_KEY = "reconcile.last_at"
RECONCILE_CURSOR_KEY = "reconcile.cursor"
DIGEST_SENT_KEY = "digest.sent_period"
LISTS_UNSUPPORTED_KEY = "lists.unsupported"


class FatalError(Exception):
    """The bot cannot go on (bad token, database of another account)."""


@dataclass
class CycleReport:
    new_followers: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    stopped: str | None = None  # why the cycle ended early, if it did
    over_budget: list[str] = field(default_factory=list)
    requests: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "new_followers": self.new_followers,
            "outcomes": dict(self.outcomes),
            "actions": dict(self.actions),
            "stopped": self.stopped,
            "over_budget": self.over_budget,
            "requests": self.requests,
        }


def judge_looking_closer(
    gateway: MastodonGateway,
    account: AccountSnapshot,
    policy: Policy,
    now: datetime,
    *,
    talked_with_bot: bool = False,
    relationship: Relationship | None = None,
    do_not_contact: bool = False,
) -> tuple[Decision, list[StatusSnapshot] | None, list[dict[str, Any]] | None]:
    """Judge; if a rule asks for recent posts (and nothing vetoed), fetch them and judge again.

    Trouble fetching posts means "unknown" (an empty list), never a stalled queue;
    a rate limit still ends the cycle.
    """
    flags = {"talked_with_bot": talked_with_bot, "do_not_contact": do_not_contact}
    decision = judge(account, None, relationship, policy, now, **flags)
    if not decision.needs_statuses:
        return decision, None, None
    try:
        statuses, raw = gateway.recent_statuses(account.id, limit=20)
    except RateLimited:
        raise
    except GatewayError as exc:
        event(log, "statuses_unavailable", logging.WARNING, account_id=account.id, detail=str(exc))
        statuses, raw = [], []
    decision = judge(account, statuses, relationship, policy, now, **flags)
    return decision, statuses, raw


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


def _as_requester(rel: Relationship | None, event_type: str) -> Relationship | None:
    """Someone who asked to follow a locked bot does not follow it yet: that is no veto."""
    if rel is not None and event_type == "follow_request":
        return dataclasses.replace(rel, followed_by=None)
    return rel


class Bot:
    def __init__(
        self,
        config: Config,
        gateway: MastodonGateway,
        store: Store,
        *,
        clock: Callable[[], datetime],
        dry_run: bool = False,
    ) -> None:
        self.config = config
        self.gateway = gateway
        self.store = store
        self.clock = clock
        self.dry_run = dry_run or config.dry_run
        self.policy = Policy.from_config(config)
        self.stop_words = PhraseSet(config.welcome_dm.stop_words)
        self._identity: Identity | None = None
        self._list_ids: dict[str, str] | None = None
        self.stop_requested = threading.Event()

    def request_stop(self) -> None:
        """Finish the current action, then return from the cycle."""
        self.stop_requested.set()

    # ------------------------------------------------------------------ identity

    def identity(self) -> Identity:
        """The bot's own account, cached in the store so an idle poll costs one request."""
        if self._identity is not None:
            return self._identity
        stored_instance = self.store.get_state(INSTANCE_KEY)
        if stored_instance and stored_instance != self.config.instance.url:
            raise FatalError(
                f"storage.database: this database belongs to the bot on {stored_instance}, "
                f"not {self.config.instance.url}; use another database file"
            )
        me_id = self.store.get_state(ME_ID_KEY)
        me_acct = self.store.get_state(ME_ACCT_KEY)
        if me_id and me_acct:
            name = self.store.get_state(ME_NAME_KEY) or ""
            self._identity = Identity(me_id, me_acct, name, False)
            return self._identity
        identity, _raw = self.gateway.verify_credentials()
        self.store.set_states(
            {
                ME_ID_KEY: identity.id,
                ME_ACCT_KEY: identity.acct,
                ME_NAME_KEY: identity.display_name,
                INSTANCE_KEY: self.config.instance.url,
            }
        )
        self._identity = identity
        return identity

    def bot_identity(self) -> BotIdentity:
        me = self.identity()
        host = urlsplit(self.config.instance.url).hostname or "this server"
        return BotIdentity(acct=me.acct, display_name=me.display_name or me.acct, instance=host)

    def startup_checks(self) -> list[str]:
        """Warnings worth a line at start: a notification policy that hides newcomers."""
        policy = self.gateway.notification_policy()
        warnings = []
        if policy:
            for key, what in (
                ("for_new_accounts", "accounts younger than 30 days"),
                ("for_not_following", "accounts the bot does not follow"),
            ):
                value = policy.get(key)
                if value in ("filter", "drop"):
                    warnings.append(
                        f"the account's notification policy will {value} follows from {what}: "
                        "newcomers may be missed until the daily reconciliation; set it to "
                        "accept in Preferences → Notifications"
                    )
        for warning in warnings:
            event(log, "notification_policy", logging.WARNING, detail=warning)
        return warnings

    # ------------------------------------------------------------------ cycle

    def run_cycle(self) -> CycleReport:
        report = CycleReport()
        start_requests = self.gateway.requests_made
        try:
            self._ingest(report)
            if not self.dry_run:
                self._maybe_reconcile(report)
                self._act(report)
                self._maybe_digest(report)
        except RateLimited as exc:
            report.stopped = "rate_limited"
            event(log, "rate_limited", logging.WARNING, reset_at=exc.reset_at, detail=str(exc))
        except Transient as exc:
            report.stopped = "server_trouble"
            event(log, "server_trouble", logging.WARNING, kind=exc.kind, detail=str(exc))
        except Unauthorized as exc:
            raise FatalError(
                f"the server rejected the access token ({exc}); check WELCOMEBOT_ACCESS_TOKEN "
                "or instance.access_token_file"
            ) from None
        finally:
            report.requests = self.gateway.requests_made - start_requests
        if report.stopped is None:
            self.store.set_state(LAST_POLL_OK_KEY, self.clock().isoformat())
        event(log, "cycle_done", logging.INFO, **report.summary())
        return report

    # ------------------------------------------------------------------ ingest

    def _ingest(self, report: CycleReport) -> None:
        me = self.identity()
        cursor = self.store.get_state(CURSOR_KEY)
        for page in self.gateway.notifications(cursor):
            if self.stop_requested.is_set():
                return
            if not self._rate_left(report):
                return  # judging this page needs requests: it is read again next cycle
            now = self.clock()
            mentions = [m for m in page.mentions if m.account.id != me.id]
            latest: dict[str, FollowEvent] = {}
            for ev in page.events:
                if ev.account.id != me.id:
                    latest[ev.account.id] = ev  # the newest event per account wins
            known = self.store.judged_account_ids(latest) if latest else set()
            fresh = [ev for acc_id, ev in latest.items() if acc_id not in known]
            judged = self._judge_batch(fresh, now, {m.account.id for m in mentions})
            if not self.dry_run:
                # Before the cursor moves: a crash here reads these mentions again, and
                # every step below is idempotent.
                for mention in mentions:
                    self._check_stop_word(mention, now, report)
            self.store.record_batch(
                judged,
                now=now,
                trigger="notification",
                dry_run=self.dry_run,
                cursor=None if self.dry_run else page.cursor,
                mentions=() if self.dry_run else mentions,
            )
            self._after_judgements(judged, now, report)

    def _after_judgements(
        self, judged: Sequence[Judgement], now: datetime, report: CycleReport
    ) -> None:
        for j in judged:
            report.new_followers += 1
            report.outcomes[j.decision.outcome.value] += 1
            self._remember_refusal(j.event.account, j.decision, now)
            event(
                log,
                "decision",
                acct=j.event.account.acct,
                account_id=j.event.account.id,
                action=j.decision.outcome.value,
                category=j.decision.category,
                rules=[r.rule for r in j.decision.reasons],
                dry_run=self.dry_run,
            )

    def _remember_refusal(
        self, account: AccountSnapshot, decision: Decision, now: datetime
    ) -> None:
        """Opt-outs and blocks go on the permanent do-not-contact list."""
        if self.dry_run or decision.category not in (Category.OPTED_OUT, Category.BLOCKED):
            return
        detail = "; ".join(f"{r.rule}: {r.detail}" for r in decision.reasons[:2])
        reason = "opt_out" if decision.category == Category.OPTED_OUT else "blocked"
        if self.store.add_do_not_contact(account.id, account.acct, reason, now, detail[:500]):
            event(log, "do_not_contact", acct=account.acct, reason=reason)

    def _judge_batch(
        self,
        events: Sequence[FollowEvent],
        now: datetime,
        mentioned: set[str],
        *,
        relationships: bool = True,
    ) -> list[Judgement]:
        """Judge new followers, fetching only what a rule needs.

        Recent posts are fetched one account at a time, only when a rule asks for
        them and no veto (opt-out included) has fired; relationships are fetched in
        batches, only for the followers the bot would follow.
        """
        ids = [ev.account.id for ev in events]
        talked = (self.store.talked_with_bot(ids) | mentioned) if ids else set()
        blocked = self.store.do_not_contact(ids) if ids else set()
        looked = []
        for ev in events:
            acc = ev.account
            decision, statuses, raw = judge_looking_closer(
                self.gateway,
                acc,
                self.policy,
                now,
                talked_with_bot=acc.id in talked,
                do_not_contact=acc.id in blocked,
            )
            looked.append((ev, decision, statuses, raw))
        candidates = [ev.account.id for ev, d, _, _ in looked if d.outcome is Outcome.FOLLOW]
        # With a delay, the follow is re-checked (relationship included) at its due time;
        # asking now as well would only spend requests.
        acting_now = self.config.follow_back.delay < RECHECK_AFTER
        wanted = candidates and relationships and acting_now
        rels = self.gateway.relationships(candidates) if wanted else {}
        out = []
        for ev, decision, statuses, raw in looked:
            rel = _as_requester(rels.get(ev.account.id), ev.type)
            if rel is not None:
                decision = judge(
                    ev.account,
                    statuses,
                    rel,
                    self.policy,
                    now,
                    talked_with_bot=ev.account.id in talked,
                    do_not_contact=ev.account.id in blocked,
                )
            actions = [] if self.dry_run else self._plan(ev, decision, rel, now, statuses)
            out.append(Judgement(ev, decision, actions, statuses_json=raw))
        return out

    def _plan(
        self,
        ev: FollowEvent,
        decision: Decision,
        rel: Relationship | None,
        now: datetime,
        statuses: Sequence[StatusSnapshot] | None,
        *,
        recheck_number: int = 0,
        delay: bool = True,
    ) -> list[PlannedAction]:
        statuses = self._statuses_for_language(ev.account, decision, statuses)
        return planning.plan_actions(
            decision,
            ev.account,
            rel,
            config=self.config,
            bot=self.bot_identity(),
            me_id=self.identity().id,
            now=now,
            event_type=ev.type,
            statuses=statuses,
            recheck_number=recheck_number,
            delay=delay,
        )

    def _statuses_for_language(
        self,
        account: AccountSnapshot,
        decision: Decision,
        statuses: Sequence[StatusSnapshot] | None,
    ) -> Sequence[StatusSnapshot] | None:
        """Per-language templates or lists need the post language: one request, if so."""
        wants_language = self.config.welcome_dm.enabled and (
            self.config.welcome_dm.templates or any(r.languages for r in self.config.lists)
        )
        if statuses is not None or decision.outcome is not Outcome.FOLLOW or not wants_language:
            return statuses
        try:
            fetched, _raw = self.gateway.recent_statuses(account.id, limit=10)
        except RateLimited:
            raise
        except GatewayError:
            return None
        return fetched

    # ------------------------------------------------------------------ stop words

    def _check_stop_word(self, mention: FollowEvent, now: datetime, report: CycleReport) -> None:
        """A newcomer who answers the welcome with "stop" is never messaged again."""
        status = mention.status
        if status is None:
            return
        account = mention.account
        actions = self.store.actions_of(account.id)
        welcomed = actions.get((Kind.WELCOME_DM, ""))
        if welcomed is None:
            return
        text = " ".join(w for w in status.text.split() if not w.startswith("@"))
        said = self.stop_words.find(text)
        if not said:
            return
        # Each step is idempotent: the welcome is called off, the acknowledgement is
        # planned at most once (actions are unique), the account joins the list once.
        cancelled = self.store.cancel_open(
            account.id, now, f"asked to stop ({said[0]})", kinds=[Kind.WELCOME_DM]
        )
        if self.config.welcome_dm.acknowledge_stop:
            try:
                text = render_welcome(
                    self.config.welcome_dm.acknowledgement, account, self.bot_identity()
                )
            except Unaddressable:
                text = ""
            if text:
                ack = PlannedAction(
                    Kind.STOP_ACK,
                    now,
                    idempotency_key=idempotency_key(self.identity().id, account.id, Kind.STOP_ACK),
                    payload=text,
                )
                self.store.add_actions(account.id, [ack], now)
        if self.store.add_do_not_contact(account.id, account.acct, "stop_word", now, said[0]):
            report.actions["stop_word"] += 1
            event(log, "stop_word", acct=account.acct, word=said[0], cancelled=cancelled)

    # ------------------------------------------------------------------ reconcile

    def _maybe_reconcile(self, report: CycleReport) -> None:
        if not self.config.reconcile.enabled:
            return
        now = self.clock()
        if self.store.get_state(RECONCILE_CURSOR_KEY):
            self.reconcile(report)  # a walk that was cut short carries on
            return
        last = self.store.get_state(RECONCILE_KEY)
        if last is None:
            # The first run reads the notifications; the follower list waits a period.
            self.store.set_state(RECONCILE_KEY, now.isoformat())
            return
        if now - datetime.fromisoformat(last) < self.config.reconcile.every:
            return
        self.reconcile(report)

    def reconcile(self, report: CycleReport | None = None) -> dict[str, int]:
        """Walk the follower list: judge followers never seen, notice those who left.

        The walk is resumable: the cursor of the next page is stored with each
        page's decisions, and a walk cut short by the rate budget (or a crash)
        carries on from there next time. Who left is only worked out from a walk
        done in one go. Relationships are not fetched here: a follow is checked
        again just before it is made.
        """
        report = report or CycleReport()
        me = self.identity()
        start = self.store.get_state(RECONCILE_CURSOR_KEY) or None
        whole = start is None
        known = self.store.follower_ids() if whole else set()
        seen: set[str] = set()
        judged_new = 0
        for page in self.gateway.follower_pages(me.id, max_id=start):
            now = self.clock()
            seen.update(acc.id for acc, _ in page.accounts)
            fresh = {
                acc.id: FollowEvent(
                    notification_id="", type="reconcile", account=acc, account_json=raw
                )
                for acc, raw in page.accounts
                if acc.id != me.id
            }
            unjudged = set(fresh) - self.store.judged_account_ids(fresh)
            judged = self._judge_batch(
                [fresh[i] for i in fresh if i in unjudged], now, set(), relationships=False
            )
            self.store.record_batch(
                judged,
                now=now,
                trigger="reconcile",
                dry_run=self.dry_run,
                cursor=None,
                states={RECONCILE_CURSOR_KEY: page.next_max_id or ""},
            )
            self._after_judgements(judged, now, report)
            judged_new += len(judged)
            if page.next_max_id and (self.stop_requested.is_set() or not self._rate_left(report)):
                event(log, "reconcile_paused", judged=judged_new, resume_at=page.next_max_id)
                return {"new": judged_new, "left": 0, "paused": 1}
        now = self.clock()
        left = self._followers_who_left(known - seen, seen, now, report) if whole else 0
        self.store.set_states({RECONCILE_KEY: now.isoformat()})
        self.store.delete_state(RECONCILE_CURSOR_KEY)
        event(log, "reconciled", followers=len(seen), new=judged_new, left=left)
        return {"new": judged_new, "left": left, "paused": 0}

    def _followers_who_left(
        self, gone: set[str], seen: set[str], now: datetime, report: CycleReport
    ) -> int:
        if not seen:
            # Some servers never list followers (snac): no list is no evidence.
            return 0
        left = 0
        for account_id in gone:
            actions = self.store.actions_of(account_id)
            if not actions:
                continue
            left += 1
            self.store.cancel_open(account_id, now, "the follower left")
            follow = actions.get((Kind.FOLLOW, ""))
            if (
                self.config.follow_back.unfollow_when_they_leave
                and follow is not None
                and follow.status == Status.DONE
            ):
                self.store.add_actions(account_id, [PlannedAction(Kind.UNFOLLOW, now)], now)
        report.actions["left"] += left
        return left

    # ------------------------------------------------------------------ act

    def _act(self, report: CycleReport) -> None:
        now = self.clock()
        if not self._rate_left(report):
            return
        self._recheck_due(now, report)
        due = self.store.due_actions(now, limit=ACTIONS_PER_CYCLE)
        ids = {a.account_id for a in due}
        blocked = self.store.do_not_contact(ids)
        follows = self.store.action_statuses(ids, Kind.FOLLOW)
        budget = _Budget(self.store, self.config, now)
        for action in due:
            if self.stop_requested.is_set() or not self._rate_left(report):
                return
            if not budget.allows(action.kind):
                if action.kind not in report.over_budget:
                    report.over_budget.append(action.kind)
                    event(log, "budget_spent", logging.INFO, kind=action.kind)
                continue
            if not self._ready(action, blocked, follows, report):
                continue
            if self._perform(action, report) == Status.DONE:
                budget.spend(action.kind)
                if action.kind == Kind.FOLLOW:
                    follows[action.account_id] = Status.DONE
            elif action.kind == Kind.FOLLOW:
                follows[action.account_id] = self.store.action_statuses(
                    [action.account_id], Kind.FOLLOW
                ).get(action.account_id, Status.PENDING)

    def _rate_left(self, report: CycleReport) -> bool:
        """False when the server's request budget is nearly spent: stop until it resets."""
        remaining = self.gateway.ratelimit_remaining()
        limit = self.gateway.ratelimit_limit() or 300
        if remaining is not None and remaining <= min(RATE_RESERVE, limit // 20):
            if report.stopped is None:
                report.stopped = "rate_budget"
                event(log, "rate_budget_spent", logging.WARNING, remaining=remaining)
            return False
        return True

    def _ready(
        self,
        action: ActionView,
        blocked: set[str],
        follows: dict[str, str],
        report: CycleReport,
    ) -> bool:
        """Whether an action may go now; settles it here when it never will."""
        contacts = action.kind in (Kind.FOLLOW, Kind.WELCOME_DM, Kind.LIST_ADD, Kind.AUTHORIZE)
        if contacts and action.account_id in blocked:
            self._settle(action, Status.CANCELLED, report, error="on the do-not-contact list")
            return False
        if action.kind in (Kind.WELCOME_DM, Kind.LIST_ADD):
            follow = follows.get(action.account_id)
            if follow in (Status.PENDING, Status.IN_FLIGHT):
                return False  # the follow goes first
            if follow in (Status.FAILED, Status.CANCELLED, Status.UNCERTAIN):
                self._settle(
                    action, Status.CANCELLED, report, error="the follow-back did not happen"
                )
                return False
        return True

    # ..................................................................... re-checks

    def _recheck_due(self, now: datetime, report: CycleReport) -> None:
        """Before acting on a delayed follow, and when a held egg is due, look again."""
        due = self.store.due_actions(now, limit=ACTIONS_PER_CYCLE)
        stale_follows = [
            a for a in due if a.kind == Kind.FOLLOW and now - a.created_at >= RECHECK_AFTER
        ]
        rechecks = [a for a in due if a.kind == Kind.RECHECK]
        if not stale_follows and not rechecks:
            return
        ids = list(dict.fromkeys(a.account_id for a in [*stale_follows, *rechecks]))
        fresh = self.gateway.accounts(ids)
        relationships = self.gateway.relationships([i for i in ids if i in fresh])
        talked = self.store.talked_with_bot(ids)
        blocked = self.store.do_not_contact(ids)
        for action in [*stale_follows, *rechecks]:
            if self.stop_requested.is_set():
                return
            self._recheck_one(
                action, fresh.get(action.account_id), relationships, talked, blocked, now, report
            )

    def _recheck_one(
        self,
        action: ActionView,
        fresh: tuple[AccountSnapshot, dict[str, Any]] | None,
        relationships: dict[str, Relationship],
        talked: set[str],
        blocked: set[str],
        now: datetime,
        report: CycleReport,
    ) -> None:
        if fresh is None:
            self.store.cancel_open(action.account_id, now, "the account is gone")
            report.actions[f"{action.kind}:gone"] += 1
            return
        account, raw = fresh
        rel = _as_requester(relationships.get(account.id), action.source)
        decision, statuses, raw_statuses = judge_looking_closer(
            self.gateway,
            account,
            self.policy,
            now,
            talked_with_bot=account.id in talked,
            relationship=rel,
            do_not_contact=account.id in blocked,
        )
        ev = FollowEvent(notification_id="", type=action.source, account=account, account_json=raw)
        if action.kind == Kind.RECHECK:
            number = int(action.target or "1")
            planned = self._plan(
                ev, decision, rel, now, statuses, recheck_number=number, delay=False
            )
            self.store.record_batch(
                [Judgement(ev, decision, planned, statuses_json=raw_statuses)],
                now=now,
                trigger="recheck",
                dry_run=False,
                cursor=None,
            )
            self.store.finish_action(
                action.id, Status.DONE, now, result={"action": decision.outcome.value}
            )
            report.actions[f"recheck:{decision.outcome.value}"] += 1
        elif (
            decision.outcome is Outcome.FOLLOW
            and rel is not None
            and (rel.following or rel.requested)
        ):
            # Already followed (by the owner, by hand): nothing to send.
            self.store.finish_action(action.id, Status.DONE, now, result={"already": True})
            report.actions["follow:already"] += 1
            return
        elif decision.outcome is not Outcome.FOLLOW:
            self.store.record_batch(
                [Judgement(ev, decision, (), statuses_json=raw_statuses)],
                now=now,
                trigger="recheck",
                dry_run=False,
                cursor=None,
            )
            cancelled = self.store.cancel_open(
                account.id, now, f"re-checked: {decision.outcome.value} ({decision.category})"
            )
            report.actions["follow:called_off"] += 1
            event(
                log,
                "called_off",
                acct=account.acct,
                category=decision.category,
                cancelled=cancelled,
            )
        else:
            return
        self._remember_refusal(account, decision, now)
        event(
            log,
            "decision",
            acct=account.acct,
            account_id=account.id,
            action=decision.outcome.value,
            category=decision.category,
            rules=[r.rule for r in decision.reasons],
            trigger="recheck",
        )

    # ..................................................................... perform

    def _perform(self, action: ActionView, report: CycleReport) -> str:
        """Do one action; returns the status it was left in."""
        now = self.clock()
        # A post that was attempted before (crash, timeout, 5xx) may already exist.
        if (
            action.kind in POSTING_KINDS
            and action.attempts > 0
            and not self._resolve_uncertain_post(action, now, report)
        ):
            return "settled"
        self.store.start_action(action.id, now)
        try:
            result = self._call(action)
        except _Later as later:
            self.store.finish_action(
                action.id,
                Status.PENDING,
                now,
                error=later.why,
                retry_at=now + _backoff(action.attempts + 1),
            )
            report.actions[f"{action.kind}:later"] += 1
            return Status.PENDING
        except (RateLimited, Unauthorized):
            self.store.finish_action(action.id, Status.PENDING, now)
            raise
        except Transient as exc:
            attempts = action.attempts + 1
            give_up = attempts >= MAX_ATTEMPTS and action.kind not in POSTING_KINDS
            self.store.finish_action(
                action.id,
                Status.FAILED if give_up else Status.PENDING,
                now,
                error=str(exc),
                retry_at=now + _backoff(attempts),
            )
            report.actions[f"{action.kind}:retry"] += 1
            event(
                log,
                "action_retry",
                logging.WARNING,
                kind=action.kind,
                acct=action.acct,
                attempts=attempts,
                error=str(exc),
            )
            return Status.FAILED if give_up else Status.PENDING
        except (NotFound, Forbidden, Rejected) as exc:
            self._settle(action, Status.FAILED, report, error=str(exc))
            return Status.FAILED
        self._settle(action, Status.DONE, report, result=result)
        return Status.DONE

    def _call(self, action: ActionView) -> dict[str, object]:
        if action.kind == Kind.FOLLOW:
            rel = self.gateway.follow(
                action.account_id, reblogs=self.config.follow_back.show_reblogs
            )
            return {
                "following": rel.following if rel else None,
                "requested": rel.requested if rel else None,
            }
        if action.kind in POSTING_KINDS:
            if not action.payload or not action.idempotency_key:
                raise Rejected(f"{action.kind}: the intent has no text or key")
            status_id = self.gateway.post_direct(
                action.payload, idempotency_key=action.idempotency_key, language=action.language
            )
            return {"status_id": status_id}
        if action.kind == Kind.LIST_ADD:
            return self._add_to_list(action)
        if action.kind == Kind.AUTHORIZE:
            self.gateway.authorize_follow_request(action.account_id)
            return {"authorized": True}
        if action.kind == Kind.REJECT:
            self.gateway.reject_follow_request(action.account_id)
            return {"rejected": True}
        if action.kind == Kind.UNFOLLOW:
            self.gateway.unfollow(action.account_id)
            return {"unfollowed": True}
        raise Rejected(f"unknown action kind {action.kind!r}")

    def _add_to_list(self, action: ActionView) -> dict[str, object]:
        if self.store.get_state(LISTS_UNSUPPORTED_KEY):
            raise Rejected("this server has no lists")
        rel = self.gateway.relationships([action.account_id]).get(action.account_id)
        if rel is None or not rel.following:
            raise _Later("the follow is not accepted yet")
        list_id = self._list_id(action.target)
        try:
            self.gateway.add_to_list(list_id, action.account_id)
        except Rejected as exc:
            if exc.status == 422:  # already in the list
                return {"list_id": list_id, "already": True}
            raise
        except NotFound:
            raise _Later("the server does not see the follow yet") from None
        return {"list_id": list_id}

    def _list_id(self, title: str) -> str:
        key = f"list:{title}"
        cached = self.store.get_state(key)
        if cached:
            return cached
        if self._list_ids is None:
            self._list_ids = self.gateway.lists()
        list_id = self._list_ids.get(title)
        if list_id is None:
            try:
                list_id = self.gateway.create_list(title)
            except (NotFound, Rejected, Forbidden):
                self.store.set_state(LISTS_UNSUPPORTED_KEY, "1")
                event(
                    log,
                    "lists_unsupported",
                    logging.WARNING,
                    detail="this server does not support lists; list rules are skipped",
                )
                raise Rejected("this server has no lists") from None
            self._list_ids[title] = list_id
        self.store.set_state(key, list_id)
        return list_id

    def _resolve_uncertain_post(
        self, action: ActionView, now: datetime, report: CycleReport
    ) -> bool:
        """True if it is safe to (re)send now; otherwise the action is settled here."""
        started = action.started_at or now
        if now - started < IDEMPOTENCY_WINDOW:
            return True  # the server still remembers the key: resending cannot duplicate
        me = self.identity()
        found = self.gateway.find_direct_to(
            me.id, action.account_id, started - timedelta(minutes=5)
        )
        if found is not None:
            self._settle(
                action, Status.DONE, report, result={"status_id": found, "recovered": True}
            )
        else:
            self._settle(
                action,
                Status.UNCERTAIN,
                report,
                error="the send may have happened more than an hour ago and no copy was found; "
                "not resending",
            )
        return False

    def _settle(
        self,
        action: ActionView,
        status: str,
        report: CycleReport,
        *,
        result: dict[str, object] | None = None,
        error: str | None = None,
    ) -> None:
        now = self.clock()
        self.store.finish_action(action.id, status, now, result=result, error=error)
        report.actions[f"{action.kind}:{status}"] += 1
        level = logging.INFO if status == Status.DONE else logging.WARNING
        event(
            log,
            "action",
            level,
            kind=action.kind,
            target=action.target or None,
            acct=action.acct,
            status=status,
            error=error,
        )

    # ------------------------------------------------------------------ digest

    def _maybe_digest(self, report: CycleReport) -> None:
        """A periodic DM to the owner: what the bot did, and what waits for review."""
        owner = self.config.digest.to
        if not owner:
            return
        now = self.clock()
        every = self.config.digest.every
        period = int(now.timestamp() // max(60, int(every.total_seconds())))  # periods since 1970
        sent = self.store.get_state(DIGEST_SENT_KEY)
        if sent is None:
            self.store.set_state(DIGEST_SENT_KEY, str(period))  # the first digest after a period
            return
        if int(sent) >= period or not self._rate_left(report):
            return
        seconds = max(60, int(every.total_seconds()))
        since = datetime.fromtimestamp(int(sent) * seconds, tz=now.tzinfo)
        stats = self.store.stats(since=since)
        outcomes = stats["decisions_by_outcome"]
        done = {kind: by.get(Status.DONE, 0) for kind, by in stats["actions"].items()}
        reviews = [f.acct for f in self.store.pending_reviews()]
        lines = [
            f"@{owner} welcomebot, the last {format_duration(every)}:",
            f"judged {sum(outcomes.values())} followers "
            f"(follow {outcomes.get('follow', 0)}, skip {outcomes.get('skip', 0)}, "
            f"hold {outcomes.get('hold', 0)}, review {outcomes.get('review', 0)});",
            f"followed {done.get(Kind.FOLLOW, 0)}, welcomed {done.get(Kind.WELCOME_DM, 0)}.",
        ]
        if reviews:
            shown = ", ".join(r.replace("@", " at ") for r in reviews[:10])
            more = f" and {len(reviews) - 10} more" if len(reviews) > 10 else ""
            lines.append(f"Waiting for your review: {shown}{more} (welcomebot review).")
        key = idempotency_key(self.identity().id, owner, "digest", str(period))
        self.gateway.post_direct("\n".join(lines)[:490], idempotency_key=key, language=None)
        self.store.set_state(DIGEST_SENT_KEY, str(period))
        report.actions["digest:done"] += 1
        event(log, "digest", to=owner, period=period)

    # ------------------------------------------------------------------ owner's decisions

    def decide_by_hand(self, acct: str, approve: bool) -> Decision:
        """The owner approves or rejects a follower (``welcomebot review``)."""
        from bot.judge import RULES_VERSION
        from bot.model import Reason, account_from_json

        follower = self.store.follower_by_acct(acct)
        if follower is None:
            raise StoreError(f"no follower {acct} in the database")
        now = self.clock()
        account = account_from_json(follower.account_json)
        if approve:
            decision = Decision(
                Outcome.FOLLOW,
                Category.APPROVED,
                (Reason(RuleId.OWNER_APPROVED, "approved by the owner"),),
                RULES_VERSION,
            )
        else:
            decision = Decision(
                Outcome.SKIP,
                Category.REJECTED,
                (Reason(RuleId.OWNER_REJECTED, "rejected by the owner"),),
                RULES_VERSION,
            )
        ev = FollowEvent(
            notification_id="", type="follow", account=account, account_json=follower.account_json
        )
        statuses = None
        if follower.statuses_json is not None:
            statuses = [s for s in map(status_from_json, follower.statuses_json) if s]
        planned: list[PlannedAction] = []
        if approve and not self.store.do_not_contact([account.id]):
            planned = planning.plan_actions(
                decision,
                account,
                None,
                config=self.config,
                bot=self.bot_identity(),
                me_id=self.identity().id,
                now=now,
                event_type="follow",
                statuses=statuses,
                delay=False,
            )
        self.store.record_batch(
            [Judgement(ev, decision, planned)], now=now, trigger="owner", dry_run=False, cursor=None
        )
        return decision


class _Budget:
    """The hourly and daily caps, counted once per cycle and kept up to date."""

    def __init__(self, store: Store, config: Config, now: datetime) -> None:
        b = config.budgets
        hour, day = now - timedelta(hours=1), now - timedelta(days=1)
        self.caps = {
            Kind.FOLLOW: [
                [store.count_done((Kind.FOLLOW,), hour), b.follows_per_hour],
                [store.count_done((Kind.FOLLOW,), day), b.follows_per_day],
            ],
            "status": [
                [store.count_done(POSTING_KINDS, hour), b.dms_per_hour],
                [store.count_done(POSTING_KINDS, day), b.dms_per_day],
            ],
        }

    @staticmethod
    def _family(kind: str) -> str | None:
        if kind == Kind.FOLLOW:
            return Kind.FOLLOW
        return "status" if kind in POSTING_KINDS else None

    def allows(self, kind: str) -> bool:
        family = self._family(kind)
        return family is None or all(used < cap for used, cap in self.caps[family])

    def spend(self, kind: str) -> None:
        family = self._family(kind)
        if family is not None:
            for window in self.caps[family]:
                window[0] += 1


class _Later(Exception):
    """Not yet: try this action again on a later cycle (not a failure)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


__all__ = ["Bot", "CycleReport", "FatalError", "GatewayError", "StoreError", "judge_looking_closer"]
