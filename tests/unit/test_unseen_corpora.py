"""The judge on profiles nobody here wrote: real accounts from public test fixtures
(``../shared/corpora/real-accounts/``) and the multilingual blind set
(``tests/corpus_multilingual/``, 359 profiles in 31 languages, written by helpers who saw
neither the rules nor the other corpora). Figures are printed beside the other corpora's.

Asserted, as issue 12's "Done when" asks, on the real accounts: accounts labelled
``skip_nodm`` are never followed, at most one ``no_follow`` account is followed, and
recall on ``follow`` is at least 0.95, counted on the labels this project agrees with
(``DISAGREED`` says which it does not, and why; the README repeats it). On the
multilingual set: no opt-out is followed, and the figures reached by rules version 4
are floors (first sight, rules version 3: recall 1.000, 101/249 must-not-follow
followed, 27/55 opt-outs followed).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
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
#: Real accounts whose label this project does not share, with the outcome it gives and why.
DISAGREED = {
    name: ("review", "the server hides the counts (0 followers and 0 follows beside hundreds "
                     "of posts): whether this is a newcomer is unknown, so the owner decides")
    for name in ("real_alayna_oklahoma", "real_rob_cto_llc", "real_silverpill_mitra",
                 "real_hollahollara_artist")
}  # fmt: skip
#: What rules version 4 reaches on the multilingual set; it may only get better.
MULTILINGUAL_FLOORS = {"recall": 1.0, "must_not_followed": 0, "opted_out_followed": 0}


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


@dataclass
class Figures:
    name: str
    results: list[tuple[dict[str, Any], Decision]]

    def of(self, labels: set[str]) -> list[tuple[dict[str, Any], Decision]]:
        return [(c, d) for c, d in self.results if c["label"] in labels]

    def followed(self, labels: set[str]) -> list[str]:
        return [c["name"] for c, d in self.of(labels) if d.outcome is Outcome.FOLLOW]

    def recall(self, *, agreed_only: bool = False) -> float:
        newcomers = [
            (c, d) for c, d in self.of(NEWCOMER) if not (agreed_only and c["name"] in DISAGREED)
        ]
        return sum(d.outcome is Outcome.FOLLOW for _, d in newcomers) / max(1, len(newcomers))

    def table(self) -> str:
        lines = ["", f"judge vs {self.name} ({len(self.results)} profiles)"]
        for label in sorted({c["label"] for c, _ in self.results}):
            outcomes = Counter(d.outcome.value for _, d in self.of({label}))
            lines.append(f"  {label:<18} {dict(sorted(outcomes.items()))}")
        must_not = self.of(NEVER_FOLLOW)
        lines.append(
            f"newcomer recall {self.recall():.3f} (on agreed labels {self.recall(agreed_only=True):.3f}); "
            f"must-not-follow followed {len(self.followed(NEVER_FOLLOW))}/{len(must_not)}; "
            f"opted out followed {len(self.followed(OPTED_OUT))}"
        )
        return "\n".join(lines)


def figures(name: str) -> Figures:
    cases, now = SETS[name]()
    return Figures(name, [(case, judge_case(case, now)) for case in cases])


@pytest.mark.heavy
@pytest.mark.parametrize("name", list(SETS))
def test_unseen_profiles(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    if name == "real-accounts" and not REAL.is_dir():
        pytest.skip(f"{REAL} is not beside this checkout")
    found = figures(name)
    with capsys.disabled():
        print(found.table())
    assert all(d.reasons for _, d in found.results)
    assert found.followed(OPTED_OUT) == []  # consent first: no opt-out is ever followed
    if name == "real-accounts":  # issue 12's "Done when"
        assert len(found.followed({"no_follow"})) <= 1, found.followed({"no_follow"})
        assert found.followed({"hold_or_skip"}) == []
        assert found.recall(agreed_only=True) >= 0.95
    else:
        floors = MULTILINGUAL_FLOORS
        assert found.recall() >= floors["recall"]
        assert len(found.followed(NEVER_FOLLOW)) <= floors["must_not_followed"]


def test_the_labels_we_disagree_with_are_judged_as_we_say() -> None:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is not beside this checkout")
    found = {c["name"]: d for c, d in figures("real-accounts").results}
    for name, (outcome, _why) in DISAGREED.items():
        assert found[name].outcome.value == outcome, name
