"""An optional Prometheus metrics endpoint for ``welcomebot run`` (``metrics.port``).

Most values are read from the database when Prometheus scrapes, so they are the
same numbers ``welcomebot stats`` shows and they survive restarts:

- ``welcomebot_followers_judged{outcome}``: stored followers by their latest
  (not dry-run) decision: follow, skip, hold, review;
- ``welcomebot_actions{kind,status}``: the outbox by kind and status
  (pending, in_flight, done, failed, cancelled, uncertain);
- ``welcomebot_queue_depth{kind}``: open (pending or in-flight) actions;
- ``welcomebot_signups_waiting``: sign-ups the greeter waits on (pending approval,
  e-mail not confirmed, suspended);
- ``welcomebot_last_successful_poll_timestamp_seconds``: absent until the first
  successful poll;
- ``welcomebot_store_up``: 1 if the database could be read for this scrape, else 0
  (the other database metrics are then left out, rather than the scrape failing).

One value lives in the process and starts at zero with it:
``welcomebot_api_errors_total{kind}``, failed requests to the server by the
gateway's error kind (rate_limited, transient, not_found, ...).

Labels are bounded sets of words: no handles, ids or secrets ever reach a metric.

This module imports ``prometheus_client`` (the Prometheus project's own client,
well kept): it writes the exposition format correctly (escaping, HELP and TYPE,
OpenMetrics by content negotiation) and serves it from a small threaded server.
It is imported only when ``metrics.port`` is set, so other commands start fast.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prometheus_client import Counter as PromCounter
from prometheus_client import GCCollector, PlatformCollector, ProcessCollector
from prometheus_client.core import CollectorRegistry, GaugeMetricFamily, Metric
from prometheus_client.exposition import start_http_server
from prometheus_client.registry import Collector

from bot.gateway import ERROR_KINDS
from bot.logs import event, get_logger
from bot.model import Outcome
from bot.outbox import KIND_ORDER
from bot.store import Store

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from bot.wiring import App

log = get_logger("metrics")


class MetricsError(Exception):
    """The endpoint cannot start. ``str(err)`` is one line naming the key."""


class StoreCollector(Collector):
    """Reads the counts from the store at every scrape (any thread)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "welcomebot_store_up", "1 if the database could be read for this scrape, else 0."
        )
        try:
            snapshot = self.store.metrics_snapshot()
        except Exception as exc:  # a scrape never takes the bot down; say so and go on
            event(log, "metrics_store_unavailable", logging.WARNING, detail=str(exc)[:300])
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up

        judged = GaugeMetricFamily(
            "welcomebot_followers_judged",
            "Stored followers by the outcome of their latest decision (dry runs left out).",
            labels=["outcome"],
        )
        outcomes = snapshot.followers_by_outcome
        for outcome in sorted({o.value for o in Outcome} | set(outcomes)):
            judged.add_metric([outcome], outcomes.get(outcome, 0))
        yield judged

        actions = GaugeMetricFamily(
            "welcomebot_actions",
            "Actions in the outbox by kind and status.",
            labels=["kind", "status"],
        )
        for (kind, status), count in sorted(snapshot.actions.items()):
            actions.add_metric([kind, status], count)
        yield actions

        queue = GaugeMetricFamily(
            "welcomebot_queue_depth",
            "Open (pending or in-flight) actions by kind.",
            labels=["kind"],
        )
        depth = snapshot.queue_depth
        for kind in sorted(set(KIND_ORDER) | set(depth)):
            queue.add_metric([kind], depth.get(kind, 0))
        yield queue

        yield _signups_waiting(snapshot.signups_waiting)

        if snapshot.last_poll_ok is not None:
            yield GaugeMetricFamily(
                "welcomebot_last_successful_poll_timestamp_seconds",
                "When the last poll cycle ended without trouble (Unix time).",
                value=snapshot.last_poll_ok.timestamp(),
            )


def _signups_waiting(count: int) -> Metric:
    return GaugeMetricFamily(
        "welcomebot_signups_waiting",
        "Sign-ups the greeter waits on: pending approval, e-mail not confirmed, suspended.",
        value=count,
    )


@dataclass
class MetricsServer:
    """The listening endpoint; ``stop`` closes it."""

    host: str
    port: int
    _server: WSGIServer
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class Metrics:
    """A registry of its own (so several bots can live in one test process)."""

    def __init__(self, store: Store) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(StoreCollector(store))
        self.api_errors = PromCounter(
            "welcomebot_api_errors",
            "Failed requests to the server since the bot started, by kind of error.",
            ["kind"],
            registry=self.registry,
        )
        for kind in ERROR_KINDS:
            self.api_errors.labels(kind)  # every kind shows, at 0 until it happens
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)

    def api_error(self, kind: str) -> None:
        self.api_errors.labels(kind).inc()

    def serve(self, host: str, port: int) -> MetricsServer:
        try:
            server, thread = start_http_server(port, addr=host, registry=self.registry)
        except socket.gaierror as exc:
            raise MetricsError(
                f"metrics.host: cannot listen on {host!r} ({exc.strerror})"
            ) from None
        except OSError as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                raise MetricsError(
                    f"metrics.host: {host} is not an address of this machine ({exc.strerror})"
                ) from None
            raise MetricsError(
                f"metrics.port: cannot listen on {host}:{port} ({exc.strerror or exc})"
            ) from None
        return MetricsServer(host, int(server.server_port), server, thread)


def start_metrics(app: App, *, host: str | None = None, port: int | None = None) -> MetricsServer:
    """Serve the app's metrics (``metrics.host``/``metrics.port`` unless given) and count
    its gateway's errors. Raises MetricsError if the address cannot be used."""
    config = app.config.metrics
    host = host if host is not None else config.host
    port = port if port is not None else config.port
    if port is None:
        raise MetricsError("metrics.port: not set")
    metrics = Metrics(app.store)
    server = metrics.serve(host, port)
    app.gateway.on_error = metrics.api_error
    event(log, "metrics_listening", host=server.host, port=server.port)
    return server
