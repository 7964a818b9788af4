"""Publishing FAQ entries in the network's FAQ room (SPEC §4: each new entry is posted there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.framework.catalogue import catalogue
from bot.services.help_requests import quote
from bot.services.provisioning import FAQ_KEY
from storage.models import FaqEntry

if TYPE_CHECKING:
    from bot.app import Application


async def announce_entry(app: Application, entry: FaqEntry, *, txn_id: str) -> str | None:
    """Post ``entry`` in the FAQ room; None when the layout has no FAQ room provisioned."""
    room = await app.rooms.by_key(FAQ_KEY)
    if room is None or room.archived:
        return None
    cat = catalogue(app.settings.language)
    labels = [t.label for slug in entry.themes or [] if (t := app.layout.theme(slug))]
    message = cat.render(
        "faq.announce",
        id=entry.id,
        question=quote(entry.question),
        answer=quote(entry.answer),
        themes=", ".join(labels) or "—",
        prefix=app.settings.command_prefix,
    )
    return await app.client.send_message(room.room_id, message, msgtype="m.text", txn_id=txn_id)
