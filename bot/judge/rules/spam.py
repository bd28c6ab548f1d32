"""Spam: bait in the profile, follow farming, throwaway shapes and the same reply to many."""

from __future__ import annotations

import re
from collections import Counter

from bot.judge.evidence import Effect, Evidence, Subject, quote
from bot.judge.ids import Category, RuleId
from bot.judge.rules.account_state import default_avatar
from bot.judge.vocabulary.spam import OFF_PLATFORM_CONTACT
from bot.model import AccountSnapshot
from bot.text import MENTION, fold, strip_invisible, strip_urls, url_count, word_count


def follow_bait(s: Subject) -> Evidence | None:
    text = f"{s.account.display_name}\n{s.account.profile_text}"
    found = s.policy.follow_bait.find(text)
    if found:
        detail = f"follow-for-follow bait: {quote(found)}"
        return Evidence(RuleId.FOLLOW_BAIT, Effect.SOFT_VETO, Category.SPAM, detail)
    return None


def _eager_follower(s: Subject) -> bool:
    """New, following hundreds, followed by almost nobody: a weak spam sign on its own."""
    a = s.account
    following, followers = a.following_count or 0, a.followers_count or 0
    return s.is_new and following >= 300 and followers * 20 < following


def money_bait(s: Subject) -> Evidence | None:
    text = f"{s.account.display_name}\n{s.account.profile_text}"
    found = s.policy.bait.find(text)
    off_platform = bool(OFF_PLATFORM_CONTACT.search(text[:5000]))
    if not found and not off_platform:
        return None
    has_link = url_count(s.account.note) > 0 or any(url_count(f.value) for f in s.account.fields)
    signs = list(found)
    if off_platform:
        signs.append("asks to be contacted off the platform")
    others = sum((has_link, off_platform, _eager_follower(s)))
    if (
        len(found) >= 2
        or (found and others)
        or (off_platform and _eager_follower(s) and not s.policy.person.find(text))
    ):
        detail = f"money, dating or promotion bait: {quote(signs)}"
        return Evidence(RuleId.MONEY_BAIT, Effect.SOFT_VETO, Category.SPAM, detail)
    if found and not s.policy.person.find(text) and not s.policy.person_roles.find(text):
        detail = f"promotion language without a person behind it: {quote(signs)}"
        return Evidence(RuleId.MONEY_BAIT, Effect.SOFT_VETO, Category.SPAM, detail)
    return None


def follow_farming(s: Subject) -> Evidence | None:
    """A brand-new account that already follows thousands.

    Only for new accounts of known age: an older account that follows many
    people (a long-time reader, 35k posts since 2017) is not farming follows.
    """
    a, p = s.account, s.policy
    following = a.following_count
    if following is None or following < p.follow_farm_min_following:
        return None
    age = s.age_days
    if age is not None and age <= 30:
        detail = f"{max(0, age)} days old and already following {following} accounts"
        return Evidence(RuleId.FOLLOW_FARMING, Effect.SOFT_VETO, Category.SPAM, detail)
    return None


def _is_link_only_bio(a: AccountSnapshot) -> bool:
    note = a.note.strip()
    return bool(note) and url_count(note) > 0 and word_count(strip_urls(note)) <= 1


_RANDOM_NAME = re.compile(r"(?=\w*\d)(?=\w*[a-z])[a-z0-9_]{6,}", re.IGNORECASE)


def _throwaway_signs(s: Subject) -> list[str]:
    a = s.account
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
    return signs


def spam_shape(s: Subject) -> Evidence | None:
    """A bio that is only a link, with two or more other throwaway signs."""
    if not _is_link_only_bio(s.account):
        return None
    signs = _throwaway_signs(s)
    if len(signs) >= 2:
        detail = "the bio is only a link, with " + ", ".join(signs)
        return Evidence(RuleId.SPAM_SHAPE, Effect.SOFT_VETO, Category.SPAM, detail)
    return None


def link_only_bio(s: Subject) -> Evidence | None:
    """A bio that is only a link, and nothing else throwaway: context, never a decision."""
    if _is_link_only_bio(s.account) and spam_shape(s) is None:
        return Evidence(RuleId.LINK_ONLY_BIO, Effect.NOTE, None, "the bio is only a link")
    return None


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
        words = re.sub(r"\d+", "0", MENTION.sub(" ", fold(st.text))).split()
        shingles.update({tuple(words[i : i + 5]) for i in range(max(0, len(words) - 4))})
    same = max(shingles.values(), default=0)
    people = {m for st in replies for m in st.mention_ids} | {
        st.in_reply_to_account_id for st in replies if st.in_reply_to_account_id
    }
    if same * 5 >= len(replies) * 3 and len(people) >= 3:
        detail = f"{same} of the last {len(replies)} posts are the same reply to different people"
        return Evidence(RuleId.REPLY_SPAM, Effect.SOFT_VETO, Category.SPAM, detail)
    return None
