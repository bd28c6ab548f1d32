"""One poll cycle: read what is new, judge it, record it, then do what is due.

This is the imperative shell around the pure judge and planner; each step is a
module of its own, sharing one :class:`CycleContext`:

1. ``ingest``: new follow, follow-request and mention notifications since the
   stored cursor, page by page (``stop_words`` handles replies to the welcome);
2. ``reconcile``: the follower list, once per ``reconcile.every``; ``signups``: the
   server's new local accounts (``greet: signups``), its pending ones looked at again;
3. ``executor``: due intents from the outbox, after ``recheck`` looked again at
   delayed follows and held eggs, within the ``budget``;
4. ``digest``: the owner's periodic DM.

``judging`` gathers the judge's inputs for all of them, and for ``explain`` and
``replay``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from bot.config import Config, describe_token_source
from bot.cycle.capabilities import limits_of, signup_limits
from bot.cycle.context import CycleContext, CycleReport, FatalError, log
from bot.cycle.digest import maybe_digest
from bot.cycle.executor import act
from bot.cycle.follow_requests import read_follow_requests
from bot.cycle.ingest import ingest
from bot.cycle.judging import StoredFacts, judge_looking_closer
from bot.cycle.reconcile import maybe_reconcile, reconcile
from bot.cycle.signups import maybe_reconcile_signups, reconcile_signups
from bot.cycle.stop_words import StopWords
from bot.judge import Policy
from bot.logs import event
from bot.ports import Gateway, Identity, MissingScope, RateLimited, Transient, Unauthorized
from bot.store import LAST_POLL_OK_KEY, Store

NOTIFICATION_POLICY_KEYS = (
    ("for_new_accounts", "accounts younger than 30 days"),
    ("for_not_following", "accounts the bot does not follow"),
)


class Cycle:
    """The bot's poll cycle, as the scheduler and the CLI see it."""

    def __init__(
        self,
        config: Config,
        gateway: Gateway,
        store: Store,
        *,
        clock: Callable[[], datetime],
        dry_run: bool = False,
    ) -> None:
        self.ctx = CycleContext(config, gateway, store, clock, dry_run=dry_run)
        self.stop_words = StopWords(config.welcome_dm.stop_words)

    @property
    def dry_run(self) -> bool:
        return self.ctx.dry_run

    def identity(self) -> Identity:
        return self.ctx.identity()

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.ctx.clock

    @property
    def policy(self) -> Policy:
        return self.ctx.policy

    @property
    def stop_requested(self) -> threading.Event:
        return self.ctx.stop_requested

    def request_stop(self) -> None:
        """Finish the current action, then return from the cycle."""
        self.ctx.stop_requested.set()

    def startup_checks(self) -> list[str]:
        """Warnings worth a line at start: a notification policy that hides newcomers."""
        policy = self.ctx.gateway.notification_policy() or {}
        warnings = [
            f"the account's notification policy will {policy[key]} follows from {what}: "
            "newcomers may be missed until the daily reconciliation; set it to "
            "accept in Preferences → Notifications"
            for key, what in NOTIFICATION_POLICY_KEYS
            if policy.get(key) in ("filter", "drop")
        ]
        for warning in warnings:
            event(log, "notification_policy", logging.WARNING, detail=warning)
        limits = limits_of(self.ctx.gateway) if self.ctx.config.greets_followers else []
        limits += signup_limits(self.ctx.gateway, self.ctx.config, self.identity().acct)
        for limit in limits:
            event(log, "server_limit", logging.WARNING, detail=limit)
            warnings.append(limit)
        return warnings

    def run_cycle(self) -> CycleReport:
        ctx, report = self.ctx, CycleReport()
        start_requests = ctx.gateway.requests_made
        try:
            ingest(ctx, report, self.stop_words)
            if ctx.config.greets_followers:
                read_follow_requests(ctx, report)
            if not ctx.dry_run:
                if ctx.config.greets_followers:
                    maybe_reconcile(ctx, report)
                maybe_reconcile_signups(ctx, report)
                act(ctx, report)
                maybe_digest(ctx, report)
        except RateLimited as exc:
            report.stopped = "rate_limited"
            event(log, "rate_limited", logging.WARNING, reset_at=exc.reset_at, detail=str(exc))
        except Transient as exc:
            report.stopped = "server_trouble"
            event(log, "server_trouble", logging.WARNING, kind=exc.kind, detail=str(exc))
        except MissingScope as exc:
            lacking = f"`{exc.scope}`" if exc.scope else "a scope this request needs"
            raise FatalError(
                f"the token from {describe_token_source(ctx.config)} lacks {lacking}: "
                "make a token with the scopes `welcomebot login` asks for"
            ) from exc
        except Unauthorized as exc:
            raise FatalError(
                f"the server rejected the access token ({exc}) from "
                f"{describe_token_source(ctx.config)}: put a valid token there "
                "(`welcomebot login` makes one)"
            ) from exc
        finally:
            report.requests = ctx.gateway.requests_made - start_requests
        if report.stopped is None:
            ctx.store.set_state(LAST_POLL_OK_KEY, ctx.clock().isoformat())
        event(log, "cycle_done", logging.INFO, **report.summary())
        return report

    def reconcile(self, report: CycleReport | None = None) -> dict[str, int]:
        """Compare with the follower list now, and (``greet: signups``) the new local
        accounts; counts of what was found."""
        counts = reconcile(self.ctx, report) if self.ctx.config.greets_followers else {}
        if self.ctx.config.greets_signups:
            found = reconcile_signups(self.ctx, report)
            counts = {**counts, "signups": found["new"]}
        return counts


__all__ = [
    "Cycle",
    "CycleContext",
    "CycleReport",
    "FatalError",
    "StoredFacts",
    "judge_looking_closer",
]
