"""Fixtures of the sandbox tests: sandboxes on 127.0.0.1 and plain Mastodon.py clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from mastodon import Mastodon
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from bot.sandbox import Sandbox, load_scenario
from tests.sandbox.helpers import MakeClient, MakeSandbox


@pytest.fixture
def make_sandbox() -> Iterator[MakeSandbox]:
    started: list[Sandbox] = []

    def factory(scenario: Any = "minimal", **kwargs: Any) -> Sandbox:
        sb = Sandbox(load_scenario(scenario), **kwargs)
        sb.start()
        started.append(sb)
        return sb

    yield factory
    for sb in started:
        sb.stop()


class SnacSafeAdapter(HTTPAdapter):
    """What a client of a server that drops kept-alive connections (snac) needs: GETs
    retried by urllib3, and writes sent on a fresh connection, never a reused one."""

    def __init__(self) -> None:
        super().__init__(max_retries=Retry(total=3, allowed_methods={"GET"}, backoff_factor=0))

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method != "GET":
            self.poolmanager.clear()
        return super().send(request, *args, **kwargs)


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """Mastodon.py clients; ``retry_gets`` makes them fit for snac (``SnacSafeAdapter``)."""
    clients: list[Mastodon] = []

    def factory(
        sb: Sandbox, token: str | None = None, timeout: float = 5, retry_gets: bool = False
    ) -> Mastodon:
        session = requests.Session()
        if retry_gets:
            session.mount("http://", SnacSafeAdapter())
        client = Mastodon(
            api_base_url=sb.url,
            access_token=token or sb.token,
            ratelimit_method="throw",
            version_check_mode="none",
            request_timeout=timeout,
            session=session,
        )
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.session.close()
