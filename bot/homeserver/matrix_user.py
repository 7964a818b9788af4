"""A person on the homeserver, for integration tests and benchmarks: an independent Matrix
client.

A ``MatrixUser`` has its own nio client and its own background sync loop, so the tests see
exactly what a human in Element would see: the bot's replies, reactions, invites and
membership changes, in arrival order. Waiting helpers start looking *before* the action that
should trigger an answer (the ``getFirstReply`` pattern), so a fast bot can never answer
"too early" for the test.

Every wait that times out fails with an ``AssertionError`` listing what the user did receive,
which usually tells at once whether the bot answered something else, answered elsewhere, or
stayed silent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nio import (
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    JoinResponse,
    LoginResponse,
    RoomCreateResponse,
    RoomPreset,
    RoomSendResponse,
)
from nio.store import SqliteStore

from bot.homeserver.local_synapse import LocalSynapse
from bot.homeserver.received import Event
from bot.homeserver.synced_user import DEFAULT_TIMEOUT, SyncedUser


class MatrixUser(SyncedUser):
    """A registered, logged-in person: what they see (`SyncedUser`) and what they do."""

    # -- lifecycle ------------------------------------------------------------------------

    @classmethod
    async def create(
        cls,
        synapse: LocalSynapse,
        localpart: str,
        *,
        password: str | None = None,
        admin: bool = False,
        displayname: str | None = None,
        start: bool = True,
        key_store: Path | None = None,
    ) -> MatrixUser:
        """Register (idempotently) and log in; with ``start`` the sync loop runs at once.

        With a ``key_store`` directory the user's client does end-to-end encryption, as
        Element does: it decrypts what it receives and encrypts what it sends in encrypted rooms.
        """
        password = password or f"{localpart}-password"
        user_id = await synapse.register(localpart, password, admin=admin, displayname=displayname)
        config = AsyncClientConfig(
            max_timeouts=5,
            request_timeout=30,
            encryption_enabled=key_store is not None,
            store=SqliteStore,
            store_sync_tokens=False,
        )
        store_path = ""
        if key_store is not None:  # an existing directory
            store_path = str(key_store)
        client = AsyncClient(synapse.url, user_id, config=config, store_path=store_path)
        response = await client.login(password, device_name=f"tests-{localpart}")
        if not isinstance(response, LoginResponse):
            await client.close()
            raise AssertionError(f"{user_id} could not log in: {response}")
        user = cls(synapse, user_id, client)
        if start:
            await user.start()
        return user

    # -- acting ---------------------------------------------------------------------------

    async def joined_rooms(self) -> list[str]:
        response = await self.client.joined_rooms()
        if isinstance(response, ErrorResponse):
            raise AssertionError(f"{self.user_id}: joined_rooms failed: {response}")
        return list(response.rooms)

    async def join(self, room_id_or_alias: str) -> str:
        """Join a room by id or alias; returns the room id."""
        response = await self.client.join(room_id_or_alias)
        if not isinstance(response, JoinResponse):
            raise AssertionError(f"{self.user_id} could not join {room_id_or_alias}: {response}")
        self._pending_invites.pop(response.room_id, None)
        return response.room_id

    async def wait_for_invite(
        self,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        *,
        sender: str | None = None,
        after: int = 0,
    ) -> str:
        """The id of a room this user is (or gets) invited to, optionally by ``sender``."""
        event = await self.wait_for(
            lambda e: (
                e.membership == "invite"
                and e.state_key == self.user_id
                and (sender is None or e.sender == sender)
            ),
            timeout,
            after=after,
            what=f"an invite{f' from {sender}' if sender else ''}",
        )
        return event.room_id

    async def accept_invites(self) -> list[str]:
        """Join every room this user is currently invited to; returns their ids."""
        joined = [await self.join(room_id) for room_id in list(self._pending_invites)]
        return joined

    async def create_room(
        self,
        *,
        name: str | None = None,
        invite: Iterable[str] = (),
        is_direct: bool = False,
        alias: str | None = None,
        preset: RoomPreset = RoomPreset.private_chat,
    ) -> str:
        response = await self.client.room_create(
            name=name, invite=list(invite), is_direct=is_direct, alias=alias, preset=preset
        )
        if not isinstance(response, RoomCreateResponse):
            raise AssertionError(f"{self.user_id} could not create a room: {response}")
        return response.room_id

    async def create_dm(
        self,
        other_user_id: str,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> str:
        """Open a direct chat as Element does, and return once the other side has joined."""
        room_id = await self.create_room(
            invite=[other_user_id], is_direct=True, preset=RoomPreset.trusted_private_chat
        )
        await self._mark_direct(other_user_id, room_id)
        await self.wait_for(
            lambda e: (
                e.room_id == room_id and e.membership == "join" and e.state_key == other_user_id
            ),
            timeout,
            what=f"{other_user_id} to join the direct chat {room_id}",
        )
        return room_id

    async def _mark_direct(self, other_user_id: str, room_id: str) -> None:
        """Record the room in ``m.direct`` account data, like a real client does."""
        path = f"/_matrix/client/v3/user/{quote(self.user_id, safe='')}/account_data/m.direct"
        headers = {
            "Authorization": f"Bearer {self.client.access_token}",
            "Content-Type": "application/json",
        }
        response = await self.client.send(
            "PUT", path, json.dumps({other_user_id: [room_id]}), headers
        )
        if response.status != 200:
            raise AssertionError(f"setting m.direct failed: {response.status}")

    async def send(
        self,
        room_id: str,
        text: str,
        *,
        thread_root: str | None = None,
        reply_to: str | None = None,
        html: str | None = None,
    ) -> str:
        """Send a text message (optionally in a thread and/or as a reply); returns its id."""
        content: dict[str, Any] = {"msgtype": "m.text", "body": text}
        if html is not None:
            content["format"] = "org.matrix.custom.html"
            content["formatted_body"] = html
        if thread_root is not None:
            content["m.relates_to"] = {
                "rel_type": "m.thread",
                "event_id": thread_root,
                "is_falling_back": reply_to is None,
                "m.in_reply_to": {"event_id": reply_to or thread_root},
            }
        elif reply_to is not None:
            content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
        return await self.send_event(room_id, "m.room.message", content)

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return await self.send_event(room_id, "m.reaction", content)

    async def send_event(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        response = await self.client.room_send(
            room_id, event_type, content, ignore_unverified_devices=True
        )
        if not isinstance(response, RoomSendResponse):
            raise AssertionError(f"{self.user_id} could not send to {room_id}: {response}")
        return response.event_id

    async def ask(
        self,
        room_id: str,
        text: str,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        *,
        thread_root: str | None = None,
    ) -> Event:
        """Send ``text`` and return the first message from someone else replying to it."""
        start = self.mark()
        sent = await self.send(room_id, text, thread_root=thread_root)
        return await self.wait_for(
            lambda e: e.is_message and e.sender != self.user_id and e.in_reply_to == sent,
            timeout,
            after=start,
            what=f"a reply to {text!r} ({sent}) in {room_id}",
        )
