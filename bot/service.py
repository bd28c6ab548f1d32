"""One poll cycle: read new follows, judge them, record, then act on what is due.

This is the imperative shell around the pure judge. The clock, the gateway and
the store are passed in; nothing here reads the environment.

Order of work in a cycle:

1. ingest: new follow notifications since the stored cursor, page by page.
   Each page's judgements, intended actions and the cursor advance are
   committed together, so a crash re-reads at most one page and the store's
   uniqueness guarantees make that harmless.
2. act: due actions from the outbox, oldest first, follows before DMs. Each is
   marked in flight (committed) before its call and settled after it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from bot.config import Config
from bot.domain import (
    AccountSnapshot,
    Decision,
    FollowEvent,
    Outcome,
    Relationship,
    StatusSnapshot,
)
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
from bot.logs import event, get_logger
from bot.rules import Policy, judge
from bot.store import (
    CANCELLED,
    CURSOR_KEY,
    DONE,
    FAILED,
    IN_FLIGHT,
    INSTANCE_KEY,
    LAST_POLL_OK_KEY,
    ME_ACCT_KEY,
    ME_ID_KEY,
    ME_NAME_KEY,
    PENDING,
    UNCERTAIN,
    ActionView,
    Judgement,
    PlannedAction,
    Store,
    StoreError,
)
from bot.welcome import BotIdentity, Unaddressable, render_welcome

log = get_logger("cycle")

FOLLOW = "follow"
WELCOME_DM = "welcome_dm"

#: Idempotency keys are kept by Mastodon for one hour; resend with the same key
#: only well inside that window.
IDEMPOTENCY_WINDOW = timedelta(minutes=55)
#: Keep this many requests of the server's budget in reserve for the next cycle.
RATE_RESERVE = 5
MAX_ATTEMPTS = 8
ACTIONS_PER_CYCLE = 200


class FatalError(Exception):
    """The bot cannot go on (bad token, database of another account)."""


@dataclass
class CycleReport:
    new_followers: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    stopped: str | None = None  # why the cycle ended early, if it did
    requests: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "new_followers": self.new_followers,
            "outcomes": dict(self.outcomes),
            "actions": dict(self.actions),
            "stopped": self.stopped,
            "requests": self.requests,
        }


def idempotency_key(me_id: str, account_id: str, kind: str) -> str:
    """Stable per (bot, follower, kind): a resent DM is recognised by the server."""
    digest = hashlib.sha256(f"welcomebot:{me_id}:{account_id}:{kind}".encode()).hexdigest()
    return f"welcomebot-{digest[:40]}"


def judge_looking_closer(
    gateway: MastodonGateway,
    account: AccountSnapshot,
    policy: Policy,
    now: datetime,
    *,
    talked_with_bot: bool = False,
    relationship: Relationship | None = None,
) -> tuple[Decision, list[StatusSnapshot] | None, list[dict[str, Any]] | None]:
    """Judge; if a rule asks for recent posts (and nothing vetoed), fetch them and judge again.

    Trouble fetching posts means "unknown" (an empty list), never a stalled queue;
    a rate limit still ends the cycle.
    """
    decision = judge(account, None, relationship, policy, now, talked_with_bot=talked_with_bot)
    if not decision.needs_statuses:
        return decision, None, None
    try:
        statuses, raw = gateway.recent_statuses(account.id, limit=20)
    except RateLimited:
        raise
    except GatewayError as exc:
        event(log, "statuses_unavailable", logging.WARNING, account_id=account.id, detail=str(exc))
        statuses, raw = [], []
    decision = judge(account, statuses, relationship, policy, now, talked_with_bot=talked_with_bot)
    return decision, statuses, raw


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


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
        self._identity: Identity | None = None
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
            self._identity = Identity(
                me_id, me_acct, self.store.get_state(ME_NAME_KEY) or "", False
            )
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

    # ------------------------------------------------------------------ cycle

    def run_cycle(self) -> CycleReport:
        report = CycleReport()
        start_requests = self.gateway.requests_made
        try:
            self._ingest(report)
            if not self.dry_run:
                self._act(report)
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
            now = self.clock()
            mentions = [m for m in page.mentions if m.account.id != me.id]
            latest: dict[str, FollowEvent] = {}
            for ev in page.events:
                if ev.account.id != me.id:
                    latest[ev.account.id] = ev  # the newest event per account wins
            known = self.store.judged_account_ids(latest) if latest else set()
            fresh = [ev for acc_id, ev in latest.items() if acc_id not in known]
            talked = self.store.talked_with_bot(latest) | {m.account.id for m in mentions}
            judged = self._judge_batch(fresh, now, talked)
            self.store.record_batch(
                judged,
                now=now,
                trigger="notification",
                dry_run=self.dry_run,
                cursor=None if self.dry_run else page.cursor,
                mentions=() if self.dry_run else mentions,
            )
            for j in judged:
                report.new_followers += 1
                report.outcomes[j.decision.action.value] += 1
                event(
                    log,
                    "decision",
                    acct=j.event.account.acct,
                    account_id=j.event.account.id,
                    action=j.decision.action.value,
                    category=j.decision.category,
                    rules=[r.rule for r in j.decision.reasons],
                    dry_run=self.dry_run,
                )

    def _judge_batch(
        self, events: list[FollowEvent], now: datetime, talked: set[str]
    ) -> list[Judgement]:
        """Judge new followers, fetching only what a rule needs.

        Recent posts are fetched one account at a time, only when a rule asks for
        them and no veto (opt-out included) has fired; relationships are fetched in
        batches, only for the followers the bot would follow.
        """
        Looked = tuple[
            FollowEvent, Decision, list[StatusSnapshot] | None, list[dict[str, Any]] | None
        ]
        first: list[Looked] = []
        for ev in events:
            acc = ev.account
            decision, statuses, raw_statuses = judge_looking_closer(
                self.gateway, acc, self.policy, now, talked_with_bot=acc.id in talked
            )
            first.append((ev, decision, statuses, raw_statuses))
        candidates = [ev.account.id for ev, d, _, _ in first if d.action is Outcome.FOLLOW]
        relationships = self.gateway.relationships(candidates) if candidates else {}
        out = []
        for ev, decision, statuses, raw_statuses in first:
            rel = relationships.get(ev.account.id)
            if rel is not None:
                decision = judge(
                    ev.account,
                    statuses,
                    rel,
                    self.policy,
                    now,
                    talked_with_bot=ev.account.id in talked,
                )
            out.append(
                Judgement(
                    event=ev,
                    decision=decision,
                    actions=self._plan(ev, decision, rel, now),
                    statuses_json=raw_statuses,
                )
            )
        return out

    def _plan(
        self, ev: FollowEvent, decision: Decision, rel: Relationship | None, now: datetime
    ) -> list[PlannedAction]:
        if decision.action is not Outcome.FOLLOW:
            return []
        me = self.identity()
        due = now + self.config.follow_back.delay
        planned = []
        already = rel is not None and (rel.following or rel.requested)
        if self.config.follow_back.enabled and not already:
            planned.append(PlannedAction(FOLLOW, due))
        if self.config.welcome_dm.enabled:
            try:
                text = render_welcome(
                    self.config.welcome_dm.template, ev.account, self.bot_identity()
                )
            except Unaddressable as exc:
                event(log, "dm_skipped", logging.WARNING, acct=ev.account.acct, detail=str(exc))
                return planned
            planned.append(
                PlannedAction(
                    WELCOME_DM,
                    due,
                    idempotency_key=idempotency_key(me.id, ev.account.id, WELCOME_DM),
                    payload=text,
                )
            )
        return planned

    # ------------------------------------------------------------------ act

    def _act(self, report: CycleReport) -> None:
        now = self.clock()
        for action in self.store.due_actions(now, limit=ACTIONS_PER_CYCLE):
            if self.stop_requested.is_set():
                return
            remaining = self.gateway.ratelimit_remaining()
            limit = self.gateway.ratelimit_limit() or 300
            if remaining is not None and remaining <= min(RATE_RESERVE, limit // 20):
                report.stopped = "rate_budget"
                event(log, "rate_budget_spent", logging.WARNING, remaining=remaining)
                return
            if action.kind == WELCOME_DM:
                follow = self.store.action_for(action.account_id, FOLLOW)
                if follow is not None and follow.status in (PENDING, IN_FLIGHT):
                    continue  # the follow goes first
                if follow is not None and follow.status == FAILED:
                    self._settle(action, CANCELLED, report, error="the follow-back failed")
                    continue
            self._perform(action, report)

    def _perform(self, action: ActionView, report: CycleReport) -> None:
        now = self.clock()
        # A DM that was attempted before (crash, timeout, 5xx) may already exist.
        if (
            action.kind == WELCOME_DM
            and action.attempts > 0
            and not self._resolve_uncertain_dm(action, now, report)
        ):
            return
        self.store.start_action(action.id, now)
        try:
            result = self._call(action)
        except (RateLimited, Unauthorized):
            self.store.finish_action(action.id, PENDING, now)
            raise
        except Transient as exc:
            attempts = action.attempts + 1
            give_up = attempts >= MAX_ATTEMPTS and action.kind != WELCOME_DM
            self.store.finish_action(
                action.id,
                FAILED if give_up else PENDING,
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
            return
        except (NotFound, Forbidden, Rejected) as exc:
            self._settle(action, FAILED, report, error=str(exc))
            return
        self._settle(action, DONE, report, result=result)

    def _call(self, action: ActionView) -> dict[str, object]:
        if action.kind == FOLLOW:
            rel = self.gateway.follow(
                action.account_id, reblogs=self.config.follow_back.show_reblogs
            )
            return {
                "following": rel.following if rel else None,
                "requested": rel.requested if rel else None,
            }
        if action.kind == WELCOME_DM:
            if not action.payload or not action.idempotency_key:
                raise Rejected("welcome_dm: the intent has no text or key")
            status_id = self.gateway.post_direct(
                action.payload,
                idempotency_key=action.idempotency_key,
                language=self.config.welcome_dm.language,
            )
            return {"status_id": status_id}
        raise Rejected(f"unknown action kind {action.kind!r}")

    def _resolve_uncertain_dm(self, action: ActionView, now: datetime, report: CycleReport) -> bool:
        """True if it is safe to (re)send now; otherwise the action is settled here."""
        started = action.started_at or now
        if now - started < IDEMPOTENCY_WINDOW:
            return True  # the server still remembers the key: resending cannot duplicate
        me = self.identity()
        found = self.gateway.find_direct_to(
            me.id, action.account_id, started - timedelta(minutes=5)
        )
        if found is not None:
            self._settle(action, DONE, report, result={"status_id": found, "recovered": True})
        else:
            self._settle(
                action,
                UNCERTAIN,
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
        level = logging.INFO if status == DONE else logging.WARNING
        event(log, "action", level, kind=action.kind, acct=action.acct, status=status, error=error)


__all__ = ["Bot", "CycleReport", "FatalError", "GatewayError", "StoreError", "idempotency_key"]
