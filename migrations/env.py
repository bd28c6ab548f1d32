"""Alembic environment for welcomebot.

Run programmatically by ``bot.store.migrate`` (which passes a live connection),
or from the repository root with ``alembic`` (``[tool.alembic]`` in pyproject,
database from ``WELCOMEBOT_DATABASE_URL``).

Each revision runs in its own transaction, its version stamp included
(``transactional_ddl``, ``transaction_per_migration``). On SQLite that holds only on a
connection of ``bot.migration.migration_engine``, which emits BEGIN itself: the driver
alone would let every CREATE and ALTER commit on its own.
"""

from __future__ import annotations

import os

from alembic import context

from bot.db import Base, UTCDateTime
from bot.migration import migration_engine

target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render our UTC column type as a plain DateTime: migrations must not import bot code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        transactional_ddl=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get(
        "WELCOMEBOT_DATABASE_URL", "sqlite:///welcomebot.sqlite3"
    )
    engine = migration_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
