"""Focus sessions, their announcements and participants, their reports' search, and the weekly
digests posted.

Writing methods take an optional ``session``: a workflow passes its unit of work's session so
that everything it changes is committed together (or not at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import DigestPost, FocusAnnouncement, FocusParticipant, FocusSession, utcnow
from storage.repositories.upsert import insert_ignore, rows_affected
from storage.search import SearchIndex, excerpt

PLANNED = "planned"
CANCELLED = "cancelled"
FINISHED = "finished"
SEARCH_NAMESPACE = "focus"


@dataclass(frozen=True)
class FoundReport:
    """A session found by searching reports, with the part of its report that matched."""

    session: FocusSession
    excerpt: str


class FocusRepository:
    def __init__(self, database: Database, search_index: SearchIndex | None = None) -> None:
        self.database = database
        self.search_index = search_index or SearchIndex(database, SEARCH_NAMESPACE)

    # -- sessions -------------------------------------------------------------------------------

    async def create(self, *, session: AsyncSession | None = None, **fields: Any) -> FocusSession:
        async with self.database.within(session) as active:
            row = FocusSession(status=PLANNED, sequence=0, **fields)
            active.add(row)
            await active.flush()  # its id, for the reminders' keys
        return row

    async def get(
        self, session_id: int, *, session: AsyncSession | None = None
    ) -> FocusSession | None:
        if session is not None:
            return await session.get(FocusSession, session_id)
        async with self.database.sessions() as own:
            return await own.get(FocusSession, session_id)

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

    async def past(self, now: datetime, *, limit: int = 50) -> list[FocusSession]:
        """Sessions already held (not cancelled), latest first: their reports are read there."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(FocusSession)
                .where(FocusSession.status != CANCELLED, FocusSession.starts_at < now)
                .order_by(FocusSession.starts_at.desc(), FocusSession.id.desc())
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

    async def update(
        self, session_id: int, *, session: AsyncSession | None = None, **fields: Any
    ) -> FocusSession | None:
        async with self.database.within(session) as active:
            row = await active.get(FocusSession, session_id)
            if row is None:
                return None
            for name, value in fields.items():
                setattr(row, name, value)
        return row

    async def move(
        self,
        session_id: int,
        starts_at: datetime,
        rrule: str | None,
        duration_minutes: int,
        *,
        session: AsyncSession | None = None,
    ) -> FocusSession | None:
        """Move a planned session; None when it is not planned (any more)."""
        async with self.database.within(session) as active:
            result = await active.execute(
                update(FocusSession)
                .where(FocusSession.id == session_id, FocusSession.status == PLANNED)
                .values(
                    starts_at=starts_at,
                    rrule=rrule,
                    duration_minutes=duration_minutes,
                    sequence=FocusSession.sequence + 1,
                    updated_at=utcnow(),
                )
                .execution_options(synchronize_session=False)
            )
            if not rows_affected(result):
                return None
            row = await active.get(FocusSession, session_id, populate_existing=True)
        return row

    async def cancel(self, session_id: int, *, session: AsyncSession | None = None) -> bool:
        """Cancel a planned session; False when it was not planned (so only one caller acts)."""
        async with self.database.within(session) as active:
            result = await active.execute(
                update(FocusSession)
                .where(FocusSession.id == session_id, FocusSession.status == PLANNED)
                .values(status=CANCELLED, sequence=FocusSession.sequence + 1, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return bool(rows_affected(result))

    # -- announcements and participants -------------------------------------------------------

    async def add_announcement(self, session_id: int, room_id: str, event_id: str) -> None:
        """Remember an announcement sent after its workflow committed; a replay re-sends it
        with the same transaction id, gets the same event id, and this adds nothing."""
        async with self.database.transaction() as session:
            await session.execute(
                insert_ignore(session, FocusAnnouncement).values(
                    event_id=event_id, session_id=session_id, room_id=room_id
                )
            )

    async def by_announcement(self, event_id: str) -> FocusSession | None:
        async with self.database.sessions() as session:
            announcement = await session.get(FocusAnnouncement, event_id)
            if announcement is None:
                return None
            return await session.get(FocusSession, announcement.session_id)

    async def add_participant(
        self, session_id: int, user_id: str, *, session: AsyncSession | None = None
    ) -> bool:
        """True when the user was not yet registered for the session."""
        try:
            async with self.database.within(session) as active:
                result = await active.execute(
                    insert_ignore(active, FocusParticipant).values(
                        session_id=session_id, user_id=user_id, joined_at=utcnow()
                    )
                )
                return bool(rows_affected(result))
        except IntegrityError:
            return False  # the same RSVP arrived twice at once

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

    # -- reports ----------------------------------------------------------------------------------

    async def save_report(
        self, row: FocusSession, text: str, author: str, *, session: AsyncSession | None = None
    ) -> None:
        """Keep the report with the session and index it (theme, guests, report) for search."""
        async with self.database.within(session) as active:
            await self.update(row.id, report=text, report_author=author, session=active)
            await self.search_index.index(
                row.id,
                {"titre": row.theme, "invites": row.guests, "compte_rendu": text},
                [row.theme_slug] if row.theme_slug else [],
                session=active,
            )

    async def search_reports(self, query: str, limit: int = 5) -> list[FoundReport]:
        """Sessions whose report (or theme, or guests) matches ``query``, best first."""
        hits = await self.search_index.search(query, limit)
        wanted = set(self.search_index.query(query).weights)
        found: list[FoundReport] = []
        async with self.database.sessions() as session:
            for hit in hits:
                row = await session.get(FocusSession, hit.doc_id)
                if row is not None:
                    found.append(FoundReport(row, excerpt(row.report or row.theme, wanted)))
        return found

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
