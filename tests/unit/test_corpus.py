"""The judge against a labelled corpus of realistic profiles (tests/corpus/).

Each case is judged the way the bot does it live: first from the account alone,
then, if a rule asks for recent posts, again with the case's statuses. The test
prints precision and recall, and holds the two promises of the judgement issue.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import config_from_mapping
from bot.domain import Decision, Outcome, account_from_json, status_from_json
from bot.rules import Policy, judge

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POLICY = Policy.from_config(config_from_mapping({"instance": {"url": "https://bot.example"}}))
NEVER_FOLLOW = {"bot", "automated", "group", "company", "spam", "opted_out", "unavailable"}
EXPECTED_CATEGORY = {
    "human_newcomer": {"human_newcomer", "conversation"},
    "established_human": {"established_human"},
    "bot": {"bot"},
    "automated": {"automated", "automated?"},
    "group": {"group"},
    "company": {"company", "organisation?"},
    "spam": {"spam"},
    "opted_out": {"opted_out"},
    "egg": {"egg"},
    "unavailable": {"unavailable", "moved", "limited"},
}


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CORPUS.glob("*.json")):
        cases.extend(json.loads(path.read_text(encoding="utf-8")))
    return cases


CASES = load_cases()


def judge_case(case: dict[str, Any]) -> Decision:
    account = account_from_json(case["account"])
    talked = bool(case.get("mentions_bot"))
    decision = judge(account, None, None, POLICY, NOW, talked_with_bot=talked)
    if decision.needs_statuses:  # what the live bot does: fetch posts, judge again
        raw = case.get("statuses") or []
        statuses = [s for s in (status_from_json(item) for item in raw) if s is not None]
        decision = judge(account, statuses, None, POLICY, NOW, talked_with_bot=talked)
    return decision


def test_corpus_is_big_and_varied() -> None:
    labels = Counter(case["label"] for case in CASES)
    assert len(CASES) >= 150
    assert set(labels) == set(EXPECTED_CATEGORY)
    assert len({case["name"] for case in CASES}) == len(CASES)
    flavours = Counter(case.get("flavour", "mastodon") for case in CASES)
    assert len(flavours) == 5


def test_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    results = [(case, judge_case(case)) for case in CASES]
    followed = [(c, d) for c, d in results if d.action is Outcome.FOLLOW]
    newcomers = [(c, d) for c, d in results if c["label"] == "human_newcomer"]
    true_follows = [c for c, _ in followed if c["label"] == "human_newcomer"]
    precision = len(true_follows) / len(followed) if followed else 1.0
    recall = len(true_follows) / len(newcomers)

    lines = ["", "judge vs labelled corpus", f"{'label':<18} {'n':>4} {'right':>6}  outcomes"]
    for label in sorted(EXPECTED_CATEGORY):
        rows = [(c, d) for c, d in results if c["label"] == label]
        right = sum(d.category in EXPECTED_CATEGORY[label] for _, d in rows)
        outcomes = Counter(d.action.value for _, d in rows)
        lines.append(f"{label:<18} {len(rows):>4} {right:>6}  {dict(sorted(outcomes.items()))}")
    lines.append(f"follow precision {precision:.3f}, newcomer recall {recall:.3f}")
    misses = [
        f"  {c['label']}/{c['name']}: {d.action.value} {d.category} "
        f"[{', '.join(r.rule for r in d.reasons)}]"
        for c, d in results
        if d.category not in EXPECTED_CATEGORY[c["label"]]
    ]
    with capsys.disabled():
        print("\n".join(lines + (["misjudged:"] + misses if misses else [])))

    wrongly_followed = [c["name"] for c, _ in followed if c["label"] in NEVER_FOLLOW]
    assert wrongly_followed == []
    assert recall >= 0.95


def test_eggs_are_held_not_dropped() -> None:
    eggs = [judge_case(c) for c in CASES if c["label"] == "egg"]
    assert all(d.action is not Outcome.FOLLOW for d in eggs)
    assert sum(d.action is Outcome.HOLD for d in eggs) >= 0.9 * len(eggs)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_case_is_explained(case: dict[str, Any]) -> None:
    decision = judge_case(case)
    assert decision.reasons
    assert decision == judge_case(case)
