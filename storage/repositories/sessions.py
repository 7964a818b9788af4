"""A repository write either joins the caller's transaction or runs in its own.

Workflows run all their writes in one `UnitOfWork` transaction and pass its session down;
callers without one (the CLI, start-up) get a transaction of their own, as before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database


@asynccontextmanager
async def writing(database: Database, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
    """``session`` itself (committed by its owner), or a new transaction committed on exit."""
    if session is not None:
        yield session
        return
    async with database.transaction() as own:
        yield own
