"""Reading the committed search generation cheaply, once per search.

The in-memory copy must see every commit made before a search starts, whichever process made
it, so each search reads the generation the writers bump. Through the engine that read costs a
pool checkout (with a ping on PostgreSQL), a switch to autocommit and a reset: several round
trips and milliseconds on a loaded machine. A connection kept for this one statement makes it a
single round trip on PostgreSQL (a prepared statement) and, on SQLite, a read of the WAL index
in the calling thread (microseconds: a reader in WAL mode never waits for a writer).

A notification channel (PostgreSQL ``LISTEN``) would remove even that round trip, but a search
could then start between a commit and the arrival of its notification and miss an entry another
process just wrote; one round trip keeps "committed before the search" exact.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url

from storage.database import Database

GENERATION_SQL = "SELECT generation FROM search_generation WHERE id = 1"
# The SQLite read runs in the event loop's thread: when the file is locked past this (a
# recovery, an exclusive lock), the pooled connection waits instead, in its own thread.
SQLITE_BUSY_SECONDS = 0.05
# A server that does not answer is not waited for longer than this before the pool is used.
CONNECT_SECONDS = 5.0


class GenerationReader:
    """The committed generation of one database, read on a connection of its own; falls back
    to a pooled connection when the dedicated one cannot be opened or fails."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._sqlite: sqlite3.Connection | None = None
        self._postgres: Any = None  # an asyncpg connection
        self._unavailable = False
        self._lock = asyncio.Lock()
        event.listen(database.engine.sync_engine, "engine_disposed", self._on_dispose)

    async def read(self) -> int:
        try:
            if self.database.dialect == "sqlite":
                value = self._read_sqlite()
            else:
                value = await self._read_postgres()
        except Exception:  # a lost or refused connection: the pool still answers
            self.close()
            value = None
        if value is None:
            return await self._read_pooled()
        return value

    def _read_sqlite(self) -> int | None:
        if self._sqlite is None:
            path = make_url(self.database.url).database
            if self._unavailable or not path or path == ":memory:":
                self._unavailable = True
                return None
            self._sqlite = sqlite3.connect(
                path, timeout=SQLITE_BUSY_SECONDS, check_same_thread=False
            )
        # Read to the end: a statement left unfinished would keep its read snapshot (and hold
        # back checkpoints) until the next one.
        ((generation,),) = self._sqlite.execute(GENERATION_SQL).fetchall()
        return int(generation)

    async def _read_postgres(self) -> int | None:
        if self._unavailable:
            return None
        async with self._lock:  # one statement at a time on one connection
            if self._postgres is None or self._postgres.is_closed():
                self._postgres = await self._connect_postgres()
                if self._postgres is None:
                    return None
            return int(await self._postgres.fetchval(GENERATION_SQL))

    async def _connect_postgres(self) -> Any:
        url = make_url(self.database.url)
        if url.get_backend_name() != "postgresql" or url.get_driver_name() != "asyncpg":
            self._unavailable = True
            return None
        import asyncpg

        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return await asyncpg.connect(dsn, timeout=CONNECT_SECONDS)

    async def _read_pooled(self) -> int:
        async with self.database.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            return int((await autocommit.exec_driver_sql(GENERATION_SQL)).scalar_one())

    def close(self) -> None:
        """Close the dedicated connection (synchronously: the engine's disposal calls it)."""
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._postgres is not None:
            self._postgres.terminate()
            self._postgres = None

    def _on_dispose(self, _engine: Any) -> None:
        self.close()
