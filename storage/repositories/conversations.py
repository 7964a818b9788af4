"""Conversations in progress (guided forms, previews, confirmations), kept across restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Conversation, utcnow
from storage.repositories.upsert import rows_affected, table_of

# Built once (see `storage.repositories.upsert`): every help request and guided path ends here.
_TABLE = table_of(Conversation)
_FINISH = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("conversation"), _TABLE.c.active.is_(True))
    .values(active=False)
)
# The user's open conversations in a room, newest first (of one kind, or of any kind): read
# for every message typed in a DM, and for every help request sent.
_OPEN = (
    select(Conversation)
    .where(
        Conversation.user_id == bindparam("user"),
        Conversation.room_id == bindparam("room"),
        Conversation.active.is_(True),
    )
    .order_by(Conversation.id.desc())
)
_OPEN_OF_KIND = _OPEN.where(Conversation.kind == bindparam("kind"))


class ConversationRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def start(
        self,
        user_id: str,
        kind: str,
        room_id: str,
        data: dict[str, Any],
        *,
        expires_at: datetime | None = None,
        anchor_event_id: str | None = None,
        session: AsyncSession | None = None,
    ) -> Conversation:
        """Start a conversation; one of the same kind already open for the user is closed."""
        async with self.database.within(session) as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.user_id == user_id, Conversation.kind == kind)
                .values(active=False)
            )
            row = Conversation(
                user_id=user_id,
                kind=kind,
                room_id=room_id,
                data=data,
                expires_at=expires_at,
                anchor_event_id=anchor_event_id,
                active=True,
            )
            session.add(row)
            await session.flush()  # its id, for the workflow's result
        return row

    async def current(
        self, user_id: str, room_id: str, kind: str | None = None
    ) -> Conversation | None:
        """The user's newest open, unexpired conversation in that room."""
        query, parameters = _OPEN, {"user": user_id, "room": room_id}
        if kind is not None:
            query, parameters = _OPEN_OF_KIND, {**parameters, "kind": kind}
        async with self.database.sessions() as session:
            for row in await session.scalars(query, parameters):
                if row.expires_at is None or row.expires_at > utcnow():
                    return row
            return None

    async def latest(self, user_id: str, room_id: str, kind: str) -> Conversation | None:
        """The newest conversation of that kind, expired or not (to tell the user it expired)."""
        async with self.database.sessions() as session:
            return await session.scalar(
                select(Conversation)
                .where(
                    Conversation.user_id == user_id,
                    Conversation.room_id == room_id,
                    Conversation.kind == kind,
                )
                .order_by(Conversation.id.desc())
                .limit(1)
            )

    async def by_anchor(self, event_id: str, *, finished: bool = False) -> Conversation | None:
        """The open conversation anchored at ``event_id``; with ``finished``, closed ones too
        (a replayed reaction must find the conversation its first handling closed)."""
        query = select(Conversation).where(Conversation.anchor_event_id == event_id)
        if not finished:
            query = query.where(Conversation.active.is_(True))
        async with self.database.sessions() as session:
            return await session.scalar(query.order_by(Conversation.id.desc()).limit(1))

    async def get(
        self, conversation_id: int, *, session: AsyncSession | None = None
    ) -> Conversation | None:
        async with self.database.within(session) as session:
            return await session.get(Conversation, conversation_id, populate_existing=True)

    async def newest_of(self, user_id: str, kind: str) -> Conversation | None:
        """The user's newest conversation of that kind in any room, open or closed (a command
        typed in another room, or after a concurrent one closed it, still finds it)."""
        async with self.database.sessions() as session:
            return await session.scalar(
                select(Conversation)
                .where(Conversation.user_id == user_id, Conversation.kind == kind)
                .order_by(Conversation.id.desc())
                .limit(1)
            )

    async def rewrite(
        self,
        conversation_id: int,
        data: dict[str, Any],
        *,
        shown: str | None,
        session: AsyncSession | None = None,
    ) -> bool:
        """Replace an open conversation's data if it still shows the message ``shown`` (its
        anchor): False when a concurrent rewrite came first. The old data is overwritten, not
        kept, and the anchor is cleared until the new message is shown (`update`)."""
        anchored = (
            Conversation.anchor_event_id.is_(None)
            if shown is None
            else Conversation.anchor_event_id == shown
        )
        async with self.database.within(session) as writer:
            result = await writer.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id, Conversation.active.is_(True), anchored)
                .values(data=data, anchor_event_id=None)
            )
        return bool(rows_affected(result))

    async def update(
        self, conversation_id: int, *, session: AsyncSession | None = None, **fields: Any
    ) -> None:
        async with self.database.within(session) as writer:
            await writer.execute(
                update(Conversation).where(Conversation.id == conversation_id).values(**fields)
            )

    async def finish(self, conversation_id: int, *, session: AsyncSession | None = None) -> bool:
        """Close it; returns False when it was already closed (so only one caller acts on it)."""
        async with self.database.within(session) as session:
            result = await session.execute(_FINISH, {"conversation": conversation_id})
            return bool(rows_affected(result))

    async def prune(self, older_than: datetime) -> int:
        """Forget conversations finished, or expired, before the date."""
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(Conversation).where(
                    or_(
                        Conversation.active.is_(False) & (Conversation.created_at < older_than),
                        Conversation.expires_at < older_than,
                    )
                )
            )
            return rows_affected(result)
