"""The part of the config that judging depends on, compiled once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.judge.vocabulary import automation, groups, organisation, people, spam
from bot.text import PhraseSet

if TYPE_CHECKING:  # bot.config imports the judge's vocabulary for its defaults
    from bot.config import Config


@dataclass(frozen=True, slots=True)
class Policy:
    """The part of the config that judging depends on, compiled once."""

    opt_out_tags: frozenset[str]
    opt_out_phrases: PhraseSet
    newcomer_max_age: timedelta
    newcomer_max_followers: int
    follow_established: bool
    local_domain: str
    identity: PhraseSet
    organisation: PhraseSet
    organisation_nouns: PhraseSet
    organisation_fields: PhraseSet
    organisation_activity: PhraseSet
    person_roles: PhraseSet
    family: PhraseSet
    group_phrases: PhraseSet
    automation_self: PhraseSet
    commerce: PhraseSet
    person: PhraseSet
    follow_bait: PhraseSet
    bait: PhraseSet
    automation_apps: PhraseSet
    automated_text: PhraseSet
    follow_farm_min_following: int
    automation_min_statuses: int
    automation_share: float
    allow_accounts: frozenset[str]
    allow_domains: tuple[str, ...]
    deny_accounts: frozenset[str]
    deny_domains: tuple[str, ...]
    #: a default avatar holds the decision (an egg may hatch); for a new sign-up on
    #: the bot's own server it is only noted, unless ``signups.wait_for_avatar``
    eggs_wait: bool = True

    @classmethod
    def from_config(cls, config: Config) -> Policy:
        r = config.rules
        return cls(
            opt_out_tags=config.opt_out.all_tags,
            opt_out_phrases=PhraseSet(config.opt_out.phrases),
            newcomer_max_age=config.newcomer.max_account_age,
            newcomer_max_followers=config.newcomer.max_followers,
            follow_established=config.follow_back.who == "humans",
            local_domain=(urlsplit(config.instance.url).hostname or "").lower(),
            identity=PhraseSet(organisation.IDENTITY_PHRASES),
            organisation_nouns=PhraseSet(organisation.ORGANISATION_NOUNS),
            organisation_fields=PhraseSet(organisation.ORGANISATION_FIELDS),
            organisation_activity=PhraseSet(organisation.ORGANISATION_ACTIVITY),
            person_roles=PhraseSet(people.PERSON_ROLES),
            family=PhraseSet(people.FAMILY_PHRASES),
            group_phrases=PhraseSet(groups.GROUP_PHRASES),
            automation_self=PhraseSet(automation.AUTOMATION_SELF_DESCRIPTION),
            organisation=PhraseSet(
                (*organisation.ORGANISATION_PHRASES, *r.organisation_phrases_extra)
            ),
            commerce=PhraseSet(organisation.COMMERCE_PHRASES),
            person=PhraseSet((*people.PERSON_PHRASES, *r.person_phrases_extra)),
            follow_bait=PhraseSet(spam.FOLLOW_BAIT_PHRASES),
            bait=PhraseSet((*spam.BAIT_PHRASES, *r.spam_phrases_extra)),
            automation_apps=PhraseSet((*automation.AUTOMATION_APPS, *r.automation_apps_extra)),
            automated_text=PhraseSet(automation.AUTOMATED_TEXT_PHRASES),
            follow_farm_min_following=r.follow_farm_min_following,
            automation_min_statuses=r.automation_min_statuses,
            automation_share=r.automation_share,
            allow_accounts=frozenset(config.allow.accounts),
            allow_domains=config.allow.domains,
            deny_accounts=frozenset(config.deny.accounts),
            deny_domains=config.deny.domains,
        )

    def for_signups(self, config: Config) -> Policy:
        """The policy a sign-up is judged by: the same, but a brand-new account without
        a picture of its own yet is greeted (``signups.wait_for_avatar`` to hold it)."""
        return dataclasses.replace(self, eggs_wait=config.signups.wait_for_avatar)
