"""Config mistakes in words a person can act on (never pydantic's), and the warnings
for what is odd but allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import (
    ConfigError,
    check_template,
    config_from_mapping,
    load_config,
    longest_rendering,
)
from bot.welcome import MAX_STATUS_CHARS

MINIMAL = {"instance": {"url": "https://social.example"}}
PYDANTIC_WORDS = (
    "Input should",
    "Extra inputs",
    "valid dictionary",
    "instance of",
    "Field required",
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**MINIMAL, "follow_bak": {}}, "follow_bak: unknown key; did you mean follow_back?"),
        (
            {**MINIMAL, "follow_back": {"dealy": "1h"}},
            "follow_back.dealy: unknown key; did you mean delay?",
        ),
        (
            # an empty section means its defaults; the stray key under it is the mistake
            {**MINIMAL, "follow_back": None, "delay": "1h"},
            "delay: unknown key at the top level; should it be indented under follow_back:?",
        ),
        (
            {**MINIMAL, "delay": "1h"},
            "delay: unknown key at the top level; should it be indented under follow_back:?",
        ),
        (
            {**MINIMAL, "follow_back": {"banana": 1}},
            "follow_back.banana: unknown key; the keys here are enabled, delay, who,",
        ),
        ({"instance": "https://social.example"}, "instance: expected a mapping (key: value"),
        ({**MINIMAL, "follow_back": {"enabled": "maybe"}}, "follow_back.enabled: expected true or"),
        (
            {**MINIMAL, "newcomer": {"max_followers": "x"}},
            "newcomer.max_followers: expected a whole",
        ),
        (
            {**MINIMAL, "newcomer": {"max_followers": -1}},
            "newcomer.max_followers: expected 0 or more",
        ),
        ({**MINIMAL, "lists": {"a": 1}}, "lists: expected a list such as [a, b], got a mapping"),
        ({**MINIMAL, "lists": [{"title": ""}]}, "lists[0].title: must not be empty"),
        ({**MINIMAL, "lists": [{"title": "x", "topcs": []}]}, "lists[0].topcs: unknown key; did"),
        ({**MINIMAL, "welcome_dm": {"template": 5}}, "welcome_dm.template: expected text, got 5"),
        ({**MINIMAL, "logging": {"level": "loud"}}, "logging.level: expected 'DEBUG', 'INFO'"),
        ({}, "instance: required key is missing"),
    ],
)
def test_each_mistake_is_one_line_in_our_words(data: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_mapping(data)
    text = str(caught.value)
    assert text.startswith(message), text
    assert "\n" not in text
    assert not any(words in text for words in PYDANTIC_WORDS), text


def test_logging_levels_and_formats_are_read_in_any_case() -> None:
    config = config_from_mapping({**MINIMAL, "logging": {"level": "info", "format": "JSON"}})
    assert (config.logging.level, config.logging.format) == ("INFO", "json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "instance:\n\turl: https://a.example\n",
            "not valid YAML at line 2, column 1: tabs are not allowed here; indent with spaces",
        ),
        (
            "instance:\n  url: https://a.example\n    request_timeout: 5s\n",
            "not valid YAML at line 3, column 20: mapping values are not allowed here: is this "
            "line indented further than the one above it",
        ),
        (
            "instance:\n  url: https://a.example\n follow_back:\n  delay: 1h\n",
            "not valid YAML at line 3, column 2: this line is not indented like the lines",
        ),
        ("instance: [unclosed\n", "not valid YAML at line 2, column 1: a list opened with [ is"),
    ],
)
def test_yaml_mistakes_say_where_and_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: {message}"), str(caught.value)


def warnings_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    found: list[str] = []
    load_config(path, warn=found.append)
    return found


def test_a_key_given_twice_is_a_warning_naming_both_lines(tmp_path: Path) -> None:
    text = "instance:\n  url: https://a.example\nlogging: {level: INFO}\ninstance:\n  url: https://b.example\n"
    assert warnings_for(tmp_path, text) == [
        f"{tmp_path / 'config.yaml'} line 4: instance is given twice (also on line 1); the "
        "later one wins and the earlier one is ignored"
    ]
    nested = "instance:\n  url: https://a.example\n  url: https://b.example\n"
    (line,) = warnings_for(tmp_path, nested)
    assert "line 3: url is given twice (also on line 2)" in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://social.example", []),
        ("http://127.0.0.1:3000", []),
        ("http://localhost:3000", []),
        ("http://[::1]:3000", []),
        ("http://social.example", ["instance.url: plain http:// to social.example sends"]),
        ("https://social.example/@bot", ["instance.url: https://social.example/@bot looks like"]),
        ("https://social.example/users/bot", ["instance.url: https://social.example/users/bot"]),
    ],
)
def test_odd_server_urls_are_warnings(tmp_path: Path, url: str, expected: list[str]) -> None:
    found = warnings_for(tmp_path, f"instance:\n  url: {url}\n")
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), line


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("Hi {{ display_name }}!", "{{ display_name }} is Jinja's way"),
        ("Hi {{display_name}}!", "{{display_name}} is Jinja's way"),
        ("Hi {{ anything }}!", "{{ anything }} is Jinja's way"),
        ("Hi {display_name} " + "x" * 420, "the message can be 547 characters long"),
    ],
)
def test_templates_that_would_send_braces_or_not_fit_are_refused(
    template: str, problem: str
) -> None:
    with pytest.raises(ValueError, match="^" + problem.replace("{", r"\{").replace("}", r"\}")):
        check_template(template)


def test_literal_braces_and_a_long_text_that_fits_are_fine() -> None:
    assert check_template("Use {{braces}} like this, {acct}")
    fits = "Hi {display_name} " + "x" * (MAX_STATUS_CHARS - 62 - 1 - 60 - 4)
    assert longest_rendering(fits) == MAX_STATUS_CHARS
    assert check_template(fits) == fits


def test_every_shipped_template_fits_with_the_longest_names() -> None:
    config = load_config(Path(__file__).resolve().parents[2] / "config.yaml")
    dm = config.welcome_dm
    for text in (dm.template, dm.acknowledgement, *dm.templates.values()):
        assert longest_rendering(text) <= MAX_STATUS_CHARS
