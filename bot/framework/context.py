"""What a command handler receives: the event, the sender's language, and ways to answer."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.framework.catalogue import Catalogue
from bot.matrix.events import IncomingEvent
from bot.matrix.formatting import Message

if TYPE_CHECKING:
    from bot.app import Application
    from bot.framework.permissions import Grants
    from bot.framework.registry import CommandSpec
    from config.layout import Layout


def event_txn_prefix(event_id: str) -> str:
    """Transaction ids derived from the triggering event: if the event is handled again after a
    crash, the homeserver recognises the repeated sends and does not post them twice."""
    return "tis-" + hashlib.sha256(event_id.encode()).hexdigest()[:32]


def example_params(prefix: str, layout: Layout) -> dict[str, str]:
    """What help examples may name: the prefix, and a bassin the layout really has (the
    shipped layouts share none)."""
    return {"prefix": prefix, "bassin": layout.bassins[0].slug if layout.bassins else "tous"}


@dataclass
class CommandContext:
    app: Application
    event: IncomingEvent
    catalogue: Catalogue
    is_dm: bool
    spec: CommandSpec | None = None
    _sends: int = field(default=0, repr=False)
    _grants: Grants | None = field(default=None, repr=False)

    @property
    def sender(self) -> str:
        return self.event.sender

    @property
    def room_id(self) -> str:
        return self.event.room_id

    @property
    def prefix(self) -> str:
        return self.app.settings.command_prefix

    @property
    def example_params(self) -> dict[str, str]:
        return example_params(self.prefix, self.app.layout)

    def next_txn(self) -> str:
        self._sends += 1
        return f"{event_txn_prefix(self.event.event_id)}-{self._sends}"

    def render(self, key: str, **params: Any) -> Message:
        return self.catalogue.render(key, **params)

    def text(self, key: str, **params: Any) -> str:
        return self.catalogue.text(key, **params)

    async def grants(self) -> Grants:
        if self._grants is None:
            self._grants = await self.app.permissions.grants(self.sender)
        return self._grants

    async def reply(self, key: str, **params: Any) -> str:
        return await self.reply_message(self.render(key, **params))

    async def reply_message(self, message: Message) -> str:
        """Answer in the room the command came from, as a reply (inside its thread if any)
        that mentions its sender: they are in the room, and a reply is for them."""
        return await self.app.client.send_message(
            self.room_id,
            message,
            reply_to=self.event.event_id,
            thread_root=self.event.thread_root,
            mentions=[self.sender],
            txn_id=self.next_txn(),
        )

    async def send(self, room_id: str, message: Message, **kwargs: Any) -> str:
        return await self.app.client.send_message(
            room_id, message, txn_id=self.next_txn(), **kwargs
        )

    async def react(self, key: str, event_id: str | None = None) -> str:
        return await self.app.client.react(
            self.room_id, event_id or self.event.event_id, key, txn_id=self.next_txn()
        )

    async def private_room(self) -> str:
        """Where a guided conversation with the sender goes on: this DM, or their DM with us."""
        return self.room_id if self.is_dm else await self.app.direct_rooms.ensure(self.sender)

    async def answer_privately(self, message: Message) -> str:
        """A reply when the command came in the DM; a message in the DM otherwise."""
        if self.is_dm:
            return await self.reply_message(message)
        return await self.dm(message)

    async def dm(self, message: Message, user_id: str | None = None) -> str:
        """Send to a user's DM with the bot (the sender by default), creating it if needed."""
        room_id = await self.app.direct_rooms.ensure(user_id or self.sender)
        return await self.send(room_id, message)
