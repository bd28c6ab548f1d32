"""Defaults belong to the code (issue 12): config lists only add to them.

If the shipped ``config.yaml`` wrote out the default opt-out tags, phrases or
stop words, every installation that copied it would freeze today's lists, and a
word added in a later version would never reach it: a silent consent regression
on upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.config import DEFAULT_STOP_WORDS, config_from_mapping, load_config
from bot.judge.vocabulary import automation, organisation, people, spam
from bot.judge.vocabulary.consent import DEFAULT_OPT_OUT_PHRASES, DEFAULT_OPT_OUT_TAGS
from bot.text import fold

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = {"instance": {"url": "https://bot.example"}}
#: Every list the code has a default for, by where it would be written in config.yaml.
DEFAULT_LISTS = {
    ("opt_out", "tags"): DEFAULT_OPT_OUT_TAGS,
    ("opt_out", "extra_tags"): DEFAULT_OPT_OUT_TAGS,
    ("opt_out", "phrases"): DEFAULT_OPT_OUT_PHRASES,
    ("welcome_dm", "stop_words"): DEFAULT_STOP_WORDS,
    ("rules", "organisation_phrases_extra"): organisation.ORGANISATION_PHRASES,
    ("rules", "person_phrases_extra"): people.PERSON_PHRASES,
    ("rules", "spam_phrases_extra"): spam.BAIT_PHRASES,
    ("rules", "automation_apps_extra"): automation.AUTOMATION_APPS,
}


def test_the_shipped_config_restates_no_default_list() -> None:
    data: dict[str, Any] = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    for (section, key), defaults in DEFAULT_LISTS.items():
        written = (data.get(section) or {}).get(key) or []
        restated = {fold(str(w)).lstrip("#") for w in written} & {fold(d) for d in defaults}
        assert not restated, f"config.yaml restates defaults in {section}.{key}: {restated}"


def test_the_shipped_config_shows_the_defaults_as_comments() -> None:
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    assert "# stop_words:" in text and "# tags:" in text and "# phrases:" in text
    assert all(word in text for word in ("#nobot", "#noautofollow", "unsubscribe"))


def test_the_shipped_config_judges_with_the_code_defaults() -> None:
    shipped = load_config(ROOT / "config.yaml")
    defaults = config_from_mapping(MINIMAL)
    assert shipped.opt_out == defaults.opt_out
    assert shipped.welcome_dm.stop_words == defaults.welcome_dm.stop_words == DEFAULT_STOP_WORDS
    assert shipped.opt_out.phrases == DEFAULT_OPT_OUT_PHRASES


def test_a_list_in_the_config_adds_to_the_defaults() -> None:
    config = config_from_mapping(
        {
            **MINIMAL,
            "opt_out": {"tags": ["#OurNoBot"], "phrases": ["robots go home"]},
            "welcome_dm": {"stop_words": ["genug"]},
        }
    )
    assert config.opt_out.all_tags == {*DEFAULT_OPT_OUT_TAGS, "ournobot"}
    assert config.opt_out.phrases == (*DEFAULT_OPT_OUT_PHRASES, "robots go home")
    assert config.welcome_dm.stop_words == (*DEFAULT_STOP_WORDS, "genug")


def test_an_old_config_that_listed_the_defaults_still_loads_the_same() -> None:
    """Before version 4 these keys replaced the defaults, so configs copied them out."""
    old = config_from_mapping(
        {
            **MINIMAL,
            "opt_out": {"tags": list(DEFAULT_OPT_OUT_TAGS[:4]), "phrases": ["no bots", "No Bots"]},
            "welcome_dm": {"stop_words": ["stop", "unsubscribe"]},
        }
    )
    assert old.opt_out.tags == DEFAULT_OPT_OUT_TAGS  # each counts once, none is lost
    assert old.opt_out.phrases == DEFAULT_OPT_OUT_PHRASES
    assert old.welcome_dm.stop_words == DEFAULT_STOP_WORDS


def test_a_key_that_once_replaced_the_defaults_now_extends_them() -> None:
    """An owner who wrote only ``tags: [nobot]`` no longer loses #noautofollow."""
    config = config_from_mapping({**MINIMAL, "opt_out": {"tags": ["nobot"], "phrases": []}})
    assert "noautofollow" in config.opt_out.all_tags
    assert "no bots please" in config.opt_out.phrases


def test_a_section_left_with_only_comments_has_its_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("instance:\n  url: https://bot.example\nopt_out:\n  # tags: [x]\n")
    assert load_config(path).opt_out == config_from_mapping(MINIMAL).opt_out
