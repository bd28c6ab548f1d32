# welcomebot: two commands from a fresh clone.
#   make demo   set up, then run the bot against the built-in sandbox server
#   make test   set up, then run the test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash

# The newest Python 3.11+ on PATH, unless PYTHON is given.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: help install demo test lint format check clean container-test

help:
	@echo "make demo    set up and run the bot against the local sandbox server"
	@echo "make test    set up and run the tests"
	@echo "make lint    ruff, mypy and the migrations check"
	@echo "make container-test  build the image with buildah from a debootstrap base and run it"
	@echo "make bench   requests, CPU and memory against the sandbox (writes bench/results.md)"
	@echo "make clean   remove the virtual environment and caches"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: welcomebot needs Python 3.11 or newer on PATH (or PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/welcomebot demo

# Bytecode caches on, whatever the environment says (PYTHONDONTWRITEBYTECODE): every
# test worker and every bot process the tests start would otherwise compile the bot,
# and pytest rewrite the tests, again.
test: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check bot tests migrations bench .ci
	$(BIN)/ruff format --check bot tests migrations bench .ci
	$(BIN)/mypy
	$(BIN)/mypy --strict .ci/container_test.py
	@db=$$(mktemp -d)/check.sqlite3; \
	WELCOMEBOT_DATABASE_URL=sqlite:///$$db $(BIN)/alembic upgrade head >/dev/null && \
	WELCOMEBOT_DATABASE_URL=sqlite:///$$db $(BIN)/alembic check

format: $(STAMP)
	$(BIN)/ruff check --fix bot tests migrations bench .ci
	$(BIN)/ruff format bot tests migrations bench .ci

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Builds the Dockerfile with buildah (no Docker engine needed) on a Debian base made by
# debootstrap, then runs the image against the sandbox. Needs root, or buildah and
# debootstrap already installed. See .ci/container_test.py.
container-test: $(STAMP)
	$(BIN)/python .ci/container_test.py

check: lint test

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build *.egg-info
