"""The in-memory ranking against the database's SQL ranking, and its following of the database.

A second `Database` on the same URL stands for another process (the web server, the command
line): what it writes must reach the first one's copy at its next search.
"""

from __future__ import annotations

import asyncio
import random
import sys
import textwrap

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


async def test_pruning_keeps_the_exhaustive_top_k_with_ties_and_shared_keywords(
    database: Database,
) -> None:
    """Themes sharing a keyword (counted once, not twice) and identical documents (ties at
    the edge of the top k, broken by id) give the SQL ranking at every limit."""
    shared = {**THEMES, "travail": ["contrat", "cv", "salaire", "loyer"]}
    index = SearchIndex(database, "faq", theme_keywords=shared)
    documents = _documents(400, random.Random(11))
    twins = [Document(1000 + n, dict(documents[n % 7].fields), documents[n % 7].themes)
             for n in range(21)]  # fmt: skip
    await index.index_many(documents + twins)
    await index.warm()
    for query in [*QUERIES, "contrat salaire", "travail loyer emploi", "cv"]:
        for limit in (1, 3, 5, 10):
            memory = await index.search(query, limit)
            reference = await index.search_in_database(query, limit)
            assert [h.doc_id for h in memory] == [h.doc_id for h in reference], (query, limit)


async def test_an_empty_index_warms_with_its_themes_then_follows_the_first_entry(
    database: Database,
) -> None:
    index = SearchIndex(database, "faq", theme_keywords=THEMES)
    await index.warm()  # a new community: nothing indexed yet
    assert await index.search("loyer", 5) == []
    await index.index(1, {"question": "loyer impayé", "answer": "bail"}, ["logement"])
    assert [hit.doc_id for hit in await index.search("loyer", 5)] == [1]


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


# Another process (the web server) writes and removes entries, then exits: its commits are done
# before the first process searches again.
WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from storage.database import Database
    from storage.search import SearchIndex

    async def main(url):
        database = Database(url)
        try:
            index = SearchIndex(database, "faq")
            await index.index(9001, {"question": "xylophone unique", "answer": "zèbre"})
            await index.remove_many([1, 2])
        finally:
            await database.close()

    asyncio.run(main(sys.argv[1]))
    """
)


async def _write_in_another_process(url: str) -> None:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", WRITER, url)
    assert await process.wait() == 0


async def test_writes_of_another_process_reach_the_copy_at_the_next_search(
    database: Database,
) -> None:
    index = SearchIndex(database, "faq", theme_keywords=THEMES)
    await index.index_many(_documents(200, random.Random(3)))
    await index.warm()
    assert await index.search("xylophone", 5) == []  # the copy is built and in use
    before = {hit.doc_id for hit in await index.search("loyer bail emploi", 300)}
    assert {1, 2} <= before
    await _write_in_another_process(database.url)
    assert [hit.doc_id for hit in await index.search("xylophone", 5)] == [9001]
    after = {hit.doc_id for hit in await index.search("loyer bail emploi", 300)}
    assert not {1, 2} & after
    # and this process's own write reaches it too, at once
    await index.index(9002, {"question": "xylophone"})
    assert {hit.doc_id for hit in await index.search("xylophone", 5)} == {9001, 9002}
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
