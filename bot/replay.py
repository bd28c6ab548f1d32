"""``welcomebot replay``: judge the stored followers again under the current config.

Read-only. Each follower is judged from the snapshot (and recent posts) stored
when it was first judged, as of that same moment, with what the store knows now
(conversations with the bot, the do-not-contact list: the same inputs as the
cycle, through ``bot.cycle.judging.StoredFacts``), so the only thing that
changes is the config and the rules. The owner sees what would flip
(followed ↔ skipped) before running the bot with the new settings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.cycle.judging import StoredFacts
from bot.judge import Policy
from bot.model import Decision, account_from_json, status_from_json
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Change:
    account_id: str
    acct: str
    before: dict[str, Any]
    after: Decision


@dataclass
class ReplayResult:
    total: int
    changes: list[Change]
    transitions: Counter[tuple[str, str]]


def replay(store: Store, policy: Policy, *, now: datetime | None = None) -> ReplayResult:
    followers = list(store.stored_followers())
    # The same inputs as the cycle: conversations with the bot and the do-not-contact list.
    facts = StoredFacts.of(store, [f.account_id for f in followers])
    changes: list[Change] = []
    transitions: Counter[tuple[str, str]] = Counter()
    for follower in followers:
        try:
            account = account_from_json(follower.account_json)
        except ValueError:
            continue
        statuses = None
        if follower.statuses_json is not None:
            statuses = [s for s in map(status_from_json, follower.statuses_json) if s]
        when = now or follower.decision["decided_at"]
        after = facts.judge(account, statuses, None, policy, when)
        before = follower.decision
        if after.outcome.value != before["action"] or after.category != before["category"]:
            changes.append(Change(follower.account_id, follower.acct, before, after))
            transitions[(before["action"], after.outcome.value)] += 1
    return ReplayResult(total=len(followers), changes=changes, transitions=transitions)
