"""A newcomer who answers the welcome with "stop" is never messaged again."""

from __future__ import annotations

from datetime import datetime

from bot.cycle.context import CycleContext, CycleReport, log
from bot.logs import event
from bot.model import FollowEvent
from bot.outbox import Kind, PlannedAction, idempotency_key
from bot.text import PhraseSet
from bot.welcome import Unaddressable, render_welcome


class StopWords:
    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = PhraseSet(words)

    def said(self, text: str) -> str | None:
        """The stop word in a reply, if any; mentions at the start do not count."""
        found = self.words.find(" ".join(w for w in text.split() if not w.startswith("@")))
        return found[0] if found else None

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
        word = self.said(mention.status.text)
        if word is None:
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
