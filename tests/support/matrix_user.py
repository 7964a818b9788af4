"""A person on the homeserver, for integration tests: an independent Matrix client.

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

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self
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
    SyncResponse,
)
from nio.store import SqliteStore

from bot.homeserver.local_synapse import LocalSynapse

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
SYNC_TIMEOUT_MS = 5_000
# A large timeline limit so that a burst of events between two syncs is never cut short.
SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": 500}},
    "presence": {"types": []},
}


@dataclass(frozen=True)
class Event:
    """One event as the user received it, with shortcuts for what tests look at."""

    room_id: str
    type: str
    sender: str
    content: dict[str, Any]
    event_id: str = ""
    state_key: str | None = None
    # True for the stripped state that comes with an invite (no event id, partial content).
    stripped: bool = False
    source: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_source(cls, room_id: str, source: dict[str, Any], *, stripped: bool = False) -> Event:
        return cls(
            room_id=room_id,
            type=str(source.get("type", "")),
            sender=str(source.get("sender", "")),
            content=dict(source.get("content") or {}),
            event_id=str(source.get("event_id", "")),
            state_key=source.get("state_key"),
            stripped=stripped,
            source=source,
        )

    @property
    def is_message(self) -> bool:
        return self.type == "m.room.message"

    @property
    def body(self) -> str:
        return str(self.content.get("body", ""))

    @property
    def formatted_body(self) -> str | None:
        value = self.content.get("formatted_body")
        return None if value is None else str(value)

    @property
    def msgtype(self) -> str | None:
        value = self.content.get("msgtype")
        return None if value is None else str(value)

    @property
    def relates_to(self) -> dict[str, Any]:
        return dict(self.content.get("m.relates_to") or {})

    @property
    def in_reply_to(self) -> str | None:
        """The event this one replies to (rich reply, also set on threaded answers)."""
        reply = self.relates_to.get("m.in_reply_to") or {}
        value = reply.get("event_id")
        return None if value is None else str(value)

    @property
    def thread_root(self) -> str | None:
        relation = self.relates_to
        if relation.get("rel_type") == "m.thread":
            return str(relation.get("event_id"))
        return None

    @property
    def reaction_key(self) -> str | None:
        """For an ``m.reaction``: the emoji (or text) of the annotation."""
        if self.type != "m.reaction":
            return None
        value = self.relates_to.get("key")
        return None if value is None else str(value)

    @property
    def reacts_to(self) -> str | None:
        if self.type != "m.reaction":
            return None
        value = self.relates_to.get("event_id")
        return None if value is None else str(value)

    @property
    def membership(self) -> str | None:
        if self.type != "m.room.member":
            return None
        value = self.content.get("membership")
        return None if value is None else str(value)

    def describe(self) -> str:
        """One line for assertion messages."""
        where = f"{self.room_id} {self.event_id or '(stripped)'}"
        if self.is_message:
            extra = f" in_reply_to={self.in_reply_to}" if self.in_reply_to else ""
            extra += f" thread={self.thread_root}" if self.thread_root else ""
            return f"[{where}] {self.sender}: {self.body!r}{extra}"
        if self.type == "m.reaction":
            return f"[{where}] {self.sender} reacted {self.reaction_key!r} to {self.reacts_to}"
        if self.type == "m.room.member":
            return f"[{where}] {self.state_key} membership={self.membership} (by {self.sender})"
        return f"[{where}] {self.sender} {self.type}"


Predicate = Callable[[Event], bool]


def _source_of(parsed: Any) -> dict[str, Any]:
    """The raw event behind a nio event object.

    nio removes ``content`` from the raw dict of invite membership events while parsing them,
    so it is put back from the parsed attribute.
    """
    source = dict(getattr(parsed, "source", None) or {})
    if "content" not in source and isinstance(getattr(parsed, "content", None), dict):
        source["content"] = parsed.content
    return source


class MatrixUser:
    """A registered, logged-in person with a background sync loop collecting what they see."""

    def __init__(self, synapse: LocalSynapse, user_id: str, client: AsyncClient) -> None:
        self.synapse = synapse
        self.user_id = user_id
        self.client = client
        self._events: list[Event] = []
        self._seen: set[tuple[str, ...]] = set()
        self._pending_invites: dict[str, Event] = {}
        self._arrived = asyncio.Condition()
        self._sync_task: asyncio.Task[None] | None = None
        self._first_sync = asyncio.Event()
        # To-device events received (encrypting users only), e.g. the bot's room key requests.
        self.to_device: list[Any] = []

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

    async def start(self) -> None:
        """Run the sync loop in the background; returns after the first sync is stored."""
        if self._sync_task is None:
            self._sync_task = asyncio.create_task(self._sync_forever(), name=f"sync {self.user_id}")
        first = asyncio.ensure_future(self._first_sync.wait())
        done, _ = await asyncio.wait(
            {first, self._sync_task}, timeout=30, return_when=asyncio.FIRST_COMPLETED
        )
        if first not in done:
            first.cancel()
            if self._sync_task in done:
                self._sync_task.result()
            raise AssertionError(f"{self.user_id}: first sync did not complete in 30 s")

    async def close(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sync_task
            self._sync_task = None
        await self.client.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _sync_forever(self) -> None:
        """Long-poll sync; survives homeserver outages by retrying with a short backoff."""
        delay = 0.2
        while True:
            try:
                response = await self.client.sync(
                    timeout=SYNC_TIMEOUT_MS if self._first_sync.is_set() else 0,
                    sync_filter=SYNC_FILTER,
                )
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.debug("%s: sync failed (%s), retrying", self.user_id, error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            if not isinstance(response, SyncResponse):
                log.debug("%s: sync error %s, retrying", self.user_id, response)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            delay = 0.2
            if self.client.olm is not None:
                await self._key_traffic(response)
            await self._store(response)
            self._first_sync.set()

    async def _key_traffic(self, response: SyncResponse) -> None:
        """What nio's ``sync_forever`` does for encryption after each sync."""
        for event in response.to_device_events:
            self.to_device.append(event)
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        if self.client.should_query_keys:
            await self.client.keys_query()
        if self.client.should_claim_keys:
            await self.client.keys_claim(self.client.get_users_for_key_claiming())
        await self.client.send_to_device_messages()

    async def _store(self, response: SyncResponse) -> None:
        fresh: list[Event] = []
        for room_id, invite in response.rooms.invite.items():
            for raw in invite.invite_state:
                event = Event.from_source(room_id, _source_of(raw), stripped=True)
                if event.membership == "invite" and event.state_key == self.user_id:
                    self._pending_invites[room_id] = event
                fresh.append(event)
        for rooms in (response.rooms.join, response.rooms.leave):
            for room_id, info in rooms.items():
                self._pending_invites.pop(room_id, None)
                for raw in [*info.state, *info.timeline.events]:
                    fresh.append(Event.from_source(room_id, _source_of(raw)))
        added = [event for event in fresh if self._remember(event)]
        if added:
            async with self._arrived:
                self._events.extend(added)
                self._arrived.notify_all()

    def _remember(self, event: Event) -> bool:
        if event.event_id:
            key: tuple[str, ...] = (event.event_id,)
        else:
            key = (event.room_id, event.type, event.state_key or "", event.sender, event.body)
            key += (json.dumps(event.content, sort_keys=True),)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    # -- reading what arrived -------------------------------------------------------------

    @property
    def events(self) -> list[Event]:
        """Everything received so far, in arrival order (a copy)."""
        return list(self._events)

    def mark(self) -> int:
        """A position in the received events; pass it as ``after`` to ignore older ones."""
        return len(self._events)

    def messages(self, room_id: str | None = None) -> list[Event]:
        """All ``m.room.message`` events received (in one room, or everywhere)."""
        return [
            event
            for event in self._events
            if event.is_message and (room_id is None or event.room_id == room_id)
        ]

    @property
    def pending_invites(self) -> list[str]:
        return list(self._pending_invites)

    def _find(self, predicate: Predicate, after: int) -> Event | None:
        for event in self._events[after:]:
            if predicate(event):
                return event
        return None

    async def wait_for(
        self,
        predicate: Predicate,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        *,
        after: int = 0,
        what: str = "a matching event",
    ) -> Event:
        """The first received event (from position ``after``) satisfying ``predicate``."""
        found: list[Event] = []

        def ready() -> bool:
            event = self._find(predicate, after)
            if event is not None:
                found.append(event)
            return bool(found)

        try:
            async with self._arrived:
                await asyncio.wait_for(self._arrived.wait_for(ready), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self.user_id} waited {timeout:g} s for {what}; received since then:\n"
                + self._summary(self._events[after:])
            ) from None
        return found[0]

    def _summary(self, events: Iterable[Event], limit: int = 30) -> str:
        lines = [event.describe() for event in events if not event.stripped or event.membership]
        if not lines:
            return "  (nothing)"
        if len(lines) > limit:
            lines = [f"... {len(lines) - limit} earlier events", *lines[-limit:]]
        return "\n".join(f"  {line}" for line in lines)

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
