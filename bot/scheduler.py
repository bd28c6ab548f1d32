"""The daemon: one APScheduler interval job that runs a poll cycle.

SIGTERM and SIGINT ask the bot to stop between actions, then shut the scheduler
down after the running cycle has committed. A fatal error (revoked token, wrong
database) stops the daemon with exit status 2.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime
from types import FrameType
from typing import TYPE_CHECKING

from bot.cycle import FatalError
from bot.logs import event, get_logger

if TYPE_CHECKING:
    from bot.wiring import App

log = get_logger("scheduler")


def run_forever(app: App) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    config = app.config
    scheduler = BlockingScheduler(timezone=UTC)
    exit_code = 0
    lock = threading.Lock()

    def tick() -> None:
        nonlocal exit_code
        if app.bot.stop_requested.is_set():
            return
        try:
            app.bot.run_cycle()
        except FatalError as exc:
            event(log, "fatal", logging.ERROR, detail=str(exc))
            with lock:
                exit_code = 2
            app.bot.request_stop()
            scheduler.shutdown(wait=False)
        except Exception:  # keep the daemon alive; the next tick tries again
            log.exception("cycle_failed")

    jitter = config.schedule.jitter.total_seconds() or None
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=config.schedule.poll_interval.total_seconds(), jitter=jitter),
        id="poll",
        name="poll followers",
        next_run_time=datetime.now(UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        replace_existing=True,
    )

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        event(log, "stopping", signal=signal.Signals(signum).name)
        app.bot.request_stop()
        if scheduler.running:
            scheduler.shutdown(wait=True)

    try:
        app.bot.startup_checks()
    except Exception as exc:  # a warning only; never a reason not to start
        event(log, "startup_check_failed", logging.WARNING, detail=str(exc))
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    event(
        log,
        "started",
        instance=config.instance.url,
        poll_interval_s=config.schedule.poll_interval.total_seconds(),
        dry_run=app.bot.dry_run,
    )
    try:
        scheduler.start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    event(log, "stopped", exit_code=exit_code)
    return exit_code
