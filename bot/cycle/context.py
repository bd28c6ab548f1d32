"""What every step of a cycle shares: config, port, store, clock, and the bot's own account."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from bot.config import Config
from bot.config_greet import SIGNUP_SOURCE
from bot.errors import SetupError
from bot.judge import Policy
from bot.logs import event, get_logger
from bot.ports import Gateway, Identity
from bot.signup_book import SignupBook
from bot.store import INSTANCE_KEY, ME_ACCT_KEY, ME_ID_KEY, ME_LOCKED_KEY, ME_NAME_KEY, Store
from bot.welcome import BotIdentity

log = get_logger("cycle")

#: Keep this many requests of the server's budget in reserve for the next cycle.
RATE_RESERVE = 5


class FatalError(SetupError):
    """The bot cannot go on until a person fixes something (a rejected token, the
    database of another account): exit 2, never retried."""


@dataclass
class CycleReport:
    new_followers: int = 0
    new_signups: int = 0  # new accounts on the bot's own server (greet: signups)
    outcomes: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    stopped: str | None = None  # why the cycle ended early, if it did
    over_budget: list[str] = field(default_factory=list)
    requests: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "new_followers": self.new_followers,
            "new_signups": self.new_signups,
            "outcomes": dict(self.outcomes),
            "actions": dict(self.actions),
            "stopped": self.stopped,
            "over_budget": self.over_budget,
            "requests": self.requests,
        }


@dataclass
class CycleContext:
    """The imperative shell's state for one bot: built once, shared by every step."""

    config: Config
    gateway: Gateway
    store: Store
    clock: Callable[[], datetime]
    dry_run: bool = False
    stop_requested: threading.Event = field(default_factory=threading.Event)
    policy: Policy = field(init=False)
    #: the policy sign-ups are judged by (``Policy.for_signups``)
    signup_policy: Policy = field(init=False)
    #: the sign-ups the greeter has seen (``greet: signups``)
    book: SignupBook = field(init=False)
    _identity: Identity | None = field(default=None, init=False)
    #: list titles -> ids as the server had them, read once per process
    list_ids: dict[str, str] | None = field(default=None, init=False)
    #: cached list ids whose title was checked against the server in this process
    lists_checked: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.dry_run = self.dry_run or self.config.dry_run
        self.policy = Policy.from_config(self.config)
        self.signup_policy = self.policy.for_signups(self.config)
        self.book = SignupBook(self.store.engine)

    def policy_for(self, source: str) -> Policy:
        """The policy for a newcomer who came this way (a follow, a request, a sign-up)."""
        return self.signup_policy if source == SIGNUP_SOURCE else self.policy

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
            locked = self.store.get_state(ME_LOCKED_KEY) == "1"
            self._identity = Identity(me_id, me_acct, name, locked)
            return self._identity
        identity, _raw = self.gateway.verify_credentials()
        self.store.set_states(
            {
                ME_ID_KEY: identity.id,
                ME_ACCT_KEY: identity.acct,
                ME_NAME_KEY: identity.display_name,
                ME_LOCKED_KEY: "1" if identity.locked else "0",
                INSTANCE_KEY: self.config.instance.url,
            }
        )
        self._identity = identity
        return identity

    def bot_identity(self) -> BotIdentity:
        me = self.identity()
        host = urlsplit(self.config.instance.url).hostname or "this server"
        return BotIdentity(
            acct=me.acct,
            display_name=me.display_name or me.acct,
            instance=host,
            rules_url=self.config.rules_url(),
        )

    def rate_left(self, report: CycleReport) -> bool:
        """False when the server's request budget is nearly spent: stop until it resets."""
        remaining = self.gateway.ratelimit_remaining()
        limit = self.gateway.ratelimit_limit() or 300
        if remaining is not None and remaining <= min(RATE_RESERVE, limit // 20):
            if report.stopped is None:
                report.stopped = "rate_budget"
                event(log, "rate_budget_spent", logging.WARNING, remaining=remaining)
            return False
        return True

    def should_stop(self, report: CycleReport) -> bool:
        """Asked to stop (SIGTERM), or the request budget is spent."""
        return self.stop_requested.is_set() or not self.rate_left(report)
