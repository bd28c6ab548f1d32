"""The rules, by theme, and the order they run in.

Each rule looks at one thing and returns ``Evidence`` or ``None``; a rule is
named for the id it emits. ``first_of`` joins the rules of one theme whose ids
exclude each other: the first that finds anything speaks for all of them.
"""

from __future__ import annotations

from bot.judge.evidence import Rule, first_of
from bot.judge.rules import account_state, automation, consent, flags, newcomer, spam, voices
from bot.judge.rules.organisation import organisation

#: Order matters within an effect: the first one names the category.
RULES: tuple[Rule, ...] = (
    first_of(
        consent.opt_out_tag,
        consent.opt_out_field,
        consent.opt_out_phrase,
        consent.talks_about_bots,  # unclear, when none of the three is sure
    ),
    consent.do_not_contact,
    consent.deny_list,
    account_state.suspended,
    account_state.memorial,
    account_state.moved,
    consent.blocked,
    consent.no_longer_follows,
    flags.bot_flag,
    first_of(flags.group_flag, flags.group_profile),
    consent.allow_list,
    account_state.limited,
    account_state.memorial_wording,
    spam.follow_bait,
    spam.money_bait,
    spam.follow_farming,
    organisation,
    voices.organisation_voice,
    voices.event_account,
    voices.service_account,
    automation.automation_self_described,
    automation.posting_rate,
    spam.reply_spam,
    first_of(automation.automated_posts, automation.automated_posts_mixed),
    first_of(spam.spam_shape, spam.link_only_bio),
    newcomer.conversation,
    account_state.default_avatar,
    newcomer.implausible_date,
    first_of(
        newcomer.newcomer_age,
        newcomer.newcomer_followers,
        newcomer.counts_unknown,
        newcomer.newcomer_unknown,
        newcomer.established,
    ),
)
