"""What a person on the homeserver sees: a client whose background sync collects every event.

Waiting helpers start looking *before* the action that should trigger an answer (the
``getFirstReply`` pattern), so a fast bot can never answer "too early" for the caller; a wait
that times out fails listing what the person did receive.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Self

from nio import (
    AsyncClient,
    SyncResponse,
)

from bot.homeserver.local_synapse import LocalSynapse
from bot.homeserver.received import Event, Predicate, source_of

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
SYNC_TIMEOUT_MS = 5_000
# A large timeline limit so that a burst of events between two syncs is never cut short.
SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": 500}},
    "presence": {"types": []},
}


class SyncedUser:
    """A logged-in client with a background sync loop collecting what its person sees."""

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
                event = Event.from_source(room_id, source_of(raw), stripped=True)
                if event.membership == "invite" and event.state_key == self.user_id:
                    self._pending_invites[room_id] = event
                fresh.append(event)
        for rooms in (response.rooms.join, response.rooms.leave):
            for room_id, info in rooms.items():
                self._pending_invites.pop(room_id, None)
                for raw in [*info.state, *info.timeline.events]:
                    fresh.append(Event.from_source(room_id, source_of(raw)))
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
