"""From a decision to the actions it implies: pure functions, no I/O.

A ``follow`` decision becomes, in order: authorize the follow request (when the
bot's account is locked), follow back, the welcome DM, and list memberships.
A ``hold`` becomes a re-check later. Each action is an intent with a due time;
the store keeps at most one of each kind per follower.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config import Config, ListRuleConfig
from bot.config_greet import SIGNUP_SOURCE, locale_language
from bot.judge.ids import RuleId
from bot.judge.vocabulary.places import PLACE_FIELD_NAMES
from bot.model import AccountSnapshot, Decision, Outcome, Relationship, StatusSnapshot
from bot.outbox import Kind, PlannedAction, idempotency_key
from bot.text import PhraseSet
from bot.welcome import BotIdentity, Unaddressable, render_welcome

#: Field names that hold a place.
PLACE_FIELDS = PhraseSet(PLACE_FIELD_NAMES)


def post_language(statuses: Sequence[StatusSnapshot] | None) -> str | None:
    """The language most of someone's own recent posts are in, if any say."""
    if not statuses:
        return None
    langs = Counter(
        (st.language or "").split("-")[0] for st in statuses if st.language and not st.is_reblog
    )
    langs.pop("", None)
    if not langs:
        return None
    (lang, count), *_ = langs.most_common(1)
    return lang if count * 2 >= sum(langs.values()) else None


def choose_template(config: Config, language: str | None) -> tuple[str, str | None]:
    """The template for this language if there is one, else the default; and its language."""
    dm = config.welcome_dm
    if language and language in dm.templates:
        return dm.templates[language], language
    return dm.template, dm.language


def choose_signup_template(config: Config, language: str | None) -> tuple[str, str | None]:
    """The sign-up welcome for this language if there is one, else ``signups.template``."""
    signups = config.signups
    if language and language in signups.templates:
        return signups.templates[language], language
    return signups.template, signups.language


@dataclass(frozen=True, slots=True)
class _Origin:
    """How a newcomer came, as far as planning cares: the source, whether the bot follows
    such newcomers back, and the language to greet them in."""

    source: str
    follows_back: bool
    language: str | None

    @property
    def is_signup(self) -> bool:
        return self.source == SIGNUP_SOURCE


@dataclass(frozen=True, slots=True)
class ListMatch:
    title: str
    why: str


def matching_lists(
    rules: Sequence[ListRuleConfig],
    account: AccountSnapshot,
    language: str | None,
    local_domain: str,
) -> list[ListMatch]:
    """Which configured lists an account belongs in, and why."""
    out = []
    bio = account.profile_text
    places = "\n".join(f.value for f in account.fields if PLACE_FIELDS.find(f.name))
    domain = account.domain or local_domain
    for rule in rules:
        why = None
        topics = PhraseSet(rule.topics).find(bio) if rule.topics else []
        if topics:
            why = f"topic {topics[0]}"
        if why is None and rule.places:
            found = PhraseSet(rule.places).find(places) or PhraseSet(rule.places).find(bio)
            if found:
                why = f"place {found[0]}"
        if why is None and any(domain == d or domain.endswith("." + d) for d in rule.domains):
            why = f"server {domain}"
        if why is None and language and language in rule.languages:
            why = f"writes in {language}"
        if why:
            out.append(ListMatch(rule.title, why))
    return out


def has_default_avatar(decision: Decision) -> bool:
    """The decision noted the server's default picture (a sign-up greeted as an egg)."""
    return any(r.rule == RuleId.DEFAULT_AVATAR for r in decision.reasons)


@dataclass(frozen=True, slots=True)
class Planner:
    """Turns decisions into intents for one bot: its config, its account, its id."""

    config: Config
    bot: BotIdentity
    me_id: str

    def plan(
        self,
        decision: Decision,
        account: AccountSnapshot,
        relationship: Relationship | None,
        *,
        now: datetime,
        source: str,
        statuses: Sequence[StatusSnapshot] | None = None,
        recheck_number: int = 0,
        delay: bool = True,
    ) -> list[PlannedAction]:
        """The intents a decision implies. ``delay=False`` acts now (re-checks, approvals);
        ``source`` is how the follower came (``follow_request`` for a locked bot)."""
        if source == SIGNUP_SOURCE:
            return self.plan_signup(
                decision,
                account,
                relationship,
                now=now,
                statuses=statuses,
                recheck_number=recheck_number,
                delay=delay,
            )
        origin = _Origin(source, self.config.follow_back.enabled, post_language(statuses))
        return self._plan(decision, account, relationship, now, origin, recheck_number, delay)

    def plan_signup(
        self,
        decision: Decision,
        account: AccountSnapshot,
        relationship: Relationship | None,
        *,
        now: datetime,
        statuses: Sequence[StatusSnapshot] | None = None,
        locale: str | None = None,
        recheck_number: int = 0,
        delay: bool = True,
    ) -> list[PlannedAction]:
        """As ``plan``, for a sign-up on the bot's own server: followed back only with
        ``signups.follow_back``, greeted with the sign-up templates, in the language of
        its posts or, with none yet, of the ``locale`` it chose when signing up."""
        language = post_language(statuses) or locale_language(locale)
        # greeted without a picture of its own, but not followed: eggs are not followed
        follows = self.config.signups.follow_back and not has_default_avatar(decision)
        origin = _Origin(SIGNUP_SOURCE, follows, language)
        return self._plan(decision, account, relationship, now, origin, recheck_number, delay)

    def _plan(  # noqa: PLR0913 - the two entry points' arguments, passed on
        self,
        decision: Decision,
        account: AccountSnapshot,
        relationship: Relationship | None,
        now: datetime,
        origin: _Origin,
        recheck_number: int,
        delay: bool,
    ) -> list[PlannedAction]:
        config = self.config
        is_request = origin.source == "follow_request"
        if decision.outcome is Outcome.FOLLOW:
            due = now + config.follow_back.delay if delay else now
            authorize = is_request and config.follow_requests.on_follow == "authorize"
            planned = [PlannedAction(Kind.AUTHORIZE, now)] if authorize else []
            return planned + self._follow_back(account, relationship, due, origin)
        if decision.outcome is Outcome.HOLD and recheck_number < config.egg.max_rechecks:
            again = now + config.egg.recheck_after
            return [PlannedAction(Kind.RECHECK, again, target=str(recheck_number + 1))]
        if decision.outcome is Outcome.SKIP and is_request:
            return (
                [PlannedAction(Kind.REJECT, now)]
                if config.follow_requests.on_skip == "reject"
                else []
            )
        return []

    def _follow_back(
        self,
        account: AccountSnapshot,
        relationship: Relationship | None,
        due: datetime,
        origin: _Origin,
    ) -> list[PlannedAction]:
        planned: list[PlannedAction] = []
        already = relationship is not None and (relationship.following or relationship.requested)
        if origin.follows_back and not already:
            planned.append(PlannedAction(Kind.FOLLOW, due))
        welcome = self._welcome(account, due, origin)
        if welcome is not None:
            planned.append(welcome)
        language = origin.language
        for match in matching_lists(self.config.lists, account, language, self.bot.instance):
            planned.append(PlannedAction(Kind.LIST_ADD, due, target=match.title, payload=match.why))
        return planned

    def _welcome(
        self, account: AccountSnapshot, due: datetime, origin: _Origin
    ) -> PlannedAction | None:
        if not self.config.welcome_dm.enabled:
            return None
        choose = choose_signup_template if origin.is_signup else choose_template
        template, dm_language = choose(self.config, origin.language)
        try:
            text = render_welcome(template, account, self.bot)
        except Unaddressable:
            return None  # the handle cannot be written as a safe mention: no DM
        key = idempotency_key(self.me_id, account.id, Kind.WELCOME_DM)
        return PlannedAction(
            Kind.WELCOME_DM, due, idempotency_key=key, payload=text, language=dm_language
        )
