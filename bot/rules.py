"""Judging a follower: small pure rules, combined into one explainable decision.

``judge(account, statuses, relationship, policy, now, talked_with_bot=False)``
is a pure function. Each rule looks at one thing and returns ``Evidence`` (a
stable rule id, an effect, a category and a plain-language detail) or
``None``. The ids are stored with every decision, shown by ``welcomebot
explain`` and meant to be grepped for.

How evidence becomes an outcome, in order:

1. a *hard veto* (consent, automation flags, account state, blocks, the deny
   list) → ``skip``; nothing overrides these, not even the allow list;
2. the allow list → ``follow``;
3. a *soft veto* (company, spam, automated posting, limited by moderators) →
   ``skip``;
4. conversation with the bot → ``follow`` (people who talk back are worth it);
5. a *hold* (an egg that may hatch) → ``hold``;
6. a *review* signal (mixed or missing evidence) → ``review``;
7. a newcomer → ``follow``; an established human → ``skip``, or ``follow``
   with ``follow_back.who: humans``.

Statuses are optional. When a rule would look at recent posts but was given
none, the decision says so (``needs_statuses``) and the caller may fetch them
and judge again; an empty list from a remote server means "unknown".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from urllib.parse import urlsplit

from bot import phrases
from bot.config import Config
from bot.model import (
    AccountSnapshot,
    Decision,
    Outcome,
    Reason,
    Relationship,
    StatusSnapshot,
)
from bot.phrases import PhraseSet
from bot.text import fold, hashtags, html_to_text, strip_invisible

#: Bumped whenever a rule changes meaning; stored with every decision.
RULES_VERSION = "3"


class Effect(Enum):
    HARD_VETO = "hard_veto"
    ALLOW = "allow"
    SOFT_VETO = "soft_veto"
    CONVERSATION = "conversation"
    HOLD = "hold"
    REVIEW = "review"
    NEWCOMER = "newcomer"
    ESTABLISHED = "established"
    NOTE = "note"  # context only; never decides


@dataclass(frozen=True, slots=True)
class Evidence:
    rule: str
    effect: Effect
    category: str
    detail: str


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
            identity=PhraseSet(phrases.IDENTITY_PHRASES),
            organisation_nouns=PhraseSet(phrases.ORGANISATION_NOUNS),
            organisation_fields=PhraseSet(phrases.ORGANISATION_FIELDS),
            organisation_activity=PhraseSet(phrases.ORGANISATION_ACTIVITY),
            person_roles=PhraseSet(phrases.PERSON_ROLES),
            family=PhraseSet(phrases.FAMILY_PHRASES),
            group_phrases=PhraseSet(phrases.GROUP_PHRASES),
            automation_self=PhraseSet(phrases.AUTOMATION_SELF_DESCRIPTION),
            organisation=PhraseSet((*phrases.ORGANISATION_PHRASES, *r.organisation_phrases_extra)),
            commerce=PhraseSet(phrases.COMMERCE_PHRASES),
            person=PhraseSet((*phrases.PERSON_PHRASES, *r.person_phrases_extra)),
            follow_bait=PhraseSet(phrases.FOLLOW_BAIT_PHRASES),
            bait=PhraseSet((*phrases.BAIT_PHRASES, *r.spam_phrases_extra)),
            automation_apps=PhraseSet((*phrases.AUTOMATION_APPS, *r.automation_apps_extra)),
            automated_text=PhraseSet(phrases.AUTOMATED_TEXT_PHRASES),
            follow_farm_min_following=r.follow_farm_min_following,
            automation_min_statuses=r.automation_min_statuses,
            automation_share=r.automation_share,
            allow_accounts=frozenset(config.allow.accounts),
            allow_domains=config.allow.domains,
            deny_accounts=frozenset(config.deny.accounts),
            deny_domains=config.deny.domains,
        )


@dataclass(frozen=True, slots=True)
class Subject:
    """Everything a rule may look at."""

    account: AccountSnapshot
    statuses: tuple[StatusSnapshot, ...] | None
    relationship: Relationship | None
    policy: Policy
    now: datetime
    talked_with_bot: bool
    do_not_contact: bool = False

    @property
    def age_days(self) -> int | None:
        created = self.account.created_at
        return (self.now.date() - created.date()).days if created else None

    @property
    def is_new(self) -> bool:
        age = self.age_days
        return age is not None and age <= self.policy.newcomer_max_age.total_seconds() / 86400

    @property
    def domain(self) -> str:
        return self.account.domain or self.policy.local_domain

    @property
    def acct(self) -> str:
        a = self.account.acct.lower()
        return a if "@" in a else f"{a}@{self.policy.local_domain}"


Rule = Callable[[Subject], Evidence | None]


def _quote(items: Sequence[str], limit: int = 3) -> str:
    shown = [f"“{strip_invisible(i)[:40]}”" for i in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(shown) + more


def _domain_in(domain: str, domains: Sequence[str]) -> str | None:
    return next((d for d in domains if domain == d or domain.endswith("." + d)), None)


# --------------------------------------------------------------------------- consent


# "#NoBotsPlease", "#nobot_thanks": an opt-out tag with a polite ending is still one.
_TAG_ENDINGS = ("", "please", "pls", "plz", "thanks", "thankyou", "thx", "allowed", "here")


def _opted_out_tags(tags: set[str], opt_out: frozenset[str]) -> list[str]:
    found = []
    for tag in tags:
        bare = tag.replace("_", "")
        if tag in opt_out or any(
            bare == base.replace("_", "") + ending for base in opt_out for ending in _TAG_ENDINGS
        ):
            found.append(tag)
    return sorted(found)


_BOT_FIELD = re.compile(r"^\W*(bots?|robots?|automation|follow\s?bots?|auto\s?follow)\W*$", re.I)
_NO = re.compile(
    r"^\W*(no|nope|no thanks|no thank you|not welcome|please don't|please no|nein|non|nee|nej|"
    r"nie|ne|não|nao|no gracias|non merci|nein danke|verboten|forbidden|❌|🚫|⛔)\b",
    re.I,
)


def _bots_field_says_no(name: str, value: str) -> bool:
    """A profile field like "Bots: no thanks"."""
    return bool(_BOT_FIELD.match(name[:60])) and bool(_NO.match(value[:60] + " "))


def opt_out_tag(s: Subject) -> Evidence | None:
    """#nobot and friends, or "no bots please", in the bio, the fields or the name."""
    # Display names are plain text, but read them as HTML too: when in doubt, respect it.
    text = strip_invisible(
        "\n".join((html_to_text(s.account.display_name), s.account.profile_text))
    )
    found = _opted_out_tags(hashtags(text), s.policy.opt_out_tags)
    if found:
        tags = ", ".join("#" + t for t in found)
        detail = f"the profile asks bots to stay away ({tags})"
        return Evidence("opt_out_tag", Effect.HARD_VETO, "opted_out", detail)
    for f in s.account.fields:
        if _bots_field_says_no(f.name, f.value):
            detail = f"the profile field “{strip_invisible(f.name)[:30]}” says no to bots"
            return Evidence("opt_out_field", Effect.HARD_VETO, "opted_out", detail)
    said = s.policy.opt_out_phrases.find(text)
    if said:
        detail = f"the profile asks bots to stay away ({_quote(said)})"
        return Evidence("opt_out_phrase", Effect.HARD_VETO, "opted_out", detail)
    sentence = phrases.opt_out_sentence(text)
    if sentence:
        detail = f"the profile asks bots not to follow ({_quote([sentence])})"
        return Evidence("opt_out_phrase", Effect.HARD_VETO, "opted_out", detail)
    return None


def do_not_contact(s: Subject) -> Evidence | None:
    """The permanent do-not-contact list: opt-outs, blocks, stop words, the owner's entries."""
    if s.do_not_contact:
        detail = "the account is on the do-not-contact list"
        return Evidence("do_not_contact", Effect.HARD_VETO, "do_not_contact", detail)
    return None


def _listed(s: Subject, accounts: frozenset[str], domains: Sequence[str]) -> str | None:
    """What puts the account on an owner's list: its handle, or its domain."""
    if s.acct in accounts:
        return s.acct
    domain = _domain_in(s.domain, domains)
    return f"the domain {domain}" if domain else None


def deny_list(s: Subject) -> Evidence | None:
    who = _listed(s, s.policy.deny_accounts, s.policy.deny_domains)
    if who:
        return Evidence("deny_list", Effect.HARD_VETO, "denied", f"{who} is on the deny list")
    return None


# --------------------------------------------------------------------------- automation flags


def bot_flag(s: Subject) -> Evidence | None:
    if s.account.bot:
        return Evidence("bot_flag", Effect.HARD_VETO, "bot", "the account is flagged as a bot")
    return None


# Friendica, Lemmy and kbin address groups as !name@server.
_GROUP_HANDLE = re.compile(r"(?<![\w!])![\w.-]{1,60}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


def group_flag(s: Subject) -> Evidence | None:
    if s.account.group:
        detail = "the account is a group, not a person"
        return Evidence("group_flag", Effect.HARD_VETO, "group", detail)
    if _domain_in(s.domain, phrases.GROUP_DOMAINS):
        detail = f"the account lives on {s.domain}, a server of groups"
        return Evidence("group_flag", Effect.HARD_VETO, "group", detail)
    said = s.policy.group_phrases.find(f"{s.account.display_name}\n{s.account.profile_text}")
    if not said and _GROUP_HANDLE.search(s.account.note):
        said = ["a !group@server handle"]
    if said:
        detail = f"the profile says it is a group ({_quote(said)})"
        return Evidence("group_profile", Effect.HARD_VETO, "group", detail)
    return None


# --------------------------------------------------------------------------- account state


def suspended(s: Subject) -> Evidence | None:
    if s.account.suspended:
        return Evidence("suspended", Effect.HARD_VETO, "unavailable", "the account is suspended")
    return None


def moved(s: Subject) -> Evidence | None:
    if s.account.moved_to:
        target = strip_invisible(s.account.moved_to)[:100]
        detail = f"the account has moved to {target}"
        return Evidence("moved", Effect.HARD_VETO, "moved", detail)
    return None


def memorial(s: Subject) -> Evidence | None:
    if s.account.memorial:
        return Evidence("memorial", Effect.HARD_VETO, "unavailable", "the account is a memorial")
    return None


def limited(s: Subject) -> Evidence | None:
    if s.account.limited:
        detail = "the server's moderators have limited this account"
        return Evidence("limited", Effect.SOFT_VETO, "limited", detail)
    return None


# --------------------------------------------------------------------------- relationship


def blocked(s: Subject) -> Evidence | None:
    rel = s.relationship
    if rel is None:
        return None
    if rel.blocked_by or rel.blocking:
        who = "the account blocks the bot" if rel.blocked_by else "the bot blocks the account"
        return Evidence("blocked", Effect.HARD_VETO, "blocked", who)
    if rel.domain_blocking:
        detail = "the bot blocks the account's domain"
        return Evidence("blocked", Effect.HARD_VETO, "blocked", detail)
    return None


def no_longer_follows(s: Subject) -> Evidence | None:
    rel = s.relationship
    if rel is not None and rel.followed_by is False and not rel.following:
        detail = "the account no longer follows the bot"
        return Evidence("no_longer_follows", Effect.HARD_VETO, "left", detail)
    return None


# --------------------------------------------------------------------------- allow list


def allow_list(s: Subject) -> Evidence | None:
    who = _listed(s, s.policy.allow_accounts, s.policy.allow_domains)
    if who:
        return Evidence("allow_list", Effect.ALLOW, "allowed", f"{who} is on the allow list")
    return None


# --------------------------------------------------------------------------- organisations

_SUFFIXES = frozenset(phrases.COMPANY_SUFFIXES)
# Words that introduce someone's employer: "engineer at Initech Corp", "bei Acme GmbH".
_EMPLOYER_WORDS = frozenset(
    {
        "at",
        "for",
        "with",
        "@",
        "bei",
        "für",
        "chez",
        "pour",
        "en",
        "em",
        "na",
        "presso",
        "per",
        "bij",
        "voor",
        "på",
        "w",
        "ex",
        "formerly",
        "previously",
        "former",
        "ehemals",
    }
)
_TOKEN = re.compile(r"[\w.&/'’-]+|@")


def _suffix_identity(name: str) -> str | None:
    """A legal-form suffix that ends the display name: "Acme GmbH", "Globex Inc."."""
    tokens: list[str] = _TOKEN.findall(fold(strip_invisible(name))[:200])
    if len(tokens) < 2:
        return None
    last = tokens[-1].rstrip(",")
    two = f"{tokens[-2]} {last}"
    for candidate in (two, last):
        if candidate in _SUFFIXES and not (len(tokens) > 2 and tokens[-3] in _EMPLOYER_WORDS):
            return candidate
    return None


def _suffix_in_bio(text: str) -> str | None:
    """A legal-form suffix in the bio that is not someone's employer ("engineer at X Ltd")."""
    tokens: list[str] = _TOKEN.findall(fold(text)[:3000])
    for i, token in enumerate(tokens):
        word = token.rstrip(",;:")
        if word in _SUFFIXES and i > 0 and len(word) > 2:
            window = tokens[max(0, i - 5) : i]
            if not any(w in _EMPLOYER_WORDS for w in window):
                return word
    return None


_SELF_INTRO = (
    "we're {n}",
    "we are {n}",
    "{n} is a",
    "{n} is an",
    "{n} is the",
    "{n} helps",
    "{n} makes",
    "{n} offers",
    "wir sind {n}",
    "{n} ist ein",
    "{n} ist die",
    "{n} ist der",
    "nous sommes {n}",
    "{n} est un",
    "{n} est une",
    "{n} est le",
    "{n} est la",
    "somos {n}",
    "{n} es un",
    "{n} es una",
    "{n} è un",
    "{n} è una",
    "{n} é um",
    "{n} é uma",
    "wij zijn {n}",
    "{n} is een",
)


def _self_introduction(name: str, texts: Sequence[str]) -> str | None:
    """The display name used as the subject of a sales pitch: "We're Taskly", "Acme is the"."""
    words = re.findall(r"\w[\w.&'-]*", fold(strip_invisible(name)))
    if not 1 <= len(words) <= 3 or len("".join(words)) < 3:
        return None
    n = " ".join(words)
    for text in texts:
        folded = " ".join(fold(text).split())
        for pattern in _SELF_INTRO:
            phrase = pattern.format(n=n)
            if phrase in folded:
                return phrase
    return None


def organisation(s: Subject) -> Evidence | None:
    """The account speaks as an organisation rather than a person.

    Signs are weighed, not matched one by one: naming itself an organisation
    ("official account", "Acme GmbH", "We're Taskly") weighs two; speaking as
    "we" with no "I" anywhere, an organisation's kind as its name or in its bio
    ("Librería …", "a podcast about"), shop, hiring, donation or opening-hours
    talk, and organisation-style profile fields weigh one each. Two make a
    company; a person's voice ("I", a role such as "teacher", pronouns, family)
    turns three or more into a question for the owner, and fewer into nothing.
    """
    a, p = s.account, s.policy
    bio = a.profile_text
    name = strip_invisible(a.display_name)
    both = f"{name}\n{bio}"
    posts = [st.text for st in (s.statuses or ())[:10]]
    strong: list[str] = list(p.identity.find(both))
    suffix = _suffix_identity(name)
    if suffix:
        strong.append(f"name ends in {suffix}")
    intro = _self_introduction(name, [bio, *posts])
    if intro:
        strong.append(intro)
    signs: list[str] = []
    signs += p.organisation.find(both)[:2]
    signs += p.commerce.find(bio)[:2]
    signs += p.organisation_activity.find(f"{bio}\n{chr(10).join(posts)}")[:2]
    singular, plural = phrases.grammatical_person(bio)
    post_singular, post_plural = phrases.grammatical_person("\n".join(posts))
    if plural and not singular and not post_singular:
        signs.append("speaks as “we”")
    elif posts and post_plural >= 2 and not post_singular and not singular:
        signs.append("posts as “we”")
    kinds_in_name = p.organisation_nouns.find(name)
    if kinds_in_name:
        signs.append(f"“{kinds_in_name[0]}” in the name")
    kinds_in_bio = p.organisation_nouns.find(a.note)
    if kinds_in_bio:
        signs.append(f"“{kinds_in_bio[0]}” in the bio")
    org_fields = [f.name for f in a.fields if p.organisation_fields.find(f.name)]
    if org_fields:
        signs.append(f"a “{strip_invisible(org_fields[0])[:20]}” field")
    if phrases.opening_hours(bio):
        signs.append("opening hours")
    address = [label for label in phrases.ADDRESS_LABELS if label in fold(bio)]
    if address:
        signs.append("an address")
    signs += [r for r in phrases.ROLE_ADDRESSES if r in fold(bio)][:1]
    bio_suffix = _suffix_in_bio(bio)
    if bio_suffix:
        signs.append(f"{bio_suffix} in the bio")
    weight = 2 * len(strong) + len(signs)
    if weight < 2:
        return None
    person = [
        *(["speaks as “I”"] if singular or post_singular else []),
        *p.person.find(both)[:2],
        *p.person_roles.find(both)[:2],
        *p.family.find(both)[:1],
    ]
    everything = strong + signs
    if not person:
        detail = f"speaks as an organisation: {_quote(everything)}"
        return Evidence("organisation", Effect.SOFT_VETO, "company", detail)
    if weight >= 3 and (strong or len(person) < 2):
        detail = (
            f"speaks like an organisation ({_quote(everything)}) but also like a person "
            f"({_quote(person)})"
        )
        return Evidence("organisation_mixed", Effect.REVIEW, "organisation?", detail)
    return None


# --------------------------------------------------------------------------- spam


def follow_bait(s: Subject) -> Evidence | None:
    text = f"{s.account.display_name}\n{s.account.profile_text}"
    found = s.policy.follow_bait.find(text)
    if found:
        detail = f"follow-for-follow bait: {_quote(found)}"
        return Evidence("follow_bait", Effect.SOFT_VETO, "spam", detail)
    return None


def _eager_follower(s: Subject) -> bool:
    """New, following hundreds, followed by almost nobody: a weak spam sign on its own."""
    a = s.account
    following, followers = a.following_count or 0, a.followers_count or 0
    return s.is_new and following >= 300 and followers * 20 < following


def money_bait(s: Subject) -> Evidence | None:
    text = f"{s.account.display_name}\n{s.account.profile_text}"
    found = s.policy.bait.find(text)
    off_platform = phrases.off_platform_contact(text)
    if not found and not off_platform:
        return None
    has_link = phrases.url_count(s.account.note) > 0 or any(
        phrases.url_count(f.value) for f in s.account.fields
    )
    signs = list(found)
    if off_platform:
        signs.append("asks to be contacted off the platform")
    others = sum((has_link, off_platform, _eager_follower(s)))
    if (
        len(found) >= 2
        or (found and others)
        or (off_platform and _eager_follower(s) and not s.policy.person.find(text))
    ):
        detail = f"money, dating or promotion bait: {_quote(signs)}"
        return Evidence("money_bait", Effect.SOFT_VETO, "spam", detail)
    if found and not s.policy.person.find(text) and not s.policy.person_roles.find(text):
        detail = f"promotion language without a person behind it: {_quote(signs)}"
        return Evidence("money_bait", Effect.SOFT_VETO, "spam", detail)
    return None


def follow_farming(s: Subject) -> Evidence | None:
    """A brand-new account that already follows thousands."""
    a, p = s.account, s.policy
    following = a.following_count
    if following is None or following < p.follow_farm_min_following:
        return None
    age = s.age_days
    followers = a.followers_count or 0
    if age is not None and age <= 30:
        detail = f"{age} days old and already following {following} accounts"
        return Evidence("follow_farming", Effect.SOFT_VETO, "spam", detail)
    if followers * 20 < following:
        detail = f"follows {following} accounts but only {followers} follow back"
        return Evidence("follow_farming", Effect.SOFT_VETO, "spam", detail)
    return None


def _link_only_bio(a: AccountSnapshot) -> bool:
    note = a.note.strip()
    return (
        bool(note)
        and phrases.url_count(note) > 0
        and phrases.word_count(phrases.strip_urls(note)) <= 1
    )


_RANDOM_NAME = re.compile(r"(?=\w*\d)(?=\w*[a-z])[a-z0-9_]{6,}", re.IGNORECASE)


def link_only_bio(s: Subject) -> Evidence | None:
    """A bio that is only a link: spam when other throwaway signs agree, context otherwise."""
    a = s.account
    if not _link_only_bio(a):
        return None
    following, followers = a.following_count or 0, a.followers_count or 0
    signs = []
    if default_avatar(s) is not None:
        signs.append("no avatar of its own")
    if a.statuses_count == 0:
        signs.append("no posts")
    if following >= 100 and followers * 10 <= following:
        signs.append(f"follows {following}, followed by {followers}")
    if _RANDOM_NAME.fullmatch(strip_invisible(a.display_name or a.username)):
        signs.append("a random-looking name")
    if len(signs) >= 2:
        detail = "the bio is only a link, with " + ", ".join(signs)
        return Evidence("spam_shape", Effect.SOFT_VETO, "spam", detail)
    return Evidence("link_only_bio", Effect.NOTE, "", "the bio is only a link")


# --------------------------------------------------------------------------- automated posting


def _automation_hint(s: Subject) -> bool:
    """Whether recent posts are worth a look: many posts, or a profile that hints at feeds."""
    a = s.account
    count = a.statuses_count or 0
    if count < s.policy.automation_min_statuses:
        return False
    age = max(1, s.age_days or 1)
    busy = count / age >= 1.0 or count >= 200
    hinted = (
        bool(s.policy.automation_apps.find(a.profile_text))
        or bool(s.policy.automated_text.find(a.profile_text))
        or bool(s.policy.automation_self.find(a.profile_text))
    )
    broadcast = a.following_count == 0 and count >= 20
    return busy or hinted or broadcast


def _is_automated(status: StatusSnapshot, p: Policy) -> str | None:
    if status.application and p.automation_apps.find(status.application):
        return f"posted with {status.application[:40]}"
    if p.automated_text.find(status.text):
        return "an automated check-in or crosspost"
    words = phrases.word_count(phrases.strip_urls(status.text))
    links = phrases.url_count(status.text)
    if (links or status.has_card) and words <= 12 and not status.in_reply_to_account_id:
        return "a bare link"
    return None


_QUOTED = re.compile(r"[\"“”«»„].{0,300}?[\"“”«»]")


def _skeleton(text: str) -> tuple[str, ...]:
    """The shape of a post with its changing parts blanked: quotes, links, numbers."""
    plain = _QUOTED.sub(" Q ", phrases.strip_urls(fold(text)))
    words = re.sub(r"\d+", "0", plain).split()
    tags = tuple(sorted(w for w in words if w.startswith("#")))
    return (*words[:2], "…", *words[-2:], *tags) if len(words) > 4 else tuple(words)


def _prefix(text: str) -> tuple[str, ...]:
    words = re.sub(r"\d+", "0", phrases.strip_urls(fold(text))).split()
    return tuple(words[:3])


_LINE_KEY = re.compile(r"(?m)^\W{0,4}([^\W\d][\w ]{1,24}):")


def _form_keys(text: str) -> frozenset[str]:
    """The labels of a filled-in form: "Status: …", "Cause: …", one per line."""
    return frozenset(k.strip().casefold() for k in _LINE_KEY.findall(text[:2000]))


def _most_common_share(shapes: Sequence[object]) -> int:
    return max(shapes.count(shape) for shape in set(shapes)) if shapes else 0


def _templated_share(statuses: Sequence[StatusSnapshot]) -> float:
    """Share of posts made from one template.

    One shape (same opening and closing words, same hashtags); or the same two or
    more form labels; or the same first three words in posts that never say "I"
    (a person's daily-challenge posts open alike but speak for themselves).
    """
    texts = [st.text for st in statuses if st.text]
    if not texts:
        return 0.0
    best = _most_common_share([_skeleton(t) for t in texts])
    keys = [k for k in (_form_keys(t) for t in texts)]
    common_keys = max(set(keys), key=keys.count)
    if len(common_keys) >= 2:
        best = max(best, keys.count(common_keys))
    personal = sum(phrases.grammatical_person(t)[0] > 0 for t in texts)
    if personal * 5 <= len(texts):
        best = max(best, _most_common_share([_prefix(t) for t in texts]))
    return best / len(statuses)


_MENTION = re.compile(r"(?<![\w/])@[\w.-]+(?:@[\w.-]+)?")


def reply_spam(s: Subject) -> Evidence | None:
    """The same reply sent to many different people."""
    if s.statuses is None:
        return None
    replies = [st for st in s.statuses if st.mention_ids or st.in_reply_to_account_id]
    if len(replies) < s.policy.automation_min_statuses or len(replies) * 5 < len(s.statuses) * 4:
        return None
    # The same five words in a row, in most replies: a pitch with a changing greeting.
    shingles: Counter[tuple[str, ...]] = Counter()
    for st in replies:
        words = re.sub(r"\d+", "0", _MENTION.sub(" ", fold(st.text))).split()
        shingles.update({tuple(words[i : i + 5]) for i in range(max(0, len(words) - 4))})
    same = max(shingles.values(), default=0)
    people = {m for st in replies for m in st.mention_ids} | {
        st.in_reply_to_account_id for st in replies if st.in_reply_to_account_id
    }
    if same * 5 >= len(replies) * 3 and len(people) >= 3:
        detail = f"{same} of the last {len(replies)} posts are the same reply to different people"
        return Evidence("reply_spam", Effect.SOFT_VETO, "spam", detail)
    return None


def posting_rate(s: Subject) -> Evidence | None:
    """Posts around the clock and follows (almost) nobody: a feed, not a person."""
    a = s.account
    count, following = a.statuses_count or 0, a.following_count
    if count < 50 or following is None or following > 5:
        return None
    per_day = count / max(1, s.age_days or 0)
    if per_day >= 24:
        detail = f"about {per_day:.0f} posts a day, following {following}"
        return Evidence("posting_rate", Effect.SOFT_VETO, "automated", detail)
    return None


def self_described_automation(s: Subject) -> Evidence | None:
    """A profile that says a program posts for it, on an account that broadcasts."""
    a = s.account
    said = s.policy.automation_self.find(a.profile_text)
    if not said:
        return None
    count = a.statuses_count or 0
    broadcast = a.following_count == 0 or count / max(1, s.age_days or 1) >= 2
    if broadcast and count >= s.policy.automation_min_statuses:
        detail = f"the profile says its posts are automated ({_quote(said)})"
        return Evidence("automation_self_described", Effect.SOFT_VETO, "automated", detail)
    return None


def automated_posts(s: Subject) -> Evidence | None:
    """Accounts whose recent posts are all automated: one feed app, check-ins, link dumps."""
    p = s.policy
    if s.statuses is None:
        return None
    own = [st for st in s.statuses if not st.is_reblog]
    if len(own) < p.automation_min_statuses:
        return None  # too little to go on; an empty list from a remote server means unknown
    reasons = [r for st in own if (r := _is_automated(st, p)) is not None]
    share = len(reasons) / len(own)
    templated = _templated_share(own)
    if templated >= p.automation_share and templated > share:
        detail = f"{round(templated * len(own))} of the last {len(own)} posts follow one template"
        return Evidence("automated_posts", Effect.SOFT_VETO, "automated", detail)
    apps = {st.application for st in own if st.application}
    if share >= p.automation_share:
        common = max(set(reasons), key=reasons.count)
        detail = f"{len(reasons)} of the last {len(own)} posts are automated (mostly {common})"
        return Evidence("automated_posts", Effect.SOFT_VETO, "automated", detail)
    if len(apps) == 1 and len(own) >= 10 and share >= 0.5:
        detail = f"{len(reasons)} of the last {len(own)} posts look automated"
        return Evidence("automated_posts_mixed", Effect.REVIEW, "automated?", detail)
    return None


# --------------------------------------------------------------------------- conversation


def conversation(s: Subject) -> Evidence | None:
    if s.talked_with_bot:
        detail = "has mentioned or replied to the bot"
        return Evidence("conversation", Effect.CONVERSATION, "conversation", detail)
    return None


# --------------------------------------------------------------------------- eggs

# Default avatars across servers, matched on the URL path (any host: Mastodon
# serves its own missing.png from the *viewing* server's host).
_DEFAULT_AVATAR = re.compile(
    r"(/avatars/original/missing\.png(\?|$)"  # Mastodon
    r"|/images/avi\.png(\?|$)"  # Pleroma / Akkoma
    r"|/assets/default_avatars/[^/]*$"  # GoToSocial's sloths
    r"|/susie\.png(\?|$)"  # snac
    r"|/static/img/unknown-icon[^/]*$"  # Takahē
    r")",
    re.IGNORECASE,
)


def default_avatar(s: Subject) -> Evidence | None:
    urls = [u for u in (s.account.avatar, s.account.avatar_static) if u.strip()]
    if not urls:
        return Evidence("default_avatar", Effect.HOLD, "egg", "the account has no avatar")
    if any(_DEFAULT_AVATAR.search(url[:2000]) for url in urls):
        detail = "the avatar is the server's default picture"
        return Evidence("default_avatar", Effect.HOLD, "egg", detail)
    return None


# --------------------------------------------------------------------------- newcomer


def _followers_hidden(s: Subject) -> bool:
    """Zero followers that cannot be true: hidden (Akkoma) or not reported (Takahē)."""
    a = s.account
    if a.followers_count != 0:
        return False
    all_zero = not a.following_count and not a.statuses_count
    busy_for_years = (a.statuses_count or 0) >= 500
    return (all_zero and a.domain is not None) or busy_for_years


def newcomer(s: Subject) -> Evidence:
    """New by account age or by follower count; established otherwise.

    Mastodon reports ``created_at`` at midnight, so age is counted in calendar days.
    Follower counts that cannot be true (zero beside thousands of posts, or every
    count zero on a remote account) are treated as unknown.
    """
    a, p = s.account, s.policy
    age_days = s.age_days
    max_days = p.newcomer_max_age.total_seconds() / 86400
    followers = None if _followers_hidden(s) else a.followers_count
    big = max(1000, 10 * p.newcomer_max_followers)
    if s.is_new and followers is not None and followers >= big and (a.statuses_count or 0) >= big:
        detail = (
            f"reported as {age_days} days old, but with {followers} followers and "
            f"{a.statuses_count} posts: the date is likely when this server first saw it"
        )
        return Evidence("established", Effect.ESTABLISHED, "established_human", detail)
    if s.is_new and age_days is not None:
        days = max(0, age_days)
        return Evidence(
            "newcomer_age",
            Effect.NEWCOMER,
            "human_newcomer",
            f"the account is {days} day{'s' if days != 1 else ''} old "
            f"(newcomer up to {max_days:g} days)",
        )
    if followers is not None and followers < p.newcomer_max_followers:
        return Evidence(
            "newcomer_followers",
            Effect.NEWCOMER,
            "human_newcomer",
            f"{followers} followers (newcomer below {p.newcomer_max_followers})",
        )
    if followers is None and a.followers_count == 0 and age_days is not None:
        if age_days >= 365:
            detail = f"{age_days} days old; the server hides or withholds the follower count"
            return Evidence("established", Effect.ESTABLISHED, "established_human", detail)
        detail = f"{age_days} days old, and the server hides or withholds the follower count"
        return Evidence("counts_unknown", Effect.REVIEW, "unknown", detail)
    if age_days is None and followers is None:
        detail = "the server reports neither the account's age nor its follower count"
        return Evidence("newcomer_unknown", Effect.REVIEW, "unknown", detail)
    parts = []
    if age_days is not None:
        parts.append(f"{age_days} days old")
    if followers is not None:
        parts.append(f"{followers} followers")
    return Evidence("established", Effect.ESTABLISHED, "established_human", ", ".join(parts))


#: Order matters within an effect: the first one names the category.
RULES: tuple[Rule, ...] = (
    opt_out_tag,
    do_not_contact,
    deny_list,
    suspended,
    memorial,
    moved,
    blocked,
    no_longer_follows,
    bot_flag,
    group_flag,
    allow_list,
    limited,
    follow_bait,
    money_bait,
    follow_farming,
    organisation,
    self_described_automation,
    posting_rate,
    reply_spam,
    automated_posts,
    link_only_bio,
    conversation,
    default_avatar,
    newcomer,
)

_PRECEDENCE: tuple[tuple[Effect, Outcome], ...] = (
    (Effect.HARD_VETO, Outcome.SKIP),
    (Effect.ALLOW, Outcome.FOLLOW),
    (Effect.SOFT_VETO, Outcome.SKIP),
    (Effect.CONVERSATION, Outcome.FOLLOW),
    (Effect.HOLD, Outcome.HOLD),
    (Effect.REVIEW, Outcome.REVIEW),
    (Effect.NEWCOMER, Outcome.FOLLOW),
)


def combine(evidence: Sequence[Evidence], policy: Policy) -> tuple[Outcome, str]:
    for effect, outcome in _PRECEDENCE:
        found = next((e for e in evidence if e.effect is effect), None)
        if found is not None:
            return outcome, found.category
    if any(e.effect is Effect.ESTABLISHED for e in evidence):
        return (Outcome.FOLLOW if policy.follow_established else Outcome.SKIP), "established_human"
    return Outcome.REVIEW, "unknown"


def judge(
    account: AccountSnapshot,
    statuses: Sequence[StatusSnapshot] | None,
    relationship: Relationship | None,
    policy: Policy,
    now: datetime,
    *,
    talked_with_bot: bool = False,
    do_not_contact: bool = False,
) -> Decision:
    """Decide what to do about one follower, with every reason that fired."""
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
        and not any(e.effect in (Effect.HARD_VETO, Effect.SOFT_VETO) for e in evidence)
        and _automation_hint(subject)
    )
    return Decision(outcome, category, reasons, RULES_VERSION, needs_statuses=needs_statuses)
