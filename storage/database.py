"""The database: one async engine, a session factory, and Alembic migrations applied on start.

SQLite (through aiosqlite) is the embedded default; PostgreSQL (through asyncpg) is chosen by
the URL alone. Nothing else in the code base knows which backend is in use, except the search
index, which asks `Database.dialect`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


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
        # Statements' parameters (which may hold message text) never appear in errors.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"timeout": 30}
            file = Path(parsed.database or ":memory:")
            if file.name != ":memory:" and file.parent.is_dir():
                # SQLite gives its WAL and shared-memory files the database file's mode.
                file.touch(mode=0o600, exist_ok=True)
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
        """Bring the schema to the newest Alembic revision."""
        async with self.engine.begin() as conn:
            await conn.run_sync(_upgrade)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on success and rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "heads")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Erased content (raw help requests in the sync journal) is overwritten, not just unlinked.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
