"""End-to-end encryption: nio's Olm machine fed from the bot's own ``/sync`` loop.

The sync loop reads ``/sync`` as raw JSON (bot/matrix/sync.py), so nio's client never sees a
sync response; this module hands the Olm machine what each response carries (to-device events,
device list changes, one-time and fallback key counts), keeps the few room facts it needs (which
rooms are encrypted, who is in them) without nio's room state, and runs the key traffic: upload
and replenish keys (bot/matrix/device_keys.py), query and claim them, share the room key before
a send.

The Olm account, sessions and room keys live in a SQLite file in the data directory (nio's
``SqliteStore``), whatever database the bot uses, so the same device continues after a restart.

Decrypted text is never logged nor written: nio's loggers are held at WARNING and the journal
keeps no content (bot/framework/logs.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nio
import vodozemac
from nio import MatrixRoom
from nio.crypto import Olm
from nio.events import ForwardedRoomKeyEvent, RoomKeyEvent, ToDeviceEvent

from bot.matrix.device_keys import DeviceKeys
from bot.matrix.events import IncomingEvent, as_dict, as_list

log = logging.getLogger(__name__)

ENCRYPTED = "m.room.encrypted"
MEGOLM = "m.megolm.v1.aes-sha2"
ENCRYPTION_STATE = {"algorithm": MEGOLM}

# Called with (room id, sender, event id) when an event stays undecryptable.
Undecryptable = Callable[[str, str, str], Awaitable[None]]


def store_file(store_dir: Path, user_id: str, device_id: str) -> Path:
    """Where nio's ``SqliteStore`` keeps the account of ``device_id`` (its own naming)."""
    return store_dir / f"{user_id}_{device_id}.db"


@dataclass
class _Room:
    encrypted: bool
    members: list[str] | None = None  # None: to be fetched before the next share


class Crypto:
    """The bot's device keys and sessions, and the encryption of what it sends."""

    def __init__(self, client: Any, *, key_wait: float = 20.0) -> None:
        # ``client`` is the MatrixClient (typed loosely: the client imports this module).
        self.client = client
        self.key_wait = key_wait
        self._rooms: dict[str, _Room] = {}
        self._room_locks: dict[str, asyncio.Lock] = {}
        self._key_arrived: dict[str, asyncio.Event] = {}
        self._housekeeping = asyncio.Lock()
        self._indexes: dict[tuple[str, str, int], str] = {}
        self.on_undecryptable: Undecryptable | None = None
        self.device_keys = DeviceKeys(client)

    @property
    def nio(self) -> nio.AsyncClient:
        return self.client.nio  # type: ignore[no-any-return]

    @property
    def olm(self) -> Olm:
        olm = self.nio.olm
        if olm is None:
            raise RuntimeError("the crypto store is not loaded (log in first)")
        return olm

    @property
    def device_id(self) -> str:
        return str(self.nio.device_id)

    @property
    def ed25519(self) -> str:
        return str(self.olm.account.identity_keys["ed25519"])

    # ------------------------------------------------------------ keys
    async def start(self) -> None:
        """Upload the device keys (first start) and learn the bot's own devices."""
        self.olm.users_for_key_query.add(self.client.user_id)
        await self.housekeeping()

    async def housekeeping(self) -> None:
        """Upload, query and deliver what the Olm machine asks for; one at a time."""
        async with self._housekeeping:
            if self.device_keys.needed(self.olm):
                await self.device_keys.upload(self.olm)
            if self.nio.should_query_keys:
                await self._checked("keys query", self.nio.keys_query())
            if self.nio.should_claim_keys:
                users = self.olm.get_users_for_key_claiming()
                if users:
                    await self._checked("keys claim", self.nio.keys_claim(users))
            if self.nio.outgoing_to_device_messages:
                await self.nio.send_to_device_messages()

    async def _checked(self, action: str, call: Awaitable[Any]) -> Any:
        response = await call
        if isinstance(response, nio.ErrorResponse):
            log.warning("%s failed: %s", action, response.status_code)
        return response

    async def on_sync(self, response: dict[str, Any]) -> None:
        """Feed the Olm machine one raw ``/sync`` response, then do the key traffic it needs."""
        self.device_keys.on_sync(self.olm, response)
        devices = as_dict(response.get("device_lists"))
        changed = {u for u in as_list(devices.get("changed")) if isinstance(u, str)}
        left = {u for u in as_list(devices.get("left")) if isinstance(u, str)}
        self._members_changed(changed, left)
        for raw in as_list(as_dict(response.get("to_device")).get("events")):
            self._to_device(raw)
        self._room_facts(response)
        try:
            await self.housekeeping()
        except Exception as exc:  # the next batch tries again; the events must still go on
            log.warning("key traffic failed (%s); retried after the next sync", type(exc).__name__)

    def _to_device(self, raw: Any) -> None:
        if not isinstance(raw, dict):
            return
        event = ToDeviceEvent.parse_event(raw)
        if event is None or isinstance(event, nio.UnknownBadEvent | nio.BadEvent):
            return
        decrypted = self.olm.handle_to_device_event(event)
        for got in (event, decrypted):
            if isinstance(got, RoomKeyEvent | ForwardedRoomKeyEvent):
                self._key_arrived.setdefault(got.session_id, asyncio.Event()).set()

    def _members_changed(self, changed: set[str], left: set[str]) -> None:
        """A user who now shares an encrypted room with the bot shows up in ``changed``; one
        who no longer does, in ``left``: member lists are fetched again before the next send,
        and a room someone left gets a new room key."""
        tracked = self.olm.tracked_users
        self.olm.add_changed_users({u for u in changed if u in tracked})
        known = {m for room in self._rooms.values() for m in room.members or ()}
        if changed - known or left:
            for room_id, room in self._rooms.items():
                if room.members is not None and left & set(room.members):
                    self.olm.rotate_outbound_group_session(room_id)
                room.members = None

    def _room_facts(self, response: dict[str, Any]) -> None:
        joined = as_dict(as_dict(response.get("rooms")).get("join"))
        for room_id, room in joined.items():
            room = as_dict(room)
            events = as_list(as_dict(room.get("state")).get("events"))
            events += as_list(as_dict(room.get("timeline")).get("events"))
            kinds = {as_dict(raw).get("type") for raw in events}
            if kinds & {"m.room.encryption", ENCRYPTED}:
                self.mark_encrypted(room_id)
            elif "m.room.create" in kinds:
                # A room's whole (filtered) state comes with its creation event, when the bot
                # joins: no m.room.encryption there means a clear room, no need to ask.
                self._rooms.setdefault(room_id, _Room(False))
            self._memberships(room_id, events)

    def _memberships(self, room_id: str, events: list[Any]) -> None:
        """Someone invited, joining or leaving: the members a room key goes to are asked again
        before the next send, and someone who left gets no later room key."""
        room = self._rooms.get(room_id)
        changes = [as_dict(raw) for raw in events if as_dict(raw).get("type") == "m.room.member"]
        if room is None or not changes:
            return
        room.members = None
        if any(as_dict(e.get("content")).get("membership") in ("leave", "ban") for e in changes):
            self.olm.rotate_outbound_group_session(room_id)

    def members_changed(self, room_id: str) -> None:
        """The bot changed who is in ``room_id`` (an invite): fetch the members again."""
        room = self._rooms.get(room_id)
        if room is not None:
            room.members = None

    def mark_encrypted(self, room_id: str) -> None:
        room = self._rooms.get(room_id)
        if room is None:
            self._rooms[room_id] = _Room(True)
        else:
            room.encrypted = True

    # ------------------------------------------------------------ sending
    async def is_encrypted(self, room_id: str) -> bool:
        """Asked once per room; then kept up to date by the sync (a room never un-encrypts)."""
        room = self._rooms.get(room_id)
        if room is None:
            state = await self.client.get_state(room_id, "m.room.encryption")
            room = self._rooms.setdefault(room_id, _Room(bool(state and state.get("algorithm"))))
        return room.encrypted

    async def encrypt(
        self, room_id: str, event_type: str, content: dict[str, Any]
    ) -> dict[str, Any]:
        """The ``m.room.encrypted`` content for an event, the room key shared first."""
        lock = self._room_locks.setdefault(room_id, asyncio.Lock())
        async with lock:
            room = self._rooms.setdefault(room_id, _Room(True))
            if room.members is None:
                room.members = await self.client.encryption_targets(room_id)
            nio_room = self._nio_room(room_id, room.members)
            self.olm.update_tracked_users(nio_room)
            await self.housekeeping()
            if self.olm.should_share_group_session(room_id) or self._unshared(room_id, nio_room):
                await self._share(room_id)
            return dict(self.olm.group_encrypt(room_id, {"type": event_type, "content": content}))

    def _nio_room(self, room_id: str, members: list[str]) -> MatrixRoom:
        """nio's share wants its own room object: built from the bot's member list."""
        room = self.nio.rooms.get(room_id)
        if room is None:
            room = MatrixRoom(room_id, self.client.user_id, encrypted=True)
            self.nio.rooms[room_id] = room
        room.encrypted = True
        for user_id in list(room.users):
            if user_id not in members:
                room.remove_member(user_id)
        for user_id in members:
            if user_id not in room.users:
                room.add_member(user_id, None, None)
        return room

    def _unshared(self, room_id: str, room: MatrixRoom) -> bool:
        """A device of a member that has not got the current room key yet (a new member)."""
        session = self.olm.outbound_group_sessions.get(room_id)
        if session is None:
            return True
        for user_id in room.users:
            for device in self.olm.device_store.active_user_devices(user_id):
                if (user_id, device.id) not in session.users_shared_with and (
                    user_id,
                    device.id,
                ) not in session.users_ignored:
                    return True
        return False

    async def _share(self, room_id: str) -> None:
        response = await self.nio.share_group_session(room_id, ignore_unverified_devices=True)
        if isinstance(response, nio.ErrorResponse):
            log.warning("room key not shared in %s: %s", room_id, response.status_code)

    # ------------------------------------------------------------ receiving
    async def decrypt(self, event: IncomingEvent) -> IncomingEvent | None:
        """The plaintext event behind an ``m.room.encrypted`` one; None when it stays locked.

        A missing room key is asked of the sender's devices, then awaited a bounded time
        (`key_wait`); after that the sender is told (`on_undecryptable`), never left unanswered.
        """
        if event.type != ENCRYPTED:
            return event
        self.mark_encrypted(event.room_id)
        session_id = event.content.get("session_id")
        plain = self._try(event)
        if plain is None and isinstance(session_id, str):
            plain = await self._wait_for_key(event, session_id)
        if plain is None:
            log.warning("event %s could not be decrypted", event.event_id)
            if self.on_undecryptable is not None:
                await self.on_undecryptable(event.room_id, event.sender, event.event_id)
        return plain

    def _try(self, event: IncomingEvent) -> IncomingEvent | None:
        """Megolm decryption with the room key at hand, without nio's event schemas (the
        result is validated once, as every event is, by `IncomingEvent`)."""
        content = event.content
        sender_key, session_id = content.get("sender_key"), content.get("session_id")
        ciphertext = content.get("ciphertext")
        if not (
            content.get("algorithm") == MEGOLM
            and isinstance(sender_key, str)
            and isinstance(session_id, str)
            and isinstance(ciphertext, str)
        ):
            return None
        session = self.olm.inbound_group_store.get(event.room_id, sender_key, session_id)
        if session is None:
            return None
        try:
            text, index = session.decrypt(ciphertext)
            payload = json.loads(text)
        except (vodozemac.MegolmDecryptionException, vodozemac.DecodeException, ValueError):
            return None
        # The same message index under another event id is a replayed ciphertext.
        seen = self._indexes.setdefault((sender_key, session_id, index), event.event_id)
        if seen != event.event_id or not isinstance(payload, dict):
            log.warning("event %s reuses a message index: refused", event.event_id)
            return None
        inner = payload.get("content")
        if payload.get("room_id") != event.room_id or not isinstance(inner, dict):
            return None
        if "m.relates_to" not in inner and "m.relates_to" in content:
            inner = {**inner, "m.relates_to": content["m.relates_to"]}  # relations stay clear
        raw = {
            "event_id": event.event_id,
            "sender": event.sender,
            "type": payload.get("type"),
            "origin_server_ts": event.origin_server_ts,
            "content": inner,
        }
        return IncomingEvent.from_raw(event.room_id, raw)

    async def _wait_for_key(self, event: IncomingEvent, session_id: str) -> IncomingEvent | None:
        arrived = self._key_arrived.setdefault(session_id, asyncio.Event())
        await self._request_key(event, session_id)
        deadline = time.monotonic() + self.key_wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(arrived.wait(), left)
            except TimeoutError:
                break
            arrived.clear()
            plain = self._try(event)
            if plain is not None:
                return plain
        return self._try(event)

    async def _request_key(self, event: IncomingEvent, session_id: str) -> None:
        """An ``m.room_key_request`` to the sender's devices and the bot's own other ones."""
        request_id = uuid.uuid4().hex
        body = {
            "action": "request",
            "requesting_device_id": self.device_id,
            "request_id": request_id,
            "body": {
                "algorithm": MEGOLM,
                "room_id": event.room_id,
                "sender_key": event.content.get("sender_key"),
                "session_id": session_id,
            },
        }
        messages = {event.sender: {"*": body}, self.client.user_id: {"*": body}}
        path = f"/_matrix/client/v3/sendToDevice/m.room_key_request/{quote(request_id)}"
        status, _ = await self.client.api("PUT", path, {"messages": messages})
        if status != 200:
            log.warning("room key request for %s failed (%s)", event.event_id, status)


async def device_has_keys(client: Any, device_id: str) -> bool:
    """Whether the homeserver holds identity keys for one of the bot's devices."""
    status, data = await client.api(
        "POST", "/_matrix/client/v3/keys/query", {"device_keys": {client.user_id: [device_id]}}
    )
    keys = data.get("device_keys", {}).get(client.user_id, {}) if status == 200 else {}
    return isinstance(keys, dict) and device_id in keys


async def delete_device(client: Any, device_id: str, password: str) -> None:
    """Remove one of the bot's devices (user-interactive auth by password), so that others'
    clients stop encrypting for a device whose keys are lost."""
    path = f"/_matrix/client/v3/devices/{quote(device_id, safe='')}"
    status, data = await client.api("DELETE", path, {})
    if status == 401 and "flows" in data:
        auth = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": client.user_id},
            "password": password,
            "session": data.get("session"),
        }
        status, data = await client.api("DELETE", path, {"auth": auth})
    if status != 200:
        log.warning("device %s not deleted (%s %s)", device_id, status, data.get("errcode"))
