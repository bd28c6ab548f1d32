"""Rule ids and categories: stored values that never change, all documented, all emitted by name."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from bot.judge import Category, Effect, Evidence, RuleId

ROOT = Path(__file__).resolve().parents[2]
RULE_MODULES = sorted((ROOT / "bot" / "judge" / "rules").glob("*.py"))
#: ids that no rule emits: the owner's two, and the cycle's for a profile it could not judge
OWNER_IDS = {RuleId.OWNER_APPROVED, RuleId.OWNER_REJECTED, RuleId.JUDGE_ERROR}

#: Stored with every decision: a value here may be added to, never changed.
STORED_RULE_IDS = {
    "opt_out_tag", "opt_out_field", "opt_out_phrase", "do_not_contact", "deny_list", "blocked",
    "no_longer_follows", "allow_list", "suspended", "memorial", "moved", "limited",
    "default_avatar", "bot_flag", "group_flag", "group_profile", "organisation",
    "organisation_mixed", "follow_bait", "money_bait", "follow_farming", "spam_shape",
    "link_only_bio", "reply_spam", "automation_self_described", "posting_rate",
    "automated_posts", "automated_posts_mixed", "conversation", "newcomer_age",
    "newcomer_followers", "counts_unknown", "newcomer_unknown", "established",
    "owner_approved", "owner_rejected", "judge_error", "talks_about_bots", "organisation_voice",
    "event_account", "service_account", "implausible_date", "memorial_wording",
}  # fmt: skip
STORED_CATEGORIES = {
    "opted_out", "do_not_contact", "denied", "blocked", "left", "allowed", "unavailable",
    "moved", "limited", "egg", "bot", "group", "company", "organisation?", "spam", "automated",
    "automated?", "conversation", "human_newcomer", "established_human", "unknown", "approved",
    "rejected", "error", "opted_out?",
}  # fmt: skip


def readme_rule_ids() -> list[str]:
    """The ids in the first column of the README's table "How a follower is judged"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How a follower is judged", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [rule for row in rows for rule in re.findall(r"`([^`]+)`", row.split("|")[1])]


def emitted_ids() -> dict[str, set[str]]:
    """For each function in ``bot/judge/rules/``, the ``RuleId`` members its ``Evidence`` names."""
    emitted: dict[str, set[str]] = {}
    for path in RULE_MODULES:
        for func in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(func, ast.FunctionDef):
                continue
            for call in ast.walk(func):
                if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Evidence":
                    rule = call.args[0]
                    assert isinstance(rule, ast.Attribute), ast.unparse(call)
                    assert ast.unparse(rule.value) == "RuleId", ast.unparse(call)
                    emitted.setdefault(f"{path.stem}.{func.name}", set()).add(rule.attr)
    return emitted


def test_stored_values_never_change() -> None:
    assert {r.value for r in RuleId} == STORED_RULE_IDS
    assert {c.value for c in Category} == STORED_CATEGORIES


def test_readme_table_lists_every_rule_id_once() -> None:
    listed = readme_rule_ids()
    assert len(listed) == len(set(listed)), "an id is listed twice"
    assert set(listed) == {r.value for r in RuleId}


def test_every_id_a_rule_emits_is_a_rule_id_and_every_rule_id_is_emitted() -> None:
    emitted = {name for names in emitted_ids().values() for name in names}
    assert emitted <= set(RuleId.__members__)
    assert {RuleId[name] for name in emitted} | OWNER_IDS == set(RuleId)


def test_rules_are_named_for_the_ids_they_emit() -> None:
    sources = {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in RULE_MODULES}
    for qualified, names in emitted_ids().items():
        module, func = qualified.split(".")
        ids = {RuleId[name].value for name in names}
        assert func in ids, f"{qualified} emits {sorted(ids)}"
        if len(ids) > 1:  # allowed only where the docstring names every id and says why
            node = next(
                n for n in sources[module].body if isinstance(n, ast.FunctionDef) and n.name == func
            )
            doc = ast.get_docstring(node) or ""
            assert all(f"``{rule}``" in doc for rule in ids), qualified


def test_every_rule_runs() -> None:
    """Each rule function is part of ``RULES``, in ``bot/judge/rules/__init__.py``."""
    tree = ast.parse((ROOT / "bot" / "judge" / "rules" / "__init__.py").read_text("utf-8"))
    used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    used |= {
        alias.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for alias in n.names
    }
    missing = {q for q in emitted_ids() if q.split(".")[1] not in used}
    assert not missing


def test_categories_in_rules_are_categories() -> None:
    for path in RULE_MODULES:
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Evidence":
                category = call.args[2]
                if isinstance(category, ast.Constant):
                    assert category.value is None, ast.unparse(call)
                else:
                    assert isinstance(category, ast.Attribute), ast.unparse(call)
                    assert ast.unparse(category.value) == "Category"
                    assert category.attr in Category.__members__


def test_only_a_note_has_no_category() -> None:
    note = Evidence(RuleId.LINK_ONLY_BIO, Effect.NOTE, None, "the bio is only a link")
    assert note.category is None
    with pytest.raises(ValueError, match="link_only_bio"):
        Evidence(RuleId.LINK_ONLY_BIO, Effect.NOTE, Category.SPAM, "a note that decides")
    with pytest.raises(ValueError, match="spam_shape"):
        Evidence(RuleId.SPAM_SHAPE, Effect.SOFT_VETO, None, "a veto without a category")


def test_ids_and_categories_are_stored_as_plain_text() -> None:
    assert json.dumps([RuleId.SPAM_SHAPE, Category.AUTOMATED_UNSURE]) == (
        '["spam_shape", "automated?"]'
    )
    stored: str = Category.OPTED_OUT
    assert f"{RuleId.OPT_OUT_TAG}" == "opt_out_tag" and stored == "opted_out"
