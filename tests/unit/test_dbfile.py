"""Where the database lives: which URLs name a SQLite file, and the one-line refusals."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.dbfile import migration_trouble, sqlite_file
from bot.errors import SetupError, cannot_write
from bot.lock import AlreadyRunning, InstanceLock, LockFileError
from bot.store import Store, StoreError


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////data/welcomebot.sqlite3", Path("/data/welcomebot.sqlite3")),
        ("sqlite:///relative.sqlite3", Path("relative.sqlite3")),
        ("sqlite+pysqlite:////data/w.sqlite3", Path("/data/w.sqlite3")),
        ("sqlite:///file:/data/w.sqlite3?mode=ro&uri=true", Path("/data/w.sqlite3")),
        ("sqlite:///file:w.sqlite3?uri=true", Path("w.sqlite3")),
        ("sqlite:///file:mem?mode=memory&uri=true", None),
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
    ],
)
def test_the_file_a_sqlite_url_names(url: str, path: Path | None) -> None:
    assert sqlite_file(url) == path


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("postgres://bot:secret@db.example/welcomebot", "postgres"),
        ("postgresql+psycopg://db.example/welcomebot", "postgresql+psycopg"),
        ("mysql://db.example/welcomebot", "mysql"),
        ("://nothing", ""),
    ],
)
def test_other_databases_are_refused_in_one_line(url: str, scheme: str) -> None:
    with pytest.raises(StoreError) as caught:
        sqlite_file(url)
    assert str(caught.value) == (
        f"storage.database: `{scheme}://` is not a SQLAlchemy URL we support; "
        "only SQLite is supported (sqlite:///path)"
    )
    assert "secret" not in str(caught.value)


def test_the_setup_errors_share_one_base() -> None:
    for kind in (StoreError, ConfigError, AlreadyRunning, LockFileError):
        assert issubclass(kind, SetupError)


def test_a_revision_from_a_newer_version_names_it(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("update alembic_version set version_num = '0042'")
    with pytest.raises(StoreError) as caught:
        Store.open(f"sqlite:///{path}")
    assert str(caught.value) == (
        "storage.database: this database was written by welcomebot at revision 0042, "
        "newer than this one; install that version or restore a backup"
    )
    assert "Can't locate revision" in str(caught.value.__cause__)  # the cause is kept
    other = migration_trouble(Exception("Multiple heads are present"))
    assert (
        str(other) == "storage.database: cannot migrate the database (Multiple heads are present)"
    )


def test_a_read_only_database_is_found_when_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    Store.open(f"sqlite:///{path}").close()
    with pytest.raises(StoreError, match=r"the database is read-only \(attempt to write"):
        Store.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    reader = Store.open(f"sqlite:///file:{path}?mode=ro&uri=true", migrate_schema=False)
    assert reader.last_successful_poll() is None  # reading is fine: health uses this
    reader.close()


def test_the_lock_file_names_the_directory_when_it_cannot_be_made(tmp_path: Path) -> None:
    with pytest.raises(LockFileError) as caught:
        InstanceLock(tmp_path / "missing" / "bot.sqlite3.lock").acquire()
    assert str(caught.value) == (
        f"storage.database: cannot write {tmp_path / 'missing'} (needed for the lock file "
        "bot.sqlite3.lock) (No such file or directory)"
    )
    assert isinstance(caught.value.__cause__, FileNotFoundError)


def test_why_a_path_cannot_be_written() -> None:
    assert cannot_write(Path("/data"), errno.EROFS) == (
        "storage.database: /data is on a read-only filesystem; "
        "mount it read-write or choose another path"
    )
    assert "is not writable by uid " in cannot_write(Path("/data"), errno.EACCES)
    assert cannot_write(Path("/data"), errno.ENOSPC, needed_for="lock file x.lock") == (
        "storage.database: cannot write /data (needed for the lock file x.lock) "
        "(No space left on device)"
    )


def test_deleting_the_lock_file_does_not_let_a_second_bot_in(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"")
    lock_file = tmp_path / "bot.sqlite3.lock"
    first = InstanceLock(lock_file, database).acquire()
    try:
        lock_file.unlink()  # a tmp cleaner, or an owner removing a "stale" lock
        with pytest.raises(AlreadyRunning, match="lock file may have been deleted"):
            InstanceLock(lock_file, database).acquire()
    finally:
        first.release()
    InstanceLock(lock_file, database).acquire().release()  # free again once it stopped


def test_the_first_start_covers_the_database_once_it_exists(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    lock_file = tmp_path / "bot.sqlite3.lock"
    first = InstanceLock(lock_file, database).acquire()
    try:
        database.write_bytes(b"")  # the store creates it
        first.cover_database()
        lock_file.unlink()
        with pytest.raises(AlreadyRunning):
            InstanceLock(lock_file, database).acquire()
    finally:
        first.release()
