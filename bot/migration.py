"""Schema migrations that are all or nothing, and the repair of half-made databases.

SQLite's Python driver (in its default, legacy transaction control) opens no
transaction before DDL, so each CREATE or ALTER of a migration commits on its own and
a kill in the middle leaves half a schema. The engine that migrates therefore takes
transactions over, as SQLAlchemy documents for pysqlite: the driver's own handling is
switched off when a connection is made, and ``BEGIN IMMEDIATE`` is emitted on the
engine's "begin" event. Alembic then runs each revision in one such transaction
(``transactional_ddl``, ``transaction_per_migration`` in migrations/env.py), its version
stamp included: after a kill the database is at the revision before or after, never
in between.

Versions before this one migrated table by table. A database they left half-made
(tables of revision N present, ``alembic_version`` empty or older) is recognised and
finished: revision N is replayed on a scratch copy in memory, the statement after
which the old run stopped is found by comparing schemas, and the statements after it
are run and N is stamped, in one transaction.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool, StaticPool

from bot.db import SQLITE_PRAGMAS
from bot.logs import event as log_event
from bot.logs import get_logger
from bot.testhooks import arm_migration

log = get_logger("migration")

Shape = frozenset[tuple[Any, ...]]
Statement = tuple[str, Any]


class SchemaError(Exception):
    """The database's schema is not one welcomebot can bring to the newest revision."""


def alembic_config() -> AlembicConfig:
    # Top-level migrations/ ships as the bot.migrations package (see pyproject.toml).
    migrations = importlib.import_module("bot.migrations")
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(str(migrations.__file__)).parent))
    return cfg


def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
    """On connect: no implicit BEGIN (nor COMMIT before DDL) from the driver; PRAGMAs
    first, outside any transaction (``journal_mode`` cannot change inside one).

    ``foreign_keys`` stays off while the schema changes, as SQLite advises for schema
    changes: a table rebuilt by batch mode is dropped, and that drop must not cascade."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # IMMEDIATE: take the write lock at once, so two processes starting together wait
    # for each other (busy_timeout) instead of failing to upgrade a read lock.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def migration_engine(url: URL | str) -> Engine:
    """An engine whose transactions are real for DDL too (see the module docstring)."""
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _driver_leaves_transactions_to_us)
        event.listen(engine, "begin", _begin_immediate)
    arm_migration(engine)
    return engine


def _in_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"
    )


def current_heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def upgrade_to_head(engine: Engine) -> None:
    """Bring ``engine``'s database to the newest revision, one transaction per revision.

    Raises SchemaError, or SQLAlchemy's DatabaseError when the file is no database."""
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with engine.connect() as connection:
        if current_heads(connection) == heads:
            return  # the usual start: nothing to do, nothing locked
        if _in_memory(engine.url):  # a crash loses it anyway; and a second engine would
            _upgrade(connection)  # see another, empty database
            connection.commit()
            return
    migrating = migration_engine(engine.url)
    try:
        try:
            _upgrade_with(migrating)
        except OperationalError:  # "table ... already exists": what is there already?
            # Left half-made by an older version: finish that revision. Or another
            # start migrated at the same time: nothing to finish. Then go on from the
            # revision the database is at now; a different trouble raises again.
            finish_interrupted_revision(migrating)
            _upgrade_with(migrating)
    finally:
        migrating.dispose()


def _upgrade_with(engine: Engine) -> None:
    with engine.connect() as connection:
        _upgrade(connection)


def _upgrade(connection: Connection, target: str = "head") -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, target)


# --------------------------------------------------------------------------- repair


def schema_shape(rows: Callable[[str], Sequence[Any]]) -> Shape:
    """Tables with their columns, indexes and foreign keys (not ``alembic_version``).

    ``rows`` runs one query and returns its rows, so this works on any connection."""
    names = rows(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
    )
    shape = set()
    for (name,) in names:
        quoted = '"' + str(name).replace('"', '""') + '"'
        columns = tuple(tuple(row[1:]) for row in rows(f"PRAGMA table_info({quoted})"))
        indexes = []
        for _seq, index, unique, origin, *_ in rows(f"PRAGMA index_list({quoted})"):
            index_quoted = '"' + str(index).replace('"', '""') + '"'
            on = tuple(row[2] for row in rows(f"PRAGMA index_info({index_quoted})"))
            indexes.append((index, unique, origin, on))
        keys = tuple(sorted(tuple(row[2:]) for row in rows(f"PRAGMA foreign_key_list({quoted})")))
        shape.add((name, columns, tuple(sorted(indexes)), keys))
    return frozenset(shape)


def _changes_the_database(statement: str) -> bool:
    words = statement.split(None, 1)
    verb = words[0].upper() if words else ""
    return verb in {"CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE"} and (
        "alembic_version" not in statement
    )


def replay_revision(before: str | None, revision: str) -> tuple[list[Shape], list[Statement]]:
    """Run ``revision`` on an in-memory database at ``before``; return the schema before
    and after each of its statements, and the statements."""
    scratch = create_engine("sqlite://", poolclass=StaticPool)
    states: list[Shape] = []
    statements: list[Statement] = []

    def record(_conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if _changes_the_database(statement):
            statements.append((statement, parameters))
            states.append(schema_shape(lambda sql: cursor.connection.execute(sql).fetchall()))

    try:
        with scratch.connect() as connection:
            if before is not None:
                _upgrade(connection, before)
            states.append(schema_shape(lambda sql: connection.exec_driver_sql(sql).fetchall()))
            event.listen(scratch, "after_cursor_execute", record)
            _upgrade(connection, revision)
    finally:
        scratch.dispose()
    return states, statements


def _following_revision(script: ScriptDirectory, current: str | None) -> str | None:
    for revision in script.walk_revisions():
        if revision.down_revision == current:
            return revision.revision
    return None


def finish_interrupted_revision(engine: Engine) -> bool:
    """Finish the revision an older version left half-done, if that is what this is.

    True if something was repaired; False if the schema is just at its revision (the
    trouble is elsewhere). Raises SchemaError if it matches no step of the revision."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.begin() as connection:  # one transaction, write lock held
        context = MigrationContext.configure(connection)
        current = context.get_current_revision()
        following = _following_revision(script, current)
        if following is None:
            return False
        states, statements = replay_revision(current, following)
        found = schema_shape(lambda sql: connection.exec_driver_sql(sql).fetchall())
        done = next((k for k, state in enumerate(states) if state == found), None)
        if done is None:
            raise SchemaError(
                f"storage.database: the tables in this database match neither revision "
                f"{current or '(none)'} nor any step of revision {following} (an upgrade "
                "interrupted in another way, or edited by hand); restore a backup, or move "
                "the file away to start afresh"
            )
        if done == 0:
            return False
        for statement, parameters in statements[done:]:
            connection.exec_driver_sql(statement, parameters)
        context.stamp(script, following)
    log_event(
        log,
        "database_repaired",
        revision=following,
        statements_found=done,
        statements_run=len(statements) - done,
    )
    return True
