"""Guests of focus sessions and the sessions' own rooms (issue 15)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import FocusGuest, FocusRoom


class FocusGuestRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(
        self, session_id: int, user_id: str, invited_by: str, *, session: AsyncSession | None = None
    ) -> bool:
        """True when the person was not yet a guest of the session (again after an end)."""
        async with self.database.within(session) as writer:
            row = await writer.get(FocusGuest, (session_id, user_id))
            if row is not None and row.ended_at is None:
                return False
            if row is None:
                writer.add(
                    FocusGuest(session_id=session_id, user_id=user_id, invited_by=invited_by)
                )
            else:
                row.ended_at, row.invited_by = None, invited_by
            await writer.flush()
        return True

    async def guests(self, session_id: int) -> list[str]:
        """The session's guests whose access has not ended."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(FocusGuest.user_id)
                .where(FocusGuest.session_id == session_id, FocusGuest.ended_at.is_(None))
                .order_by(FocusGuest.invited_at)
            )
            return list(rows)

    async def is_guest(self, session_id: int, user_id: str) -> bool:
        return user_id in await self.guests(session_id)

    async def end(
        self, session_id: int, now: datetime, *, session: AsyncSession | None = None
    ) -> list[str]:
        """End every guest's access (a conditional update); the guests it ended."""
        running = (FocusGuest.session_id == session_id, FocusGuest.ended_at.is_(None))
        async with self.database.within(session) as writer:
            ended = list(await writer.scalars(select(FocusGuest.user_id).where(*running)))
            await writer.execute(update(FocusGuest).where(*running).values(ended_at=now))
        return ended

    async def room(self, session_id: int) -> FocusRoom | None:
        async with self.database.sessions() as session:
            return await session.get(FocusRoom, session_id)

    async def add_room(
        self, session_id: int, room_id: str, *, session: AsyncSession | None = None
    ) -> None:
        async with self.database.within(session) as writer:
            writer.add(FocusRoom(session_id=session_id, room_id=room_id))

    async def archive_room(self, session_id: int, *, session: AsyncSession | None = None) -> bool:
        async with self.database.within(session) as writer:
            result = await writer.execute(
                update(FocusRoom)
                .where(FocusRoom.session_id == session_id, FocusRoom.archived.is_(False))
                .values(archived=True)
            )
        return bool(getattr(result, "rowcount", 0))

    async def count(self) -> int:
        """Guests ever invited to a session (one per person and session)."""
        async with self.database.sessions() as session:
            return await session.scalar(select(func.count()).select_from(FocusGuest)) or 0
