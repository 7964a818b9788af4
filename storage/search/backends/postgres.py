"""PostgreSQL: a tsvector of analysed terms under a GIN index, ranked by BM25 in SQL.

``ts_rank_cd`` is not BM25, so the GIN index only finds the candidates and the ranking is
computed in the same statement from the tsvectors themselves: each position carries the
column it came from as its weight label (A heading, B body, C theme tags), which gives the
per-column term frequencies; a term's document frequency is the number of candidates holding
it (every document holding a query term is a candidate). The formula is FTS5's ``bm25()``
(see ``storage.search.bm25``), so both backends rank alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.search.backends.base import AnalysedDocument, Hit, chunks
from storage.search.bm25 import IDF_FLOOR, K1, B, ColumnWeights
from storage.search.query import Query

# A tsvector keeps at most 256 positions per lexeme: enough for any term frequency that
# still changes a BM25 score.
_MAX_POSITIONS = 256

_UPSERT = sa.text(
    "INSERT INTO search_document (namespace, doc_id, length, terms)"
    " VALUES (:namespace, :doc_id, :length, CAST(:terms AS tsvector))"
    " ON CONFLICT (namespace, doc_id)"
    " DO UPDATE SET length = EXCLUDED.length, terms = EXCLUDED.terms"
)
_DELETE = sa.text(
    "DELETE FROM search_document WHERE namespace = :namespace AND doc_id = ANY(:doc_ids)"
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
    candidates AS (
        SELECT namespace, doc_id, length, terms FROM search_document
        WHERE terms @@ CAST(:tsquery AS tsquery)
    ),
    postings AS (
        SELECT c.namespace, c.doc_id, c.length, u.lexeme AS term,
            (SELECT sum(CASE label WHEN 'A' THEN CAST(:head AS float8)
                WHEN 'B' THEN CAST(:body AS float8) ELSE CAST(:tags AS float8) END)
             FROM unnest(u.weights) AS label) AS frequency
        FROM candidates AS c CROSS JOIN LATERAL unnest(c.terms) AS u
        WHERE u.lexeme = ANY(CAST(:terms AS text[]))
    ),
    frequencies AS (
        SELECT term, count(*)::float8 AS containing FROM postings GROUP BY term
    )
    SELECT p.doc_id,
        sum(
            q.weight
            * greatest(
                ln((s.documents - f.containing + 0.5) / (f.containing + 0.5)), {IDF_FLOOR}
            )
            * p.frequency * {K1 + 1}
            / (p.frequency + {K1} * (1 - {B} + {B} * p.length / s.average))
        ) AS score
    FROM postings AS p
        JOIN query AS q ON q.term = p.term
        JOIN frequencies AS f ON f.term = p.term
        CROSS JOIN stats AS s
    WHERE p.namespace = :namespace
    GROUP BY p.doc_id
    ORDER BY score DESC, p.doc_id
    LIMIT :limit
    """
)
_DOCUMENTS = sa.text("SELECT count(*) FROM search_document")
_FREQUENCIES = sa.text(
    "SELECT t.term, (SELECT count(*) FROM search_document WHERE terms @@ CAST(t.lexeme AS tsquery))"
    " FROM unnest(CAST(:terms AS text[]), CAST(:lexemes AS text[])) AS t(term, lexeme)"
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
            await session.execute(
                _UPSERT,
                [
                    {
                        "namespace": namespace,
                        "doc_id": doc.doc_id,
                        "length": doc.length,
                        "terms": tsvector_literal(doc),
                    }
                    for doc in batch
                ],
            )

    async def delete(self, session: AsyncSession, namespace: str, doc_ids: Sequence[int]) -> None:
        for batch in chunks(doc_ids):
            await session.execute(_DELETE, {"namespace": namespace, "doc_ids": list(batch)})

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
                "tsquery": " | ".join(quote(term) for term in terms),
                "head": columns.head,
                "body": columns.body,
                "tags": columns.tags,
                "namespace": namespace,
                "limit": limit,
            },
        )
        return [Hit(int(doc_id), float(score)) for doc_id, score in result]

    async def statistics(
        self, session: AsyncSession, terms: Sequence[str]
    ) -> tuple[int, dict[str, int]]:
        documents = (await session.execute(_DOCUMENTS)).scalar_one()
        terms = list(terms)
        result = await session.execute(
            _FREQUENCIES, {"terms": terms, "lexemes": [quote(term) for term in terms]}
        )
        return int(documents), {term: int(count) for term, count in result}
