# welcomebot container image (first version; see README "Docker").
# CI can build from a local Debian base: --build-arg BASE_IMAGE=...
ARG BASE_IMAGE=python:3.12-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY migrations ./migrations
RUN python -m pip wheel --no-cache-dir --wheel-dir /wheels .

FROM ${BASE_IMAGE}
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home welcomebot \
    && mkdir -p /data /config \
    && chown 10001:10001 /data
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir --no-index --find-links /wheels welcomebot \
    && rm -rf /wheels
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
HEALTHCHECK --interval=1m --timeout=10s --start-period=2m --retries=3 \
    CMD ["welcomebot", "health", "--config", "/config/config.yaml"]
# The config is mounted read-only at /config/config.yaml; its storage.database
# should point into /data, e.g. sqlite:////data/welcomebot.sqlite3.
ENTRYPOINT ["welcomebot"]
CMD ["run", "--config", "/config/config.yaml"]
