"""The database: one async engine, a session factory, and Alembic migrations applied on start.

SQLite (through aiosqlite) is the embedded default; PostgreSQL (through asyncpg) is chosen by
the URL alone. Nothing else in the code base knows which backend is in use, except the search
index, which asks `Database.dialect`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.urls import sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest Alembic revision(s). A database already there is not handed to Alembic at all,
# which keeps command-line tools quick to start; a test checks this against the migrations.
SCHEMA_HEADS = frozenset({"0012_web"})

__all__ = ["SCHEMA_HEADS", "Database", "alembic_config", "sqlite_url"]


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        # Statement parameters never appear in an error's message (and so in a logged
        # traceback): they may be member data, or text typed by a user.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (nothing to do when it is there)."""
        async with self.engine.begin() as conn:
            if not await conn.run_sync(_schema_is_current):
                await conn.run_sync(_upgrade)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on success and rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def within(self, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
        """``session`` when a workflow's transaction is already open, else a transaction of
        its own: repositories take an optional session so a workflow writes in one commit."""
        if session is not None:
            yield session
        else:
            async with self.transaction() as own:
                yield own

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _schema_is_current(connection: Connection) -> bool:
    if not inspect(connection).has_table("alembic_version"):
        return False
    versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return frozenset(versions) == SCHEMA_HEADS


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "heads")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Erased data (a closed conversation, a forgotten member) is overwritten, not just unlinked.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
