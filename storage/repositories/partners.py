"""Partners' invitations (issue 15): read on every command, so kept in memory like roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Partner
from storage.repositories.upsert import rows_affected


class PartnerRepository:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._active: dict[str, Partner] | None = None

    async def _cache(self) -> dict[str, Partner]:
        if self._active is None:
            async with self.database.sessions() as session:
                rows = await session.scalars(
                    select(Partner).where(Partner.ended_at.is_(None)).order_by(Partner.id)
                )
                self._active = {row.user_id: row for row in rows}
        return self._active

    def invalidate(self) -> None:
        """Forget the cached invitations; a workflow calls it once its transaction committed."""
        self._active = None

    async def active(self, user_id: str) -> Partner | None:
        return (await self._cache()).get(user_id)

    async def all_active(self) -> list[Partner]:
        return sorted((await self._cache()).values(), key=lambda p: p.invited_at)

    async def reaching(self, themes: list[str], bassin: str | None) -> set[str]:
        """The themes among ``themes`` an active partner answers for in ``bassin`` (a partner
        without a bassin answers for every bassin)."""
        wanted = set(themes)
        found: set[str] = set()
        for partner in await self.all_active():
            if partner.bassin is None or partner.bassin == bassin:
                found |= wanted & set(partner.themes or [])
        return found

    async def running(self, user_id: str, *, session: AsyncSession | None = None) -> Partner | None:
        """The invitation running for ``user_id`` (in the caller's transaction when given)."""
        async with self.database.within(session) as reader:
            return await reader.scalar(
                select(Partner).where(Partner.user_id == user_id, Partner.ended_at.is_(None))
            )

    async def invite(
        self,
        *,
        user_id: str,
        structure: str,
        themes: list[str],
        bassin: str | None,
        until: datetime | None,
        invited_by: str,
        now: datetime,
        session: AsyncSession | None = None,
    ) -> Partner:
        """A new invitation; one still running for the same person is replaced (ended)."""
        async with self.database.within(session) as writer:
            await writer.execute(
                update(Partner)
                .where(Partner.user_id == user_id, Partner.ended_at.is_(None))
                .values(ended_at=now, end_reason="replaced")
            )
            partner = Partner(
                user_id=user_id,
                structure=structure,
                themes=themes,
                bassin=bassin,
                until=until,
                invited_by=invited_by,
                invited_at=now,
            )
            writer.add(partner)
            await writer.flush()
        return partner

    async def end(
        self, user_id: str, reason: str, now: datetime, *, session: AsyncSession | None = None
    ) -> Partner | None:
        """End the running invitation if there still is one (a conditional update: of two
        concurrent ends, one acts); the ended row, or None."""
        async with self.database.within(session) as writer:
            running = await writer.scalar(
                select(Partner).where(Partner.user_id == user_id, Partner.ended_at.is_(None))
            )
            if running is None:
                return None
            result = await writer.execute(
                update(Partner)
                .where(Partner.id == running.id, Partner.ended_at.is_(None))
                .values(ended_at=now, end_reason=reason)
            )
        return running if rows_affected(result) else None
