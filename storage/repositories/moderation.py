"""Bassins added or archived by command, merged into the layout at every start."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models.moderation import BassinChange


class BassinChangeRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def all(self) -> list[BassinChange]:
        async with self.database.sessions() as session:
            rows = await session.scalars(select(BassinChange).order_by(BassinChange.changed_at))
            return list(rows)

    async def set(
        self,
        slug: str,
        name: str,
        status: str,
        changed_by: str,
        *,
        session: AsyncSession | None = None,
    ) -> None:
        """Record the latest decision about a bassin (one row per slug)."""
        async with self.database.within(session) as session:
            await session.merge(
                BassinChange(slug=slug, name=name, status=status, changed_by=changed_by)
            )
