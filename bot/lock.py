"""One bot per database: an exclusive lock file next to the SQLite file.

The lock is an OS advisory lock (``flock``), so it disappears with the process,
even after SIGKILL: a crashed bot never blocks the next start.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from bot.errors import SetupError, cannot_write


class AlreadyRunning(SetupError):
    """Another welcomebot holds the database."""


class LockFileError(SetupError):
    """The lock file cannot be created or opened (an unwritable or read-only directory)."""


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            where = self.path if self.path.exists() else self.path.parent
            message = cannot_write(where, exc.errno or 0, needed_for=f"lock file {self.path.name}")
            raise LockFileError(message) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"storage.database: another welcomebot (pid {holder}) is already running on "
                f"this database; stop it first (lock file {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def lock_path_for(database: Path) -> Path:
    """``<database>.lock``, beside the SQLite file."""
    return database.with_name(database.name + ".lock")
