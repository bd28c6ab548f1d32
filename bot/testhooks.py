"""Crash points for tests: the bot kills itself at an exact place, so crash tests are
deterministic instead of depending on where a timed ``kill -9`` happens to land.

TEST-ONLY. Inert unless the environment variable ``WELCOMEBOT_TEST_CRASH_AT`` is set to
``POINT:N``. The process then sends itself SIGKILL (no cleanup, no flush: exactly what
``kill -9`` or a power cut does to the database) when it reaches POINT for the N-th time,
counted from the start of the process:

``migration``
    right after the N-th SQL statement a schema migration executes (its ``BEGIN``
    included), so every place inside every migration step can be reached.
``outbox``
    right after the N-th transaction that writes the outbox (the ``actions`` table:
    an intent recorded, an action started or settled) has been committed.
``outbox-uncommitted``
    just before that commit: the transaction's writes are lost. When it was settling
    an action, the server has already done the call the bot did not record.

docs/reliability.md lists the tests that use it. Never set it outside a test.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from typing import Any

from sqlalchemy import Engine, event

ENV_VAR = "WELCOMEBOT_TEST_CRASH_AT"
POINTS = ("migration", "outbox", "outbox-uncommitted")

_reached: Counter[str] = Counter()


def crash_plan() -> tuple[str, int] | None:
    """The (point, N) asked for by the environment, or None. Raises ValueError if malformed."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    point, _, count = value.rpartition(":")
    if point not in POINTS or not count.isdigit() or int(count) < 1:
        raise ValueError(
            f"{ENV_VAR}: expected POINT:N with POINT one of {', '.join(POINTS)} and N >= 1, "
            f"got {value!r} (a test-only setting: unset it)"
        )
    return point, int(count)


def die() -> None:
    """Stop the process as ``kill -9`` would."""
    os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # pragma: no cover - SIGKILL cannot be caught


def _reach(point: str, at: int) -> bool:
    """Count one more arrival at ``point``; True when this is the N-th."""
    _reached[point] += 1
    return _reached[point] == at


def arm_migration(engine: Engine) -> None:
    """On the engine that migrates: die after the N-th statement, if so asked."""
    plan = crash_plan()
    if plan is None or plan[0] != "migration":
        return
    at = plan[1]

    def after_statement(*_args: Any) -> None:
        if _reach("migration", at):
            die()

    event.listen(engine, "after_cursor_execute", after_statement)


def _writes_outbox(statement: str) -> bool:
    head = " ".join(statement.split()[:3]).upper()
    return head.startswith(("INSERT INTO ACTIONS", "UPDATE ACTIONS"))


def arm_outbox(engine: Engine) -> None:
    """On the store's engine: die around the N-th outbox commit, if so asked."""
    plan = crash_plan()
    if plan is None or not plan[0].startswith("outbox"):
        return
    point, at = plan

    def after_statement(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _writes_outbox(statement):
            conn.info["writes_outbox"] = True

    def on_commit(conn: Any) -> None:  # called just before the DBAPI commit
        if not conn.info.pop("writes_outbox", False) or not _reach("outbox", at):
            return
        if point == "outbox":
            conn.connection.dbapi_connection.commit()
        die()

    def on_rollback(conn: Any) -> None:
        conn.info.pop("writes_outbox", None)

    event.listen(engine, "after_cursor_execute", after_statement)
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
