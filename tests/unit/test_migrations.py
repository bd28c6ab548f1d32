"""Migrations: every revision upgrades in place and keeps the data; models match head."""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from bot.store import Store, migrate


def alembic_config(connection: object) -> AlembicConfig:
    migrations = importlib.import_module("bot.migrations")
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(str(migrations.__file__)).parent))
    cfg.attributes["connection"] = connection
    return cfg


def test_upgrade_from_the_first_revision_keeps_the_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
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
    migrate(engine)  # what the bot does at start
    store = Store(engine)
    assert store.get_state("notifications.cursor") == "42"
    assert store.judged_account_ids(["1"]) == {"1"}
    (follower,) = list(store.stored_followers())
    assert follower.acct == "ada@x.example" and follower.statuses_json is None
    with engine.begin() as conn:
        head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head
        assert conn.execute(text("pragma integrity_check")).scalar() == "ok"
    engine.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'head.sqlite3'}")
    migrate(engine)
    with engine.begin() as conn:
        command.check(alembic_config(conn))  # raises if autogenerate would change anything
    engine.dispose()


def test_every_revision_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config(conn)
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "base")
        command.upgrade(cfg, "head")
        tables = {r[0] for r in conn.execute(text("select name from sqlite_master"))}
    assert {"followers", "decisions", "actions", "mentions", "bot_state"} <= tables
    engine.dispose()
