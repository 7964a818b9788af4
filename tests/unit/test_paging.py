"""Keyset pages on every backend: each row once, in id order, across page boundaries; and
the index rebuilt from them."""

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


async def test_rebuilding_the_index_reads_every_live_entry_and_keeps_search_working(
    database: Database,
) -> None:
    faq = FaqRepository(database, SearchIndex(database, "faq"))
    ids = await faq.add_many(
        [NewEntry(f"Garantie locative {n}", f"Le CPAS avance la caution {n}") for n in range(3)]
    )
    assert await faq.delete(ids[1], "@mod:example.org")
    assert await faq.rebuild_index() == 2
    found = await faq.search("garantie locative caution", limit=5)
    assert sorted(result.entry.id for result in found) == [ids[0], ids[2]]
