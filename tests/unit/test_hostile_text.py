"""Hostile text from the server: safe to store, never able to stop the cycle, inert on a terminal.

Issue 17: one display name holding a lone UTF-16 surrogate made every cycle crash in
``record_batch``; ESC sequences in an ``acct`` reached the owner's terminal through
``explain``'s tables.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.cli import WelcomebotGroup, cli
from bot.config import config_from_mapping
from bot.errors import SetupError
from bot.gateway import MastodonGateway, plain_json
from bot.judge import RULES_VERSION, Policy, judge
from bot.logs import JsonFormatter, TextFormatter
from bot.model import (
    MAX_JSON_DEPTH,
    FollowEvent,
    Outcome,
    account_from_json,
    judge_error_decision,
    parse_datetime,
    relationship_from_json,
    safe_json,
    status_from_json,
)
from bot.outbox import Judgement, Kind, PlannedAction
from bot.report import print_explanation, print_history, print_overview, print_reviews
from bot.store import CURSOR_KEY, Store
from bot.text import html_to_text, safe_text, terminal_safe
from bot.welcome import BotIdentity, Unaddressable, render_welcome

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POLICY = Policy.from_config(config_from_mapping({"instance": {"url": "https://bot.example"}}))
BOT = BotIdentity(acct="welcome", display_name="Welcome bot", instance="bot.example")
#: What must never reach a terminal raw: ESC, BEL, CR, a C1 CSI, bidi overrides and
#: isolates, a line separator, a lone surrogate.
TERMINAL_HAZARDS = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2066", "\u2028", "\ud800")
HOSTILE_ACCT = "evil\x1b[2J\x1b]0;owned\x07\x9b31m\u202egnp.\u2066x@bad.example"


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def judged(raw: dict[str, Any], *, plan: tuple[PlannedAction, ...] = ()) -> Judgement:
    """What the cycle does with one follow notification's account, as the gateway hands it."""
    kept = plain_json(raw)
    account = account_from_json(kept)
    decision = judge(account, None, None, POLICY, NOW)
    event = FollowEvent("n" + account.id, "follow", account, account_json=kept)
    return Judgement(event, decision, plan)


# --------------------------------------------------------------------------- safe to store


def test_safe_text_replaces_what_no_encoder_takes() -> None:
    assert safe_text("Ada") == "Ada"
    assert safe_text("a\ud800b") == "a\ufffdb"
    assert (
        safe_text("\udc00\ud800") == "\ufffd\ufffd"
    )  # a pair the wrong way round is two lone halves
    assert safe_text("\ud83d\ude00") == "😀"  # a pair that JSON split is one character again
    assert safe_text("a\x00b") == "ab"
    assert html_to_text("<p>\ud800 hi</p>") == "\ufffd hi"


def test_every_parsed_field_is_encodable() -> None:
    lone = "\ud800"
    account = account_from_json(
        {
            "id": f"1{lone}",
            "username": f"ada{lone}",
            "acct": f"ada{lone}@x.example",
            "display_name": f"Ada {lone}",
            "note": f"<p>{lone}</p>",
            "fields": [{"name": lone, "value": lone}],
            "moved": {"acct": lone},
            "url": lone,
        }
    )
    texts = [account.id, account.acct, account.username, account.display_name, account.note]
    texts += [account.url, account.moved_to or "", account.profile_text]
    assert all(encodable(t) for t in texts)
    assert account.display_name == "Ada \ufffd"
    status = status_from_json({"id": lone, "content": lone, "language": lone, "mentions": [{}]})
    assert status is not None and encodable(status.id + status.text + (status.language or ""))
    relationship = relationship_from_json({"id": lone, "following": True})
    assert relationship is not None and encodable(relationship.id)


def test_the_raw_json_kept_for_the_record_is_safe() -> None:
    minus_five = timezone(timedelta(hours=-5))
    raw = {
        "display_name": "\ud800",
        "\udfffkey": ["a\x00b", float("nan"), float("inf"), 10**30],
        # Mastodon.py parses this as an aware datetime that has no UTC form.
        "created_at": datetime(9999, 12, 31, 23, 59, tzinfo=minus_five),
        "last_status_at": datetime(2026, 11, 20),  # a bare date, as Mastodon.py parses it
    }
    kept = plain_json(raw)
    assert kept == {
        "display_name": "\ufffd",
        "\ufffdkey": ["ab", None, None, 10**30],
        "created_at": "9999-12-31T23:59:00-05:00",
        "last_status_at": "2026-11-20",
    }
    assert encodable(json.dumps(kept, ensure_ascii=False))


def test_safe_json_cuts_what_is_nested_too_deep() -> None:
    deep: Any = "bottom"
    for _ in range(MAX_JSON_DEPTH + 10):
        deep = [deep]
    cut = safe_json(deep)
    depth = 0
    while isinstance(cut, list):
        cut, depth = cut[0], depth + 1
    assert cut is None and depth == MAX_JSON_DEPTH
    assert safe_json({"a": (1, "x")}) == {"a": [1, "x"]}
    assert safe_json(Path("/x")) == "/x"


def test_a_date_past_the_last_utc_datetime_is_no_date() -> None:
    assert parse_datetime("9999-12-31T23:59:59-05:00") is None
    assert parse_datetime("2026-11-20T10:00:00+02:00") == datetime(2026, 11, 20, 8, tzinfo=UTC)


def test_a_lone_surrogate_in_a_display_name_no_longer_stops_the_cycle(store: Store) -> None:
    """The issue's poison pill: the page is recorded and the cursor moves past it."""
    poison = judged({"id": "1", "acct": "pill@x.example", "display_name": "\ud800"})
    after = judged({"id": "2", "acct": "next@x.example", "display_name": "Next"})
    store.record_batch([poison, after], now=NOW, trigger="notification", dry_run=False, cursor="77")
    assert store.get_state(CURSOR_KEY) == "77"
    assert store.judged_account_ids(["1", "2"]) == {"1", "2"}
    stored = store.follower_by_acct("pill@x.example")
    assert stored is not None and stored.account_json["display_name"] == "\ufffd"


def test_a_follower_that_cannot_be_judged_is_recorded_as_an_error(store: Store) -> None:
    decision = judge_error_decision("Unicode\x1bEncodeError\n\ud800", rules_version=RULES_VERSION)
    assert decision.outcome is Outcome.SKIP and decision.category == "error"
    assert [r.rule for r in decision.reasons] == ["judge_error"]
    assert (
        decision.reasons[0].detail == "could not be judged or recorded: UnicodeEncodeError \ufffd"
    )
    event = judged({"id": "9", "acct": "odd@x.example"}).event
    store.record_batch(
        [Judgement(event, decision)], now=NOW, trigger="notification", dry_run=False, cursor="9"
    )
    stored = store.follower_by_acct("odd@x.example")
    assert stored is not None and stored.decision["category"] == "error"
    assert store.get_state(CURSOR_KEY) == "9"


# Text that a hostile server might send: any code point (surrogates too), plus the
# pieces most likely to break something.
_HOSTILE_BITS = st.sampled_from(
    ["\x00", "\x1b[31m", "\u202e", "\u200d", "＠admin", "#nobot", "<p>", "&amp;", "\n", "\ud800"]
)
hostile_text = st.lists(
    st.one_of(
        st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=12),
        st.integers(0xD800, 0xDFFF).map(chr),
        _HOSTILE_BITS,
    ),
    max_size=5,
).map("".join)
_ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=14))])
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    hostile_text,
    st.datetimes(timezones=_ZONES),  # Mastodon.py hands dates over already parsed
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
ACCOUNT_KEYS = [
    "username",
    "acct",
    "display_name",
    "note",
    "fields",
    "avatar",
    "url",
    "bot",
    "group",
    "locked",
    "created_at",
    "last_status_at",
    "statuses_count",
    "followers_count",
    "following_count",
    "moved",
    "suspended",
    "limited",
    "memorial",
    "source",
    "pleroma",
]
accounts_json = st.fixed_dictionaries(
    {"id": st.one_of(hostile_text, st.integers(), json_values)},
    optional={key: json_values for key in ACCOUNT_KEYS},
)
statuses_json = st.lists(
    st.fixed_dictionaries(
        {"id": st.one_of(hostile_text, st.integers())},
        optional={
            k: json_values
            for k in ("content", "created_at", "language", "mentions", "reblog", "application")
        },
    ),
    max_size=3,
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'bot.sqlite3'}")
    yield s
    s.close()


@pytest.mark.heavy
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=accounts_json, statuses=statuses_json, relationship=json_values, talked=st.booleans())
def test_no_json_can_stop_parse_judge_record(
    shared_store: Store, raw: dict[str, Any], statuses: list[Any], relationship: Any, talked: bool
) -> None:
    kept = plain_json(raw)
    try:
        account = account_from_json(kept)
    except ValueError:
        event("no usable id")
        return  # no usable id: the gateway drops the notification, as documented
    kept_statuses = [plain_json(s) for s in statuses]
    parsed = [s for s in map(status_from_json, kept_statuses) if s is not None]
    relation = relationship_from_json(plain_json(relationship))
    decision = judge(account, parsed, relation, POLICY, NOW, talked_with_bot=talked)
    plan: tuple[PlannedAction, ...] = ()
    try:
        text = render_welcome("Hi {display_name}!", account, BOT)
        plan = (PlannedAction(Kind.WELCOME_DM, NOW, idempotency_key="k", payload=text),)
    except Unaddressable:
        event("no DM: the handle cannot be mentioned safely")
    follow = FollowEvent("n", "follow", account, account_json=kept)
    shared_store.record_batch(
        [Judgement(follow, decision, plan, statuses_json=kept_statuses)],
        now=NOW,
        trigger="notification",
        dry_run=False,
        cursor="1",
        mentions=[follow],
    )
    event(f"recorded: {decision.outcome.value}")
    assert shared_store.judged_account_ids([account.id]) == {account.id}


# --------------------------------------------------------------------------- on a terminal


def test_terminal_safe_writes_controls_out_inert() -> None:
    assert terminal_safe("a\x1b[31mb") == "a\\u001b[31mb"
    assert terminal_safe("\x9b2J\x07\r\n\t") == "\\u009b2J\\u0007\\r\\n\\t"
    assert terminal_safe("\u202eabc\u2066\u2028") == "\\u202eabc\\u2066\\u2028"
    assert terminal_safe("x\ud800") == "x\\ud800"
    assert terminal_safe(42) == "42"
    for ordinary in ("Łucja Ñandú 🌱", "👩\u200d💻", "می\u200cخواهم", "日本語", "a b"):
        assert terminal_safe(ordinary) == ordinary  # emoji and ZWNJ scripts kept


@settings(max_examples=300, deadline=None)
@given(value=json_values.filter(lambda v: not isinstance(v, datetime)))
def test_a_json_line_made_terminal_safe_is_the_same_json(value: Any) -> None:
    value = safe_json(value)
    line = terminal_safe(json.dumps(value, ensure_ascii=False))
    assert not any(ch in line for ch in TERMINAL_HAZARDS)
    assert json.loads(line) == json.loads(json.dumps(value))


def assert_inert(text: str) -> None:
    found = [ch for ch in TERMINAL_HAZARDS if ch in text]
    assert not found, f"raw {found!r} in {text!r}"


def test_every_table_escapes_server_text(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    raw = {
        "id": "1",
        "acct": HOSTILE_ACCT,
        "display_name": "\x1b[1mBoss",
        "note": "<p>\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 #nobot</p>",
        "bot": True,
    }
    row = judged(raw, plan=(PlannedAction(Kind.FOLLOW, NOW),))
    review = judge_error_decision("x", rules_version="1")  # a skip with a reason of its own
    store.record_batch([row], now=NOW, trigger="\x1b[5mnotification", dry_run=False, cursor=None)
    store.record_batch(
        [Judgement(row.event, review)], now=NOW, trigger="owner", dry_run=False, cursor=None
    )
    print_explanation(row.event.account, row.decision)
    print_overview(store.overview(), title="overview", labels={"1": "\x1b[7mlabel"})
    print_history(store.history())
    stored = store.follower_by_acct(HOSTILE_ACCT)
    assert stored is not None
    print_reviews([stored])
    out = capsys.readouterr().out
    assert_inert(out)
    assert "\\u001b" in out and "\\u202e" in out  # shown, written out


def cli_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        yaml.safe_dump(
            {"instance": {"url": "https://bot.example"}, "storage": {"database": "bot.sqlite3"}}
        )
    )
    return path


def test_explain_prints_server_text_inert(tmp_path: Path) -> None:
    account = {"id": "1", "acct": HOSTILE_ACCT, "note": "<p>\x1b[8m\u202ehidden</p>", "bot": True}
    path = tmp_path / "account.json"
    path.write_text(json.dumps(account))
    runner = CliRunner()
    args = ["explain", "--account-json", str(path), "--now", "2026-11-26T00:00:00Z"]
    table = runner.invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert_inert(table.output)
    as_json = runner.invoke(cli, [*args, "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert_inert(as_json.output)
    assert json.loads(as_json.output)["action"] == "skip"


def test_the_do_not_contact_list_prints_inert(tmp_path: Path) -> None:
    config = cli_config(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    try:
        store.add_do_not_contact("1", HOSTILE_ACCT, "opt_out", NOW, "bio says \x1b[31m#nobot\r")
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["do-not-contact", "list", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    assert "opt_out" in result.output
    as_json = CliRunner().invoke(cli, ["do-not-contact", "list", "--config", str(config), "--json"])
    assert_inert(as_json.output)
    row = json.loads(as_json.output)
    assert row["acct"] == HOSTILE_ACCT and row["reason"] == "opt_out"


def test_an_error_line_is_inert() -> None:
    @click.command()
    def refused() -> None:
        raise SetupError("instance.url: refused (422: \x1b[2J\u202ebad\nline)")

    group = WelcomebotGroup("welcomebot", commands=[refused])
    result = CliRunner().invoke(group, ["refused"])
    assert result.exit_code == 2
    err = result.stderr
    assert_inert(err)
    assert err.count("\n") == 1  # one line, as promised


def test_log_lines_are_inert() -> None:
    record = logging.LogRecord("welcomebot", logging.INFO, __file__, 1, "decision", None, None)
    record.fields = {"acct": HOSTILE_ACCT, "detail": "two words\x1b[0m"}
    text = TextFormatter().format(record)
    as_json = JsonFormatter().format(record)
    assert_inert(text)
    assert_inert(as_json)
    assert json.loads(as_json)["acct"] == HOSTILE_ACCT


# --------------------------------------------------------------------------- delete_status


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def do_DELETE(self) -> None:  # noqa: N802 - http.server's naming
        type(self).seen.append(("DELETE", self.path))
        body = b'{"id": "55", "content": "", "mentions": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_delete_status_deletes_the_bots_post() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        gateway = MastodonGateway(f"http://127.0.0.1:{server.server_port}", "t0ken-x", timeout=5)
        gateway.delete_status("55")
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.seen == [("DELETE", "/api/v1/statuses/55")]


def test_stored_bytes_are_valid_utf8(tmp_path: Path) -> None:
    """Byte by byte: the database file holds no unencodable text after the poison pill."""
    path = tmp_path / "bot.sqlite3"
    s = Store.open(f"sqlite:///{path}")
    try:
        pill = judged({"id": "1", "acct": "pill\ud800@x.example", "display_name": "\udfff"})
        s.record_batch([pill], now=NOW, trigger="notification", dry_run=False, cursor="1")
    finally:
        s.close()
    with sqlite3.connect(path) as conn:
        conn.text_factory = bytes
        rows = conn.execute("SELECT acct, account_json FROM followers").fetchall()
    for acct, account_json in rows:
        assert acct.decode("utf-8") == "pill\ufffd@x.example"
        assert json.loads(account_json.decode("utf-8"))["display_name"] == "\ufffd"
