"""The SQLite dialect: one crossing to aiosqlite's thread per statement, the same answers.

Every storage test of the project already runs through this dialect (`Database` picks it for
every ``sqlite+aiosqlite`` URL); these tests pin what it adds: how many times a statement
crosses to the connection's thread, and the cursor facts SQLAlchemy reads (rows, row count,
last row id, errors, rollback).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
import pytest_asyncio
from sqlalchemy import exc, text

from storage.database import Database, sqlite_url
from storage.sqlite_driver import DRIVER


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(sqlite_url(tmp_path / "driver.db"))
    async with db.transaction() as session:
        await session.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield db
    await db.close()


@contextmanager
def crossings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the functions sent to aiosqlite's thread while the block runs."""
    sent: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(aiosqlite.Connection, "_execute", counting)
        yield sent


async def test_sqlite_urls_use_the_one_crossing_dialect(database: Database) -> None:
    assert database.dialect == "sqlite"
    assert database.engine.dialect.driver == DRIVER


async def test_a_statement_crosses_once(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with database.transaction() as session:
        await session.execute(text("INSERT INTO item (name) VALUES ('warm-up')"))
    with crossings(monkeypatch) as sent:
        async with database.transaction() as session:
            await session.execute(text("INSERT INTO item (name) VALUES ('a') RETURNING id"))
            await session.execute(text("SELECT id, name FROM item"))
    # two statements and the commit; the pool's reset after a commit crosses no more
    assert sent == ["_run", "_run", "commit"]


async def test_a_read_outside_a_transaction_is_released_without_a_rollback(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with database.sessions() as session:
        await session.execute(text("SELECT 1"))  # warm-up: the pool holds a connection
    with crossings(monkeypatch) as sent:
        async with database.sessions() as session:
            await session.execute(text("PRAGMA user_version"))
    assert sent == ["_run"]


async def test_rows_row_counts_and_last_row_ids_are_the_drivers(database: Database) -> None:
    async with database.transaction() as session:
        returned = await session.execute(
            text("INSERT INTO item (name) VALUES ('a'), ('b'), ('c') RETURNING id, name")
        )
        assert [tuple(row) for row in returned] == [(1, "a"), (2, "b"), (3, "c")]
        inserted = await session.execute(text("INSERT INTO item (name) VALUES ('d')"))
        assert inserted.lastrowid == 4
        updated = await session.execute(text("UPDATE item SET name = name || '!' WHERE id > 2"))
        assert updated.rowcount == 2
        many = await session.execute(
            text("INSERT INTO item (name) VALUES (:name)"), [{"name": "e"}, {"name": "f"}]
        )
        assert many.rowcount == 2
    async with database.sessions() as session:
        names = (await session.execute(text("SELECT name FROM item ORDER BY id"))).scalars()
        assert list(names) == ["a", "b", "c!", "d!", "e", "f"]
        result = await session.execute(text("SELECT id FROM item ORDER BY id"))
        assert result.fetchmany(2) == [(1,), (2,)]
        assert result.fetchone() == (3,)
        assert result.fetchall() == [(4,), (5,), (6,)]


async def test_an_error_rolls_the_whole_transaction_back(database: Database) -> None:
    with pytest.raises(exc.IntegrityError):
        async with database.transaction() as session:
            await session.execute(text("INSERT INTO item (name) VALUES ('kept?')"))
            await session.execute(text("INSERT INTO item (name) VALUES ('kept?')"))
    async with database.sessions() as session:
        assert (await session.execute(text("SELECT count(*) FROM item"))).scalar() == 0


async def test_an_abandoned_transaction_is_rolled_back_when_its_connection_returns(
    database: Database,
) -> None:
    async with database.sessions() as session:
        await session.execute(text("INSERT INTO item (name) VALUES ('never committed')"))
        # the session closes without a commit: the pool's reset must roll the insert back
    async with database.sessions() as session:
        assert (await session.execute(text("SELECT count(*) FROM item"))).scalar() == 0
