"""How evidence becomes an outcome, and ``judge()`` itself.

In order:

1. a *hard veto* (consent, automation flags, account state, blocks, the deny
   list) → ``skip``; nothing overrides these, not even the allow list;
2. the allow list → ``follow``, unless consent is unclear (below);
3. a *soft veto* (company, spam, automated posting, limited by moderators) →
   ``skip``;
4. unclear consent (a profile that speaks of bots, neither refusing nor plainly
   welcoming them) → ``review``: never followed automatically, not even for
   talking to the bot or being on the allow list;
5. conversation with the bot → ``follow`` (people who talk back are worth it);
6. a *hold* (an egg that may hatch) → ``hold``;
7. a *review* signal (mixed or missing evidence) → ``review``;
8. a newcomer → ``follow``; an established human → ``skip``, or ``follow``
   with ``follow_back.who: humans``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.judge.evidence import Effect, Evidence, Subject
from bot.judge.ids import Category
from bot.judge.policy import Policy
from bot.judge.rules import RULES
from bot.judge.rules.automation import automation_hint
from bot.model import AccountSnapshot, Decision, Outcome, Reason, Relationship, StatusSnapshot

#: Bumped whenever a rule changes meaning; stored with every decision.
RULES_VERSION = "4"

_PRECEDENCE: tuple[tuple[Effect, Outcome], ...] = (
    (Effect.HARD_VETO, Outcome.SKIP),
    (Effect.ALLOW, Outcome.FOLLOW),
    (Effect.SOFT_VETO, Outcome.SKIP),
    (Effect.ASK_FIRST, Outcome.REVIEW),
    (Effect.CONVERSATION, Outcome.FOLLOW),
    (Effect.HOLD, Outcome.HOLD),
    (Effect.REVIEW, Outcome.REVIEW),
    (Effect.NEWCOMER, Outcome.FOLLOW),
)


def combine(evidence: Sequence[Evidence], policy: Policy) -> tuple[Outcome, Category]:
    """The outcome of the strongest evidence, and the category of the first of its kind."""
    unclear_consent = any(e.effect is Effect.ASK_FIRST for e in evidence)
    for effect, outcome in _PRECEDENCE:
        if effect is Effect.ALLOW and unclear_consent:
            continue
        found = next(
            (e.category for e in evidence if e.effect is effect and e.category is not None), None
        )
        if found is not None:
            return outcome, found
    if any(e.effect is Effect.ESTABLISHED for e in evidence):
        follow = policy.follow_established
        return (Outcome.FOLLOW if follow else Outcome.SKIP), Category.ESTABLISHED_HUMAN
    return Outcome.REVIEW, Category.UNKNOWN


def judge(  # noqa: PLR0913 - the judge's inputs, each named at every call site
    account: AccountSnapshot,
    statuses: Sequence[StatusSnapshot] | None,
    relationship: Relationship | None,
    policy: Policy,
    now: datetime,
    *,
    talked_with_bot: bool = False,
    do_not_contact: bool = False,
) -> Decision:
    """Decide what to do about one follower, with every reason that fired.

    Statuses are optional. When a rule would look at recent posts but was given
    none, the decision says so (``needs_statuses``) and the caller may fetch them
    and judge again; an empty list from a remote server means "unknown".
    """
    subject = Subject(
        account=account,
        statuses=tuple(statuses) if statuses is not None else None,
        relationship=relationship,
        policy=policy,
        now=now,
        talked_with_bot=talked_with_bot,
        do_not_contact=do_not_contact,
    )
    evidence = [e for rule in RULES if (e := rule(subject)) is not None]
    outcome, category = combine(evidence, policy)
    reasons = tuple(Reason(e.rule, e.detail) for e in evidence)
    needs_statuses = (
        statuses is None
        and outcome in (Outcome.FOLLOW, Outcome.REVIEW)
        and not any(
            e.effect in (Effect.HARD_VETO, Effect.SOFT_VETO, Effect.ASK_FIRST) for e in evidence
        )
        and automation_hint(subject)
    )
    return Decision(outcome, category, reasons, RULES_VERSION, needs_statuses=needs_statuses)
