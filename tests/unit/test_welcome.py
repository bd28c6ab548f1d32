"""The welcome DM: hostile profile text never mentions, tags or links anyone."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import AccountSnapshot
from bot.text import strip_invisible
from bot.welcome import (
    MAX_NAME_CHARS,
    MAX_STATUS_CHARS,
    BotIdentity,
    Unaddressable,
    WouldMentionOthers,
    count_foreign_mentions,
    mentions_in,
    render_welcome,
    sanitize_name,
)

BOT = BotIdentity(acct="welcome", display_name="Welcome bot", instance="bot.example")
TEMPLATE = "Hi {display_name} ({acct}, {username} on {instance}), welcome! — {bot_display_name}"
# Mastodon's rule, roughly: an @ not preceded by a word character, '/' or '='.
MENTION = re.compile(r"(?<![\w/=])@[\w.-]+(?:@[\w.-]+)?")
HASHTAG = re.compile(r"(?<![\w/&])#\w")


def person(
    display_name: str, username: str = "ada", domain: str | None = "social.example"
) -> AccountSnapshot:
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


def lenient(text: str) -> str:
    """The text as the most lenient server or client might read it."""
    return unicodedata.normalize("NFKC", strip_invisible(text))


LINK = re.compile(r"[a-z][a-z0-9+.-]*:|www\.|\b[\w-]+\.[^\W\d_]{2,}\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "name",
    [
        "Ada \ufe6badmin",  # small commercial at
        "Ada @\u200dadmin",  # a zero-width joiner between @ and the name
        "Ada @\u2060admin@evil.example",  # word joiner
        "ａｄｍｉｎ＠ｅｖｉｌ．ｅｘａｍｐｌｅ",  # fullwidth all the way: NFKC gives admin@evil.example
        "ｈｔｔｐｓ：／／ｅｖｉｌ．ｅｘａｍｐｌｅ/x",
        "evil⒈com",  # NFKC: evil1.com
        "xmpp:admin@evil.example",
        "visit пример.рф or xn--e1afmkfd.xn--p1ai",
        "Ada\u2028@admin",  # a line separator
        "Ada\x85\x1c#nobot",
    ],
)
def test_names_that_normalise_into_mentions_links_or_lines(name: str) -> None:
    text = render_welcome(TEMPLATE, person(name), BOT)
    plain = lenient(text)
    assert mentions_in(text) == ["ada@social.example"]
    assert MENTION.findall(plain) == ["@ada@social.example"]
    assert not HASHTAG.search(plain)
    assert not LINK.search(plain.replace("social.example", "")), plain
    assert "\n" not in text and "\u2028" not in text


def test_the_bots_own_acct_cannot_smuggle_a_mention() -> None:
    bot = BotIdentity(acct="welcome\n@admin", display_name="@admin", instance="bot.example")
    text = render_welcome(
        "Hi {display_name}, from {bot_acct} ({bot_display_name})", person("Ada"), bot
    )
    assert mentions_in(text) == ["ada@social.example"]
    assert "\n" not in text


@pytest.mark.parametrize(
    "template",
    [
        "Hi @{username}",  # the bare username on the bot's server is someone else
        "Hi {display_name}@admin",
        "Hi ＠admin",
    ],
)
def test_a_template_that_slipped_past_the_check_still_mentions_no_one_else(template: str) -> None:
    with pytest.raises(WouldMentionOthers):
        render_welcome(template, person("Ada."), BOT)


def test_the_newcomers_own_mention_is_not_foreign() -> None:
    local = AccountSnapshot(id="1", acct="bo", username="bo", display_name="Bo")
    assert render_welcome("Hi {display_name}, @{username}", local, BOT).startswith("@bo Hi Bo")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ({"id": "9", "mentions": [{"id": "1", "acct": "ada@x.example"}]}, 0),
        ({"id": "9", "mentions": [{"id": "1"}, {"id": "2", "acct": "admin"}]}, 1),
        ({"id": "9", "mentions": [{"id": "2"}, {"id": "2"}, {"id": 3}]}, 2),
        ({"id": "9", "mentions": [{"id": "1"}, {"acct": "who"}, "junk", {"id": ""}]}, 3),
        ({"id": "9", "mentions": [{"id": 1}]}, 0),
        ({"id": "9", "mentions": []}, 0),
        ({"id": "9"}, 0),
        ({"id": "9", "mentions": "1"}, 0),
        (None, 0),
        (["junk"], 0),
    ],
)
def test_count_foreign_mentions(status: object, expected: int) -> None:
    assert count_foreign_mentions(status, "1") == expected


@settings(max_examples=500, deadline=None)
@given(display_name=st.text(max_size=400), bot_name=st.text(max_size=60))
def test_no_name_can_become_a_mention_a_tag_a_link_or_a_line(
    display_name: str, bot_name: str
) -> None:
    bot = BotIdentity(acct="welcome", display_name=bot_name, instance="bot.example")
    text = render_welcome(TEMPLATE, person(display_name), bot)
    plain = lenient(text)
    assert MENTION.findall(plain) == ["@ada@social.example"]
    assert not HASHTAG.search(plain)
    assert "://" not in plain and "\n" not in text
