"""Upgrading to 0010_privacy drops the journal's stored content, old row versions included."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.database import Database, alembic_config, sqlite_url
from tests.support.databases import BACKENDS, POSTGRES_URL_VARIABLE, PostgresServer, unique_name
from tests.support.leaks import found, postgres_pages

NEEDLE = "Quertinmont-0471935827"


@pytest_asyncio.fixture(params=BACKENDS)
async def empty_database(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    postgres_template: tuple[PostgresServer, str] | None,
) -> AsyncIterator[Database]:
    """A database with no schema at all (the migration is run step by step)."""
    if request.param == "sqlite":
        database = Database(sqlite_url(tmp_path / "upgrade.db"))
        yield database
        await database.close()
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VARIABLE}")
    server, _ = postgres_template
    name = unique_name("tisserand_upgrade")
    database = Database(await server.create(name))
    try:
        yield database
    finally:
        await database.close()
        await server.drop(name)


def _upgrade_to(revision: str):
    def run(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), revision)

    return run


async def test_upgrade_drops_the_stored_content(empty_database: Database) -> None:
    database = empty_database
    async with database.engine.begin() as conn:
        await conn.run_sync(_upgrade_to("0009_effects"))
    async with database.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO received_event (event_id, room_id, sender, event_type, "
                "origin_server_ts, content, status, seq, received_at) VALUES ('$e', '!r', "
                f"'@u:x', 'm.room.message', 1, '{{\"body\": \"{NEEDLE}\"}}', 'pending', 1, "
                "CURRENT_TIMESTAMP)"
            )
        )
    async with database.engine.begin() as conn:
        # An old row version, as erasing the content after handling used to leave.
        await conn.execute(text("UPDATE received_event SET content = '{}', status = 'done'"))
    async with database.engine.begin() as conn:
        await conn.run_sync(_upgrade_to("0010_privacy"))
    async with database.engine.connect() as conn:
        columns = await conn.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns("received_event")}
        )
        rows = (await conn.execute(text("SELECT event_id, status FROM received_event"))).all()
    assert "content" not in columns
    assert [tuple(row) for row in rows] == [("$e", "done")]
    if database.dialect == "postgresql":
        url = database.engine.url.render_as_string(hide_password=False)
        pages = await postgres_pages(url)
        assert not [name for name, blob in pages.items() if found(blob, [NEEDLE])]
