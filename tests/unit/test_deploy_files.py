"""The Dockerfile, compose.yaml and .dockerignore agree with each other.

The image itself is built and run by ``make container-test`` (buildah, in CI);
these checks catch drift between the files, which no Docker engine is needed for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined."""
    joined = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[last_from:]


def only(stage: list[tuple[str, str]], word: str) -> str:
    values = [args for w, args in stage if w == word]
    assert len(values) == 1, f"{word}: {values}"
    return values[0]


def compose_service() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert list(services) == ["welcomebot"]
    service: dict[str, Any] = services["welcomebot"]
    return service


def test_the_dockerfile_builds_from_a_base_image_argument_in_two_stages() -> None:
    instructions = dockerfile_instructions()
    assert instructions[0] == ("ARG", "BASE_IMAGE=python:3.12-slim")
    froms = [args for word, args in instructions if word == "FROM"]
    assert froms == ["${BASE_IMAGE} AS build", "${BASE_IMAGE}"]


def test_the_final_stage_runs_welcomebot_as_a_fixed_non_root_user() -> None:
    stage = final_stage()
    user = only(stage, "USER")
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) >= 1000 and gid == uid
    assert json.loads(only(stage, "ENTRYPOINT")) == ["welcomebot"]  # exec form
    assert json.loads(only(stage, "CMD")) == ["run"]  # the config comes from WELCOMEBOT_CONFIG
    assert json.loads(only(stage, "VOLUME")) == ["/data"]
    # The volume is created and handed to that user before USER takes effect.
    assert f"chown {uid}:{gid} /data" in " ".join(args for w, args in stage if w == "RUN")


def image_env() -> dict[str, str]:
    """The final stage's ENV, as NAME=value pairs."""
    out = {}
    for word, args in final_stage():
        if word == "ENV":
            for pair in args.split():
                name, _, value = pair.partition("=")
                out[name] = value
    return out


def test_compose_matches_the_image() -> None:
    stage = final_stage()
    service = compose_service()
    assert service["restart"] == "unless-stopped"
    # make container-test checks that the bot writes nothing outside /data.
    assert service["read_only"] is True
    assert service["cap_drop"] == ["ALL"]
    grace = str(service["stop_grace_period"])
    assert grace.endswith("s") and int(grace[:-1]) >= 10

    config_path = image_env()["WELCOMEBOT_CONFIG"]
    mounts = {m.split(":")[1]: m for m in service["volumes"]}
    assert mounts[config_path].endswith(":ro"), "the config is mounted read-only"
    data_source = mounts["/data"].split(":")[0]
    named_volumes = yaml.safe_load((ROOT / "compose.yaml").read_text()).get("volumes") or {}
    assert data_source in named_volumes, "the database lives in a named volume"

    healthcheck = only(stage, "HEALTHCHECK")
    image_test = json.loads(healthcheck[healthcheck.index("CMD") + 3 :].strip())
    assert service["healthcheck"]["test"] == ["CMD", *image_test]
    assert image_test == ["welcomebot", "health"]  # no --config: WELCOMEBOT_CONFIG names it
    assert "--config" not in json.dumps(service)


def test_the_image_names_its_config_for_every_command() -> None:
    env = image_env()
    assert env["WELCOMEBOT_CONFIG"] == "/config/config.yaml"
    # The build stage copies what pyproject.toml's metadata needs (the licence file).
    copied = " ".join(args for word, args in dockerfile_instructions() if word == "COPY")
    for name in ("pyproject.toml", "README.md", "LICENSE", "bot"):
        assert name in copied.split(), name
    assert "LICENSE" not in (ROOT / ".dockerignore").read_text().split()


def test_the_token_secret_stays_out_of_git_and_the_build_context() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    service = compose_service()
    assert service["secrets"] == ["welcomebot_token"]
    secret_file = Path(compose["secrets"]["welcomebot_token"]["file"])
    secret_dir = secret_file.parts[-2] if len(secret_file.parts) > 1 else ""
    gitignore = (ROOT / ".gitignore").read_text().split()
    dockerignore = (ROOT / ".dockerignore").read_text().split()
    assert f"{secret_dir}/" in gitignore
    assert secret_dir in dockerignore
    for pattern in (".venv", "*.sqlite3*", "*.token", ".git"):
        assert pattern in dockerignore, pattern


def test_the_compose_comment_names_the_paths_the_service_uses() -> None:
    """The setup steps in compose.yaml's header must name the real mount points."""
    text = (ROOT / "compose.yaml").read_text()
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "/run/secrets/welcomebot_token" in header
    assert "sqlite:////data/" in header
    assert "WELCOMEBOT_CONFIG=/config/config.yaml" in header
    uid = only(final_stage(), "USER").split(":")[0]
    assert f"UID {uid}" in header
