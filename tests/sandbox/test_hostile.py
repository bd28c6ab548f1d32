"""The sandbox's hostile behaviours (issue 17), each proven over HTTP."""

from __future__ import annotations

import socket
from typing import Any

import requests

from bot.sandbox import Fault, Sandbox
from tests.sandbox.helpers import MakeSandbox, followers_scenario, scenario


def auth(sb: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bearer {sb.token}"}


def get(sb: Sandbox, path: str, **kwargs: Any) -> requests.Response:
    with requests.Session() as session:
        return session.get(sb.url + path, headers=auth(sb), timeout=5, **kwargs)


def test_error_bodies_echo_the_authorization_header(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario(flavour="hostile"))
    missing = get(sb, "/api/v1/accounts/nobody")
    assert missing.status_code == 404
    assert f"Bearer {sb.token}" in missing.json()["error"]
    sb.inject(Fault("503", path="notifications"))
    assert f"Bearer {sb.token}" in get(sb, "/api/v1/notifications").text
    assert sb.token not in get(sb, "/api/v1/notifications").text  # only errors echo


def test_a_trickle_sends_a_normal_reply_one_byte_at_a_time(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario())
    sb.inject(Fault("trickle", path="instance", delay=0.002))
    chunks: list[bytes] = []
    with socket.create_connection(("127.0.0.1", sb.port), timeout=5) as conn:
        conn.sendall(b"GET /api/v1/instance HTTP/1.1\r\nHost: x\r\n\r\n")
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    reply = b"".join(chunks)
    assert reply.startswith(b"HTTP/1.0 200 OK\r\n") and reply.endswith(b"}")
    assert max(len(c) for c in chunks) <= 2 and len(chunks) > len(reply) // 2
    assert [r.fault for r in sb.request_log] == ["trickle"]


def test_notification_cursors_bounce_back(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(followers_scenario(6, flavour="hostile"))
    ids = [n["id"] for n in sb.notifications()]  # oldest first
    forward = get(sb, "/api/v1/notifications", params={"min_id": ids[2]}).json()
    assert [n["id"] for n in forward] == ids[:2:-1]  # after the cursor, newest first
    backward = get(sb, "/api/v1/notifications", params={"min_id": ids[2]}).json()
    assert [n["id"] for n in backward] == ids[1::-1]  # before it: back in time


def test_rel_next_is_the_same_page_on_another_host(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(followers_scenario(3, flavour="hostile"))
    path = f"/api/v1/accounts/{sb.bot_account_id}/followers"
    first = get(sb, path)
    target = first.links["next"]["url"]
    assert target.startswith(f"http://localhost:{sb.port}{path}?")
    with requests.Session() as session:  # the other host is this server, by another name
        again = session.get(target, headers=auth(sb), timeout=5)
    assert again.json() == first.json()
    assert again.links["next"]["url"] == target
    assert [r.host for r in sb.request_log] == [f"127.0.0.1:{sb.port}", f"localhost:{sb.port}"]


def test_rate_limit_resets_are_absurd(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(scenario(flavour="hostile"))
    assert get(sb, "/api/v1/notifications").headers["X-RateLimit-Reset"] == "9" * 40
    sb.inject(Fault("429", path="notifications"))
    refused = get(sb, "/api/v1/notifications")
    assert (refused.status_code, refused.headers["X-RateLimit-Reset"]) == (429, "9" * 40)


def test_limit_is_ignored(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(followers_scenario(90, flavour="hostile"))
    talker = sb.account_id("f0@remote.example")
    sb.post_statuses(talker, 300)
    statuses = get(sb, f"/api/v1/accounts/{talker}/statuses", params={"limit": 20}).json()
    assert len(statuses) == 300
    assert len(get(sb, "/api/v1/notifications", params={"limit": 80}).json()) == 90


def test_the_hostile_scenario_serves_future_dates_and_escapes(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox("hostile")
    by_label = {label: sb.account_json(i) for i, label in sb.labels().items()}
    assert by_label["future date"]["created_at"] == "2999-01-01T00:00:00.000Z"
    assert "\x1b[2J" in by_label["escapes in acct"]["acct"]
    assert "\x1b[31m" in by_label["escapes in moved.acct"]["moved"]["acct"]
    accts = {n["account"]["acct"] for n in get(sb, "/api/v1/notifications").json()}
    assert any("\x1b" in acct for acct in accts)  # raw, over HTTP too
