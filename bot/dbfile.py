"""Where the database lives, and whether the bot may use it: each problem as one line.

The store calls these when it opens a database, so that a mistake in
``storage.database`` (another kind of database, a missing or unwritable directory,
a read-only file, a database from a newer welcomebot) is a ``StoreError`` naming the
fix, never a traceback from SQLite, SQLAlchemy or Alembic.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine, false, make_url, update
from sqlalchemy.exc import ArgumentError, DatabaseError

from bot.db import StateRow
from bot.errors import SetupError, cannot_write


class StoreError(SetupError):
    """The database cannot be used (unwritable path, corrupt file, wrong schema)."""


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None in memory). StoreError for any other database:
    the schema, the lock and the outbox's transactions are written for SQLite."""
    scheme = url.split("://", 1)[0]
    unsupported = StoreError(
        f"storage.database: `{scheme}://` is not a SQLAlchemy URL we support; "
        "only SQLite is supported (sqlite:///path)"
    )
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise unsupported from None
    if parsed.get_backend_name() != "sqlite":
        raise unsupported
    database = parsed.database or ""
    if parsed.query.get("uri") == "true":  # sqlite:///file:/path?mode=ro&uri=true
        if parsed.query.get("mode") == "memory":
            return None
        database = urlsplit(database).path if database.startswith("file:") else database
    return Path(database) if database not in ("", ":memory:") else None


def check_location(path: Path) -> None:
    """The directory must exist and be writable (SQLite keeps its journal there, and the
    bot its lock), and so must the file if it exists. StoreError naming the fix if not."""
    parent = path.parent
    if not parent.is_dir():
        if parent.exists():
            raise StoreError(f"storage.database: {parent} is a file, not a directory")
        raise StoreError(f"storage.database: directory {parent} does not exist")
    for probe in (parent, path) if path.exists() else (parent,):
        # effective_ids: ask about the user the bot acts as, which is what the kernel checks.
        if not os.access(probe, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
            read_only = os.statvfs(probe).f_flag & os.ST_RDONLY
            raise StoreError(cannot_write(probe, errno.EROFS if read_only else errno.EACCES))


def check_writable(engine: Engine) -> None:
    """Find a database that opens but cannot be written (a read-only file or mount, or
    ``mode=ro``) now, rather than at the first write of a cycle. The probe is an UPDATE
    that matches nothing, rolled back: it only asks SQLite for write access."""
    try:
        with engine.connect() as connection:
            connection.execute(update(StateRow).where(false()).values(value=StateRow.value))
            connection.rollback()
    except DatabaseError as exc:
        if not str(getattr(exc.orig, "sqlite_errorname", "")).startswith("SQLITE_READONLY"):
            raise StoreError(f"storage.database: cannot use the database ({exc.orig})") from exc
        raise StoreError(
            f"storage.database: the database is read-only ({exc.orig}); the bot must write "
            "it: check the file's permissions and that its filesystem is mounted read-write"
        ) from exc


def migration_trouble(exc: Exception) -> StoreError:
    """Alembic's complaint (``CommandError``) as one line that says what to do."""
    unknown = re.search(r"Can't locate revision identified by '([^']*)'", str(exc))
    if unknown:
        return StoreError(
            "storage.database: this database was written by welcomebot at revision "
            f"{unknown.group(1)}, newer than this one; install that version or restore a backup"
        )
    return StoreError(f"storage.database: cannot migrate the database ({exc})")
