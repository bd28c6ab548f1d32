"""Migrations: every revision upgrades in place and keeps the data; models match head;
and a start killed at any point of creating or upgrading the database leaves a database
the next start brings to head with nothing lost.

The kills are deterministic: ``WELCOMEBOT_TEST_CRASH_AT=migration:K`` (bot/testhooks.py)
kills the start right after the K-th SQL statement of its migration, for every K until
the start gets through. Starts of versions before atomic migrations are imitated too
(tests/forked.py), to prove that what they leave behind is repaired.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from bot.migration import alembic_config, migration_engine, schema_shape
from bot.store import Store, StoreError, migrate
from tests.forked import KILLED, ForkServer, legacy_engine

REVISIONS = [
    r.revision
    for r in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]
HEAD = REVISIONS[-1]


def config_on(connection: object) -> Any:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    return cfg


def shape_of(path: Path) -> Any:
    with sqlite3.connect(path) as db:
        return schema_shape(lambda sql: db.execute(sql).fetchall())


def version_of(path: Path) -> str | None:
    with sqlite3.connect(path) as db:
        has_table = db.execute(
            "select count(*) from sqlite_master where name = 'alembic_version'"
        ).fetchone()[0]
        row = (
            db.execute("select version_num from alembic_version").fetchone() if has_table else None
        )
    return row[0] if row else None


def seed(path: Path, revision: str | None) -> dict[str, Any]:
    """A database at ``revision`` (None: no file) with a follower, a decision, the cursor
    and, from 0002 on, a mention, written as that version would; returns what it holds."""
    if revision is None:
        return {}
    engine = legacy_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(config_on(conn), revision)
        conn.execute(
            text(
                "insert into followers (account_id, acct, source, notification_id, first_seen_at,"
                " last_seen_at, account_json) values ('1', 'ada@x.example', 'follow', 'n1',"
                " '2026-11-01 10:00:00', '2026-11-01 10:00:00', '{\"id\": \"1\"}')"
            )
        )
        conn.execute(
            text(
                "insert into decisions (account_id, decided_at, action, category, reasons,"
                " rules_version, \"trigger\", dry_run) values ('1', '2026-11-01 10:00:00', 'follow',"
                " 'human_newcomer', '[]', '1', 'notification', 0)"
            )
        )
        conn.execute(
            text("insert into bot_state (key, value) values ('notifications.cursor', '42')")
        )
        if revision >= "0002":
            conn.execute(
                text(
                    "insert into mentions (account_id, acct, first_at, last_at, count) values"
                    " ('1', 'ada@x.example', '2026-11-01 10:00:00', '2026-11-01 10:00:00', 3)"
                )
            )
    engine.dispose()  # the last connection checkpoints the WAL into the file
    return data_of(path)


def data_of(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        out: dict[str, Any] = {}
        for table in ("followers", "decisions", "bot_state", "mentions"):
            if table in tables:
                out[table] = sorted(db.execute(f"select * from {table}").fetchall())  # noqa: S608
    # columns added by later revisions are NULL in old rows: compare the seeded ones only
    if "followers" in out:
        out["followers"] = [row[:7] for row in out["followers"]]
    return out


@pytest.fixture(scope="module")
def forks() -> Iterator[ForkServer]:
    with ForkServer() as server:
        yield server


@pytest.fixture(scope="module")
def revision_shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Any]:
    """The schema at each revision (None: nothing yet)."""
    shapes: dict[str | None, Any] = {None: frozenset()}
    for revision in REVISIONS:
        path = tmp_path_factory.mktemp("shapes") / f"{revision}.sqlite3"
        seed(path, revision)
        shapes[revision] = shape_of(path)
    return shapes


def assert_at_head_with(path: Path, data: dict[str, Any], head_shape: Any) -> None:
    assert version_of(path) == HEAD
    assert shape_of(path) == head_shape
    after = data_of(path)
    for table, rows in data.items():
        assert after[table] == rows, table
    with sqlite3.connect(path) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("pragma journal_mode").fetchone() == ("wal",)


def kill_at_every_point(
    tmp_path: Path,
    start_revision: str | None,
    killed_start: Callable[[str, int], int],
    check_after_kill: Callable[[Path], None] = lambda _path: None,
    revision_shapes: dict[str | None, Any] | None = None,
) -> tuple[int, int]:
    """Seed at ``start_revision``; for K = 1, 2, …: copy, kill a start at point K, start
    again with this version and check. Stops when a start is no longer killed (every
    point was met). Returns (kills, clean restarts)."""
    pristine = tmp_path / "pristine.sqlite3"
    data = seed(pristine, start_revision)
    assert revision_shapes is not None
    kills = clean = 0
    for k in range(1, 200):
        path = tmp_path / f"k{k}.sqlite3"
        if pristine.exists():
            shutil.copy(pristine, path)
        code = killed_start(f"sqlite:///{path}", k)
        if code == 0:
            break
        assert code == KILLED, f"point {k}: the start ended with {code}, not the kill"
        kills += 1
        check_after_kill(path)
        Store.open(f"sqlite:///{path}").close()  # the next start, this version
        assert_at_head_with(path, data, revision_shapes[HEAD])
        clean += 1
    else:  # pragma: no cover
        raise AssertionError("the start never got through")
    return kills, clean


@pytest.mark.heavy
@pytest.mark.parametrize("start_revision", [None, *REVISIONS[:-1]], ids=lambda r: r or "new")
def test_a_start_killed_anywhere_in_a_migration_leaves_a_revision_and_the_next_start_works(
    tmp_path: Path,
    start_revision: str | None,
    revision_shapes: dict[str | None, Any],
    forks: ForkServer,
) -> None:
    def at_a_revision(path: Path) -> None:
        """All or nothing: the schema is exactly the one of the revision it says."""
        if not path.exists():
            return
        version = version_of(path)
        assert shape_of(path) == revision_shapes[version], f"half-made at {version}"
        assert version is None or version >= (start_revision or "")

    kills, clean = kill_at_every_point(
        tmp_path,
        start_revision,
        lambda url, k: forks.run("start_store", url, crash_at=f"migration:{k}"),
        at_a_revision,
        revision_shapes,
    )
    assert kills >= 5 and clean == kills
    print(f"\nkilled at each of {kills} points from {start_revision or 'nothing'}: {clean} clean")


@pytest.mark.heavy
@pytest.mark.parametrize("start_revision", [None, *REVISIONS[:-1]], ids=lambda r: r or "new")
def test_a_database_half_made_by_an_older_version_is_finished_at_the_next_start(
    tmp_path: Path,
    start_revision: str | None,
    revision_shapes: dict[str | None, Any],
    forks: ForkServer,
) -> None:
    half_made = 0

    def count_half_made(path: Path) -> None:
        nonlocal half_made
        if path.exists() and shape_of(path) != revision_shapes[version_of(path)]:
            half_made += 1

    kills, clean = kill_at_every_point(
        tmp_path,
        start_revision,
        lambda url, k: forks.run("start_older_version", url, k),
        count_half_made,
        revision_shapes,
    )
    assert half_made >= 2  # the old way really left half-made databases behind
    assert clean == kills
    print(
        f"\nolder version killed at each of {kills} points from {start_revision or 'nothing'}: "
        f"{half_made} half-made, {clean} clean restarts"
    )


@pytest.mark.heavy
def test_the_repair_itself_can_be_killed_anywhere(
    tmp_path: Path, revision_shapes: dict[str | None, Any], forks: ForkServer
) -> None:
    """An older version left revision 0001 half-made; this version's repairing start is
    then killed at every point; the one after still gets to head."""
    half = tmp_path / "half.sqlite3"
    assert forks.run("start_older_version", f"sqlite:///{half}", 8) == KILLED
    assert version_of(half) is None and shape_of(half) != frozenset()
    kills = clean = 0
    for k in range(1, 200):
        path = tmp_path / f"r{k}.sqlite3"
        shutil.copy(half, path)
        code = forks.run("start_store", f"sqlite:///{path}", crash_at=f"migration:{k}")
        if code == 0:
            break
        assert code == KILLED
        kills += 1
        Store.open(f"sqlite:///{path}").close()
        assert_at_head_with(path, {}, revision_shapes[HEAD])
        clean += 1
    assert kills >= 5 and clean == kills
    print(f"\nrepairing start killed at each of {kills} points: {clean} clean")


def test_starts_that_migrate_at_the_same_time_all_succeed(
    tmp_path: Path, revision_shapes: dict[str | None, Any]
) -> None:
    """A daemon and commands started together on a new database: each revision runs
    once, the others wait for its write lock, find it done and go on from there."""
    path = tmp_path / "together.sqlite3"
    script = f"from bot.store import Store; Store.open({f'sqlite:///{path}'!r}).close()"
    starts = [
        subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for start in starts:
        _out, err = start.communicate(timeout=120)
        assert start.returncode == 0, err
    assert_at_head_with(path, {}, revision_shapes[HEAD])


def test_a_schema_that_matches_no_revision_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "odd.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("create table bot_state (key text primary key, surprise integer)")
    with pytest.raises(StoreError) as caught:
        Store.open(f"sqlite:///{path}")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("storage.database: the tables in this database match neither")
    assert "restore a backup" in message


def test_a_bad_crash_point_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELCOMEBOT_TEST_CRASH_AT", "outbox:soon")
    with pytest.raises(StoreError, match="WELCOMEBOT_TEST_CRASH_AT: expected POINT:N"):
        Store.open(f"sqlite:///{tmp_path / 'x.sqlite3'}")


def test_migrations_are_real_transactions_and_keep_wal(tmp_path: Path) -> None:
    """The migration engine's transactions hold DDL: a rollback undoes a CREATE TABLE."""
    path = tmp_path / "tx.sqlite3"
    engine = migration_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("create table kept (x integer)")
        conn.commit()
        conn.exec_driver_sql("create table undone (x integer)")
        conn.rollback()
        assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
    engine.dispose()
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("select name from sqlite_master")}
    assert names == {"kept"}


def test_reading_a_database_that_does_not_exist_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "later.sqlite3"
    with pytest.raises(StoreError, match="does not exist yet"):
        Store.open(f"sqlite:///{path}", migrate_schema=False)
    assert not path.exists()


def test_upgrade_from_the_first_revision_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    seed(path, "0001")
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine)  # what the bot does at start
    store = Store(engine)
    assert store.get_state("notifications.cursor") == "42"
    assert store.judged_account_ids(["1"]) == {"1"}
    (follower,) = list(store.stored_followers())
    assert follower.acct == "ada@x.example" and follower.statuses_json is None
    assert version_of(path) == HEAD
    engine.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'head.sqlite3'}")
    migrate(engine)
    with engine.begin() as conn:
        command.check(config_on(conn))  # raises if autogenerate would change anything
    engine.dispose()


def test_every_revision_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    engine = migration_engine(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    with engine.connect() as conn:
        cfg = config_on(conn)
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "base")
        command.upgrade(cfg, "head")
        tables = {r[0] for r in conn.execute(text("select name from sqlite_master"))}
    assert {"followers", "decisions", "actions", "mentions", "bot_state"} <= tables
    engine.dispose()
