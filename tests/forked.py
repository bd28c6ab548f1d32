"""Run bot starts that a crash point may kill, one forked child per start, cheaply.

``ForkServer`` starts one helper process (``python -m tests.forked``) with the bot's
modules loaded; for each job it forks a child, which sets ``WELCOMEBOT_TEST_CRASH_AT``
(bot/testhooks.py) and runs one start: of the store, of an older version's migration, or
a whole ``welcomebot`` command. A start thus costs a fork rather than a new interpreter
(about a second of imports), so a test can kill starts at every one of dozens of points. The helper
forks from a single thread, and nothing in it but the job protocol touches stdout.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KILLED = -signal.SIGKILL
CRASH_ENV = "WELCOMEBOT_TEST_CRASH_AT"


# --------------------------------------------------------------------------- the jobs


def start_store(url: str) -> None:
    """What every start of this version does with its database."""
    from bot.store import Store

    Store.open(url).close()


def legacy_engine(url: str) -> Any:
    """The engine of versions before atomic migrations: the driver's transaction handling."""
    from sqlalchemy import create_engine, event

    from bot.store import _sqlite_pragmas

    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def start_older_version(url: str, kill_after: int) -> None:
    """A start of a version before atomic migrations (its ``migrate``: one connection in
    ``engine.begin()``, the driver's transaction handling, so that SQLite commits each
    DDL statement on its own), killed after its ``kill_after``-th SQL statement."""
    from alembic import command
    from sqlalchemy import event

    from bot.migration import alembic_config
    from bot.testhooks import die

    engine = legacy_engine(url)
    seen = 0

    def count(*_args: Any) -> None:
        nonlocal seen
        seen += 1
        if seen == kill_after:
            die()

    event.listen(engine, "after_cursor_execute", count)
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def welcomebot(argv: list[str], env: dict[str, str], stdout: str, stderr: str) -> None:
    """``welcomebot ARGV`` with ``env`` added to the environment and its output in files,
    as a process of its own would run it (its exit status is the command's)."""
    from bot.cli import cli

    os.environ.update(env)
    for fd, path in ((1, stdout), (2, stderr)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the child's whole life
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    code = 1
    try:
        cli.main(argv, prog_name="welcomebot", standalone_mode=True)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


JOBS: dict[str, Callable[..., None]] = {
    "start_store": start_store,
    "start_older_version": start_older_version,
    "welcomebot": welcomebot,
}


# --------------------------------------------------------------------------- the server


class ForkServer:
    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.forked"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )

    def run(self, job: str, *args: Any, crash_at: str | None = None) -> int:
        """Run one job in a fresh child; its exit code (``KILLED`` if the crash point fired)."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps({"job": job, "args": args, "crash_at": crash_at}) + "\n")
        self._proc.stdin.flush()
        answer = self._proc.stdout.readline()
        if not answer:
            raise RuntimeError("the fork server died")
        return int(json.loads(answer))

    def welcomebot(
        self, *argv: str, env: dict[str, str], crash_at: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``welcomebot ARGV`` in a forked child; its exit code and output, as
        ``subprocess.run(..., capture_output=True, text=True)`` gives them."""
        with tempfile.TemporaryDirectory() as tmp:
            out, err = Path(tmp, "stdout"), Path(tmp, "stderr")
            code = self.run("welcomebot", list(argv), env, str(out), str(err), crash_at=crash_at)
            stdout = out.read_text() if out.exists() else ""
            stderr = err.read_text() if err.exists() else ""
        return subprocess.CompletedProcess(["welcomebot", *argv], code, stdout, stderr)

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=30)
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _child(job: dict[str, Any]) -> None:
    code = 1
    try:
        sys.stdin.close()  # the job protocol is the server's, not the child's
        if job["crash_at"] is not None:
            os.environ[CRASH_ENV] = job["crash_at"]
        JOBS[job["job"]](*job["args"])
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def serve() -> None:
    import alembic.command  # noqa: F401 - loaded once here, not in every child

    import bot.cli  # noqa: F401 - and with it the cycle, the gateway and Mastodon.py
    import bot.cli.run  # noqa: F401
    import bot.migration  # noqa: F401
    import bot.store  # noqa: F401

    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(job)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(json.dumps(os.waitstatus_to_exitcode(status)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
