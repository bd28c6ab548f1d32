"""The stored names of the judge's vocabulary: rule ids and decision categories.

Both are stored with every decision and grepped for, so their values never
change; a new rule gets a new id. ``tests/unit/test_rule_ids.py`` checks that
the README's rule table lists every ``RuleId``, and that every id a rule can
emit is one.
"""

from __future__ import annotations

from enum import StrEnum


class RuleId(StrEnum):
    """Why: the id of the rule (or the owner's action) behind one reason of a decision."""

    # consent: what the follower said, and the owner's lists
    OPT_OUT_TAG = "opt_out_tag"
    OPT_OUT_FIELD = "opt_out_field"
    OPT_OUT_PHRASE = "opt_out_phrase"
    DO_NOT_CONTACT = "do_not_contact"
    DENY_LIST = "deny_list"
    BLOCKED = "blocked"
    NO_LONGER_FOLLOWS = "no_longer_follows"
    ALLOW_LIST = "allow_list"
    TALKS_ABOUT_BOTS = "talks_about_bots"
    # account state
    SUSPENDED = "suspended"
    MEMORIAL = "memorial"
    MEMORIAL_WORDING = "memorial_wording"
    MOVED = "moved"
    LIMITED = "limited"
    DEFAULT_AVATAR = "default_avatar"
    # flags
    BOT_FLAG = "bot_flag"
    GROUP_FLAG = "group_flag"
    GROUP_PROFILE = "group_profile"
    # organisations
    ORGANISATION = "organisation"
    ORGANISATION_MIXED = "organisation_mixed"
    ORGANISATION_VOICE = "organisation_voice"
    EVENT_ACCOUNT = "event_account"
    SERVICE_ACCOUNT = "service_account"
    # spam
    FOLLOW_BAIT = "follow_bait"
    MONEY_BAIT = "money_bait"
    FOLLOW_FARMING = "follow_farming"
    SPAM_SHAPE = "spam_shape"
    LINK_ONLY_BIO = "link_only_bio"
    REPLY_SPAM = "reply_spam"
    # automation
    AUTOMATION_SELF_DESCRIBED = "automation_self_described"
    POSTING_RATE = "posting_rate"
    AUTOMATED_POSTS = "automated_posts"
    AUTOMATED_POSTS_MIXED = "automated_posts_mixed"
    # newcomers and conversation
    CONVERSATION = "conversation"
    NEWCOMER_AGE = "newcomer_age"
    NEWCOMER_FOLLOWERS = "newcomer_followers"
    COUNTS_UNKNOWN = "counts_unknown"
    IMPLAUSIBLE_DATE = "implausible_date"
    NEWCOMER_UNKNOWN = "newcomer_unknown"
    ESTABLISHED = "established"
    # the owner, by hand (``welcomebot review``)
    OWNER_APPROVED = "owner_approved"
    OWNER_REJECTED = "owner_rejected"
    # the cycle, when a follower's data could not be judged (``model.judge_error_decision``)
    JUDGE_ERROR = "judge_error"


class Category(StrEnum):
    """What: the kind of follower a decision took the account for."""

    OPTED_OUT = "opted_out"
    CONSENT_UNSURE = "opted_out?"
    DO_NOT_CONTACT = "do_not_contact"
    DENIED = "denied"
    BLOCKED = "blocked"
    LEFT = "left"
    ALLOWED = "allowed"
    UNAVAILABLE = "unavailable"
    MOVED = "moved"
    LIMITED = "limited"
    EGG = "egg"
    BOT = "bot"
    GROUP = "group"
    COMPANY = "company"
    ORGANISATION_UNSURE = "organisation?"
    SPAM = "spam"
    AUTOMATED = "automated"
    AUTOMATED_UNSURE = "automated?"
    CONVERSATION = "conversation"
    HUMAN_NEWCOMER = "human_newcomer"
    ESTABLISHED_HUMAN = "established_human"
    UNKNOWN = "unknown"
    # the owner, by hand
    APPROVED = "approved"
    REJECTED = "rejected"
    # the cycle could not judge the account (``model.judge_error_decision``)
    ERROR = "error"
