"""Config loading: every mistake is one clear line that names the key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import (
    ConfigError,
    TokenSource,
    check_template,
    config_from_mapping,
    describe_token_source,
    load_config,
    parse_duration,
    read_access_token,
    token_file_warning,
)

REPO = Path(__file__).resolve().parents[2]
MINIMAL = {"instance": {"url": "https://social.example"}}


def test_shipped_config_is_valid_and_matches_the_defaults() -> None:
    config = load_config(REPO / "config.yaml")
    defaults = config_from_mapping(MINIMAL)
    assert config.schedule.poll_interval == timedelta(minutes=5)
    assert config.follow_back == defaults.follow_back
    assert config.opt_out.all_tags == defaults.opt_out.all_tags
    assert config.newcomer == defaults.newcomer
    assert config.opt_out == defaults.opt_out
    assert config.rules == defaults.rules
    assert config.allow == defaults.allow and config.deny == defaults.deny
    assert config.dry_run is False
    assert config.metrics == defaults.metrics
    assert config.metrics.port is None and config.metrics.host == "127.0.0.1"


def test_metrics_port_and_host() -> None:
    config = config_from_mapping({**MINIMAL, "metrics": {"port": "9464", "host": " 0.0.0.0 "}})
    assert config.metrics.port == 9464
    assert config.metrics.host == "0.0.0.0"
    assert config_from_mapping({**MINIMAL, "metrics": {"host": "::1"}}).metrics.host == "::1"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0s", 0),
        ("90s", 90),
        ("5m", 300),
        ("1h30m", 5400),
        ("7d", 604800),
        ("2w", 1209600),
        (" 1H ", 3600),
        (45, 45),
        ("120", 120),
    ],
)
def test_durations(text: object, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("bad", ["", "5 minutes", "m5", "5x", "-5m", -3, True, "1h-2m", None])
def test_bad_durations_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "instance: required key is missing"),
        ({"instance": {"url": "mastodon.example"}}, "instance.url: expected an http(s) URL"),
        ({**MINIMAL, "follow_bak": {}}, "follow_bak: unknown key"),
        ({**MINIMAL, "follow_back": {"enabeld": True}}, "follow_back.enabeld: unknown key"),
        ({**MINIMAL, "follow_back": {"delay": "soon"}}, "follow_back.delay: expected a duration"),
        ({**MINIMAL, "follow_back": {"who": "everyone"}}, "follow_back.who: expected"),
        ({**MINIMAL, "follow_back": {"enabled": "maybe"}}, "follow_back.enabled:"),
        (
            {**MINIMAL, "schedule": {"poll_interval": "1s"}},
            "schedule.poll_interval: expected at least",
        ),
        ({**MINIMAL, "newcomer": {"max_followers": -1}}, "newcomer.max_followers:"),
        (
            {**MINIMAL, "welcome_dm": {"template": "hi @admin"}},
            "welcome_dm.template: the template must not",
        ),
        (
            {**MINIMAL, "welcome_dm": {"template": "hi {name}"}},
            "welcome_dm.template: unknown placeholder",
        ),
        (
            {**MINIMAL, "welcome_dm": {"template": "{acct.__class__}"}},
            "welcome_dm.template: unknown",
        ),
        ({**MINIMAL, "opt_out": {"extra_tags": ["no bots"]}}, "opt_out.extra_tags:"),
        ({**MINIMAL, "dry_run": "yes please"}, "dry_run:"),
        ({**MINIMAL, "metrics": {"port": 0}}, "metrics.port: expected a TCP port between 1"),
        ({**MINIMAL, "metrics": {"port": 70000}}, "metrics.port: expected a TCP port"),
        ({**MINIMAL, "metrics": {"port": "http"}}, "metrics.port: expected a TCP port"),
        ({**MINIMAL, "metrics": {"port": True}}, "metrics.port: expected a TCP port"),
        ({**MINIMAL, "metrics": {"host": "http://0.0.0.0"}}, "metrics.host: expected an address"),
        ({**MINIMAL, "metrics": {"prot": 9464}}, "metrics.prot: unknown key"),
        ([1, 2], "the config file must be a YAML mapping"),
    ],
)
def test_mistakes_name_the_key(data: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_mapping(data)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("instance: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_config(bad)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"instance:\n  url: https://a.example\n# caf\xe9\n")
    with pytest.raises(ConfigError) as caught:
        load_config(latin1)
    assert str(caught.value) == (
        f"{latin1}: not UTF-8 text (byte 0xe9 on line 3); save the file as UTF-8"
    )


def test_database_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "config.yaml"
    path.parent.mkdir()
    path.write_text("instance: {url: 'https://a.example'}\nstorage: {database: data/bot.db}\n")
    config = load_config(path)
    assert config.database_url() == f"sqlite:///{tmp_path / 'conf' / 'data' / 'bot.db'}"
    url = config_from_mapping({**MINIMAL, "storage": {"database": "sqlite:////x/y.db"}})
    assert url.database_url() == "sqlite:////x/y.db"


def test_token_from_env_wins_then_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("file-token-123456\n")
    token_file.chmod(0o600)
    config = config_from_mapping(
        {"instance": {"url": "https://a.example", "access_token_file": "token"}}, base_dir=tmp_path
    )
    env = {"WELCOMEBOT_ACCESS_TOKEN": "env-token-abcdef"}
    from_env = read_access_token(config, env=env)
    assert (from_env.value, from_env.source) == ("env-token-abcdef", TokenSource.ENVIRONMENT)
    assert from_env.unused_file == token_file
    from_file = read_access_token(config, env={})
    assert (from_file.value, from_file.source) == ("file-token-123456", TokenSource.FILE)
    assert from_file.file == token_file
    assert token_file_warning(config, env={}) is None
    token_file.chmod(0o644)
    warning = token_file_warning(config, env={})
    assert warning is not None and "readable by other users" in warning
    assert "file-token" not in warning
    # The environment wins: the warning is about that, not the mode of a file not read.
    unused = token_file_warning(config, env=env)
    assert unused is not None and "is not used, because WELCOMEBOT_ACCESS_TOKEN is set" in unused
    assert "readable" not in unused


def test_every_message_about_the_token_names_its_source(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("file-token-123456\n")
    config = config_from_mapping(
        {"instance": {"url": "https://a.example", "access_token_file": "token"}}, base_dir=tmp_path
    )
    env = {"WELCOMEBOT_ACCESS_TOKEN": "env-token-abcdef"}
    file_message = read_access_token(config, env={}).rejected("401")
    assert file_message == (
        f"the server rejected the access token (401) from instance.access_token_file "
        f"{token_file}: put a valid token in that file (`welcomebot login` makes one)"
    )
    both = read_access_token(config, env=env).rejected("401")
    assert both.startswith("the server rejected the access token (401) from WELCOMEBOT_ACCESS_")
    assert f"used instead of instance.access_token_file {token_file}" in both
    assert "unset it to use the file" in both
    only_env = config_from_mapping({"instance": {"url": "https://a.example"}})
    assert "from WELCOMEBOT_ACCESS_TOKEN: set it" in read_access_token(only_env, env=env).rejected(
        "401"
    )
    assert describe_token_source(config, env={}) == f"instance.access_token_file {token_file}"
    assert describe_token_source(config, env=env).startswith("WELCOMEBOT_ACCESS_TOKEN (used ")
    assert describe_token_source(only_env, env={}) == "WELCOMEBOT_ACCESS_TOKEN"
    for token in (read_access_token(config, env={}), read_access_token(config, env=env)):
        assert token.value not in repr(token) and token.value not in token.rejected("401")


def test_missing_token_is_a_clear_error(tmp_path: Path) -> None:
    config = config_from_mapping(MINIMAL, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="no access token: set WELCOMEBOT_ACCESS_TOKEN"):
        read_access_token(config, env={})
    config = config_from_mapping(
        {"instance": {"url": "https://a.example", "access_token_file": "missing"}},
        base_dir=tmp_path,
    )
    with pytest.raises(ConfigError, match="instance.access_token_file: .* does not exist"):
        read_access_token(config, env={})
    (tmp_path / "empty").write_text("\n")
    config = config_from_mapping(
        {"instance": {"url": "https://a.example", "access_token_file": "empty"}}, base_dir=tmp_path
    )
    with pytest.raises(ConfigError, match="instance.access_token_file"):
        read_access_token(config, env={})


@pytest.mark.parametrize(
    "template",
    [
        "Welcome {display_name}!",
        "Hi {username} from {instance}. Email me: me at example dot org",
        "Use {{braces}} like this, {acct}",
        "({display_name}), welcome! {display_name}'s first days: ask {bot_display_name}.",
        "Hi {display_name}: a person reads this. Write to me at me@example.org",
        "Hallo {display_name},\nwillkommen… «{display_name}»!",
        "#fediverse tips from {bot_display_name}",  # the owner's own hashtag, not profile text
    ],
)
def test_good_templates(template: str) -> None:
    assert check_template(template) == template


@pytest.mark.parametrize(
    "template",
    [
        "",
        "   ",
        "hi @bob@evil.example",
        "ping @admin",
        "{0}",
        "{display_name!r}",
        "{display_name:>10}",
        "unclosed {",
        "x" * 4001,
        "hi ＠admin",  # fullwidth
        "hi ﹫admin",  # small commercial at: NFKC makes it @
        "hi @\u200badmin",  # a zero-width space between @ and the name
    ],
)
def test_bad_templates(template: str) -> None:
    with pytest.raises(ValueError):
        check_template(template)


@pytest.mark.parametrize(
    "template",
    [
        "Hi @{display_name}!",  # issue 17: the DM mentioned whoever the name named
        "Hi @{username}, welcome",
        "Hi ＠{display_name}",
        "Hi ﹫{display_name}",
        "Hi @\u200d{display_name}",
        "Hi @\u2060{username}",
        "Hi #{display_name}",
        "Hi ＃{username}",
        "Hi {display_name}@admin",
        "Hi x{display_name}@admin",  # "@admin" is a mention once a name ends in a symbol
        "Hi {username}@{instance}",
        "see https://example.org/{username}",
        "see example.org/{acct}",
        "chat: xmpp:{acct}",
        "mail mailto:{acct}",
        "go to ｈｔｔｐｓ：／／{instance}",
        "Hi :{display_name}: welcome",  # an emoji shortcode made of profile text
        "Hi {username}.{instance}",
        "Hi {username}{instance}",
        "Hi {display_name}/{bot_display_name}",
    ],
)
def test_a_placeholder_that_could_mention_tag_or_link_is_refused(template: str) -> None:
    with pytest.raises(ValueError, match="touches @ or #|inside a word|must not @-mention"):
        check_template(template)


BAD = "Hi @{display_name}!"


@pytest.mark.parametrize(
    ("welcome_dm", "key"),
    [
        ({"template": BAD}, "welcome_dm.template"),
        ({"templates": {"en": "Hi {display_name}", "de": BAD}}, "welcome_dm.templates"),
        ({"acknowledgement": BAD}, "welcome_dm.acknowledgement"),
    ],
)
def test_every_template_is_checked_at_load_time(welcome_dm: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_mapping({**MINIMAL, "welcome_dm": welcome_dm})
    message = str(caught.value)
    assert message.startswith(f"{key}: ") and "{display_name} touches @ or #" in message
    assert "\n" not in message
