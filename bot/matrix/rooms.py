"""Room requests: creation exactly once, membership, state and reading events.

A room creation whose answer was lost is looked up before it is tried again (by a marker state
event chosen before the first attempt), so it never leaves two rooms.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import quote

import nio

from bot.matrix.events import as_dict
from bot.matrix.retry import MatrixError
from bot.matrix.transport import Transport, new_transaction_id

# A state event put in every room the bot creates, carrying a key chosen before the request:
# after an ambiguous failure, the room (if it was created) is found by this key.
CREATION_MARKER = "org.tisserand.creation"


class RoomRequests(Transport):
    """What the bot asks of rooms: create, join, invite, moderate, read state and events."""

    async def create_room(self, **kwargs: Any) -> str:
        """Create a room (nio's ``room_create`` arguments) exactly once.

        A lost answer (timeout, 5xx) does not say whether the room exists: before trying again,
        the bot's rooms are searched for the creation marker this attempt carried, and a room
        found there is the answer (its invites are sent again in case they were not)."""
        key = new_transaction_id()
        marker = {"type": CREATION_MARKER, "state_key": "", "content": {"key": key}}
        kwargs["initial_state"] = [*kwargs.get("initial_state", ()), marker]

        async def created_already() -> str | None:
            room_id = await self._room_with_marker(key)
            if room_id is not None:
                for user_id in kwargs.get("invite", ()):
                    with contextlib.suppress(MatrixError):
                        await self.invite(room_id, user_id)
            return room_id

        response = await self.retry_policy.run(
            "create room", lambda: self.nio.room_create(**kwargs), before_retry=created_already
        )
        room_id = response if isinstance(response, str) else str(response.room_id)
        if self.crypto is not None and any(
            state.get("type") == "m.room.encryption" for state in kwargs.get("initial_state", ())
        ):
            self.crypto.mark_encrypted(room_id)
        return room_id

    async def _room_with_marker(self, key: str) -> str | None:
        for room_id in await self.joined_rooms():
            marker = await self.get_state(room_id, CREATION_MARKER)
            if marker is not None and marker.get("key") == key:
                return room_id
        return None

    async def join(self, room_id_or_alias: str) -> str:
        response = await self.retry_policy.run("join", lambda: self.nio.join(room_id_or_alias))
        return str(response.room_id)

    async def leave(self, room_id: str) -> None:
        await self.retry_policy.run("leave", lambda: self.nio.room_leave(room_id))

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.retry_policy.run("invite", lambda: self.nio.room_invite(room_id, user_id))
        if self.crypto is not None:
            self.crypto.members_changed(room_id)

    async def kick(self, room_id: str, user_id: str, reason: str | None = None) -> None:
        await self.retry_policy.run("kick", lambda: self.nio.room_kick(room_id, user_id, reason))

    async def ban(self, room_id: str, user_id: str, reason: str | None = None) -> None:
        await self.retry_policy.run("ban", lambda: self.nio.room_ban(room_id, user_id, reason))

    async def unban(self, room_id: str, user_id: str) -> None:
        await self.retry_policy.run("unban", lambda: self.nio.room_unban(room_id, user_id))

    async def resolve_alias(self, alias: str) -> str | None:
        response = await self.retry_policy.run(
            "resolve alias", lambda: self.nio.room_resolve_alias(alias), missing_ok=True
        )
        return None if response is None else str(response.room_id)

    async def put_state(
        self, room_id: str, event_type: str, content: dict[str, Any], state_key: str = ""
    ) -> str:
        response = await self.retry_policy.run(
            "put state",
            lambda: self.nio.room_put_state(room_id, event_type, content, state_key=state_key),
        )
        return str(response.event_id)

    async def get_state(
        self, room_id: str, event_type: str, state_key: str = ""
    ) -> dict[str, Any] | None:
        response = await self.retry_policy.run(
            "get state",
            lambda: self.nio.room_get_state_event(room_id, event_type, state_key),
            missing_ok=True,
        )
        return None if response is None else dict(response.content)

    async def fetch_event(self, room_id: str, event_id: str) -> dict[str, Any] | None:
        """An event as raw JSON, as the homeserver serves it now (a redacted one comes back with
        empty content); None when it is gone or no longer visible to the bot.

        Raw, not through nio: nio validates the event against its own schemas, and an event it
        cannot parse would be lost instead of skipped by the caller's own checks.
        """
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/event/{quote(event_id, safe='')}"
        )
        try:
            return await self.request("fetch event", "GET", path, None)
        except MatrixError as exc:
            if exc.errcode in ("M_NOT_FOUND", "M_FORBIDDEN"):
                return None
            raise

    async def joined_members(self, room_id: str) -> list[str]:
        response = await self.retry_policy.run("members", lambda: self.nio.joined_members(room_id))
        return [member.user_id for member in response.members]

    async def encryption_targets(self, room_id: str) -> list[str]:
        """Who a room key goes to: the joined members, and the invited ones unless the room's
        history is for joined members only. As in Element: someone invited to the FAQ room at
        sign-up reads, once they join, what was posted since the invite."""
        path = f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/members?not_membership=leave"
        data = await self.request("members", "GET", path, None)
        visibility = await self.get_state(room_id, "m.room.history_visibility")
        joined_only = (visibility or {}).get("history_visibility") == "joined"
        wanted = {"join"} if joined_only else {"join", "invite"}
        members: list[str] = []
        for raw in data.get("chunk") or []:
            event = as_dict(raw)
            user_id, content = event.get("state_key"), as_dict(event.get("content"))
            if isinstance(user_id, str) and content.get("membership") in wanted:
                members.append(user_id)
        return members

    async def joined_rooms(self) -> list[str]:
        response = await self.retry_policy.run("joined rooms", self.nio.joined_rooms)
        return list(response.rooms)

    async def room_messages(
        self, room_id: str, start: str, *, limit: int = 100
    ) -> nio.RoomMessagesResponse:
        response: nio.RoomMessagesResponse = await self.retry_policy.run(
            "messages",
            lambda: self.nio.room_messages(
                room_id, start, direction=nio.MessageDirection.back, limit=limit
            ),
        )
        return response
