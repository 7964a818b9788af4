"""The bot's private rooms with users: finding them, recognising them, opening them."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from nio import RoomPreset

from bot.matrix.client import MatrixClient
from storage.repositories.rooms import DirectRoomRepository, RoomRepository


class DirectRooms:
    def __init__(
        self, client: MatrixClient, repository: DirectRoomRepository, rooms: RoomRepository
    ) -> None:
        self.client = client
        self.repository = repository
        self.rooms = rooms
        self._is_direct: dict[str, bool] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def remember(self, user_id: str, room_id: str) -> None:
        await self.repository.remember(user_id, room_id)
        self._is_direct[room_id] = True

    async def is_direct(self, room_id: str) -> bool:
        """A room is the DM of a user when it was recorded as such, or when only the bot and one
        other person are in it, it has no name and it is not a community room."""
        known = self._is_direct.get(room_id)
        if known is not None:
            return known
        if await self.repository.user_of(room_id) is not None:
            self._is_direct[room_id] = True
            return True
        if await self.rooms.by_room_id(room_id) is not None:
            self._is_direct[room_id] = False
            return False
        members = await self.client.joined_members(room_id)
        others = [m for m in members if m != self.client.user_id]
        # A named room is a group room (direct chats have no name), even with one person in it.
        direct = len(others) == 1 and not (await self.client.get_state(room_id, "m.room.name"))
        if direct and await self.repository.room_of(others[0]) is None:
            await self.repository.remember(others[0], room_id)
        self._is_direct[room_id] = direct
        return direct

    async def user_of(self, room_id: str) -> str | None:
        return await self.repository.user_of(room_id)

    async def abandon(self, user_id: str, room_id: str) -> None:
        """``user_id`` left their DM: it is no longer used for replies (`ensure` opens a new
        one when the bot must write to them)."""
        await self.repository.forget(user_id, room_id)
        self._is_direct[room_id] = False

    def mark_shared(self, room_id: str) -> None:
        """A room the bot opened for several people: never a DM, even before they join."""
        self._is_direct[room_id] = False

    async def ensure(self, user_id: str) -> str:
        """The DM room with ``user_id``, created (and the user invited) when there is none."""
        async with self._locks[user_id]:
            room_id = await self.repository.room_of(user_id)
            if room_id is not None:
                return room_id
            room_id = await self.client.create_room(
                is_direct=True, invite=[user_id], preset=RoomPreset.trusted_private_chat
            )
            await self.remember(user_id, room_id)
            return room_id
