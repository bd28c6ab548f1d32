"""Every mistake a user can make gets one line on stderr and the right exit status.

One table of broken inputs, each run through the real command line in-process: the
status (2: a person must fix something; 1: the command could not do its job), exactly
one line on stderr that names the problem and the fix, and no traceback anywhere.

Tests run as root, which ignores file modes; the rows about unwritable files run the
command as an unprivileged user (``seteuid``), so the kernel refuses for real.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli import WelcomebotGroup, cli
from bot.config import TOKEN_ENV
from bot.lock import InstanceLock
from bot.sandbox import Sandbox
from bot.store import ME_ID_KEY, Store
from tests.cli_support import Invoke, write_config

NOBODY = 65534
ANY_TOKEN = "some-token-123456"


@contextmanager
def as_another_user() -> Iterator[int]:
    """Act as an unprivileged user (root would ignore the file modes); yields the uid."""
    if os.geteuid() != 0:
        yield os.geteuid()
        return
    os.seteuid(NOBODY)
    try:
        yield NOBODY
    finally:
        os.seteuid(0)


@dataclass
class Workdir:
    """A directory every user may enter, with helpers to set up one broken case."""

    path: Path
    request: pytest.FixtureRequest
    keep: list[object] = field(default_factory=list)  # things to hold while the command runs

    @property
    def sandbox(self) -> Sandbox:
        sandbox: Sandbox = self.request.getfixturevalue("sandbox")
        return sandbox

    def config(self, url: str = "https://bot.example", **extra: object) -> str:
        return str(write_config(self.path, url, **extra))

    def file(self, name: str, content: bytes, mode: int = 0o644) -> Path:
        path = self.path / name
        path.write_bytes(content)
        path.chmod(mode)
        return path

    def database(self, name: str = "bot.sqlite3") -> Path:
        """A migrated database, as a previous run leaves it."""
        path = self.path / name
        Store.open(f"sqlite:///{path}").close()
        return path

    def data_dir(self, mode: int) -> Path:
        directory = self.path / "data"
        directory.mkdir()
        self.database(str(Path("data") / "bot.sqlite3"))
        directory.chmod(mode)
        return directory


@dataclass(frozen=True)
class Call:
    args: tuple[str, ...]
    token: str | None = None
    as_another_user: bool = False


@dataclass(frozen=True)
class Case:
    name: str
    arrange: Callable[[Workdir], Call]
    code: int
    line: str  # what stderr's one line starts with; {dir}, {uid} and {pid} are filled in


CASES: list[Case] = []


def case(code: int, line: str) -> Callable[[Callable[[Workdir], Call]], Callable[[Workdir], Call]]:
    def register(arrange: Callable[[Workdir], Call]) -> Callable[[Workdir], Call]:
        CASES.append(Case(arrange.__name__, arrange, code, line))
        return arrange

    return register


def call(*args: str, token: str | None = None, as_another_user: bool = False) -> Call:
    return Call(args, token, as_another_user)


ERROR = "welcomebot: error: "
OUR_NEWER_DATABASE = (
    ERROR + "storage.database: this database was written by welcomebot at revision 9999, "
    "newer than this one; install that version or restore a backup"
)
NOT_SQLITE = (
    ERROR + "storage.database: `postgres://` is not a SQLAlchemy URL we support; "
    "only SQLite is supported (sqlite:///path)"
)
UNWRITABLE_DIR = (
    ERROR + "storage.database: {dir}/data is not writable by uid {uid}, the user the bot runs "
    "as; give that user write access (chown or chmod) or choose another path"
)
READ_ONLY = (
    ERROR + "storage.database: the database is read-only (attempt to write a readonly "
    "database); the bot must write it: check the file's permissions and that its filesystem "
    "is mounted read-write"
)

# --------------------------------------------------------------------------- the config file


@case(2, ERROR + "{dir}/config.yaml: config file not found")
def missing_config(w: Workdir) -> Call:
    return call("once", "--config", str(w.path / "config.yaml"))


@case(
    2,
    ERROR + "{dir}/config.yaml: not valid YAML at line 2, column 1: tabs are not allowed here; "
    "indent with spaces",
)
def yaml_syntax_error(w: Workdir) -> Call:
    w.file("config.yaml", b"instance:\n\turl: https://bot.example\n")  # a tab
    return call("once", "--config", str(w.path / "config.yaml"))


def _latin1_config(w: Workdir) -> str:
    w.file("config.yaml", b"instance:\n  url: https://caf\xe9.example\n")
    return str(w.path / "config.yaml")


LATIN1 = ERROR + "{dir}/config.yaml: not UTF-8 text (byte 0xe9 on line 2); save the file as UTF-8"


@case(2, LATIN1)
def non_utf8_config_once(w: Workdir) -> Call:
    return call("once", "--config", _latin1_config(w))


@case(2, LATIN1)
def non_utf8_config_check_config(w: Workdir) -> Call:
    return call("check-config", "--config", _latin1_config(w))


@case(2, ERROR + "Invalid value for '--config' (env var: 'WELCOMEBOT_CONFIG'): File '{dir}' is a")
def config_is_a_directory(w: Workdir) -> Call:
    return call("once", "--config", str(w.path))


@case(2, ERROR + "the config file must be a YAML mapping of keys to values")
def config_not_a_mapping(w: Workdir) -> Call:
    w.file("config.yaml", b"- instance\n- url\n")
    return call("stats", "--config", str(w.path / "config.yaml"))


@case(2, ERROR + "instance: required key is missing")
def config_without_instance(w: Workdir) -> Call:
    w.file("config.yaml", b"storage: {database: bot.sqlite3}\n")
    return call("check-config", "--config", str(w.path / "config.yaml"))


@case(2, ERROR + "follow_bak: unknown key; did you mean follow_back?")
def unknown_key(w: Workdir) -> Call:
    return call("once", "--config", w.config(follow_bak={}), token=ANY_TOKEN)


@case(2, ERROR + "follow_back.delay: expected a duration like 90s, 5m, 1h or 7d, got 'soon'")
def bad_duration(w: Workdir) -> Call:
    return call("check-config", "--config", w.config(follow_back={"delay": "soon"}))


@case(2, ERROR + "schedule.poll_interval: expected at least 10s")
def poll_interval_too_short(w: Workdir) -> Call:
    return call("run", "--config", w.config(schedule={"poll_interval": 5}), token=ANY_TOKEN)


@case(2, ERROR + "welcome_dm.template: unknown placeholder {{name}}")
def bad_template_placeholder(w: Workdir) -> Call:
    return call("check-config", "--config", w.config(welcome_dm={"template": "Hi {name}!"}))


@case(2, ERROR + "metrics.port: expected a TCP port between 1 and 65535, got 70000")
def bad_metrics_port(w: Workdir) -> Call:
    return call("run", "--config", w.config(metrics={"port": 70000}), token=ANY_TOKEN)


@case(2, ERROR + "delay: unknown key at the top level; should it be indented under follow_back:?")
def section_not_indented(w: Workdir) -> Call:
    w.file("config.yaml", b"instance:\n  url: https://bot.example\nfollow_back:\ndelay: 1h\n")
    return call("check-config", "--offline", "--config", str(w.path / "config.yaml"))


@case(
    2,
    ERROR + "{dir}/config.yaml: not valid YAML at line 3, column 20: mapping values are not "
    "allowed here: is this line indented further than the one above it",
)
def line_indented_too_far(w: Workdir) -> Call:
    text = b"instance:\n  url: https://bot.example\n    request_timeout: 5s\n"
    w.file("config.yaml", text)
    return call("check-config", "--offline", "--config", str(w.path / "config.yaml"))


@case(2, ERROR + "logging.levl: unknown key; did you mean level?")
def misspelt_key_in_a_section(w: Workdir) -> Call:
    return call("check-config", "--offline", "--config", w.config(logging={"levl": "info"}))


@case(
    2,
    # (braces doubled: the expected line goes through str.format)
    ERROR + "welcome_dm.template: {{{{ display_name }}}} is Jinja's way of writing a "
    "placeholder, and would be sent as {{ display_name }}; write {{display_name}}",
)
def jinja_placeholder(w: Workdir) -> Call:
    config = w.config(welcome_dm={"template": "Hi {{ display_name }}!"})
    return call("check-config", "--offline", "--config", config)


@case(
    2,
    ERROR + "welcome_dm.template: the message can be 578 characters long with a 60-character "
    "name and the newcomer's mention, over the 500 a post may have; shorten it by 78 "
    "(nothing is ever cut)",
)
def template_too_long_for_a_post(w: Workdir) -> Call:
    config = w.config(welcome_dm={"template": "Hi {display_name}! " + "x" * 450})
    return call("once", "--config", config, token=ANY_TOKEN)


@case(
    0,
    "warning: instance.url: plain http:// to bot.example sends the access token unencrypted; "
    "use https://",
)
def plain_http_to_a_remote_server(w: Workdir) -> Call:
    return call("check-config", "--offline", "--config", w.config("http://bot.example"))


@case(
    0,
    "warning: instance.url: https://bot.example/@welcome looks like a profile's address; the "
    "server's URL is https://bot.example",
)
def a_profile_url_as_the_server(w: Workdir) -> Call:
    return call("check-config", "--offline", "--config", w.config("https://bot.example/@welcome"))


@case(
    0,
    "warning: {dir}/config.yaml line 3: instance is given twice (also on line 1); the later one "
    "wins and the earlier one is ignored",
)
def a_section_given_twice(w: Workdir) -> Call:
    text = b"instance:\n  url: https://a.example\ninstance:\n  url: https://bot.example\n"
    w.file("config.yaml", text)
    return call("check-config", "--offline", "--config", str(w.path / "config.yaml"))


# --------------------------------------------------------------------------- the token


@case(2, ERROR + "no access token: set WELCOMEBOT_ACCESS_TOKEN or instance.access_token_file")
def missing_token(w: Workdir) -> Call:
    return call("once", "--config", w.config())


@case(2, ERROR + "instance.access_token_file: {dir}/absent.token does not exist")
def token_file_missing(w: Workdir) -> Call:
    instance = {"url": "https://bot.example", "access_token_file": "absent.token"}
    return call("once", "--config", w.config(instance=instance))


@case(
    2,
    ERROR + "instance.access_token_file: cannot read a token from {dir}/bot.token "
    "(Permission denied)",
)
def token_file_unreadable(w: Workdir) -> Call:
    w.file("bot.token", b"secret-token-123456\n", mode=0o600)  # root's, and only root's
    instance = {"url": "https://bot.example", "access_token_file": "bot.token"}
    return call("once", "--config", w.config(instance=instance), as_another_user=True)


@case(
    2,
    ERROR + "instance.access_token_file: cannot read a token from {dir}/bot.token (Is a directory)",
)
def token_file_is_a_directory(w: Workdir) -> Call:
    (w.path / "bot.token").mkdir()
    instance = {"url": "https://bot.example", "access_token_file": "bot.token"}
    return call("once", "--config", w.config(instance=instance))


@case(2, ERROR + "instance.access_token_file: {dir}/bot.token does not hold a token")
def token_file_empty(w: Workdir) -> Call:
    w.file("bot.token", b"\n \n", mode=0o600)
    instance = {"url": "https://bot.example", "access_token_file": "bot.token"}
    return call("once", "--config", w.config(instance=instance))


@case(2, ERROR + "instance.access_token_file: {dir}/bot.token does not hold a token (not UTF-8")
def token_file_binary(w: Workdir) -> Call:
    w.file("bot.token", b"\xff\xfe\x00token", mode=0o600)
    instance = {"url": "https://bot.example", "access_token_file": "bot.token"}
    return call("once", "--config", w.config(instance=instance))


@case(
    0,
    "warning: instance.access_token_file: {dir}/bot.token is readable by other users "
    "(mode 644); run chmod 600 on it",
)
def token_file_world_readable(w: Workdir) -> Call:
    w.file("bot.token", b"secret-token-123456\n", mode=0o644)
    instance = {"url": "https://bot.example", "access_token_file": "bot.token"}
    return call("check-config", "--offline", "--config", w.config(instance=instance))


@case(
    0,
    "warning: instance.access_token_file: {dir}/bot.token is not used, because "
    "WELCOMEBOT_ACCESS_TOKEN is set and wins; unset the variable to use the file",
)
def token_in_both_places(w: Workdir) -> Call:
    w.file("bot.token", b"secret-token-123456\n", mode=0o644)  # not read: no mode warning
    instance = {"url": "https://bot.example", "access_token_file": "bot.token"}
    config = w.config(instance=instance)
    return call("check-config", "--offline", "--config", config, token=ANY_TOKEN)


@case(
    2,
    ERROR + "the server rejected the access token (401) from WELCOMEBOT_ACCESS_TOKEN: "
    "set it to a valid token (`welcomebot login` makes one)",
)
def rejected_token_from_the_environment(w: Workdir) -> Call:
    return call("once", "--config", w.config(w.sandbox.url), token="not-the-token-xyz")


@case(
    2,
    ERROR + "the server rejected the access token (401) from instance.access_token_file "
    "{dir}/bot.token: put a valid token in that file (`welcomebot login` makes one)",
)
def rejected_token_from_the_file(w: Workdir) -> Call:
    w.file("bot.token", b"not-the-token-xyz\n", mode=0o600)
    instance = {"url": w.sandbox.url, "access_token_file": "bot.token"}
    return call("once", "--config", w.config(w.sandbox.url, instance=instance))


@case(
    2,
    ERROR + "the server rejected the access token (401) from WELCOMEBOT_ACCESS_TOKEN "
    "(used instead of instance.access_token_file {dir}/bot.token): fix the variable, "
    "or unset it to use the file",
)
def rejected_token_from_the_environment_over_a_file(w: Workdir) -> Call:
    w.file("bot.token", w.sandbox.token.encode() + b"\n", mode=0o600)
    instance = {"url": w.sandbox.url, "access_token_file": "bot.token"}
    config = w.config(w.sandbox.url, instance=instance)
    return call("explain", "@newbie", "--config", config, token="not-the-token-xyz")


@case(2, ERROR + "the server rejected the access token (401) from WELCOMEBOT_ACCESS_TOKEN")
def rejected_token_in_explain(w: Workdir) -> Call:
    config = w.config(w.sandbox.url)
    return call("explain", "@newbie", "--config", config, token="not-the-token-xyz")


@case(1, ERROR + "instance.url: cannot reach http://127.0.0.1:9 now")
def unreachable_server_once(w: Workdir) -> Call:
    return call("once", "--config", w.config("http://127.0.0.1:9"), token=ANY_TOKEN)


@case(1, ERROR + "instance.url: cannot reach http://127.0.0.1:9 now")
def unreachable_server_check_config(w: Workdir) -> Call:
    return call("check-config", "--config", w.config("http://127.0.0.1:9"), token=ANY_TOKEN)


# --------------------------------------------------------------------------- the database


@case(2, ERROR + "storage.database: directory {dir}/nowhere does not exist")
def database_directory_missing(w: Workdir) -> Call:
    config = w.config(storage={"database": str(w.path / "nowhere" / "bot.sqlite3")})
    return call("once", "--config", config, token=ANY_TOKEN)


@case(2, ERROR + "storage.database: {dir}/a-file is a file, not a directory")
def database_under_a_file(w: Workdir) -> Call:
    w.file("a-file", b"")
    config = w.config(storage={"database": "a-file/bot.sqlite3"})
    return call("check-config", "--offline", "--config", config)


@case(2, NOT_SQLITE)
def postgres_in_once(w: Workdir) -> Call:
    config = w.config(storage={"database": "postgres://bot:pw@db.example/welcomebot"})
    return call("once", "--config", config, token=ANY_TOKEN)


@case(2, NOT_SQLITE)
def postgres_in_check_config(w: Workdir) -> Call:
    config = w.config(storage={"database": "postgres://bot:pw@db.example/welcomebot"})
    return call("check-config", "--offline", "--config", config)


@case(2, NOT_SQLITE)
def postgres_in_stats(w: Workdir) -> Call:
    return call("stats", "--config", w.config(storage={"database": "postgres://db/welcomebot"}))


@case(2, NOT_SQLITE)
def postgres_in_migrate(w: Workdir) -> Call:
    return call("migrate", "--config", w.config(storage={"database": "postgres://db/x"}))


def _in_data_dir(w: Workdir, mode: int) -> str:
    w.data_dir(mode)
    return w.config(storage={"database": "data/bot.sqlite3"})


@case(2, UNWRITABLE_DIR)
def unwritable_directory_once(w: Workdir) -> Call:
    config = _in_data_dir(w, 0o555)
    return call("once", "--config", config, token=ANY_TOKEN, as_another_user=True)


@case(2, UNWRITABLE_DIR)
def unwritable_directory_run(w: Workdir) -> Call:
    config = _in_data_dir(w, 0o555)
    return call("run", "--config", config, token=ANY_TOKEN, as_another_user=True)


@case(2, UNWRITABLE_DIR)
def unwritable_directory_stats(w: Workdir) -> Call:
    return call("stats", "--config", _in_data_dir(w, 0o555), as_another_user=True)


@case(2, UNWRITABLE_DIR)
def unwritable_directory_migrate(w: Workdir) -> Call:
    (w.path / "data").mkdir(mode=0o555)
    (w.path / "data").chmod(0o555)
    config = w.config(storage={"database": "data/bot.sqlite3"})
    return call("migrate", "--config", config, as_another_user=True)


def _root_owned_lock(w: Workdir) -> str:
    config = _in_data_dir(w, 0o777)
    (w.path / "data" / "bot.sqlite3").chmod(0o666)
    w.file("data/bot.sqlite3.lock", b"", mode=0o600)  # left by a run as root
    return config


LOCK_FILE = (
    ERROR + "storage.database: {dir}/data/bot.sqlite3.lock is not writable by uid {uid}, the "
    "user the bot runs as (needed for the lock file bot.sqlite3.lock); give that user write "
    "access (chown or chmod) or choose another path"
)


@case(2, LOCK_FILE)
def lock_file_of_another_user_once(w: Workdir) -> Call:
    config = _root_owned_lock(w)
    return call("once", "--config", config, token=ANY_TOKEN, as_another_user=True)


@case(2, LOCK_FILE)
def lock_file_of_another_user_run(w: Workdir) -> Call:
    config = _root_owned_lock(w)
    return call("run", "--config", config, token=ANY_TOKEN, as_another_user=True)


@case(
    2,
    ERROR + "storage.database: {dir}/data/bot.sqlite3 is not writable by uid {uid}, the user "
    "the bot runs as; give that user write access",
)
def database_file_of_another_user(w: Workdir) -> Call:
    config = _in_data_dir(w, 0o777)
    (w.path / "data" / "bot.sqlite3").chmod(0o644)
    return call("history", "--config", config, as_another_user=True)


def _read_only_database(w: Workdir) -> str:
    path = w.database()
    return w.config(storage={"database": f"sqlite:///file:{path}?mode=ro&uri=true"})


@case(2, READ_ONLY)
def read_only_database_once(w: Workdir) -> Call:
    return call("once", "--config", _read_only_database(w), token=ANY_TOKEN)


@case(2, READ_ONLY)
def read_only_database_stats(w: Workdir) -> Call:
    return call("stats", "--config", _read_only_database(w))


def _newer_database(w: Workdir) -> str:
    with sqlite3.connect(w.database()) as conn:
        conn.execute("update alembic_version set version_num = '9999'")
    return w.config()


@case(2, OUR_NEWER_DATABASE)
def newer_database_migrate(w: Workdir) -> Call:
    return call("migrate", "--config", _newer_database(w))


@case(2, OUR_NEWER_DATABASE)
def newer_database_once(w: Workdir) -> Call:
    return call("once", "--config", _newer_database(w), token=ANY_TOKEN)


@case(2, OUR_NEWER_DATABASE)
def newer_database_stats(w: Workdir) -> Call:
    return call("stats", "--config", _newer_database(w))


@case(2, ERROR + "storage.database: cannot open or migrate the database (file is not a database)")
def not_a_database(w: Workdir) -> Call:
    w.file("bot.sqlite3", b"this is not a database" * 100)
    return call("once", "--config", w.config(), token=ANY_TOKEN)


@case(
    2,
    ERROR + "storage.database: another welcomebot (pid {pid}) is already running on this "
    "database; stop it first",
)
def another_bot_holds_the_database(w: Workdir) -> Call:
    w.database()
    w.keep.append(InstanceLock(w.path / "bot.sqlite3.lock").acquire())
    return call("once", "--config", w.config(), token=ANY_TOKEN)


@case(2, ERROR + "metrics.port: cannot listen on 127.0.0.1:")
def metrics_port_taken(w: Workdir) -> Call:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    w.keep.append(taken)
    config = w.config(w.sandbox.url, metrics={"port": taken.getsockname()[1]})
    return call("run", "--config", config, token=w.sandbox.token)


# --------------------------------------------------------------------------- options


A_DATE = "a date such as 2026-11-01 (a time may follow) or an age such as 7d or 12h"


@case(2, ERROR + f"--since: expected {A_DATE}, got 'last tuesday'")
def bad_since(w: Workdir) -> Call:
    return call("history", "--config", w.config(), "--since", "last tuesday")


@case(2, ERROR + f"--until: expected {A_DATE}, got '31/12/2026'")
def bad_until(w: Workdir) -> Call:
    return call("history", "--config", w.config(), "--until", "31/12/2026")


@case(2, ERROR + f"--since: expected {A_DATE}, got 'soon'")
def bad_since_in_stats(w: Workdir) -> Call:
    return call("stats", "--config", w.config(), "--since", "soon")


@case(2, ERROR + "--now: expected an ISO 8601 time, got 'noon'")
def bad_now(w: Workdir) -> Call:
    return call("replay", "--config", w.config(), "--now", "noon")


@case(2, ERROR + "--max-age: expected a duration like 90s, 5m, 1h or 7d, got 'a while'")
def bad_max_age(w: Workdir) -> Call:
    return call("health", "--config", w.config(), "--max-age", "a while")


@case(2, ERROR + "Invalid value for '--limit': 0 is not in the range 1<=x<=100000. (see ")
def limit_out_of_range(w: Workdir) -> Call:
    return call("history", "--config", w.config(), "--limit", "0")


@case(2, ERROR + "Invalid value for '--outcome': 'maybe' is not one of ")
def unknown_outcome(w: Workdir) -> Call:
    return call("history", "--config", w.config(), "--outcome", "maybe")


@case(2, ERROR + "No such command 'onse'. Did you mean 'once'? (see `welcomebot --help`)")
def unknown_command(w: Workdir) -> Call:
    return call("onse")


@case(2, ERROR + "No such option '--dryrun'. Did you mean '--dry-run'? (see `welcomebot once --")
def unknown_option(w: Workdir) -> Call:
    return call("once", "--dryrun")


@case(2, ERROR + "Missing argument 'ACCT'. (see `welcomebot review approve --help`)")
def missing_argument(w: Workdir) -> Call:
    return call("review", "approve")


@case(2, ERROR + "give either @user@host or --account-json FILE")
def explain_without_an_account(w: Workdir) -> Call:
    return call("explain")


@case(2, ERROR + "{dir}/account.json: not readable JSON (JSONDecodeError)")
def account_json_not_json(w: Workdir) -> Call:
    w.file("account.json", b"{not json")
    return call("explain", "--account-json", str(w.path / "account.json"))


@case(2, ERROR + "--account-json: account JSON has no usable id")
def account_json_not_an_account(w: Workdir) -> Call:
    w.file("account.json", b'{"username": "x"}')
    return call("explain", "--account-json", str(w.path / "account.json"))


@case(2, ERROR + "--statuses-json: expected a JSON list of statuses")
def statuses_json_not_a_list(w: Workdir) -> Call:
    w.file("account.json", b'{"id": "1", "username": "x", "acct": "x@y.example"}')
    w.file("statuses.json", b'{"id": "1"}')
    account, statuses = str(w.path / "account.json"), str(w.path / "statuses.json")
    return call("explain", "--account-json", account, "--statuses-json", statuses)


@case(2, ERROR + "--instance: expected an http(s) URL such as https://mastodon.example")
def login_to_a_bad_url(w: Workdir) -> Call:
    return call("login", "--instance", "mastodon.example")


@case(1, ERROR + "{dir}/bot.token exists already; move it away first")
def login_over_an_existing_token(w: Workdir) -> Call:
    w.file("bot.token", b"old-token-123456\n", mode=0o600)
    token_file = str(w.path / "bot.token")
    return call("login", "--instance", "https://bot.example", "--token-file", token_file)


@case(2, ERROR + "scenario 'no-such-scenario': ")
def demo_of_an_unknown_scenario(w: Workdir) -> Call:
    return call("demo", "--scenario", "no-such-scenario")


@case(1, ERROR + "{dir}/config.yaml exists already; move it away, or give --force")
def init_over_an_existing_config(w: Workdir) -> Call:
    config = w.config()
    return call("init", "--config", config, "--url", "https://bot.example", "--no-login")


@case(2, ERROR + "--url: expected an http(s) URL such as https://mastodon.example, got 'bot'")
def init_with_a_bad_url(w: Workdir) -> Call:
    return call("init", "--config", str(w.path / "new.yaml"), "--url", "bot", "--no-login")


@case(
    2,
    ERROR + "--lang fr: welcome_dm.templates has no fr (it has: de); followers who write in it "
    "get the default template",
)
def preview_in_a_language_without_a_template(w: Workdir) -> Call:
    config = w.config(welcome_dm={"templates": {"de": "Hallo {display_name}!"}})
    return call("preview", "--offline", "--lang", "fr", "--config", config)


@case(2, ERROR + "digest.to: not set, so no digest is sent; set it to your handle")
def preview_the_digest_without_an_owner(w: Workdir) -> Call:
    return call("preview", "--offline", "--digest", "--config", w.config())


@case(1, ERROR + "no follower @ghost@nowhere.example in the database")
def welcomed_an_unknown_follower(w: Workdir) -> Call:
    w.database()
    return call("welcomed", "--config", w.config(), "--acct", "@ghost@nowhere.example")


# --------------------------------------------------------------------------- owner's tools


@case(2, ERROR + "the bot has not run against its server yet: run `welcomebot once` first")
def review_before_the_first_run(w: Workdir) -> Call:
    return call("review", "--config", w.config(), "approve", "@someone@x.example")


@case(1, ERROR + "no follower @ghost@nowhere.example in the database")
def review_an_unknown_account(w: Workdir) -> Call:
    store = Store.open(f"sqlite:///{w.path / 'bot.sqlite3'}")
    store.set_state(ME_ID_KEY, "1")
    store.close()
    return call("review", "--config", w.config(), "approve", "@ghost@nowhere.example")


@case(
    1,
    ERROR + "rssbot@botsin.space is flagged as a bot or a group; approve with --force if you "
    "are sure",
)
def review_approve_a_bot(w: Workdir) -> Call:
    config = w.config(w.sandbox.url)
    CliRunner().invoke(cli, ["once", "--config", config], env={TOKEN_ENV: w.sandbox.token})
    return call("review", "--config", config, "approve", "@rssbot@botsin.space")


@case(1, ERROR + "cannot look up @ghost@nowhere.example: ")
def explain_an_unknown_account(w: Workdir) -> Call:
    config = w.config(w.sandbox.url)
    return call("explain", "@ghost@nowhere.example", "--config", config, token=w.sandbox.token)


@case(1, ERROR + "cannot find @ghost@nowhere.example: ")
def do_not_contact_an_unknown_account(w: Workdir) -> Call:
    config = w.config(w.sandbox.url)
    args = ("do-not-contact", "add", "@ghost@nowhere.example", "--config", config)
    return call(*args, token=w.sandbox.token)


# --------------------------------------------------------------------------- the test


@pytest.fixture
def workdir(request: pytest.FixtureRequest) -> Iterator[Workdir]:
    # Not tmp_path: pytest makes that private to root, and some rows run as another user.
    path = Path(tempfile.mkdtemp(prefix="welcomebot-cli-"))
    path.chmod(0o755)
    w = Workdir(path, request)
    yield w
    for held in w.keep:
        if isinstance(held, InstanceLock):
            held.release()
        elif isinstance(held, socket.socket):
            held.close()
    shutil.rmtree(path)


@pytest.mark.parametrize("broken", CASES, ids=[c.name for c in CASES])
def test_every_mistake_gets_one_line(broken: Case, workdir: Workdir, welcomebot: Invoke) -> None:
    planned = broken.arrange(workdir)
    if planned.as_another_user:
        with as_another_user() as uid:
            result = welcomebot(*planned.args, token=planned.token)
    else:
        uid = os.geteuid()
        result = welcomebot(*planned.args, token=planned.token)
    expected = broken.line.format(dir=workdir.path, uid=uid, pid=os.getpid())
    assert result.exit_code == broken.code, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected), lines[0]


def test_the_mistakes_leave_no_database_behind(workdir: Workdir, welcomebot: Invoke) -> None:
    """Refused at the start: nothing is created, nothing is sent."""
    for config in (
        workdir.config(follow_back={"delay": "soon"}),
        workdir.config(storage={"database": "postgres://db/x"}),
    ):
        assert welcomebot("once", "--config", config, token=ANY_TOKEN).exit_code == 2
    assert welcomebot("once", "--config", workdir.config()).exit_code == 2  # no token
    assert list(workdir.path.glob("bot.sqlite3*")) == []


# --------------------------------------------------------------------------- the one mapping


def _group_with(command: click.Command) -> WelcomebotGroup:
    group = WelcomebotGroup("welcomebot")
    group.add_command(command)
    return group


@click.command()
def crash() -> None:
    raise RuntimeError("something nobody expected")


def test_an_unexpected_error_is_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(_group_with(crash), ["crash"], env={"WELCOMEBOT_DEBUG": None})
    assert result.exit_code == 1
    assert result.stderr == (
        "welcomebot: error: unexpected RuntimeError: something nobody expected "
        "(WELCOMEBOT_DEBUG=1 shows the traceback)\n"
    )
    assert "Traceback" not in result.output


def test_welcomebot_debug_lets_the_traceback_through() -> None:
    result = CliRunner().invoke(_group_with(crash), ["crash"], env={"WELCOMEBOT_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)
    assert result.stderr == ""
