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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from urllib.parse import urlsplit

from bot import phrases
from bot.config import Config
from bot.domain import (
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
RULES_VERSION = "2"


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
    said = s.policy.opt_out_phrases.find(text)
    if said:
        detail = f"the profile asks bots to stay away ({_quote(said)})"
        return Evidence("opt_out_phrase", Effect.HARD_VETO, "opted_out", detail)
    return None


def deny_list(s: Subject) -> Evidence | None:
    if s.acct in s.policy.deny_accounts:
        return Evidence("deny_list", Effect.HARD_VETO, "denied", f"{s.acct} is on the deny list")
    domain = _domain_in(s.domain, s.policy.deny_domains)
    if domain:
        detail = f"the domain {domain} is on the deny list"
        return Evidence("deny_list", Effect.HARD_VETO, "denied", detail)
    return None


# --------------------------------------------------------------------------- automation flags


def bot_flag(s: Subject) -> Evidence | None:
    if s.account.bot:
        return Evidence("bot_flag", Effect.HARD_VETO, "bot", "the account is flagged as a bot")
    return None


def group_flag(s: Subject) -> Evidence | None:
    if s.account.group:
        detail = "the account is a group, not a person"
        return Evidence("group_flag", Effect.HARD_VETO, "group", detail)
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
    if s.acct in s.policy.allow_accounts:
        return Evidence("allow_list", Effect.ALLOW, "allowed", f"{s.acct} is on the allow list")
    domain = _domain_in(s.domain, s.policy.allow_domains)
    if domain:
        detail = f"the domain {domain} is on the allow list"
        return Evidence("allow_list", Effect.ALLOW, "allowed", detail)
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
    """The account speaks as an organisation: official account, follow us, our products.

    A person who names their employer or their job, or a family saying "we", is not one.
    """
    a, p = s.account, s.policy
    bio = a.profile_text
    name = strip_invisible(a.display_name)
    both = f"{name}\n{bio}"
    posts = [st.text for st in (s.statuses or ())[:5]]
    strong: list[str] = list(p.identity.find(both))
    suffix = _suffix_identity(name)
    if suffix:
        strong.append(f"name ends in {suffix}")
    intro = _self_introduction(name, [bio, *posts])
    if intro:
        strong.append(intro)
    voice = p.organisation.find(both)
    weak = [*p.commerce.find(bio), *(r for r in phrases.ROLE_ADDRESSES if r in fold(bio))]
    bio_suffix = _suffix_in_bio(bio)
    if bio_suffix:
        weak.append(f"{bio_suffix} in the bio")
    person = p.person.find(both)
    signs = strong + voice + weak
    if strong or voice or len(weak) >= 2:
        if not person:
            detail = f"speaks as an organisation: {_quote(signs)}"
            return Evidence("organisation", Effect.SOFT_VETO, "company", detail)
        if strong or len(signs) >= 3:
            detail = (
                f"speaks like an organisation ({_quote(signs)}) but also like a person "
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


def money_bait(s: Subject) -> Evidence | None:
    text = f"{s.account.display_name}\n{s.account.profile_text}"
    found = s.policy.bait.find(text)
    if not found:
        return None
    has_link = phrases.url_count(s.account.note) > 0 or bool(s.account.fields)
    if len(found) >= 2 or (has_link and not s.policy.person.find(text)):
        detail = f"money, dating or promotion bait: {_quote(found)}"
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
    hinted = bool(s.policy.automation_apps.find(a.profile_text)) or bool(
        s.policy.automated_text.find(a.profile_text)
    )
    return busy or hinted


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


def _templated_share(statuses: Sequence[StatusSnapshot]) -> float:
    shapes = [_skeleton(st.text) for st in statuses if st.text]
    if not shapes:
        return 0.0
    most = max(shapes.count(shape) for shape in set(shapes))
    return most / len(statuses)


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


def newcomer(s: Subject) -> Evidence:
    """New by account age or by follower count; established otherwise.

    Mastodon reports ``created_at`` at midnight, so age is counted in calendar days.
    A remote account whose counts are all zero probably had them withheld.
    """
    a, p = s.account, s.policy
    age_days = s.age_days
    max_days = p.newcomer_max_age.total_seconds() / 86400
    followers = a.followers_count
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
    withheld = (
        a.domain is not None
        and followers == 0
        and not a.following_count
        and not a.statuses_count
        and age_days is not None
    )
    if withheld:
        detail = f"{age_days} days old, and the server reports no counts at all"
        return Evidence("counts_unknown", Effect.REVIEW, "unknown", detail)
    if followers is not None and followers < p.newcomer_max_followers:
        return Evidence(
            "newcomer_followers",
            Effect.NEWCOMER,
            "human_newcomer",
            f"{followers} followers (newcomer below {p.newcomer_max_followers})",
        )
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
    deny_list,
    suspended,
    memorial,
    moved,
    blocked,
    no_longer_follows,
    bot_flag,
    group_flag,
    allow_list,
    follow_bait,
    money_bait,
    follow_farming,
    organisation,
    automated_posts,
    limited,
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
) -> Decision:
    """Decide what to do about one follower, with every reason that fired."""
    subject = Subject(
        account=account,
        statuses=tuple(statuses) if statuses is not None else None,
        relationship=relationship,
        policy=policy,
        now=now,
        talked_with_bot=talked_with_bot,
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
