"""Keyset pages on every backend: each row once, in id order, across page boundaries."""

from __future__ import annotations

from storage.database import Database
from storage.models import FaqEntry
from storage.repositories.faq import FaqRepository, NewEntry
from storage.repositories.paging import keyset_pages
from storage.search import SearchIndex


async def test_pages_hold_every_matching_row_once_in_id_order(database: Database) -> None:
    faq = FaqRepository(database, SearchIndex(database, "faq"))
    ids = await faq.add_many([NewEntry(f"Question {n}", f"Réponse {n}") for n in range(7)])
    assert await faq.delete(ids[3], "@mod:example.org")
    async with database.sessions() as session:
        pages = [
            [entry.id for entry in page]
            async for page in keyset_pages(session, FaqEntry, FaqEntry.deleted.is_(False), size=2)
        ]
    assert pages == [ids[0:2], [ids[2], ids[4]], ids[5:7]]
