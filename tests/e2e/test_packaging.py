"""The installed wheel (as in Docker) carries its migrations and scenarios."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.heavy
def test_an_installed_wheel_migrates_its_database(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("welcomebot-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    config = tmp_path / "config.yaml"
    config.write_text("instance: {url: 'https://bot.example'}\nstorage: {database: w.sqlite3}\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import bot, bot.migrations; print(bot.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.strip().startswith(str(site))  # not the source tree
    result = subprocess.run(
        [sys.executable, "-m", "bot", "migrate", "--config", str(config)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "w.sqlite3") as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        (revision,) = conn.execute("select version_num from alembic_version").fetchone()
    assert {"followers", "decisions", "actions", "bot_state"} <= tables
    heads = sorted(p.name.split("_")[0] for p in (REPO / "migrations" / "versions").glob("0*.py"))
    assert revision == heads[-1]
    scenarios = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bot.sandbox import bundled_scenarios; print(','.join(bundled_scenarios()))",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert "demo" in scenarios.stdout.split(",")
