"""A lying server (issue 17) costs bounded time, memory and requests, and never gets
the token back out of the bot: the real Mastodon.py client through ``bot.gateway``
against the sandbox's hostile behaviours."""

from __future__ import annotations

import logging
import signal
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.gateway import (
    Cancelled,
    MastodonGateway,
    RateLimited,
    Rejected,
    Transient,
)
from bot.sandbox import Fault, Sandbox
from tests.conftest import BotFactory

pytestmark = pytest.mark.timeout(120)  # the old code hung or looped on several of these


def followers(n: int, **top: Any) -> dict[str, Any]:
    accounts = [
        {"username": f"f{i}", "domain": "remote.example", "follows_bot": True} for i in range(n)
    ]
    return {"bot": {"username": "welcome"}, "accounts": accounts, **top}


@pytest.fixture
def gateways() -> Iterator[list[MastodonGateway]]:
    made: list[MastodonGateway] = []
    yield made
    for gateway in made:
        gateway.close()


def gateway_for(sb: Sandbox, made: list[MastodonGateway], **kwargs: Any) -> MastodonGateway:
    gateway = MastodonGateway(sb.url, sb.token, **{"timeout": 5.0, **kwargs})
    made.append(gateway)
    return gateway


# ---------------------------------------------------------------------------- secrets


def test_an_error_body_that_echoes_the_token_never_reaches_a_message(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(followers(1, flavour="hostile")) as sb:
        sb.inject(Fault("422", path=r"^/api/v1/statuses$"))
        gateway = gateway_for(sb, gateways)
        with pytest.raises(Rejected) as caught:
            gateway.post_direct("@f0@remote.example hi", idempotency_key="k", language=None)
    text = str(caught.value)
    assert "Validation failed" in text  # the server's words are kept...
    assert sb.token not in text and sb.token[:8] not in text  # ...without the token
    assert "Authorization: [redacted]" in text


@pytest.fixture
def scenario() -> dict[str, Any]:
    return {
        "flavour": "hostile",
        "quirks": {"ignores_limit": False, "notification_cursor_bounces": False},
        "bot": {"username": "welcome"},
        "accounts": [
            {
                "username": "newbie",
                "created_days_ago": 2,
                "followers_count": 3,
                "statuses_count": 2,
                "avatar": "custom",
                "follows_bot": True,
            }
        ],
    }


def test_the_database_never_holds_the_token_even_when_the_server_echoes_it(
    sandbox: Sandbox, make_bot: BotFactory, tmp_path: Path
) -> None:
    sandbox.inject(Fault("422", path=r"^/api/v1/statuses$", method="POST", times=None))
    sandbox.inject(Fault("422", path=r"/follow$", method="POST", times=None))
    app = make_bot()
    app.bot.run_cycle()
    app.close()
    stored = sqlite3.connect(tmp_path / "bot.sqlite3")
    errors = [row[0] for row in stored.execute("select last_error from actions") if row[0]]
    stored.close()
    assert any("Validation failed" in e for e in errors)  # the server's echo was stored...
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bot.sqlite3*"))
    token = sandbox.token.encode()
    assert token not in raw and token[:8] not in raw  # ...but never the token, byte by byte


def test_scrubbing_covers_logs_too(
    gateways: list[MastodonGateway], caplog: pytest.LogCaptureFixture
) -> None:
    from bot.logs import JsonFormatter, _RedactingFilter

    with Sandbox(followers(1, flavour="hostile")) as sb:
        sb.inject(Fault("422", path=r"^/api/v1/statuses$"))
        gateway = gateway_for(sb, gateways)
        try:
            gateway.post_direct("hi", idempotency_key="k", language=None)
        except Rejected:
            logging.getLogger("welcomebot.test").exception("the post failed")
    record = caplog.records[-1]
    _RedactingFilter().filter(record)
    line = JsonFormatter().format(record)  # with the traceback and its causes
    assert "the post failed" in line and sb.token not in line and sb.token[:8] not in line


# ---------------------------------------------------------------------------- deadlines


def test_a_trickling_reply_fails_within_the_deadline(gateways: list[MastodonGateway]) -> None:
    with Sandbox(followers(1)) as sb:
        sb.inject(Fault("trickle", path=r"^/api/v1/notifications$", delay=0.05, times=None))
        gateway = gateway_for(sb, gateways, timeout=1.0, deadline=1.0)
        with pytest.raises(Transient, match=r"no complete reply within 1 s"):
            list(gateway.notifications(None))
        sb.clear_faults()
        assert len(list(gateway.notifications(None))) == 1  # the next request is fine


def test_cancel_interrupts_a_request_in_flight_and_the_ones_after(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(followers(1)) as sb:
        sb.inject(Fault("timeout", path=r"^/api/v1/notifications$", delay=60, times=None))
        gateway = gateway_for(sb, gateways, timeout=120.0)
        canceller = threading.Timer(0.2, gateway.cancel)
        canceller.start()
        with pytest.raises(Cancelled, match="interrupted"):
            list(gateway.notifications(None))
        canceller.join()
        with pytest.raises(Cancelled):
            gateway.verify_credentials()  # refused at once, not sent
        assert sb.requests(path_prefix="/api/v1/accounts/verify_credentials") == []
        gateway.resume()
        assert gateway.verify_credentials()[0].id == sb.bot_account_id


def test_a_signal_handler_can_cancel_the_request_it_interrupted(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(followers(1)) as sb:
        sb.inject(Fault("timeout", path=r"^/api/v1/notifications$", delay=60, times=None))
        gateway = gateway_for(sb, gateways, timeout=120.0)
        previous = signal.signal(signal.SIGALRM, lambda signum, frame: gateway.cancel())
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            with pytest.raises(Cancelled):
                list(gateway.notifications(None))  # blocked in recv when SIGALRM comes
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------- pagination


def test_notification_cursors_that_bounce_cannot_loop(gateways: list[MastodonGateway]) -> None:
    with Sandbox(followers(200, quirks={"notification_cursor_bounces": True})) as sb:
        gateway = gateway_for(sb, gateways)
        seen: list[str] = []
        cursor: str | None = None
        for _ in range(6):  # six polls
            before = gateway.requests_made
            for page in gateway.notifications(cursor):
                assert all(e.notification_id > (cursor or "") for e in page.events)
                seen.extend(e.account.id for e in page.events)
                cursor = page.cursor
            assert gateway.requests_made - before <= 3  # each poll is bounded
        assert len(seen) == len(set(seen)) == 200  # and nobody is lost or seen twice


def test_rel_next_to_another_host_is_never_followed(gateways: list[MastodonGateway]) -> None:
    with Sandbox(followers(10, quirks={"next_link_host": "localhost"})) as sb:
        gateway = gateway_for(sb, gateways)
        walk = gateway.follower_pages(sb.bot_account_id)
        first = next(walk)
        with pytest.raises(Transient, match="another host"):
            next(walk)
        hosts = {r.host.split(":")[0] for r in sb.request_log}
    assert len(first.accounts) == 10 and first.complete is False
    assert first.next_max_id is None
    assert hosts == {"127.0.0.1"}  # the token never went to "localhost"


def test_a_link_to_the_same_page_ends_the_walk(gateways: list[MastodonGateway]) -> None:
    with Sandbox(followers(100, quirks={"next_link_host": None})) as sb:
        gateway = gateway_for(sb, gateways)
        pages = list(gateway.follower_pages(sb.bot_account_id))
    assert [len(p.accounts) for p in pages] == [80, 20]  # an honest walk still works


def test_an_absurd_rate_limit_reset_is_clamped_and_logged(
    gateways: list[MastodonGateway], caplog: pytest.LogCaptureFixture
) -> None:
    with Sandbox(followers(1, quirks={"rate_limit_reset_text": "9" * 40})) as sb:
        sb.inject(Fault("429", path=r"^/api/v1/notifications$"))
        gateway = gateway_for(sb, gateways)
        warnings = caplog.at_level(logging.WARNING, logger="welcomebot")
        with warnings, pytest.raises(RateLimited) as caught:
            list(gateway.notifications(None))
    reset = caught.value.reset_at
    assert reset is not None and reset <= datetime.now(UTC) + timedelta(hours=1, minutes=1)
    assert any(r.getMessage() == "rate_limit_reset_clamped" for r in caplog.records)


def test_a_server_ignoring_limit_is_cut_to_the_limit(gateways: list[MastodonGateway]) -> None:
    with Sandbox(followers(500, quirks={"ignores_limit": True})) as sb:
        talker = sb.account_id("f0@remote.example")
        sb.post_statuses(talker, 300)
        gateway = gateway_for(sb, gateways)
        statuses, raw = gateway.recent_statuses(talker, limit=20)
        first = next(gateway.notifications(None))
    assert len(statuses) == len(raw) == 20
    assert len(first.events) == 80  # a page of 500 cut to the 80 after the cursor
    assert first.cursor == sorted((e.notification_id for e in first.events), key=len)[-1]


def test_ten_thousand_statuses_are_refused_by_size_not_read_into_memory(
    gateways: list[MastodonGateway],
) -> None:
    with Sandbox(followers(1, quirks={"ignores_limit": True})) as sb:
        talker = sb.account_id("f0@remote.example")
        sb.post_statuses(talker, 10_000)
        gateway = gateway_for(sb, gateways)
        with pytest.raises(Transient, match="too large"):
            gateway.recent_statuses(talker, limit=20)


def test_five_thousand_notifications_in_one_page_are_cut(gateways: list[MastodonGateway]) -> None:
    with Sandbox({"flavour": "hostile", "bot": {"username": "welcome"}}) as sb:
        sb.generate_followers(5000, {"domain": "remote.example"}, prefix="n")
        gateway = gateway_for(sb, gateways)
        first = next(gateway.notifications(None))
    assert len(first.events) == 80 and first.size == 80
