"""The in-memory ranking against the database's SQL ranking, and its following of the database.

A second `Database` on the same URL stands for another process (the web server, the command
line): what it writes must reach the first one's copy at its next search.
"""

from __future__ import annotations

import random

from storage.database import Database
from storage.search import SearchIndex
from storage.search.index import Document

THEMES = {"logement": ["loyer", "bail", "expulsion"], "emploi": ["emploi", "contrat", "cv"]}
WORDS = [
    "loyer",
    "bail",
    "expulsion",
    "emploi",
    "contrat",
    "cv",
    "permis",
    "voiture",
    "formation",
    "dettes",
    "huissier",
    "crèche",
    "enfants",
    "santé",
    "mutuelle",
    "médecin",
    "alcool",
    "justice",
    "avocat",
    "ordinateur",
    "internet",
    "français",
]


def _documents(count: int, rng: random.Random, start: int = 1) -> list[Document]:
    return [
        Document(
            doc_id,
            {
                "question": " ".join(rng.sample(WORDS, 3)) + " ?",
                "answer": " ".join(rng.choices(WORDS, k=rng.randint(5, 30))),
            },
            rng.sample(list(THEMES), rng.randint(0, 2)),
        )
        for doc_id in range(start, start + count)
    ]


QUERIES = [
    "loyer", "expulsion bail", "cv emploi", "permis voiture", "logement", "appart proprio",
    "dettes huissier crèche", "mutuelle", "rien à voir", "avocat justice alcool",
]  # fmt: skip


async def _same_rankings(index: SearchIndex) -> None:
    await index.warm()  # as the application does at start-up
    for query in QUERIES:
        memory = await index.search(query, 5)
        reference = await index.search_in_database(query, 5)
        assert [h.doc_id for h in memory] == [h.doc_id for h in reference], query
        for got, want in zip(memory, reference, strict=True):
            assert abs(got.score - want.score) < 1e-6 * max(1.0, want.score), query


async def test_memory_ranks_like_the_database(database: Database) -> None:
    index = SearchIndex(database, "faq", theme_keywords=THEMES)
    await index.index_many(_documents(300, random.Random(7)))
    other = SearchIndex(database, "fiche", theme_keywords=THEMES)  # shares the statistics
    await other.index_many(_documents(50, random.Random(8)))
    await _same_rankings(index)
    await _same_rankings(other)


async def test_another_process_writes_reach_the_copy(database: Database) -> None:
    index = SearchIndex(database, "faq", theme_keywords=THEMES)
    await index.index_many(_documents(200, random.Random(1)))
    await index.warm()
    elsewhere = Database(database.url)
    try:
        writer = SearchIndex(elsewhere, "faq", theme_keywords=THEMES)
        await writer.index(9999, {"question": "xylophone unique", "answer": "zèbre"})
        await writer.remove_many([1, 2, 3])
        await writer.index(4, {"question": "autre chose", "answer": "xylophone"})
    finally:
        await elsewhere.close()
    found = await index.search("xylophone", 5)
    assert [hit.doc_id for hit in found] == [9999, 4]
    assert not {1, 2, 3} & {hit.doc_id for hit in await index.search("loyer bail emploi", 300)}
    await _same_rankings(index)


async def test_a_rolled_back_write_never_reaches_the_copy(database: Database) -> None:
    index = SearchIndex(database, "faq", theme_keywords=THEMES)
    await index.index_many(_documents(20, random.Random(2)))
    await index.warm()
    try:
        async with database.transaction() as session:
            await index.index(777, {"question": "xylophone"}, session=session)
            # Inside its own transaction the writer sees its document (SQL ranking)…
            assert [h.doc_id for h in await index.search("xylophone", 5, session=session)] == [777]
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    # … and the copy, which only follows what was committed, never had it.
    assert await index.search("xylophone", 5) == []
    await index.index(778, {"question": "xylophone"})
    assert [hit.doc_id for hit in await index.search("xylophone", 5)] == [778]
