"""The daemon: one APScheduler interval job that runs a poll cycle.

A server that cannot be reached is never a reason to exit: before the first start
(no database yet) the daemon waits for it, retrying with back-off, and when a cycle
ends in server trouble the next one comes sooner than the interval, with the same
back-off. SIGTERM and SIGINT ask the bot to stop between actions, then shut the
scheduler down after the running cycle has committed (or end the wait at once). A
fatal error (revoked token, wrong database) stops the daemon with exit status 2.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import TYPE_CHECKING

from bot.cycle import FatalError
from bot.logs import event, get_logger

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from bot.config import Config, Token
    from bot.gateway import MastodonGateway
    from bot.wiring import App, ServerCheck

log = get_logger("scheduler")

FIRST_RETRY_S = 1.0
LONGEST_START_RETRY_S = 300.0


@dataclass
class Backoff:
    """Delays that double from ``first`` up to ``limit`` (seconds); ``reset`` starts over."""

    first: float = FIRST_RETRY_S
    limit: float = LONGEST_START_RETRY_S
    _next: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self._next = min(self.first, self.limit)

    def next_delay(self) -> float:
        delay, self._next = self._next, min(self._next * 2, self.limit)
        return delay

    def reset(self) -> None:
        self._next = min(self.first, self.limit)


class Stopped(Exception):
    """Asked to stop (SIGTERM, Ctrl-C) while waiting for the server."""


def waiting_check(
    sleep: Callable[[float], bool], backoff: Backoff, check: ServerCheck | None = None
) -> ServerCheck:
    """``check`` (default ``check_server``) retried while the server is unreachable:
    each failure is logged with the wait before the next try. ``sleep(seconds)``
    returns True when asked to stop, and Stopped is raised. Configuration mistakes and
    a rejected token (ConfigError) are not retried."""
    from bot.wiring import ServerUnreachable, check_server

    first_check = check or check_server

    def patient_check(config: Config, gateway: MastodonGateway, token: Token) -> None:
        attempt = 0
        while True:
            attempt += 1
            try:
                first_check(config, gateway, token)
            except ServerUnreachable as exc:
                delay = backoff.next_delay()
                event(
                    log,
                    "server_unreachable",
                    logging.WARNING,
                    attempt=attempt,
                    retry_in_s=delay,
                    detail=str(exc),
                )
                if sleep(delay):
                    raise Stopped from None
            else:
                if attempt > 1:
                    event(log, "server_reached", attempt=attempt)
                return

    return patient_check


def waiting_for_the_server(config: Config, stop: threading.Event) -> ServerCheck:
    """The daemon's first check: retried after 1, 2, 4 … s (at most 5 minutes or the
    poll interval) until the server answers, or ``stop`` is set."""
    limit = min(LONGEST_START_RETRY_S, config.schedule.poll_interval.total_seconds())
    return waiting_check(stop.wait, Backoff(limit=limit))


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """While inside, SIGTERM and SIGINT set the event instead of ending the process."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        event(log, "stopping", signal=signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Poll:
    """The scheduled job: one cycle; after server trouble, the next one comes sooner."""

    def __init__(self, app: App, scheduler: BaseScheduler, interval: float) -> None:
        self.app = app
        self.scheduler = scheduler
        self.interval = interval
        self.backoff = Backoff(limit=interval)
        self.exit_code = 0

    def __call__(self) -> None:
        bot = self.app.bot
        if bot.stop_requested.is_set():
            return
        try:
            report = bot.run_cycle()
        except FatalError as exc:
            event(log, "fatal", logging.ERROR, detail=str(exc))
            self.exit_code = 2
            bot.request_stop()
            self.scheduler.shutdown(wait=False)
            return
        except Exception:  # keep the daemon alive; the next tick tries again
            log.exception("cycle_failed")
            return
        if report.stopped != "server_trouble":
            self.backoff.reset()
            return
        delay = self.backoff.next_delay()
        if delay < self.interval:
            event(log, "retry_soon", retry_in_s=delay)
            soon = datetime.now(UTC) + timedelta(seconds=delay)
            self.scheduler.modify_job("poll", next_run_time=soon)


#: How often the clock is compared with the monotonic clock, and how big a jump counts.
CLOCK_WATCH_S = 30.0
CLOCK_STEP_S = 60.0


@dataclass
class ClockWatch:
    """Notices when the wall clock is stepped (NTP, a VM resumed, an owner's ``date -s``).

    APScheduler schedules by the wall clock: after a step back of a day its next poll
    is a day away, and ``run`` would poll no more. The monotonic clock never steps, so
    the difference between the two tells a step from the passing of time."""

    wall: Callable[[], float] = field(default=lambda: datetime.now(UTC).timestamp())
    steady: Callable[[], float] = field(default=time.monotonic)
    offset: float = field(init=False)

    def __post_init__(self) -> None:
        self.offset = self.wall() - self.steady()

    def jump(self) -> float:
        """Seconds the wall clock moved on its own since the last look (0 if none)."""
        offset = self.wall() - self.steady()
        moved, self.offset = offset - self.offset, offset
        return moved if abs(moved) >= CLOCK_STEP_S else 0.0


def watch_the_clock(
    watch: ClockWatch, scheduler: BaseScheduler, stop: threading.Event, every: float
) -> None:
    """Until ``stop``: when the wall clock steps, poll now (and so reschedule from the
    new time), so that no clock step can stop the polling in silence."""
    while not stop.wait(every):
        moved = watch.jump()
        if moved and scheduler.running:
            event(log, "clock_stepped", logging.WARNING, seconds=round(moved))
            scheduler.modify_job("poll", next_run_time=datetime.now(UTC))


def _start_clock_watch(scheduler: BaseScheduler, watching: threading.Event) -> None:
    """A daemon thread that wakes the scheduler when the wall clock jumps."""
    threading.Thread(
        target=watch_the_clock,
        args=(ClockWatch(), scheduler, watching, CLOCK_WATCH_S),
        name="clock-watch",
        daemon=True,
    ).start()


#: APScheduler's job options for the poll: never two at once, late runs merged into
#: one and never dropped, and the job replaced if it exists.
_ONE_AT_A_TIME: dict[str, object] = {
    "max_instances": 1,
    "coalesce": True,
    "misfire_grace_time": None,
    "replace_existing": True,
}


def run_forever(app: App) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    config = app.config
    scheduler = BlockingScheduler(timezone=UTC)
    interval = config.schedule.poll_interval.total_seconds()
    poll = _Poll(app, scheduler, interval)
    jitter = config.schedule.jitter.total_seconds() or None
    # One poll at a time, never skipped for being late (a suspended laptop), first one now.
    scheduler.add_job(
        poll,
        IntervalTrigger(seconds=interval, jitter=jitter),
        id="poll",
        name="poll followers",
        next_run_time=datetime.now(UTC),
        **_ONE_AT_A_TIME,
    )

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        event(log, "stopping", signal=signal.Signals(signum).name)
        app.bot.request_stop()
        app.gateway.cancel()  # a request in flight ends now; its action stays uncertain
        if scheduler.running:
            scheduler.shutdown(wait=True)

    try:
        app.bot.startup_checks()
    except FatalError:
        raise  # a person must fix it (greet: signups without the scope or the permission)
    except Exception as exc:  # a warning only; never a reason not to start
        event(log, "startup_check_failed", logging.WARNING, detail=str(exc))
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    event(
        log,
        "started",
        instance=config.instance.url,
        poll_interval_s=interval,
        dry_run=app.bot.dry_run,
    )
    watching = threading.Event()
    _start_clock_watch(scheduler, watching)
    try:
        scheduler.start()
    finally:
        watching.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    event(log, "stopped", exit_code=poll.exit_code)
    return poll.exit_code
