"""Rooms the bot provisioned from the layout, and the DM room it keeps with each user."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.database import Database
from storage.models import DirectRoom, ProvisionedRoom


class RoomRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def all(self, *, include_archived: bool = False) -> list[ProvisionedRoom]:
        async with self.database.sessions() as session:
            query = select(ProvisionedRoom).order_by(ProvisionedRoom.key)
            if not include_archived:
                query = query.where(ProvisionedRoom.archived.is_(False))
            return list(await session.scalars(query))

    async def by_key(self, key: str) -> ProvisionedRoom | None:
        async with self.database.sessions() as session:
            return await session.get(ProvisionedRoom, key)

    async def by_room_id(self, room_id: str) -> ProvisionedRoom | None:
        async with self.database.sessions() as session:
            return await session.scalar(
                select(ProvisionedRoom).where(ProvisionedRoom.room_id == room_id)
            )

    async def save(self, key: str, **fields: Any) -> ProvisionedRoom:
        async with self.database.transaction() as session:
            row = await session.get(ProvisionedRoom, key)
            if row is None:
                row = ProvisionedRoom(key=key, **fields)
                session.add(row)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
        return row


class DirectRoomRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def room_of(self, user_id: str) -> str | None:
        async with self.database.sessions() as session:
            row = await session.get(DirectRoom, user_id)
            return None if row is None else row.room_id

    async def user_of(self, room_id: str) -> str | None:
        async with self.database.sessions() as session:
            return await session.scalar(
                select(DirectRoom.user_id).where(DirectRoom.room_id == room_id)
            )

    async def remember(self, user_id: str, room_id: str) -> None:
        async with self.database.transaction() as session:
            row = await session.get(DirectRoom, user_id)
            if row is None:
                other = await session.scalar(
                    select(DirectRoom).where(DirectRoom.room_id == room_id)
                )
                if other is not None:
                    await session.delete(other)
                    await session.flush()
                session.add(DirectRoom(user_id=user_id, room_id=room_id))
            else:
                row.room_id = room_id
