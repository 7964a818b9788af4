"""Looking for personal data where it must not be: database files, heap pages, logs, rooms.

Every reader here looks at the bytes as they are, without helping the code under test: no
SQLite checkpoint (the ``-wal`` file is read as the running bot left it), no PostgreSQL VACUUM
(pages are read with ``pageinspect``, dead row versions included).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.homeserver.matrix_user import MatrixUser


def found(blob: bytes | str, needles: Iterable[str]) -> list[str]:
    """The needles present in ``blob`` (as UTF-8 and, for JSON columns, as ASCII escapes)."""
    data = blob if isinstance(blob, bytes) else blob.encode()
    hits = []
    for needle in needles:
        forms = {needle.encode(), json.dumps(needle)[1:-1].encode()}
        if any(form in data for form in forms):
            hits.append(needle)
    return hits


def sqlite_files(database: Path) -> dict[str, bytes]:
    """The database file and its ``-wal`` and ``-shm`` companions, read as raw bytes."""
    files = {}
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists():
            files[path.name] = path.read_bytes()
    return files


async def postgres_pages(url: str) -> dict[str, bytes]:
    """Every page of every table, index and TOAST relation of the database, dead rows included.

    ``get_raw_page`` reads through the buffer manager, so pages not yet written to disk are seen.
    """
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    pages: dict[str, bytes] = {}
    try:
        async with engine.connect() as conn:
            await conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
            relations = (
                await conn.execute(
                    text(
                        "SELECT c.oid::regclass::text, "
                        "pg_relation_size(c.oid) / current_setting('block_size')::int "
                        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE c.relkind IN ('r', 't', 'i', 'm') "
                        "AND n.nspname IN ('public', 'pg_toast')"
                    )
                )
            ).all()
            for name, count in relations:
                blocks = []
                for block in range(int(count)):
                    page = await conn.scalar(
                        text("SELECT get_raw_page(:rel, 'main', :block)"),
                        {"rel": name, "block": block},
                    )
                    blocks.append(bytes(page))
                pages[name] = b"".join(blocks)
    finally:
        await engine.dispose()
    return pages


async def room_history(user: MatrixUser, room_id: str, limit: int = 500) -> list[dict[str, Any]]:
    """The room's timeline as the homeserver serves it now (redacted events are stripped)."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/messages?dir=b&limit={limit}"
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    response = await user.client.send("GET", path, None, headers)
    async with response:
        data = await response.json()
    return list(data.get("chunk", []))


async def fetch_event(user: MatrixUser, room_id: str, event_id: str) -> dict[str, Any]:
    """One event as ``GET /rooms/{roomId}/event/{eventId}`` returns it to ``user``."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/event/{quote(event_id, safe='')}"
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    response = await user.client.send("GET", path, None, headers)
    async with response:
        return dict(await response.json())


async def postgres_wal_position(url: str) -> str:
    """Where the server's write-ahead log ends now (everything committed is flushed up to it)."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            return str(await conn.scalar(text("SELECT pg_current_wal_flush_lsn()::text")))
    finally:
        await engine.dispose()


async def postgres_wal_since(url: str, start: str) -> bytes | None:
    """The write-ahead log the server wrote since ``start``, read from its files; None when the
    server's data directory is not on this machine. Every commit flushes the log (the default
    ``synchronous_commit``), so what a transaction wrote is there."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT current_setting('data_directory'), "
                        "(pg_walfile_name_offset(CAST(CAST(:start AS text) AS pg_lsn))).*, "
                        "(pg_walfile_name_offset(pg_current_wal_flush_lsn())).*"
                    ),
                    {"start": start},
                )
            ).one()
    finally:
        await engine.dispose()
    data_dir, first, first_offset, last, last_offset = row
    wal = Path(data_dir) / "pg_wal"
    if not wal.is_dir():
        return None
    names = sorted(p.name for p in wal.iterdir() if len(p.name) == 24 and first <= p.name <= last)
    chunks = []
    for name in names:
        blob = (wal / name).read_bytes()
        begin = first_offset if name == first else 0
        end = last_offset if name == last else len(blob)
        chunks.append(blob[begin:end])
    return b"".join(chunks)
