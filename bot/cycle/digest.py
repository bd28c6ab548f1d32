"""A periodic DM to the owner: what the bot did, and what waits for review."""

from __future__ import annotations

from datetime import datetime

from bot.config import format_duration
from bot.cycle.budget import Budgets
from bot.cycle.context import CycleContext, CycleReport, log
from bot.logs import event
from bot.outbox import Kind, Status, idempotency_key

DIGEST_SENT_KEY = "digest.sent_period"
#: Mastodon's limit is 500; the digest stays under it.
MAX_DIGEST_CHARS = 490


def digest_text(ctx: CycleContext, owner: str, since: datetime) -> str:
    stats = ctx.store.stats(since=since)
    outcomes = stats["decisions_by_outcome"]
    done = {kind: by.get(Status.DONE, 0) for kind, by in stats["actions"].items()}
    reviews = [f.acct for f in ctx.store.pending_reviews()]
    lines = [
        f"@{owner} welcomebot, the last {format_duration(ctx.config.digest.every)}:",
        f"judged {sum(outcomes.values())} followers "
        f"(follow {outcomes.get('follow', 0)}, skip {outcomes.get('skip', 0)}, "
        f"hold {outcomes.get('hold', 0)}, review {outcomes.get('review', 0)});",
        f"followed {done.get(Kind.FOLLOW, 0)}, welcomed {done.get(Kind.WELCOME_DM, 0)}.",
    ]
    if reviews:
        shown = ", ".join(r.replace("@", " at ") for r in reviews[:10])
        more = f" and {len(reviews) - 10} more" if len(reviews) > 10 else ""
        lines.append(f"Waiting for your review: {shown}{more} (welcomebot review).")
    return "\n".join(lines)[:MAX_DIGEST_CHARS]


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
    ctx.gateway.post_direct(digest_text(ctx, owner, since), idempotency_key=key, language=None)
    ctx.store.set_state(DIGEST_SENT_KEY, str(period))
    report.actions["digest:done"] += 1
    event(log, "digest", to=owner, period=period)
