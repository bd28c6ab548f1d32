"""The judge on profiles nobody here wrote: real accounts from public test fixtures
(``../shared/corpora/real-accounts/``) and the multilingual blind set
(``tests/corpus_multilingual/``, 359 profiles in 31 languages, written by helpers who saw
neither the rules nor the other corpora). Figures are printed beside the other corpora's.

Only consent is asserted here for now: nobody who asked bots to stay away is followed.
The recall and precision targets of issue 12 are printed, and become assertions as the
judge learns (see the issue's closing note for the first-sight figures).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import config_from_mapping
from bot.judge import Policy, judge
from bot.model import Decision, Outcome, account_from_json, status_from_json

TESTS = Path(__file__).resolve().parents[1]
REAL = TESTS.parents[0].parent / "shared" / "corpora" / "real-accounts"
MULTILINGUAL = TESTS / "corpus_multilingual"
POLICY = Policy.from_config(config_from_mapping({"instance": {"url": "https://bot.example"}}))
#: labels whose accounts must never be followed
NEVER_FOLLOW = {
    "bot", "automated", "group", "company", "spam", "opted_out", "unavailable", "egg",
    "no_follow", "hold_or_skip", "skip_nodm",
}  # fmt: skip
NEWCOMER = {"human_newcomer", "follow"}
OPTED_OUT = {"opted_out", "skip_nodm"}


def judge_case(case: dict[str, Any], now: datetime) -> Decision:
    account = account_from_json(case["account"])
    talked = bool(case.get("mentions_bot"))
    decision = judge(account, None, None, POLICY, now, talked_with_bot=talked)
    if decision.needs_statuses:
        raw = case.get("statuses") or []
        statuses = [s for s in (status_from_json(item) for item in raw) if s is not None]
        decision = judge(account, statuses, None, POLICY, now, talked_with_bot=talked)
    return decision


def real_cases() -> tuple[list[dict[str, Any]], datetime]:
    manifest = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))
    cases = []
    for case in manifest["cases"]:
        account = json.loads((REAL / f"{case['name']}.account.json").read_text(encoding="utf-8"))
        statuses_path = REAL / f"{case['name']}.statuses.json"
        statuses = (
            json.loads(statuses_path.read_text(encoding="utf-8"))
            if statuses_path.exists()
            else None
        )
        cases.append({**case, "label": case["expect"], "account": account, "statuses": statuses})
    return cases, datetime.fromisoformat(manifest["now"])


def multilingual_cases() -> tuple[list[dict[str, Any]], datetime]:
    cases = [
        case
        for path in sorted(MULTILINGUAL.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))
    ]
    return cases, datetime.fromisoformat("2026-12-01T12:00:00+00:00")


SETS = {"real-accounts": real_cases, "corpus_multilingual": multilingual_cases}


@pytest.mark.parametrize("name", list(SETS))
def test_unseen_profiles(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    if name == "real-accounts" and not REAL.is_dir():
        pytest.skip(f"{REAL} is not beside this checkout")
    cases, now = SETS[name]()
    results = [(case, judge_case(case, now)) for case in cases]
    newcomers = [d for c, d in results if c["label"] in NEWCOMER]
    recall = sum(d.outcome is Outcome.FOLLOW for d in newcomers) / max(1, len(newcomers))
    must_not = [(c, d) for c, d in results if c["label"] in NEVER_FOLLOW]
    false_follows = [c["name"] for c, d in must_not if d.outcome is Outcome.FOLLOW]
    opted_out_followed = [
        c["name"] for c, d in results if c["label"] in OPTED_OUT and d.outcome is Outcome.FOLLOW
    ]
    lines = ["", f"judge vs {name} ({len(cases)} profiles)"]
    for label in sorted({c["label"] for c in cases}):
        outcomes = Counter(d.outcome.value for c, d in results if c["label"] == label)
        lines.append(f"  {label:<18} {dict(sorted(outcomes.items()))}")
    lines.append(
        f"newcomer recall {recall:.3f}; must-not-follow followed {len(false_follows)}/"
        f"{len(must_not)}; opted out followed {len(opted_out_followed)}"
    )
    with capsys.disabled():
        print("\n".join(lines))
    assert all(d.reasons for _, d in results)
    if name == "real-accounts":  # issue 12: accounts labelled skip_nodm are never followed
        assert opted_out_followed == []
