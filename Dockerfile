# Tisserand, the bot only (the homeserver and the database are other services, see
# docker-compose.yml). Settings come from TISSERAND_* environment variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TISSERAND_DATA_DIR=/data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY commands ./commands
COPY config ./config
COPY storage ./storage
RUN pip install --no-cache-dir . && useradd --create-home tisserand && mkdir -p /data \
    && chown tisserand /data
USER tisserand
VOLUME ["/data"]
ENTRYPOINT ["tisserand"]
CMD ["run"]
