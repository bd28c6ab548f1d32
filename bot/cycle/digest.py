"""A periodic DM to the owner: what the bot did, and what waits for review."""

from __future__ import annotations

from datetime import datetime

from bot.config import Config, format_duration
from bot.cycle.budget import Budgets
from bot.cycle.context import CycleContext, CycleReport, log
from bot.logs import event
from bot.outbox import Kind, idempotency_key
from bot.store import Store
from bot.welcome import MAX_STATUS_CHARS

DIGEST_SENT_KEY = "digest.sent_period"
#: At most this many handles are named in one digest.
MAX_NAMED_REVIEWS = 10


def digest_text(
    store: Store, config: Config, owner: str, since: datetime, *, limit: int = MAX_STATUS_CHARS
) -> str:
    """The owner's digest: each follower's latest decision in the period, what was done,
    and who waits for review, naming as many as fit in ``limit`` (never cut)."""
    stats = store.stats(since=since)
    outcomes = stats.by_outcome
    lines = [
        f"@{owner} welcomebot, the last {format_duration(config.digest.every)}:",
        f"judged {sum(outcomes.values())} followers "
        f"(follow {outcomes.get('follow', 0)}, skip {outcomes.get('skip', 0)}, "
        f"hold {outcomes.get('hold', 0)}, review {outcomes.get('review', 0)});",
        f"followed {stats.done(Kind.FOLLOW)}, welcomed {stats.done(Kind.WELCOME_DM)}.",
    ]
    reviews = [f.acct.replace("@", " at ") for f in store.pending_reviews()]
    for named in range(min(len(reviews), MAX_NAMED_REVIEWS), -1, -1):
        text = "\n".join([*lines, _waiting(reviews, named)] if reviews else lines)
        if len(text) <= limit or named == 0:
            return text
    return "\n".join(lines)


def _waiting(reviews: list[str], named: int) -> str:
    if named == 0:
        return f"Waiting for your review: {len(reviews)} followers (welcomebot review)."
    more = f" and {len(reviews) - named} more" if len(reviews) > named else ""
    return f"Waiting for your review: {', '.join(reviews[:named])}{more} (welcomebot review)."


def maybe_digest(ctx: CycleContext, report: CycleReport) -> None:
    owner = ctx.config.digest.to
    if not owner:
        return
    now = ctx.clock()
    seconds = max(60, int(ctx.config.digest.every.total_seconds()))
    period = int(now.timestamp() // seconds)  # periods since 1970
    sent = ctx.store.get_state(DIGEST_SENT_KEY)
    if sent is None:
        ctx.store.set_state(DIGEST_SENT_KEY, str(period))  # the first digest after a period
        return
    if int(sent) >= period or not ctx.rate_left(report):
        return
    budgets = Budgets(ctx.store, ctx.config, now)
    if not budgets.allows(Kind.DIGEST):
        report.over_budget.append(Kind.DIGEST)
        return
    since = datetime.fromtimestamp(int(sent) * seconds, tz=now.tzinfo)
    key = idempotency_key(ctx.identity().id, owner, Kind.DIGEST, str(period))
    text = digest_text(ctx.store, ctx.config, owner, since)
    ctx.gateway.post_direct(text, idempotency_key=key, language=None)
    ctx.store.set_state(DIGEST_SENT_KEY, str(period))
    report.actions["digest:done"] += 1
    event(log, "digest", to=owner, period=period)
