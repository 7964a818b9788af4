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

from sqlalchemy import event, exc, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import sqlite_driver
from storage.urls import sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest Alembic revision(s). A database already there is not handed to Alembic at all,
# which keeps command-line tools quick to start; a test checks this against the migrations.
SCHEMA_HEADS = frozenset({"0013_merge"})

__all__ = ["SCHEMA_HEADS", "Database", "alembic_config", "sqlite_url"]


def private_directory(path: Path) -> Path:
    """Create ``path`` readable by the bot's user only (it holds the database, hence the access
    token); an existing directory and its files are tightened too."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    for child in path.iterdir():
        if child.is_file():
            child.chmod(0o600)
    return path


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached right now (locked, restarting,
    connection lost): worth retrying later, unlike a constraint or a programming error."""
    if isinstance(error, exc.IntegrityError | exc.DataError | exc.ProgrammingError):
        return False
    # The drivers raise connection failures (refused, reset) as plain OSErrors. A timeout is
    # left out: it may come from anything a handler awaited, not only the database.
    if isinstance(error, TimeoutError):
        return False
    return isinstance(error, exc.DBAPIError | OSError)


def describe_error(error: BaseException) -> str:
    """A log-safe account of a failure: the error's type and the first line of the driver's
    message, never the statement's parameters (which may hold message text)."""
    origin = error.orig if isinstance(error, exc.DBAPIError) and error.orig else error
    first_line = (str(origin).splitlines() or [""])[0][:160]
    if isinstance(origin, exc.StatementError):
        first_line = ""
    return f"{type(origin).__name__}: {first_line}" if first_line else type(origin).__name__


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        # Statement parameters never appear in an error's message (and so in a logged
        # traceback): they may be member data, or text typed by a user.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.get_driver_name() == "aiosqlite":
                # The same aiosqlite connection, one crossing to its thread per statement.
                parsed = parsed.set(drivername=f"sqlite+{sqlite_driver.DRIVER}")
            kwargs["connect_args"] = {"timeout": 30}
            file = Path(parsed.database or ":memory:")
            if file.name != ":memory:" and file.parent.is_dir():
                # SQLite gives its WAL and shared-memory files the database file's mode.
                file.touch(mode=0o600, exist_ok=True)
        else:
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(parsed, **kwargs)
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

    async def drop_old_versions(self, table: str) -> None:
        """Rows of ``table`` were just overwritten because they held personal data: their old
        versions leave the disk too. On SQLite the write-ahead log is checkpointed and
        truncated (``secure_delete`` zeroed the space freed in the database file); on
        PostgreSQL the table is vacuumed (dead row versions a running snapshot still sees
        stay until the next vacuum)."""
        async with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                done = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await done.exec_driver_sql(f'VACUUM "{table}"')

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

    @asynccontextmanager
    async def reading(self, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
        """``session`` when a workflow's transaction is open (a read that must see its own
        writes), else a session of its own for the read."""
        if session is not None:
            yield session
        else:
            async with self.sessions() as own:
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
