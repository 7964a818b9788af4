"""Logging set-up. Message texts must never reach the logs (a help request's raw text could
name the person it is about): the libraries that log request or response bodies at debug level
(matrix-nio, the database drivers, SQLAlchemy's engine echo) are held at WARNING whatever the
configured level, and Tisserand's own code never logs a message body."""

from __future__ import annotations

import logging

CONTENT_LOGGERS = ("nio", "aiosqlite", "asyncpg", "sqlalchemy.engine", "aiohttp.client")
# Libraries whose INFO lines are their own internals (Alembic's plugins and each revision it
# applies, APScheduler's "Adding job tentatively" and every run of a job): one line per step
# Tisserand takes is what an operator reads, so they speak only to warn.
CHATTY_LOGGERS = ("alembic", "apscheduler")


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    hold_content_loggers()


def hold_content_loggers() -> None:
    for name in (*CONTENT_LOGGERS, *CHATTY_LOGGERS):
        logging.getLogger(name).setLevel(logging.WARNING)
    # nio warns about every error body it cannot read as a success ("room alias not found" while
    # provisioning is expected); the wrapper reports real failures itself.
    logging.getLogger("nio.responses").setLevel(logging.ERROR)
