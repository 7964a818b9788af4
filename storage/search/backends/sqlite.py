"""SQLite: an FTS5 table of analysed terms, ranked by FTS5's own ``bm25()``.

The text stored in FTS5 is already analysed (folded, stemmed, stop words removed), so its
``unicode61`` tokenizer only has to split on spaces. Query weights are applied by running one
MATCH per weight (typed words, synonyms, theme keywords…) and summing: FTS5's score of an OR
query is the sum of its terms' scores, so the result is the weighted BM25 of the whole query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.search.backends.base import AnalysedDocument, Hit, LoadedDocument, chunks, group_keys
from storage.search.bm25 import ColumnWeights
from storage.search.query import Query
from storage.search.schema import search_document

_ROW_IDS = sa.text(
    "SELECT id FROM search_document WHERE namespace = :namespace AND doc_id IN :doc_ids"
).bindparams(sa.bindparam("doc_ids", expanding=True))
_DELETE_FTS = sa.text("DELETE FROM search_fts WHERE rowid IN :ids").bindparams(
    sa.bindparam("ids", expanding=True)
)
_DELETE_DOCS = sa.text("DELETE FROM search_document WHERE id IN :ids").bindparams(
    sa.bindparam("ids", expanding=True)
)
_INSERT_FTS = sa.text(
    "INSERT INTO search_fts (rowid, head, body, tags) VALUES (:id, :head, :body, :tags)"
)
_DOCUMENTS = sa.text("SELECT count(*) FROM search_document")
_FREQUENCIES = sa.text("SELECT term, doc FROM search_fts_vocab WHERE term IN :terms").bindparams(
    sa.bindparam("terms", expanding=True)
)


_LOAD = (
    "SELECT d.namespace, d.doc_id, d.length, f.head, f.body, f.tags"
    " FROM search_document AS d JOIN search_fts AS f ON f.rowid = d.id"
)
_LOAD_SOME = sa.text(_LOAD + " WHERE d.namespace = :namespace AND d.doc_id IN :doc_ids").bindparams(
    sa.bindparam("doc_ids", expanding=True)
)


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 OR query of quoted terms (quoting keeps FTS5 syntax out of user input)."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


class SqliteBackend:
    async def store(
        self, session: AsyncSession, namespace: str, documents: Sequence[AnalysedDocument]
    ) -> None:
        for batch in chunks(documents):
            await self.delete(session, namespace, [doc.doc_id for doc in batch])
            rows = await session.execute(
                sa.insert(search_document).returning(
                    search_document.c.id, sort_by_parameter_order=True
                ),
                [
                    {"namespace": namespace, "doc_id": doc.doc_id, "length": doc.length}
                    for doc in batch
                ],
            )
            ids = rows.scalars().all()
            await session.execute(
                _INSERT_FTS,
                [
                    {
                        "id": row_id,
                        "head": " ".join(doc.head),
                        "body": " ".join(doc.body),
                        "tags": " ".join(doc.tags),
                    }
                    for row_id, doc in zip(ids, batch, strict=True)
                ],
            )

    async def delete(self, session: AsyncSession, namespace: str, doc_ids: Sequence[int]) -> None:
        for batch in chunks(doc_ids):
            result = await session.execute(
                _ROW_IDS, {"namespace": namespace, "doc_ids": list(batch)}
            )
            ids = result.scalars().all()
            if ids:
                await session.execute(_DELETE_FTS, {"ids": ids})
                await session.execute(_DELETE_DOCS, {"ids": ids})

    async def rank(
        self,
        session: AsyncSession,
        namespace: str,
        query: Query,
        columns: ColumnWeights,
        limit: int,
    ) -> list[Hit]:
        params: dict[str, object] = {
            "namespace": namespace,
            "limit": limit,
            "head": columns.head,
            "body": columns.body,
            "tags": columns.tags,
        }
        groups = []
        parts = []
        for index, (weight, terms) in enumerate(query.by_weight().items()):
            params[f"match{index}"] = match_expression(terms)
            params[f"weight{index}"] = weight
            # Materialised so that bm25() runs right on the MATCH, before any join.
            groups.append(
                f"g{index} AS MATERIALIZED (SELECT rowid AS id,"
                " -bm25(search_fts, :head, :body, :tags) AS score"
                f" FROM search_fts WHERE search_fts MATCH :match{index})"
            )
            parts.append(f"SELECT id, score * :weight{index} AS score FROM g{index}")
        if not parts:
            return []
        sql = (
            "WITH "
            + ", ".join(groups)
            + ", scored AS ("
            + " UNION ALL ".join(parts)
            + ") SELECT d.doc_id, sum(scored.score) AS total"
            " FROM scored JOIN search_document AS d ON d.id = scored.id"
            " WHERE d.namespace = :namespace"
            " GROUP BY d.doc_id ORDER BY total DESC, d.doc_id LIMIT :limit"
        )
        result = await session.execute(sa.text(sql), params)
        return [Hit(int(doc_id), float(score)) for doc_id, score in result]

    async def load(
        self, session: AsyncSession, keys: Sequence[tuple[str, int]] | None
    ) -> list[LoadedDocument]:
        if keys is None:
            return [_loaded(row) for row in await session.execute(sa.text(_LOAD))]
        loaded: list[LoadedDocument] = []
        for namespace, doc_ids in group_keys(keys).items():
            for batch in chunks(doc_ids):
                result = await session.execute(
                    _LOAD_SOME, {"namespace": namespace, "doc_ids": list(batch)}
                )
                loaded.extend(_loaded(row) for row in result)
        return loaded

    async def statistics(
        self, session: AsyncSession, terms: Sequence[str]
    ) -> tuple[int, dict[str, int]]:
        documents = (await session.execute(_DOCUMENTS)).scalar_one()
        frequencies: dict[str, int] = {}
        for batch in chunks(list(terms)):
            result = await session.execute(_FREQUENCIES, {"terms": list(batch)})
            frequencies.update({term: int(doc) for term, doc in result})
        return int(documents), frequencies


def _loaded(row: sa.Row[Any]) -> LoadedDocument:
    namespace, doc_id, length, head, body, tags = tuple(row)
    frequencies: dict[str, list[int]] = {}
    for column, text in enumerate((head, body, tags)):
        for term in (text or "").split():
            counts = frequencies.setdefault(term, [0, 0, 0])
            counts[column] += 1
    return LoadedDocument(
        str(namespace),
        int(doc_id),
        int(length),
        {t: (c[0], c[1], c[2]) for t, c in frequencies.items()},
    )
