"""One bot per database: ``flock`` on a lock file next to the SQLite file, and on the
database file itself.

The locks are OS advisory locks, so they disappear with the process, even after
SIGKILL: a crashed bot never blocks the next start. The lock file carries the pid for
the message; the lock on the database file is what a tmp cleaner or an owner removing
a "stale" lock file cannot defeat. (SQLite locks with POSIX ``fcntl`` locks, which
Linux keeps apart from ``flock``: the two do not interfere.)
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
    def __init__(self, path: Path, database: Path | None = None) -> None:
        self.path = path
        self.database = database
        self._fd: int | None = None
        self._database_fd: int | None = None

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
        try:
            self.cover_database()
        except BaseException:
            self.release()
            raise
        return self

    def cover_database(self) -> None:
        """Lock the database file too, once it exists (call again after creating it)."""
        if self.database is None or self._database_fd is not None:
            return
        try:
            fd = os.open(self.database, os.O_RDONLY)
        except FileNotFoundError:
            return  # the first start: covered once the store has created it
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(
                f"storage.database: another welcomebot is already running on {self.database} "
                "(its lock file may have been deleted); stop it first"
            ) from None
        self._database_fd = fd

    def release(self) -> None:
        for fd in (self._database_fd, self._fd):
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
        self._fd = self._database_fd = None

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
