"""SQLite through aiosqlite, with one hand-over to its thread per statement.

aiosqlite runs the ``sqlite3`` connection in a thread of its own; every call crosses to that
thread and back (a queue put, a thread wake-up, a call back into the event loop). SQLAlchemy's
``aiosqlite`` dialect makes four such crossings per statement — create a cursor, execute, fetch
the rows, close the cursor — and one more to roll back a connection that was not in a
transaction when it goes back to the pool. Those crossings, not SQLite, are most of what a
statement costs the bot: on a two-core machine about 0.5 ms per statement against 0.08 ms for
the same statement sent through aiosqlite directly.

This dialect (``sqlite+tisserand``) is SQLAlchemy's ``aiosqlite`` dialect with a cursor that
does the four steps in a single job on the connection's thread and keeps the rows, the
description, the row count and the last row id it returns; and a rollback that is skipped when
the connection has no transaction open. Everything else — type handling, the pool, isolation,
errors — is the ``aiosqlite`` dialect's own. `Database` uses it for every ``sqlite+aiosqlite``
URL.

It reads attributes aiosqlite keeps private: ``Connection._execute``, which queues a function
on the connection's thread, and ``Connection._conn``, the ``sqlite3`` connection
(`SQLiteDialect.import_dbapi` checks both are there), and ``Connection._connection``, which
SQLAlchemy's own adaptor reads too; the storage tests run every query of the project through
this dialect.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

DRIVER = "tisserand"

Outcome = tuple[Any, list[Any], int, int | None]


def _run(connection: sqlite3.Connection, many: bool, statement: str, parameters: Any) -> Outcome:
    """On the connection's thread: the whole life of one cursor."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(statement, parameters)
        elif parameters is None:
            cursor.execute(statement)
        else:
            cursor.execute(statement, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose execution is one job on the connection's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False  # nothing is left open on the thread after a statement

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass  # every row is already here

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._go(False, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._go(True, operation, seq_of_parameters)

    def _go(self, many: bool, operation: Any, parameters: Any) -> None:
        connection = self._connection
        try:
            outcome: Outcome = await_(
                connection._execute(_run, connection._conn, many, operation, parameters)
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def close(self) -> None:
        self._rows.clear()


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor

    def rollback(self) -> None:
        # A connection back from a committed transaction, or from reads outside one, has
        # nothing to roll back: the pool's reset need not cross to the thread for it.
        driver = self._connection._connection
        if driver is not None and driver.in_transaction:
            super().rollback()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        adapted = super().connect(*arg, **kw)
        return OneHopConnection(self, adapted._connection)


class SQLiteDialect(SQLiteDialect_aiosqlite):
    driver = DRIVER
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> OneHopDBAPI:  # type: ignore[override]
        for name in ("_execute", "_conn"):
            if not hasattr(aiosqlite.Connection, name):
                raise ImportError(f"aiosqlite {aiosqlite.__version__} has no Connection.{name}")
        return OneHopDBAPI(aiosqlite, sqlite3)


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect")
