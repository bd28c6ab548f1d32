"""Automation: feeds and scripts, by what the profile says, how fast it posts, and its posts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.judge import bot_talk
from bot.judge.evidence import Effect, Evidence, Subject, quote
from bot.judge.ids import Category, RuleId
from bot.judge.lexicon import Phrases, tokens
from bot.judge.policy import Policy
from bot.judge.vocabulary import automation as vocabulary
from bot.judge.voice import grammatical_person
from bot.model import StatusSnapshot
from bot.text import PhraseSet, fold, strip_invisible, strip_urls, url_count, word_count

_SCHEDULE = PhraseSet(vocabulary.SCHEDULE_PHRASES)
_SELF_STATEMENTS = Phrases(vocabulary.BOT_SELF_STATEMENTS)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def automation_hint(s: Subject) -> bool:
    """Whether recent posts are worth a look: many posts, or a profile that hints at feeds."""
    a = s.account
    count = a.statuses_count or 0
    if count < s.policy.automation_min_statuses:
        return False
    age = max(1, s.age_days or 1)
    busy = count / age >= 1.0 or count >= 200
    text = f"{a.display_name}\n{a.profile_text}"
    hinted = (
        bool(vocabulary.SCHEDULE_EVERY.search(text[:5000]))
        or bool(s.policy.automation_apps.find(text))
        or bool(s.policy.automated_text.find(text))
        or bool(s.policy.automation_self.find(text))
    )
    broadcast = a.following_count == 0 and (count >= 20 or bool(_SCHEDULE.find(text)))
    return busy or hinted or broadcast


def _named_a_bot(name: str) -> str | None:
    """A display name that calls the account a bot: "Federation Bot", "WeatherBot",
    "오늘의 위키 봇", "Federationsboten" (not "Talbot", not "Anna, not a bot")."""
    if bot_talk.read_sentence(name) is not bot_talk.Reading.UNCLEAR:
        return None  # no bot word, or "not a bot", or a maker, or "no bots" (an opt-out)
    if bot_talk.mentions_bots(name):
        return name
    for word in _NAME_WORD.findall(name[:200]):
        folded = fold(word)
        camel = re.search(r"[a-z]Bots?$", word) is not None
        compound = folded.endswith(("bot", "bots", "boten", "botten", "botu", "botti"))
        if (camel or compound) and len(folded) > 4 and folded not in vocabulary.NOT_BOT_NAMES:
            return name
    return None


def _says_it_is_a_bot(s: Subject) -> str | None:
    """ "I'm a bot", "this is a bot", in a sentence that is not a maker's or a refusal."""
    text = f"{s.account.display_name}\n{s.account.profile_text}"
    for sentence in bot_talk.sentences(text):
        said = _SELF_STATEMENTS.found(tokens(sentence))
        if said and bot_talk.read_sentence(sentence) is bot_talk.Reading.UNCLEAR:
            return said[0]
    return _named_a_bot(strip_invisible(s.account.display_name))


def automation_self_described(s: Subject) -> Evidence | None:
    """A profile that says a program posts for it.

    Saying it is a bot ("I'm a bot", a display name such as "Federation Bot") is
    enough, with or without posts. Other words for automation ("posted
    automatically", "every hour", "pulled from") count on an account that
    broadcasts: it follows nobody, or posts twice a day or more.
    """
    a = s.account
    bot = _says_it_is_a_bot(s)
    if bot:
        detail = f"the profile says the account is a bot ({quote([bot])})"
        return Evidence(
            RuleId.AUTOMATION_SELF_DESCRIBED, Effect.SOFT_VETO, Category.AUTOMATED, detail
        )
    text = f"{a.display_name}\n{a.profile_text}"
    said = s.policy.automation_self.find(text)
    every = vocabulary.SCHEDULE_EVERY.search(text[:5000])
    if every:
        said = [*said, every.group(0)]
    if not said:
        return None
    count, age = a.statuses_count or 0, s.age_days
    broadcast = a.following_count == 0 or (age is not None and count / max(1, age) >= 2)
    if broadcast and count >= s.policy.automation_min_statuses:
        detail = f"the profile says its posts are automated ({quote(said)})"
        return Evidence(
            RuleId.AUTOMATION_SELF_DESCRIBED, Effect.SOFT_VETO, Category.AUTOMATED, detail
        )
    return None


def posting_rate(s: Subject) -> Evidence | None:
    """Posts around the clock and follows (almost) nobody: a feed, not a person."""
    a = s.account
    count, following, age = a.statuses_count or 0, a.following_count, s.age_days
    if count < 50 or following is None or following > 5 or age is None:
        return None  # a rate needs a known age
    per_day = count / max(1, age)
    if per_day >= 24:
        detail = f"about {per_day:.0f} posts a day, following {following}"
        return Evidence(RuleId.POSTING_RATE, Effect.SOFT_VETO, Category.AUTOMATED, detail)
    return None


# --------------------------------------------------------------------------- recent posts


def _is_automated(status: StatusSnapshot, p: Policy) -> str | None:
    if status.application and p.automation_apps.find(status.application):
        return f"posted with {status.application[:40]}"
    if p.automated_text.find(status.text):
        return "an automated check-in or crosspost"
    words = word_count(strip_urls(status.text))
    links = url_count(status.text)
    if (links or status.has_card) and words <= 12 and not status.in_reply_to_account_id:
        return "a bare link"
    return None


_QUOTED = re.compile(r"[\"“”«»„].{0,300}?[\"“”«»]")


def _skeleton(text: str) -> tuple[str, ...]:
    """The shape of a post with its changing parts blanked: quotes, links, numbers."""
    plain = _QUOTED.sub(" Q ", strip_urls(fold(text)))
    words = re.sub(r"\d+", "0", plain).split()
    tags = tuple(sorted(w for w in words if w.startswith("#")))
    return (*words[:2], "…", *words[-2:], *tags) if len(words) > 4 else tuple(words)


def _prefix(text: str) -> tuple[str, ...]:
    words = re.sub(r"\d+", "0", strip_urls(fold(text))).split()
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
    personal = sum(grammatical_person(t)[0] > 0 for t in texts)
    if personal * 5 <= len(texts):
        best = max(best, _most_common_share([_prefix(t) for t in texts]))
    return best / len(statuses)


def _clockwork_share(statuses: Sequence[StatusSnapshot]) -> float:
    """Share of posts published at the same minute and second of an hour ("06:00:00" each
    day, ":15:00" each hour): a scheduler, not a person. Dates without a time of day (all
    at midnight) say nothing."""
    stamps = [st.created_at for st in statuses if st.created_at is not None]
    if len(stamps) < 5 or all((t.hour, t.minute, t.second) == (0, 0, 0) for t in stamps):
        return 0.0
    marks = [(t.minute, t.second) for t in stamps]
    common = max(set(marks), key=marks.count)
    # each at its own hour or day: posts that share one instant were imported, not scheduled
    moments = {t.replace(microsecond=0) for t in stamps if (t.minute, t.second) == common}
    return len(moments) / len(statuses)


@dataclass(frozen=True, slots=True)
class _Posts:
    """The account's own recent posts, and how many of them look automated."""

    own: tuple[StatusSnapshot, ...]
    reasons: tuple[str, ...]  # why, for each automated-looking post
    share: float  # of posts that look automated one by one
    templated: float  # of posts made from one template
    clockwork: float  # of posts published at the same minute and second

    @classmethod
    def of(cls, s: Subject) -> _Posts | None:
        """None when there is too little to go on (an empty list from a remote server)."""
        p = s.policy
        if s.statuses is None:
            return None
        own = tuple(st for st in s.statuses if not st.is_reblog)
        if len(own) < p.automation_min_statuses:
            return None
        reasons = tuple(r for st in own if (r := _is_automated(st, p)) is not None)
        share = len(reasons) / len(own)
        return cls(own, reasons, share, _templated_share(own), _clockwork_share(own))

    def template_wins(self, p: Policy) -> bool:
        return self.templated >= p.automation_share and self.templated > self.share

    def on_the_clock(self, p: Policy) -> bool:
        return self.clockwork >= p.automation_share

    def clearly_automated(self, p: Policy) -> bool:
        return self.template_wins(p) or self.share >= p.automation_share or self.on_the_clock(p)


def automated_posts(s: Subject) -> Evidence | None:
    """Accounts whose recent posts are all automated: one feed app, check-ins, link dumps."""
    p, posts = s.policy, _Posts.of(s)
    if posts is None or not posts.clearly_automated(p):
        return None
    own = posts.own
    if posts.on_the_clock(p) and not posts.template_wins(p) and posts.share < p.automation_share:
        detail = (
            f"{round(posts.clockwork * len(own))} of the last {len(own)} posts were published "
            "at the same minute and second of the hour: a schedule"
        )
    elif posts.template_wins(p):
        detail = (
            f"{round(posts.templated * len(own))} of the last {len(own)} posts follow one template"
        )
    else:
        reasons = list(posts.reasons)
        common = max(set(reasons), key=reasons.count)
        detail = f"{len(reasons)} of the last {len(own)} posts are automated (mostly {common})"
    return Evidence(RuleId.AUTOMATED_POSTS, Effect.SOFT_VETO, Category.AUTOMATED, detail)


def automated_posts_mixed(s: Subject) -> Evidence | None:
    """Half or more of ten or more posts look automated, all from one app: ask the owner."""
    p, posts = s.policy, _Posts.of(s)
    if posts is None or posts.clearly_automated(p):
        return None
    apps = {st.application for st in posts.own if st.application}
    if len(apps) == 1 and len(posts.own) >= 10 and posts.share >= 0.5:
        detail = f"{len(posts.reasons)} of the last {len(posts.own)} posts look automated"
        return Evidence(
            RuleId.AUTOMATED_POSTS_MIXED, Effect.REVIEW, Category.AUTOMATED_UNSURE, detail
        )
    return None
