"""Focus sessions, their announcements and participants, and the weekly digests posted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from storage.database import Database
from storage.models import DigestPost, FocusAnnouncement, FocusParticipant, FocusSession, utcnow
from storage.repositories.upsert import rows_affected

PLANNED = "planned"
CANCELLED = "cancelled"


class FocusRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    # -- sessions -------------------------------------------------------------------------------

    async def create(self, **fields: Any) -> FocusSession:
        async with self.database.transaction() as session:
            row = FocusSession(status=PLANNED, sequence=0, **fields)
            session.add(row)
        return row

    async def get(self, session_id: int) -> FocusSession | None:
        async with self.database.sessions() as session:
            return await session.get(FocusSession, session_id)

    async def upcoming(self, now: datetime, *, limit: int = 50) -> list[FocusSession]:
        """Planned sessions whose next occurrence has not ended, soonest first."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(FocusSession)
                .where(FocusSession.status == PLANNED, FocusSession.starts_at >= now)
                .order_by(FocusSession.starts_at, FocusSession.id)
                .limit(limit)
            )
            return list(rows)

    async def for_calendar(self, now: datetime) -> list[FocusSession]:
        """Sessions to export: upcoming ones, planned or cancelled (agendas remove the latter)."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(FocusSession)
                .where(or_(FocusSession.starts_at >= now, FocusSession.rrule.is_not(None)))
                .order_by(FocusSession.starts_at, FocusSession.id)
            )
            return list(rows)

    async def update(self, session_id: int, **fields: Any) -> FocusSession | None:
        async with self.database.transaction() as session:
            row = await session.get(FocusSession, session_id)
            if row is None:
                return None
            for name, value in fields.items():
                setattr(row, name, value)
        return row

    async def move(
        self, session_id: int, starts_at: datetime, rrule: str | None, duration_minutes: int
    ) -> FocusSession | None:
        async with self.database.transaction() as session:
            row = await session.get(FocusSession, session_id)
            if row is None or row.status != PLANNED:
                return None
            row.starts_at, row.rrule, row.duration_minutes = starts_at, rrule, duration_minutes
            row.sequence += 1
        return row

    async def cancel(self, session_id: int) -> bool:
        """Cancel a planned session; False when it was not planned (so only one caller acts)."""
        async with self.database.transaction() as session:
            result = await session.execute(
                update(FocusSession)
                .where(FocusSession.id == session_id, FocusSession.status == PLANNED)
                .values(status=CANCELLED, sequence=FocusSession.sequence + 1, updated_at=utcnow())
            )
            return bool(rows_affected(result))

    # -- announcements and participants -------------------------------------------------------

    async def add_announcement(self, session_id: int, room_id: str, event_id: str) -> None:
        async with self.database.transaction() as session:
            if await session.get(FocusAnnouncement, event_id) is None:
                session.add(
                    FocusAnnouncement(event_id=event_id, session_id=session_id, room_id=room_id)
                )

    async def by_announcement(self, event_id: str) -> FocusSession | None:
        async with self.database.sessions() as session:
            announcement = await session.get(FocusAnnouncement, event_id)
            if announcement is None:
                return None
            return await session.get(FocusSession, announcement.session_id)

    async def add_participant(self, session_id: int, user_id: str) -> bool:
        """True when the user was not yet registered for the session."""
        try:
            async with self.database.transaction() as session:
                if await session.get(FocusParticipant, (session_id, user_id)) is not None:
                    return False
                session.add(FocusParticipant(session_id=session_id, user_id=user_id))
        except IntegrityError:
            return False  # the same RSVP arrived twice at once
        return True

    async def participants(self, session_id: int) -> list[str]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(FocusParticipant.user_id)
                .where(FocusParticipant.session_id == session_id)
                .order_by(FocusParticipant.joined_at, FocusParticipant.user_id)
            )
            return list(rows)

    async def participant_counts(self, session_ids: Iterable[int]) -> dict[int, int]:
        ids = list(session_ids)
        if not ids:
            return {}
        async with self.database.sessions() as session:
            rows = await session.execute(
                select(FocusParticipant.session_id, FocusParticipant.user_id).where(
                    FocusParticipant.session_id.in_(ids)
                )
            )
            counts: dict[int, int] = dict.fromkeys(ids, 0)
            for session_id, _ in rows.all():
                counts[session_id] += 1
            return counts

    # -- weekly digest --------------------------------------------------------------------------

    async def digest_posted(self, room_id: str, week: str) -> bool:
        async with self.database.sessions() as session:
            return await session.get(DigestPost, (room_id, week)) is not None

    async def record_digest(self, room_id: str, week: str, bassin: str, event_id: str) -> None:
        try:
            async with self.database.transaction() as session:
                if await session.get(DigestPost, (room_id, week)) is None:
                    session.add(
                        DigestPost(room_id=room_id, week=week, bassin=bassin, event_id=event_id)
                    )
        except IntegrityError:
            pass  # recorded by a concurrent run: the homeserver deduplicated the send
