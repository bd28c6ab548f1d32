"""The owner's decisions: approve or reject a follower, keep the do-not-contact list.

These use the store and the planner only; nothing here talks to the server.
What an approval plans is done by the next cycle, which re-checks consent first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from bot import planning
from bot.config import Config
from bot.config_greet import SIGNUP_SOURCE
from bot.judge import RULES_VERSION, Category, RuleId
from bot.model import (
    Decision,
    FollowEvent,
    Outcome,
    Reason,
    StatusSnapshot,
    account_from_json,
    status_from_json,
)
from bot.outbox import Judgement, PlannedAction
from bot.signup_book import SignupBook
from bot.store import ME_ACCT_KEY, ME_ID_KEY, ME_NAME_KEY, Store, StoredFollower
from bot.welcome import BotIdentity

#: Categories the owner cannot approve: the person asked bots to stay away, or blocked us.
CONSENT_CATEGORIES = frozenset({Category.OPTED_OUT, Category.DO_NOT_CONTACT, Category.BLOCKED})
#: Categories the owner can approve only with ``--force``: the account says it is no person.
FORCE_CATEGORIES = frozenset({Category.BOT, Category.GROUP})


class OwnerRefusal(Exception):
    """The owner asked for something consent does not allow (or that needs --force)."""


@dataclass(frozen=True, slots=True)
class OwnerDecision:
    acct: str
    decision: Decision
    planned: list[PlannedAction] = field(default_factory=list)


def handle_forms(acct: str, instance_url: str) -> list[str]:
    """Every spelling of a handle that may be stored: ``@user``, ``user``,
    ``@user@your.server`` and ``user@your.server`` name the same local follower
    (GoToSocial and Mastodon store local handles bare, snac and Takahē with the host,
    and snac off port 443 with ``host:port``)."""
    text = acct.strip().lstrip("@").lower()
    user, _, host = text.partition("@")
    own = urlsplit(instance_url)
    own_hosts = {own.hostname or "", own.netloc.lower()}
    forms = [text]
    if host and host in own_hosts:
        forms.append(user)
    elif not host:
        forms.extend(f"{user}@{h}" for h in sorted(own_hosts) if h)
    return list(dict.fromkeys(forms))


def find_follower(store: Store, config: Config, acct: str) -> StoredFollower | None:
    return store.follower_by_acct(handle_forms(acct, config.instance.url))


def _plan_approval(
    store: Store,
    planner: planning.Planner,
    follower: StoredFollower,
    decision: Decision,
    statuses: list[StatusSnapshot] | None,
    now: datetime,
) -> list[PlannedAction]:
    """What the owner's approval plans: a sign-up is greeted as a sign-up, in its locale."""
    account = account_from_json(follower.account_json)
    if follower.source != SIGNUP_SOURCE:
        return planner.plan(
            decision, account, None, now=now, source="follow", statuses=statuses, delay=False
        )
    locale = SignupBook(store.engine).locales([follower.account_id]).get(follower.account_id)
    return planner.plan_signup(
        decision, account, None, now=now, statuses=statuses, locale=locale, delay=False
    )


def _bot_identity(store: Store, config: Config) -> tuple[str, BotIdentity]:
    me_id = store.get_state(ME_ID_KEY) or ""
    me_acct = store.get_state(ME_ACCT_KEY) or ""
    name = store.get_state(ME_NAME_KEY) or me_acct
    host = urlsplit(config.instance.url).hostname or "this server"
    return me_id, BotIdentity(
        acct=me_acct, display_name=name, instance=host, rules_url=config.rules_url()
    )


def _check_consent(store: Store, follower: StoredFollower, *, force: bool) -> None:
    category = str(follower.decision.get("category", ""))
    if store.do_not_contact([follower.account_id]):
        raise OwnerRefusal(
            f"{follower.acct} is on the do-not-contact list; remove them from it first "
            "(welcomebot do-not-contact remove) if they asked to be contacted"
        )
    if category in CONSENT_CATEGORIES:
        raise OwnerRefusal(f"{follower.acct} asked bots to leave them alone ({category})")
    account = follower.account_json
    flagged = category in FORCE_CATEGORIES or account.get("bot") or account.get("group")
    if flagged and not force:
        raise OwnerRefusal(
            f"{follower.acct} is flagged as a bot or a group; approve with --force if you are sure"
        )


def decide_by_hand(
    store: Store, config: Config, acct: str, *, approve: bool, now: datetime, force: bool = False
) -> OwnerDecision:
    """The owner approves or rejects a follower (``welcomebot review``).

    An approval plans the follow and the welcome for the next cycle, due now;
    it is refused for anyone who opted out or is on the do-not-contact list, and
    for bots and groups unless ``force``.
    """
    follower = find_follower(store, config, acct)
    if follower is None:
        raise OwnerRefusal(f"no follower {acct} in the database")
    account = account_from_json(follower.account_json)
    if approve:
        _check_consent(store, follower, force=force)
        reason = Reason(RuleId.OWNER_APPROVED, "approved by the owner")
        decision = Decision(Outcome.FOLLOW, Category.APPROVED, (reason,), RULES_VERSION)
    else:
        reason = Reason(RuleId.OWNER_REJECTED, "rejected by the owner")
        decision = Decision(Outcome.SKIP, Category.REJECTED, (reason,), RULES_VERSION)
    planned: list[PlannedAction] = []
    if approve:
        statuses = None
        if follower.statuses_json is not None:
            statuses = [s for s in map(status_from_json, follower.statuses_json) if s]
        me_id, bot = _bot_identity(store, config)
        planner = planning.Planner(config, bot, me_id)
        planned = _plan_approval(store, planner, follower, decision, statuses, now)
    # A sign-up stays a sign-up (its template, its follow-back setting); others are follows.
    source = SIGNUP_SOURCE if follower.source == SIGNUP_SOURCE else "follow"
    ev = FollowEvent(
        notification_id="", type=source, account=account, account_json=follower.account_json
    )
    store.record_batch(
        [Judgement(ev, decision, planned)], now=now, trigger="owner", dry_run=False, cursor=None
    )
    return OwnerDecision(follower.acct, decision, planned)
