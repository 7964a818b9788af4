"""Help requests, their posts in rooms, and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import HelpRequest, RequestAnswer, RequestPost, utcnow
from storage.repositories.upsert import rows_affected, table_of

# Built once (see `storage.repositories.upsert`): every request sent counts its rooms' day.
_POSTS = table_of(RequestPost)
_POSTED_SINCE = (
    select(_POSTS.c.room_id, func.count())
    .where(
        _POSTS.c.room_id.in_(bindparam("rooms", expanding=True)),
        _POSTS.c.posted_at >= bindparam("since"),
    )
    .group_by(_POSTS.c.room_id)
)


class RequestRepository:
    """Reads open their own session; a write given ``session=`` joins that workflow's
    transaction (bot/services/help_requests), else it runs in a transaction of its own."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def create(self, **fields: Any) -> HelpRequest:
        request, _ = await self.create_with_posts([], **fields)
        return request

    async def create_with_posts(
        self, room_ids: list[str], *, session: AsyncSession | None = None, **fields: Any
    ) -> tuple[HelpRequest, list[RequestPost]]:
        """A new open request and its first (queued) posts."""
        async with self.database.within(session) as writer:
            request = HelpRequest(state="open", level=0, **fields)
            writer.add(request)
            await writer.flush()
            posts = await self._insert_posts(writer, request.id, list(room_ids), 0)
        return request, posts

    @staticmethod
    async def _insert_posts(
        session: AsyncSession, request_id: int, room_ids: list[str], level: int
    ) -> list[RequestPost]:
        """Queued posts, written in one statement (a bulk INSERT … RETURNING), not one per
        room: a request reaching ten rooms costs one round trip to the driver, not ten."""
        rooms = list(dict.fromkeys(room_ids))
        if not rooms:
            return []
        now = utcnow()
        rows = [
            {"request_id": request_id, "room_id": room, "level": level, "queued_at": now}
            for room in rooms
        ]
        inserted = await session.scalars(insert(RequestPost).returning(RequestPost), rows)
        by_room = {post.room_id: post for post in inserted}
        return [by_room[room] for room in rooms]

    async def get(
        self, request_id: int, *, session: AsyncSession | None = None
    ) -> HelpRequest | None:
        """The request; within ``session``, as that transaction sees it now (after a
        concurrent commit, too)."""
        if session is None:
            async with self.database.sessions() as reader:
                return await reader.get(HelpRequest, request_id)
        return await session.scalar(
            select(HelpRequest)
            .where(HelpRequest.id == request_id)
            .execution_options(populate_existing=True)
        )

    async def update(self, request_id: int, **fields: Any) -> None:
        async with self.database.transaction() as session:
            await session.execute(
                update(HelpRequest).where(HelpRequest.id == request_id).values(**fields)
            )

    async def close(
        self, request_id: int, state: str, *, session: AsyncSession | None = None, **fields: Any
    ) -> bool:
        """Close an open request; False when it was not open (closed twice, or concurrently).
        Taken first in a closing workflow: of two concurrent closes, one only gets True."""
        async with self.database.within(session) as writer:
            result = await writer.execute(
                update(HelpRequest)
                .where(HelpRequest.id == request_id, HelpRequest.state == "open")
                .values(state=state, closed_at=utcnow(), **fields)
            )
        return bool(rows_affected(result))

    async def set_faq_entry(
        self, request_id: int, entry_id: int, *, session: AsyncSession | None = None
    ) -> None:
        async with self.database.within(session) as writer:
            await writer.execute(
                update(HelpRequest)
                .where(HelpRequest.id == request_id)
                .values(faq_entry_id=entry_id)
            )

    async def widen(
        self,
        request_id: int,
        level: int,
        *,
        unanswered_only: bool,
        session: AsyncSession | None = None,
    ) -> bool:
        """Raise an open request's level to ``level``; False when it is closed or already
        there (two escalations of one level: one only gets True)."""
        query = update(HelpRequest).where(
            HelpRequest.id == request_id, HelpRequest.state == "open", HelpRequest.level < level
        )
        if unanswered_only:
            query = query.where(HelpRequest.first_answer_at.is_(None))
        async with self.database.within(session) as writer:
            result = await writer.execute(query.values(level=level))
        return bool(rows_affected(result))

    async def of_requester(self, user_id: str) -> list[HelpRequest]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(HelpRequest)
                .where(HelpRequest.requester == user_id)
                .order_by(HelpRequest.id.desc())
            )
            return list(rows)

    async def open_requests(self, room_id: str | None = None) -> list[tuple[HelpRequest, int]]:
        """Open requests (routed to ``room_id`` if given) with their answer counts,
        unanswered first, oldest first."""
        async with self.database.sessions() as session:
            answers = (
                select(RequestAnswer.request_id, func.count().label("n"))
                .group_by(RequestAnswer.request_id)
                .subquery()
            )
            query = (
                select(HelpRequest, func.coalesce(answers.c.n, 0))
                .outerjoin(answers, answers.c.request_id == HelpRequest.id)
                .where(HelpRequest.state == "open")
            )
            if room_id is not None:
                query = query.where(
                    HelpRequest.id.in_(
                        select(RequestPost.request_id).where(
                            RequestPost.room_id == room_id, RequestPost.event_id.is_not(None)
                        )
                    )
                )
            rows = (await session.execute(query)).all()
        ordered = sorted(rows, key=lambda row: (row[1] > 0, row[0].id))
        return [(request, int(count)) for request, count in ordered]

    # -- posts ------------------------------------------------------------------------------
    async def add_posts(
        self,
        request_id: int,
        room_ids: list[str],
        level: int,
        *,
        session: AsyncSession | None = None,
    ) -> list[RequestPost]:
        """Queue posts in rooms the request has not reached yet; returns the new ones."""
        async with self.database.within(session) as writer:
            existing = set(
                await writer.scalars(
                    select(RequestPost.room_id).where(RequestPost.request_id == request_id)
                )
            )
            fresh = [room for room in room_ids if room not in existing]
            return await self._insert_posts(writer, request_id, fresh, level)

    async def posts(self, request_id: int) -> list[RequestPost]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(RequestPost)
                .where(RequestPost.request_id == request_id)
                .order_by(RequestPost.id)
            )
            return list(rows)

    async def mark_posted(self, post_id: int, event_id: str) -> None:
        async with self.database.transaction() as session:
            await session.execute(
                update(RequestPost)
                .where(RequestPost.id == post_id)
                .values(event_id=event_id, posted_at=utcnow())
            )

    async def mark_refused(self, post_id: int) -> None:
        """The room refused the post (the bot may not post there): it is not tried again."""
        async with self.database.transaction() as session:
            await session.execute(
                update(RequestPost)
                .where(RequestPost.id == post_id, RequestPost.event_id.is_(None))
                .values(refused_at=utcnow())
            )

    async def post_by_event(self, event_id: str) -> RequestPost | None:
        async with self.database.sessions() as session:
            return await session.scalar(select(RequestPost).where(RequestPost.event_id == event_id))

    async def posted_since(
        self, room_ids: list[str], since: datetime, *, session: AsyncSession | None = None
    ) -> dict[str, int]:
        """How many requests each room received since ``since`` (the daily cap); within
        ``session``, as that transaction sees it."""
        async with self.database.reading(session) as reader:
            rows = await reader.execute(_POSTED_SINCE, {"rooms": room_ids, "since": since})
            counts = {room_id: int(count) for room_id, count in rows.all()}
        return {room_id: counts.get(room_id, 0) for room_id in room_ids}

    # -- answers ----------------------------------------------------------------------------
    async def add_answer(
        self,
        request_id: int,
        event_id: str,
        room_id: str,
        author: str,
        text: str,
        *,
        session: AsyncSession | None = None,
    ) -> RequestAnswer | None:
        """Record an answer to an open request with the next number; None when the request is
        not open. The first statement updates the request's row, which serialises two answers
        numbered at once (PostgreSQL's row lock, SQLite's write lock)."""
        async with self.database.within(session) as writer:
            return await self._add_answer(writer, request_id, event_id, room_id, author, text)

    async def _add_answer(
        self,
        session: AsyncSession,
        request_id: int,
        event_id: str,
        room_id: str,
        author: str,
        text: str,
    ) -> RequestAnswer | None:
        opened = await session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request_id, HelpRequest.state == "open")
            .values(state="open")
        )
        if not rows_affected(opened):
            return None
        if await session.scalar(select(RequestAnswer.id).where(RequestAnswer.event_id == event_id)):
            return None
        await session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request_id, HelpRequest.first_answer_at.is_(None))
            .values(first_answer_at=utcnow())
        )
        last = await session.scalar(
            select(func.max(RequestAnswer.number)).where(RequestAnswer.request_id == request_id)
        )
        answer = RequestAnswer(
            request_id=request_id,
            number=(last or 0) + 1,
            event_id=event_id,
            room_id=room_id,
            author=author,
            text=text,
        )
        session.add(answer)
        await session.flush()
        return answer

    async def answers(self, request_id: int) -> list[RequestAnswer]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(RequestAnswer)
                .where(RequestAnswer.request_id == request_id)
                .order_by(RequestAnswer.number)
            )
            return list(rows)

    async def answer_counts_by_author(self) -> dict[str, int]:
        async with self.database.sessions() as session:
            rows = await session.execute(
                select(RequestAnswer.author, func.count()).group_by(RequestAnswer.author)
            )
            return {author: int(n) for author, n in rows.all()}
