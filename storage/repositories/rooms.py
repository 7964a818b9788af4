"""Rooms the bot provisioned from the layout, and the DM room it keeps with each user."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from storage.database import Database
from storage.models import DirectRoom, ProvisionedRoom
from storage.repositories.upsert import rows_affected


class RoomRepository:
    """The provisioned rooms, read on almost every command (routing, DM detection…): loaded
    once and kept in memory; `save` writes through. `invalidate` forgets the copy (after the
    table was changed by another process)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._rows: dict[str, ProvisionedRoom] | None = None

    async def _cache(self) -> dict[str, ProvisionedRoom]:
        if self._rows is None:
            async with self.database.sessions() as session:
                rows = await session.scalars(select(ProvisionedRoom))
                self._rows = {row.key: row for row in rows}
        return self._rows

    def invalidate(self) -> None:
        self._rows = None

    async def all(self, *, include_archived: bool = False) -> list[ProvisionedRoom]:
        rows = sorted((await self._cache()).values(), key=lambda row: row.key)
        return rows if include_archived else [row for row in rows if not row.archived]

    async def by_key(self, key: str) -> ProvisionedRoom | None:
        return (await self._cache()).get(key)

    async def by_room_id(self, room_id: str) -> ProvisionedRoom | None:
        return next((r for r in (await self._cache()).values() if r.room_id == room_id), None)

    async def save(self, key: str, **fields: Any) -> ProvisionedRoom:
        cache = await self._cache()
        async with self.database.transaction() as session:
            row = await session.get(ProvisionedRoom, key)
            if row is None:
                row = ProvisionedRoom(key=key, **fields)
                session.add(row)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
        cache[key] = row
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

    async def forget(self, user_id: str, room_id: str) -> bool:
        """Drop ``room_id`` as the DM of ``user_id`` (when it still is)."""
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(DirectRoom).where(
                    DirectRoom.user_id == user_id, DirectRoom.room_id == room_id
                )
            )
            return rows_affected(result) > 0

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
