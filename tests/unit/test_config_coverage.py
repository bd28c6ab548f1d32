"""The shipped config.yaml documents every key of the config model, under its section."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from bot.config import Config

ROOT = Path(__file__).resolve().parents[2]


def keys_of(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += keys_of(annotation, f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


def documented(text: str) -> set[str]:
    """Every ``key:`` written (or commented out) in config.yaml, with its section."""
    found, section = set(), ""
    for line in text.splitlines():
        match = re.match(r"^(#?)( *)#? ?([a-z_]+):", line)
        if not match:
            continue
        indent, key = len(match.group(2)), match.group(3)
        if indent == 0 and not match.group(1):
            section = key
            found.add(key)
        elif indent == 2:
            found.add(f"{section}.{key}")
    return found


def test_config_yaml_documents_every_key() -> None:
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    missing = [key for key in keys_of(Config) if key not in documented(text)]
    assert not missing, f"config.yaml does not document {missing}"
    assert "greet: followers" in text and "{rules_url}" in text
