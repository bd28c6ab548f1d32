"""The welcome DM: hostile profile text never mentions, tags or links anyone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import AccountSnapshot
from bot.welcome import (
    MAX_NAME_CHARS,
    MAX_STATUS_CHARS,
    BotIdentity,
    Unaddressable,
    render_welcome,
    sanitize_name,
)

BOT = BotIdentity(acct="welcome", display_name="Welcome bot", instance="bot.example")
TEMPLATE = "Hi {display_name} ({acct}, {username} on {instance}), welcome! — {bot_display_name}"
# Mastodon's rule, roughly: an @ not preceded by a word character, '/' or '='.
MENTION = re.compile(r"(?<![\w/=])@[\w.-]+(?:@[\w.-]+)?")
HASHTAG = re.compile(r"(?<![\w/&])#\w")


def person(display_name: str, username: str = "ada", domain: str | None = "social.example"):
    acct = f"{username}@{domain}" if domain else username
    return AccountSnapshot(id="1", acct=acct, username=username, display_name=display_name)


@pytest.mark.parametrize(
    "name",
    [
        "@admin@evil.example",
        "Ada @everyone",
        "#nobot #spam",
        "visit https://evil.example/x now",
        "www.evil.example",
        "evil.example/path",
        "\u202eesrever\u202c \u200bzero\u200bwidth",
        ":blobcat: Ada",
        "＠fullwidth ＃tag",
        "\x00\x07Ada\r\nNew line",
        "A" * 5000,
    ],
)
def test_hostile_display_names(name: str) -> None:
    text = render_welcome(TEMPLATE, person(name), BOT)
    assert MENTION.findall(text) == ["@ada@social.example"]
    assert text.startswith("@ada@social.example ")
    assert not HASHTAG.search(text)
    assert "evil.example" not in text and "http" not in text and "www." not in text
    assert not any(ch in text for ch in "\u202e\u202c\u200b\x00\x07")
    assert len(text) <= MAX_STATUS_CHARS


def test_name_is_bounded_and_has_a_fallback() -> None:
    assert len(sanitize_name("x" * 500, fallback="u")) == MAX_NAME_CHARS
    assert sanitize_name("@#:: \u200b", fallback="ada") == "ada"
    assert sanitize_name("Łucja Ñandú 🌱", fallback="x") == "Łucja Ñandú 🌱"


@pytest.mark.parametrize(
    ("username", "domain"),
    [
        ("", "x.example"),
        ("ada bob", "x.example"),
        ("ada", "evil.example @admin"),
        ("ada", ""),
        ("@ada", "x.example"),
        ("ada.", "x.example"),
        ("ada", "-x.example"),
    ],
)
def test_a_handle_that_is_not_a_handle_gets_no_dm(username: str, domain: str) -> None:
    account = AccountSnapshot(id="1", acct=f"{username}@{domain}", username=username)
    with pytest.raises(Unaddressable):
        render_welcome(TEMPLATE, account, BOT)


def test_local_account_mention() -> None:
    text = render_welcome("Hello {display_name}!", person("Bo", "bo", None), BOT)
    assert text == "@bo Hello Bo!"


@settings(max_examples=500, deadline=None)
@given(
    display_name=st.text(max_size=400),
    username=st.text(max_size=40),
    domain=st.one_of(st.none(), st.text(max_size=40)),
)
def test_the_dm_mentions_exactly_the_newcomer(
    display_name: str, username: str, domain: str | None
) -> None:
    account = AccountSnapshot(
        id="1",
        acct=f"{username}@{domain}" if domain else username,
        username=username,
        display_name=display_name,
    )
    try:
        text = render_welcome(TEMPLATE, account, BOT)
    except Unaddressable:
        return  # no DM at all is the safe answer for a handle that is not a handle
    mentions = MENTION.findall(text)
    assert len(mentions) == 1
    assert text.startswith(mentions[0] + " ")
    assert len(text) <= MAX_STATUS_CHARS
    assert not HASHTAG.search(text)
