"""Publishing FAQ entries in the network's FAQ room (SPEC §4: each new entry is posted there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.framework.catalogue import catalogue
from bot.matrix.client import MatrixClient
from bot.services.help_requests import quote
from bot.services.moderation.layout import LayoutHolder
from bot.services.provisioning import FAQ_KEY
from storage.models import FaqEntry
from storage.repositories.rooms import RoomRepository

if TYPE_CHECKING:
    from bot.app import Application


class FaqRoom:
    def __init__(
        self,
        client: MatrixClient,
        rooms: RoomRepository,
        layouts: LayoutHolder,
        *,
        language: str,
        prefix: str,
    ) -> None:
        self.client = client
        self.rooms = rooms
        self.layouts = layouts
        self.language = language
        self.prefix = prefix

    async def announce(self, entry: FaqEntry, *, txn_id: str) -> str | None:
        """Post ``entry`` in the FAQ room; None when the layout has no FAQ room provisioned."""
        room = await self.rooms.by_key(FAQ_KEY)
        if room is None or room.archived:
            return None
        cat = catalogue(self.language)
        layout = self.layouts.layout
        labels = [t.label for slug in entry.themes or [] if (t := layout.theme(slug))]
        message = cat.render(
            "faq.announce",
            id=entry.id,
            question=quote(entry.question),
            answer=quote(entry.answer),
            themes=", ".join(labels) or "—",
            prefix=self.prefix,
        )
        return await self.client.send_message(
            room.room_id, message, msgtype="m.text", txn_id=txn_id
        )


async def announce_entry(app: Application, entry: FaqEntry, *, txn_id: str) -> str | None:
    """`FaqRoom.announce` with the application's FAQ room (for callers not yet given one)."""
    return await app.faq_room.announce(entry, txn_id=txn_id)
