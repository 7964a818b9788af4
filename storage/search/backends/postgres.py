"""PostgreSQL: a tsvector of analysed terms under a GIN index, plus postings ranked by BM25.

``ts_rank_cd`` is not BM25, and scoring from the tsvectors means unpacking every candidate,
which grows with the collection. So each document also gets one ``search_posting`` row per
distinct term, with its frequency in the heading, the body and the theme tags: a query reads
only the postings of its terms (an index range scan per term), and the document frequency of
a term is the length of its posting list. The formula is FTS5's ``bm25()``
(see ``storage.search.bm25``), so both backends rank alike.

The tsvector (weights A heading, B body, C tags) is what ``@@`` full-text queries and the GIN
index work on, and it lists the terms whose postings must go when a document is replaced.
Writes send whole batches as arrays (``unnest``), one statement per table and batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.search.backends.base import AnalysedDocument, Hit, LoadedDocument, chunks, group_keys
from storage.search.bm25 import IDF_FLOOR, K1, B, ColumnWeights
from storage.search.query import Query

# A tsvector keeps at most 256 positions per lexeme: enough for any term frequency that
# still changes a BM25 score.
_MAX_POSITIONS = 256

_DELETE_POSTINGS = sa.text(
    """
    DELETE FROM search_posting AS p
    USING search_document AS d, unnest(tsvector_to_array(d.terms)) AS t(term)
    WHERE d.namespace = :namespace AND d.doc_id = ANY(CAST(:doc_ids AS bigint[]))
        AND p.term = t.term AND p.namespace = d.namespace AND p.doc_id = d.doc_id
    """
)
_DELETE_DOCUMENTS = sa.text(
    "DELETE FROM search_document"
    " WHERE namespace = :namespace AND doc_id = ANY(CAST(:doc_ids AS bigint[]))"
)
_INSERT_DOCUMENTS = sa.text(
    """
    INSERT INTO search_document (namespace, doc_id, length, terms)
    SELECT :namespace, doc_id, length, CAST(terms AS tsvector)
    FROM unnest(CAST(:doc_ids AS bigint[]), CAST(:lengths AS int[]), CAST(:terms AS text[]))
        AS t(doc_id, length, terms)
    """
)
_INSERT_POSTINGS = sa.text(
    """
    INSERT INTO search_posting (term, namespace, doc_id, head, body, tags, length)
    SELECT term, :namespace, doc_id, head, body, tags, length
    FROM unnest(
        CAST(:terms AS text[]), CAST(:doc_ids AS bigint[]), CAST(:heads AS int[]),
        CAST(:bodies AS int[]), CAST(:tags AS int[]), CAST(:lengths AS int[])
    ) AS t(term, doc_id, head, body, tags, length)
    """
)
_RANK = sa.text(
    f"""
    WITH query AS (
        SELECT * FROM unnest(CAST(:terms AS text[]), CAST(:weights AS float8[]))
            AS q(term, weight)
    ),
    stats AS (
        SELECT count(*)::float8 AS documents, coalesce(avg(length), 0)::float8 AS average
        FROM search_document
    ),
    frequencies AS MATERIALIZED (
        SELECT q.term, q.weight,
            (SELECT count(*) FROM search_posting AS p WHERE p.term = q.term)::float8
                AS containing
        FROM query AS q
    )
    SELECT p.doc_id,
        sum(
            f.weight
            * greatest(
                ln((s.documents - f.containing + 0.5) / (f.containing + 0.5)), {IDF_FLOOR}
            )
            * (p.head * :head + p.body * :body + p.tags * :tags) * {K1 + 1}
            / (
                (p.head * :head + p.body * :body + p.tags * :tags)
                + {K1} * (1 - {B} + {B} * p.length / s.average)
            )
        ) AS score
    FROM frequencies AS f
        JOIN search_posting AS p ON p.term = f.term AND p.namespace = :namespace
        CROSS JOIN stats AS s
    GROUP BY p.doc_id
    ORDER BY score DESC, p.doc_id
    LIMIT :limit
    """
).bindparams(
    sa.bindparam("head", type_=sa.Float),
    sa.bindparam("body", type_=sa.Float),
    sa.bindparam("tags", type_=sa.Float),
)
_DOCUMENTS = sa.text("SELECT count(*) FROM search_document")
_LOAD = "SELECT namespace, doc_id, length, term, head, body, tags FROM search_posting"
_LOAD_SOME = sa.text(
    _LOAD + " WHERE namespace = :namespace AND doc_id = ANY(CAST(:doc_ids AS bigint[]))"
)
_FREQUENCIES = sa.text(
    "SELECT q.term, (SELECT count(*) FROM search_posting AS p WHERE p.term = q.term)"
    " FROM unnest(CAST(:terms AS text[])) AS q(term)"
)


def quote(term: str) -> str:
    """A lexeme literal for tsvector and tsquery input."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(document: AnalysedDocument) -> str:
    """The document's tsvector, its positions labelled with the column they come from.

    Positions are numbered per lexeme, not per place in the text: no query here looks at
    proximity, and it keeps every occurrence counted however long the document is.
    """
    labels: dict[str, list[str]] = {}
    for label, column in (("A", document.head), ("B", document.body), ("C", document.tags)):
        for term, count in Counter(column).items():
            labels.setdefault(term, []).extend([label] * count)
    parts = []
    for term, term_labels in labels.items():
        kept = term_labels[:_MAX_POSITIONS]
        positions = ",".join(f"{index}{label}" for index, label in enumerate(kept, start=1))
        parts.append(f"{quote(term)}:{positions}")
    return " ".join(parts)


class PostgresBackend:
    async def store(
        self, session: AsyncSession, namespace: str, documents: Sequence[AnalysedDocument]
    ) -> None:
        for batch in chunks(documents):
            await self.delete(session, namespace, [doc.doc_id for doc in batch])
            await session.execute(
                _INSERT_DOCUMENTS,
                {
                    "namespace": namespace,
                    "doc_ids": [doc.doc_id for doc in batch],
                    "lengths": [doc.length for doc in batch],
                    "terms": [tsvector_literal(doc) for doc in batch],
                },
            )
            postings: dict[str, list[object]] = {
                key: [] for key in ("terms", "doc_ids", "heads", "bodies", "tags", "lengths")
            }
            for doc in batch:
                head, body, tags = Counter(doc.head), Counter(doc.body), Counter(doc.tags)
                for term in head.keys() | body.keys() | tags.keys():
                    postings["terms"].append(term)
                    postings["doc_ids"].append(doc.doc_id)
                    postings["heads"].append(head[term])
                    postings["bodies"].append(body[term])
                    postings["tags"].append(tags[term])
                    postings["lengths"].append(doc.length)
            if postings["terms"]:
                await session.execute(_INSERT_POSTINGS, {"namespace": namespace, **postings})

    async def delete(self, session: AsyncSession, namespace: str, doc_ids: Sequence[int]) -> None:
        for batch in chunks(doc_ids):
            params = {"namespace": namespace, "doc_ids": list(batch)}
            await session.execute(_DELETE_POSTINGS, params)
            await session.execute(_DELETE_DOCUMENTS, params)

    async def rank(
        self,
        session: AsyncSession,
        namespace: str,
        query: Query,
        columns: ColumnWeights,
        limit: int,
    ) -> list[Hit]:
        if not query:
            return []
        terms = sorted(query.weights)
        result = await session.execute(
            _RANK,
            {
                "terms": terms,
                "weights": [query.weights[term] for term in terms],
                "head": columns.head,
                "body": columns.body,
                "tags": columns.tags,
                "namespace": namespace,
                "limit": limit,
            },
        )
        return [Hit(int(doc_id), float(score)) for doc_id, score in result]

    async def load(
        self, session: AsyncSession, keys: Sequence[tuple[str, int]] | None
    ) -> list[LoadedDocument]:
        documents: dict[tuple[str, int], tuple[int, dict[str, tuple[int, int, int]]]] = {}

        def take(rows: sa.Result[Any]) -> None:
            for row in rows:
                namespace, doc_id, length, term, head, body, tags = tuple(row)
                _, frequencies = documents.setdefault((namespace, int(doc_id)), (int(length), {}))
                frequencies[term] = (int(head), int(body), int(tags))

        if keys is None:
            take(await session.execute(sa.text(_LOAD)))
        for namespace, doc_ids in group_keys(keys or []).items():
            for batch in chunks(doc_ids):
                take(
                    await session.execute(
                        _LOAD_SOME, {"namespace": namespace, "doc_ids": list(batch)}
                    )
                )
        return [
            LoadedDocument(namespace, doc_id, length, frequencies)
            for (namespace, doc_id), (length, frequencies) in documents.items()
        ]

    async def statistics(
        self, session: AsyncSession, terms: Sequence[str]
    ) -> tuple[int, dict[str, int]]:
        documents = (await session.execute(_DOCUMENTS)).scalar_one()
        result = await session.execute(_FREQUENCIES, {"terms": list(terms)})
        return int(documents), {term: int(count) for term, count in result}
