"""A newcomer who answers the welcome with "stop" is never messaged again."""

from __future__ import annotations

from datetime import datetime

from bot.cycle.context import CycleContext, CycleReport, log
from bot.logs import event
from bot.model import FollowEvent
from bot.outbox import Kind, PlannedAction, idempotency_key
from bot.text import PhraseSet, spaced_script
from bot.welcome import Unaddressable, render_welcome

#: A reply this short (mentions left out) is taken at its word: "Stop!", "para, por favor".
SHORT_REPLY_WORDS = 6
SHORT_REPLY_CHARS = 40


def _specific(phrase: str) -> bool:
    """A phrase that means "stop" wherever it stands: several words, or three or more
    characters of a script written without spaces (配信停止, やめて)."""
    return " " in phrase or (not spaced_script(phrase[0]) and len(phrase) >= 3)


class StopWords:
    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = PhraseSet(words)

    def heard(self, text: str) -> tuple[str, bool] | None:
        """The stop word in a reply (mentions left out) and whether it surely means stop:
        a single word counts for sure only in a short reply ("stop" in "can't stop
        smiling" may not)."""
        words = [w for w in text.split() if not w.startswith("@")]
        rest = " ".join(words)
        found = self.words.find(rest)
        if not found:
            return None
        # A word of a script written without spaces is a whole clause: two characters
        # of it weigh as much as one word.
        weight = sum(1 if spaced_script(w[0]) else max(1, len(w) // 2) for w in words)
        short = weight <= SHORT_REPLY_WORDS and len(rest) <= SHORT_REPLY_CHARS
        for phrase in found:
            if short or _specific(phrase):
                return phrase, True
        return found[0], False

    def check(
        self, ctx: CycleContext, mention: FollowEvent, now: datetime, report: CycleReport
    ) -> None:
        """Each step is idempotent: the welcome is called off, the acknowledgement is
        planned at most once (actions are unique), the account joins the list once."""
        if mention.status is None:
            return
        account = mention.account
        if (Kind.WELCOME_DM, "") not in ctx.store.actions_of(account.id):
            return  # only an answer to the welcome counts
        heard = self.heard(mention.status.text)
        if heard is None:
            return
        word, sure = heard
        if not sure:
            # In doubt, no message: the wish is kept, and not answered.
            if ctx.store.add_do_not_contact(
                account.id, account.acct, "stop_word", now, f"{word} (in a longer reply)"
            ):
                report.actions["stop_word"] += 1
                event(log, "stop_word", acct=account.acct, word=word, acknowledged=False)
            return
        cancelled = ctx.store.cancel_open(
            account.id, now, f"asked to stop ({word})", kinds=[Kind.WELCOME_DM]
        )
        if ctx.config.welcome_dm.acknowledge_stop:
            try:
                text = render_welcome(
                    ctx.config.welcome_dm.acknowledgement, account, ctx.bot_identity()
                )
            except Unaddressable:
                text = ""
            if text:
                key = idempotency_key(ctx.identity().id, account.id, Kind.STOP_ACK)
                ack = PlannedAction(Kind.STOP_ACK, now, idempotency_key=key, payload=text)
                ctx.store.add_actions(account.id, [ack], now)
        if ctx.store.add_do_not_contact(account.id, account.acct, "stop_word", now, word):
            report.actions["stop_word"] += 1
            event(log, "stop_word", acct=account.acct, word=word, cancelled=cancelled)
