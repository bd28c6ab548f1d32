# welcomebot container image.
#
#   docker build -t welcomebot .            (or: docker compose build)
#
# BASE_IMAGE is any Debian-like image with Python 3.11+ and its venv module:
# python:3.12-slim by default; CI builds from a Debian base that debootstrap
# makes out of Debian packages (ci/container-test). Both stages must use the
# same base, because the virtual environment is copied from one to the other.
ARG BASE_IMAGE=python:3.12-slim

FROM ${BASE_IMAGE} AS build
# CI passes the host's CA bundle path here when its network needs it.
ARG PIP_CERT
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE MANIFEST.in config.yaml ./
COPY bot ./bot
COPY migrations ./migrations
# pip and setuptools are needed to install, not to run: they leave the venv (~25 MB).
RUN python3 -m venv /opt/welcomebot \
    && /opt/welcomebot/bin/python -m pip install . \
    && /opt/welcomebot/bin/python -m pip uninstall --yes pip setuptools \
    && /opt/welcomebot/bin/welcomebot --version

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="welcomebot" \
      org.opencontainers.image.description="Follows back and welcomes human newcomers on Mastodon"
# WELCOMEBOT_CONFIG names the config file for every command, so none needs --config.
ENV PATH=/opt/welcomebot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WELCOMEBOT_CONFIG=/config/config.yaml
# A fixed, unprivileged UID/GID so a bind-mounted /data can be chowned to it.
RUN groupadd --system --gid 10001 welcomebot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin welcomebot \
    && mkdir -p /data /config \
    && chown 10001:10001 /data
COPY --from=build /opt/welcomebot /opt/welcomebot
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# The config is mounted read-only at /config/config.yaml (make one with
#   docker run --rm welcomebot init --url https://your.server --stdout \
#     --token-file /run/secrets/welcomebot_token \
#     --database sqlite:////data/welcomebot.sqlite3 > my-config.yaml). Its storage.database
# points into /data (sqlite:////data/welcomebot.sqlite3); the token comes from
# WELCOMEBOT_ACCESS_TOKEN or a secret file named by instance.access_token_file.
# `health` exits 0 only when the last successful poll is recent.
HEALTHCHECK --interval=1m --timeout=10s --start-period=2m --retries=3 \
    CMD ["welcomebot", "health"]
# Exec form: welcomebot runs as PID 1 and handles SIGTERM itself:
# it finishes the action in hand, commits, and exits 0.
ENTRYPOINT ["welcomebot"]
CMD ["run"]
