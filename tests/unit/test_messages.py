"""Nothing the bot sends is ever cut: a welcome that cannot fit is not sent, and the
digest names as many reviews as fit and counts the rest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import config_from_mapping
from bot.cycle.digest import digest_text
from bot.messages import Limit, all_templates, too_long_for
from bot.model import AccountSnapshot, Decision, FollowEvent, Outcome, Reason, account_from_json
from bot.outbox import Judgement
from bot.store import Store
from bot.welcome import MAX_STATUS_CHARS, BotIdentity, TooLong, render_welcome

NOW = datetime(2026, 12, 1, 8, 34, tzinfo=UTC)
BOT = BotIdentity(acct="welcome", display_name="Welcome bot", instance="bot.example")
CONFIG = config_from_mapping(
    {"instance": {"url": "https://bot.example"}, "digest": {"to": "owner@bot.example"}}
)


def test_a_welcome_that_would_not_fit_is_refused_whole_not_cut() -> None:
    user = "u" * 99
    account = AccountSnapshot(
        id="1", acct=f"{user}@{'d' * 60}.{'e' * 60}.{'f' * 60}.example", username=user
    )
    template = "Hi {display_name} " + "x" * 300  # fits with a plausible handle
    assert not too_long_for(
        all_templates(
            config_from_mapping(
                {"instance": {"url": "https://b.example"}, "welcome_dm": {"template": template}}
            )
        ),
        Limit(MAX_STATUS_CHARS, "test"),
    )
    with pytest.raises(TooLong, match="the rendered DM would be 695 characters, over 500"):
        render_welcome(template, account, BOT)


def reviews(store: Store, count: int, domain: str) -> None:
    judged = []
    for n in range(count):
        raw = {"id": str(n + 10), "acct": f"someone{n:02d}@{domain}", "username": f"someone{n:02d}"}
        event = FollowEvent(f"n{n}", "follow", account_from_json(raw), raw)
        decision = Decision(Outcome.REVIEW, "counts_unknown", (Reason("counts_unknown", "?"),), "1")
        judged.append(Judgement(event, decision))
    store.record_batch(judged, now=NOW, trigger="notification", dry_run=False, cursor=None)


@pytest.mark.parametrize(
    ("count", "domain"),
    [(3, "x.example"), (12, "x.example"), (12, "a-rather-long-server-name-for-a-test.example")],
)
def test_the_digest_names_as_many_reviews_as_fit_and_counts_the_rest(
    tmp_path: Path, count: int, domain: str
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'digest.sqlite3'}")
    try:
        reviews(store, count, domain)
        text = digest_text(store, CONFIG, "owner@bot.example", NOW)
    finally:
        store.close()
    assert len(text) <= MAX_STATUS_CHARS
    assert text.startswith("@owner@bot.example welcomebot, the last 1d:\njudged")
    last = text.splitlines()[-1]
    assert last.startswith("Waiting for your review: ") and last.endswith("(welcomebot review).")
    named = last.count(" at ")
    assert named <= 10 and "@" not in last  # handles written so that nobody is mentioned
    if named < count:
        assert f" and {count - named} more " in last or f": {count} followers " in last
    else:
        assert " more" not in last
