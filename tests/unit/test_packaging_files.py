"""What a pipx user gets: the example config in the package, the licence, metadata."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaged_example_config_is_the_repositorys_config_yaml() -> None:
    # `welcomebot init` writes bot/config.example.yaml; edit config.yaml and copy it there.
    assert (ROOT / "bot" / "config.example.yaml").read_text() == (ROOT / "config.yaml").read_text()


def test_the_licence_is_the_agpl_the_metadata_declares() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert "END OF TERMS AND CONDITIONS" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    assert project["readme"] == "README.md"
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "config.example.yaml" in package_data["package-data"]["bot"]


def test_the_readme_lists_every_command() -> None:
    from bot.cli import cli

    text = (ROOT / "README.md").read_text()
    table = text.split("## Commands", 1)[1].split("### Metrics", 1)[0]
    for name in cli.commands:
        assert f"`welcomebot {name}" in table, name
    assert "docs/first-run.md" in text and (ROOT / "docs" / "first-run.md").exists()
