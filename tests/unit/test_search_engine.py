"""The search engine on every backend: French-aware matching and a BM25 both backends share."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from storage.database import Database
from storage.search import Document, Lexicon, SearchIndex
from storage.search.bm25 import ColumnWeights, idf, term_score

THEMES = {
    "logement": ["loyer", "propriétaire", "expulsion", "déménagement"],
    "mobilite": ["permis de conduire", "transport", "voiture"],
    "emploi": ["emploi", "embauche", "contrat"],
}

DOCUMENTS = [
    Document(1, {"question": "Aide pour payer la caution d'un logement", "answer": "Le CPAS "
        "peut avancer la garantie locative."}, ["logement"]),
    Document(2, {"question": "Financer le permis de conduire", "answer": "Certaines "
        "communes financent les leçons de conduite."}, ["mobilite"]),
    Document(3, {"question": "Trouver un emploi après une formation", "answer": "Les "
        "emplois en pénurie recrutent à la sortie de formation."}, ["emploi"]),
    Document(4, {"question": "Conflit avec le propriétaire", "answer": "Proposer une "
        "médiation avant toute procédure."}, ["logement"]),
]  # fmt: skip


@pytest.fixture
async def index(database: Database) -> SearchIndex:
    search = SearchIndex(database, "faq", theme_keywords=THEMES)
    await search.index_many(DOCUMENTS)
    return search


async def top(index: SearchIndex, query: str, limit: int = 3) -> list[int]:
    return [hit.doc_id for hit in await index.search(query, limit)]


async def test_case_and_accents_do_not_matter(index: SearchIndex) -> None:
    assert (await top(index, "PROPRIETAIRE"))[0] == 4
    assert (await top(index, "propriétaire"))[0] == 4
    assert (await top(index, "Médiation"))[0] == 4
    assert (await top(index, "mediation"))[0] == 4


async def test_plurals_and_inflections_match(index: SearchIndex) -> None:
    assert (await top(index, "propriétaires"))[0] == 4
    assert (await top(index, "emplois"))[0] == 3
    assert (await top(index, "financement permis"))[0] == 2
    assert (await top(index, "logements"))[0] == 1


async def test_everyday_words_find_canonical_terms(index: SearchIndex) -> None:
    assert (await top(index, "proprio"))[0] == 4
    assert (await top(index, "boulot"))[0] == 3
    assert (await top(index, "bagnole"))[0] == 2


async def test_theme_keywords_expand_a_query(database: Database) -> None:
    plain = SearchIndex(database, "faq", lexicon=Lexicon())
    themed = SearchIndex(database, "faq", lexicon=Lexicon(), theme_keywords=THEMES)
    await plain.index_many(DOCUMENTS)
    assert 4 not in await top(plain, "loyer")
    # "loyer" is a keyword of logement: the theme's other keywords and its entries come up.
    assert 4 in await top(themed, "loyer")


async def test_stop_words_alone_find_nothing(index: SearchIndex) -> None:
    assert await index.search("comment est-ce que je peux le faire ?") == []
    assert await index.search("") == []


async def test_typed_words_outrank_synonyms(database: Database) -> None:
    search = SearchIndex(database, "faq")
    await search.index(1, {"question": "Un boulot pour l'été", "answer": ""}, [])
    await search.index(2, {"question": "Un emploi pour l'été", "answer": ""}, [])
    hits = await search.search("boulot été")
    assert [hit.doc_id for hit in hits] == [1, 2]
    assert hits[0].score > hits[1].score


async def test_reindex_and_remove(index: SearchIndex) -> None:
    await index.index(2, {"question": "Garde d'enfants", "answer": "Crèche"}, [])
    assert 2 not in await top(index, "permis de conduire")
    assert await top(index, "crèche") == [2]
    await index.remove(2)
    await index.remove(99)
    assert await top(index, "crèche") == []


async def test_namespaces_are_separate(database: Database) -> None:
    faq = SearchIndex(database, "faq")
    fiches = SearchIndex(database, "fiche")
    await faq.index(1, {"question": "Permis de conduire"}, [])
    await fiches.index(1, {"titre": "Atelier CV"}, [])
    assert await top(faq, "permis") == [1]
    assert await top(faq, "CV") == []
    assert await top(fiches, "CV") == [1]
    await fiches.remove(1)
    assert await top(faq, "permis") == [1]


async def test_similar_scores_are_shares_of_the_text(index: SearchIndex) -> None:
    situation = (
        "Une personne que j'accompagne voudrait passer son permis de conduire pour accepter "
        "un poste éloigné mais n'a pas les moyens de financer les leçons."
    )
    hits = await index.similar(situation, limit=3, min_score=0.0)
    assert hits[0].doc_id == 2
    assert 0 < hits[0].score <= 1.5
    assert await index.similar("la météo de demain à Namur", min_score=0.2) == []


def reference_bm25(index: SearchIndex, documents: list[Document], query: str) -> dict[int, float]:
    """BM25 computed by hand, as FTS5 defines it, to check both backends against."""
    weights = ColumnWeights()
    analysed = [index.analyse(document) for document in documents]
    total = len(analysed)
    average = sum(doc.length for doc in analysed) / total
    weighted = index.query(query).weights
    scores: dict[int, float] = {}
    for doc in analysed:
        head, body, tags = Counter(doc.head), Counter(doc.body), Counter(doc.tags)
        score = 0.0
        for term, query_weight in weighted.items():
            frequency = (
                head[term] * weights.head + body[term] * weights.body + tags[term] * weights.tags
            )
            if frequency:
                containing = sum(
                    1 for other in analysed if term in (*other.head, *other.body, *other.tags)
                )
                score += query_weight * term_score(
                    frequency, doc.length, average, idf(total, containing)
                )
        if score:
            scores[doc.doc_id] = score
    return scores


@pytest.mark.parametrize(
    "query",
    ["permis de conduire", "proprio logement caution", "boulot formation emploi", "loyer"],
)
async def test_backends_rank_with_the_same_bm25(index: SearchIndex, query: str) -> None:
    expected = reference_bm25(index, DOCUMENTS, query)
    hits = await index.search(query, limit=10)
    assert {hit.doc_id for hit in hits} == set(expected)
    for hit in hits:
        assert math.isclose(hit.score, expected[hit.doc_id], rel_tol=1e-6)
