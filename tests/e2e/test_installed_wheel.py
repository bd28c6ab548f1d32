"""The built wheel, installed into a fresh virtual environment outside the repository, is
a working welcomebot: ``--version``, ``init`` from its own example config, ``check-config``.

This is what ``pipx install`` and ``uv tool install`` do (a venv of its own per tool).
The test has no network, so the new venv sees the dependencies of the one running
the tests through a ``.pth`` line; welcomebot itself comes only from the wheel.
``.ci/wheel_install`` does the same with the dependencies from the package index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation"]
        + ["-q", "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("welcomebot-*.whl")
    return built


def test_the_wheel_carries_the_example_config_and_the_licence(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        example = archive.read("bot/config.example.yaml").decode()
        metadata = archive.read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert example == (REPO / "config.yaml").read_text()
    assert any(n.endswith("/licenses/LICENSE") for n in names)
    assert "License-Expression: AGPL-3.0-or-later" in metadata
    assert "Description-Content-Type: text/markdown" in metadata


@pytest.mark.heavy
def test_an_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    # Nothing of the test's own environment leaks in (PYTHONPATH names the source tree).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "WELCOMEBOT_"))}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=env)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    (venv_site,) = (venv / "lib").glob("python3*/site-packages")
    # The dependencies, from the environment running the tests (no network here): its
    # site-packages directories, as plain paths (their own .pth files are not run, so an
    # editable install of some other tree there stays out).
    deps = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (venv_site / "test-dependencies.pth").write_text("\n".join(deps) + "\n")
    home = tmp_path / "home"
    home.mkdir()

    def welcomebot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "welcomebot"), *args],
            capture_output=True,
            text=True,
            cwd=home,
            env=env,
            timeout=120,
        )

    version = welcomebot("--version")
    assert version.returncode == 0 and version.stdout.startswith("welcomebot, version ")
    where = subprocess.run(
        [str(python), "-c", "import bot; print(bot.__file__)"],
        capture_output=True,
        text=True,
        cwd=home,
        env=env,
        check=True,
    )
    assert where.stdout.strip().startswith(str(venv_site))  # not the source tree
    init = welcomebot("init", "--url", "https://x.example", "--no-login")
    assert init.returncode == 0, init.stderr
    assert "wrote config.yaml for https://x.example" in init.stdout
    written = (home / "config.yaml").read_text()
    assert "  url: https://x.example\n" in written and written.startswith("# welcomebot config")
    check = welcomebot("check-config", "--offline")
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines()[:2] == [
        "config: config.yaml is valid",
        "instance: https://x.example",
    ]
