"""The ``database`` fixture: every storage test runs on SQLite and, when available, PostgreSQL.

Load it with ``-p tests.support.databases`` (or ``pytest_plugins``). PostgreSQL is used when
``TISSERAND_TEST_POSTGRES_URL`` names a server (e.g.
``postgresql+asyncpg://postgres@127.0.0.1:5432/test``); otherwise its tests are skipped.

Migrations run once per session into a template (a file for SQLite, a template database for
PostgreSQL); each test then gets a fresh copy, which is much faster than migrating each time
and keeps tests independent. Every database created here is dropped at the end.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from storage.database import Database, sqlite_url

POSTGRES_URL_VARIABLE = "TISSERAND_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:10]}"


class PostgresServer:
    """Creates and drops databases on the server named by the test URL."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.engine = create_async_engine(self.url, isolation_level="AUTOCOMMIT")

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    async def create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        async with self.engine.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.url_for(name)

    async def drop(self, name: str) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    async def close(self) -> None:
        await self.engine.dispose()


async def _migrated(url: str) -> None:
    database = Database(url)
    try:
        await database.migrate()
    finally:
        await database.close()


@pytest_asyncio.fixture(scope="session")
async def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    await _migrated(sqlite_url(path))
    return path


@pytest_asyncio.fixture(scope="session")
async def postgres_template() -> AsyncIterator[tuple[PostgresServer, str] | None]:
    """A migrated PostgreSQL template database, or None without a test server."""
    url = postgres_url()
    if url is None:
        yield None
        return
    server = PostgresServer(url)
    name = unique_name("tisserand_template")
    try:
        await _migrated(await server.create(name))
        yield server, name
    finally:
        await server.drop(name)
        await server.close()


@pytest_asyncio.fixture(params=BACKENDS)
async def database(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_template: tuple[PostgresServer, str] | None,
) -> AsyncIterator[Database]:
    """A freshly migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "tisserand.db"
        shutil.copyfile(sqlite_template, path)
        database = Database(sqlite_url(path))
        try:
            yield database
        finally:
            await database.close()
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VARIABLE}")
    server, template = postgres_template
    name = unique_name("tisserand_test")
    database = Database(await server.create(name, template))
    try:
        yield database
    finally:
        await database.close()
        await server.drop(name)


@pytest_asyncio.fixture(params=BACKENDS)
async def bot_database(
    request: pytest.FixtureRequest, postgres_template: tuple[PostgresServer, str] | None
) -> AsyncIterator[dict[str, str]]:
    """Settings for a bot on each backend: ``{}`` (its SQLite default) or a fresh PostgreSQL
    database's URL, for integration tests that must hold on both."""
    if request.param == "sqlite":
        yield {}
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VARIABLE}")
    server, template = postgres_template
    name = unique_name("tisserand_bot")
    url = await server.create(name, template)
    try:
        yield {"database_url": url}
    finally:
        await server.drop(name)
