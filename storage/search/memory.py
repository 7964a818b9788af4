"""Ranking from memory: a copy of the index's postings, scored with numpy.

Scoring in SQL reads every posting of every query term, and expanded queries (synonyms, a
theme's keywords) match a large share of the collection: at 100 000 entries that is tens of
thousands of rows per search. Here the postings live in arrays, one per term, and a search adds
each term's weighted BM25 (the formula of `storage.search.bm25`, statistics over the whole index
as FTS5 and the PostgreSQL backend count them) into one score array: about a millisecond at
100 000 entries, the same ranking as the backends (their SQL stays the reference the tests
compare with). Between two writes, each term's saturation and each theme's keyword sum are
kept, since the statistics they depend on have not moved.

The copy follows the database, whoever wrote to it (the bot, the web process, the command
line): every write bumps a generation in ``search_generation`` and lists its documents in
``search_change`` with that generation, in the writer's transaction. The generation row is
updated by every writer, so generations are handed out in commit order; a search reads the
generation (one row, on a connection kept for it: `storage.search.freshness`), and when it
moved, re-reads only the documents changed since. Ranking prunes: `storage.search.topk`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.search.backends.base import Hit, LoadedDocument, SearchBackend
from storage.search.bm25 import K1, B, ColumnWeights, idf
from storage.search.freshness import GenerationReader
from storage.search.query import Query

# Theme keyword sets whose sums are kept between two writes (0.8 MB each per 100 000 rows).
CACHED_GROUPS = 64
# Changes older than this many generations are dropped; a copy further behind is rebuilt.
KEPT_GENERATIONS = 10_000

_GENERATION = sa.text("SELECT generation FROM search_generation WHERE id = 1")
_BUMP = sa.text("UPDATE search_generation SET generation = generation + 1 WHERE id = 1")
_CHANGES = sa.text("SELECT DISTINCT namespace, doc_id FROM search_change WHERE generation > :since")
_OLDEST = sa.text("SELECT min(generation) FROM search_change")
_RECORD = sa.text(
    "INSERT INTO search_change (generation, namespace, doc_id)"
    " VALUES (:generation, :namespace, :doc_id)"
)
_PRUNE = sa.text("DELETE FROM search_change WHERE generation < :before")

Key = tuple[str, int]
Groups = Iterable[tuple[frozenset[str], float]]

if TYPE_CHECKING:
    import numpy as np
else:
    np: Any = None


def _numpy() -> Any:
    """numpy, imported the first time a copy is built (one-off commands never need it)."""
    global np
    if np is None:
        import numpy

        np = numpy
    return np


async def record_changes(session: AsyncSession, namespace: str, doc_ids: Iterable[int]) -> None:
    """Note, in the writer's transaction, that these documents were written or removed."""
    await session.execute(_BUMP)
    generation = int((await session.execute(_GENERATION)).scalar_one())
    rows = [{"generation": generation, "namespace": namespace, "doc_id": d} for d in doc_ids]
    if rows:
        await session.execute(_RECORD, rows)
    if generation % 500 == 0:
        await session.execute(_PRUNE, {"before": generation - KEPT_GENERATIONS})


@dataclass
class _Postings:
    rows: np.ndarray  # document rows holding the term, ascending
    head: np.ndarray  # its frequency in each column of those documents
    body: np.ndarray
    tags: np.ndarray
    # f / (f + norm) per posting and its maximum, for one average length and column weights:
    # searches between two writes reuse them.
    cached: tuple[tuple[float, ColumnWeights], np.ndarray, float] | None = None

    def saturation(
        self, average: float, columns: ColumnWeights, norms: np.ndarray
    ) -> tuple[np.ndarray, float]:
        key = (average, columns)
        if self.cached is None or self.cached[0] != key:
            frequency = columns.head * self.head + columns.body * self.body
            frequency += columns.tags * self.tags
            saturation = frequency / (frequency + norms[self.rows])
            self.cached = (key, saturation, float(saturation.max()))
        return self.cached[1], self.cached[2]


@dataclass
class _Copy:
    """The index as arrays; rows of removed documents stay, marked dead, until a rebuild."""

    generation: int = -1
    keys: list[Key] = field(default_factory=list)
    rows: dict[Key, int] = field(default_factory=dict)
    namespaces: dict[str, int] = field(default_factory=dict)
    namespace_of: np.ndarray = field(default_factory=lambda: _numpy().zeros(0, dtype="int16"))
    lengths: np.ndarray = field(default_factory=lambda: _numpy().zeros(0))
    alive: np.ndarray = field(default_factory=lambda: _numpy().zeros(0, dtype=bool))
    postings: dict[str, _Postings] = field(default_factory=dict)
    terms_of: list[tuple[str, ...]] = field(default_factory=list)
    total_length: float = 0.0
    documents: int = 0
    cached_norms: tuple[float, np.ndarray] | None = None
    cached_eligible: dict[int, np.ndarray] = field(default_factory=dict)
    cached_groups: dict[tuple[frozenset[str], float, ColumnWeights], np.ndarray] = field(
        default_factory=dict
    )

    def add(self, documents: Sequence[LoadedDocument]) -> None:
        """Append documents (their earlier rows must have been removed first)."""
        self.cached_norms, self.cached_eligible, self.cached_groups = None, {}, {}
        start = len(self.keys)
        grouped: dict[str, list[tuple[int, int, int, int]]] = {}
        for offset, doc in enumerate(documents):
            row = start + offset
            key = (doc.namespace, doc.doc_id)
            self.keys.append(key)
            self.rows[key] = row
            self.namespaces.setdefault(doc.namespace, len(self.namespaces))
            self.terms_of.append(tuple(doc.frequencies))
            for term, (head, body, tags) in doc.frequencies.items():
                grouped.setdefault(term, []).append((row, head, body, tags))
            self.total_length += doc.length
        self.documents += len(documents)
        self.namespace_of = np.concatenate(
            [
                self.namespace_of,
                np.array([self.namespaces[d.namespace] for d in documents], np.int16),
            ]
        )
        self.lengths = np.concatenate(
            [self.lengths, np.array([d.length for d in documents], float)]
        )
        self.alive = np.concatenate([self.alive, np.ones(len(documents), dtype=bool)])
        for term, entries in grouped.items():
            added = np.array(entries, dtype=np.int64).T
            old = self.postings.get(term)
            parts = [added] if old is None else [_stack(old), added]
            merged = np.concatenate(parts, axis=1)
            self.postings[term] = _Postings(
                merged[0].astype(np.int32),
                merged[1].astype(float),
                merged[2].astype(float),
                merged[3].astype(float),
            )

    def remove(self, keys: Iterable[Key]) -> None:
        self.cached_norms, self.cached_eligible, self.cached_groups = None, {}, {}
        dead: dict[str, set[int]] = {}
        for key in keys:
            row = self.rows.pop(key, None)
            if row is None:
                continue
            self.alive[row] = False
            self.total_length -= float(self.lengths[row])
            self.documents -= 1
            for term in self.terms_of[row]:
                dead.setdefault(term, set()).add(row)
        for term, rows in dead.items():
            postings = self.postings[term]
            keep = ~np.isin(postings.rows, np.fromiter(rows, dtype=np.int32))
            if keep.any():
                self.postings[term] = _Postings(
                    postings.rows[keep],
                    postings.head[keep],
                    postings.body[keep],
                    postings.tags[keep],
                )
            else:
                del self.postings[term]

    @property
    def dead_share(self) -> float:
        return 1 - self.documents / len(self.keys) if self.keys else 0.0

    def rank(self, namespace: str, query: Query, columns: ColumnWeights, limit: int) -> list[Hit]:
        from storage.search.topk import top_rows

        code = self.namespaces.get(namespace)
        if code is None or not self.documents:
            return []
        scores, terms = self._prepare(query, columns)
        rows = top_rows(terms, scores, self._eligible(code), limit)
        hits = [Hit(self.keys[row][1], float(scores[row])) for row in rows]
        hits.sort(key=lambda hit: (-hit.score, hit.doc_id))
        return hits[:limit]

    def _prepare(self, query: Query, columns: ColumnWeights) -> tuple[np.ndarray, list[Any]]:
        """Scores holding the query's theme keyword sets (cached sums), and its terms with the
        factor each still has to add: its weight less what the sets already gave it. A term in
        two sets was counted twice; that negative share is taken off here, since pruning
        needs terms that only add."""
        from storage.search.topk import Term

        average, norms = self._norms()
        scores = np.zeros(len(self.keys))
        covered: dict[str, float] = {}
        for keywords, weight in query.groups:
            scores += self.group(keywords, weight, columns)
            for term in keywords:
                covered[term] = covered.get(term, 0.0) + weight
        terms = []
        for term, weight in query.weights.items():
            postings = self.postings.get(term)
            share = weight - covered.get(term, 0.0)
            if postings is None or share == 0:
                continue
            saturation, best = postings.saturation(average, columns, norms)
            factor = share * idf(self.documents, len(postings.rows)) * (K1 + 1)
            if factor < 0:
                scores[postings.rows] += factor * saturation
            else:
                terms.append(Term(postings.rows, saturation, factor, factor * best))
        return scores, terms

    def group(self, keywords: frozenset[str], weight: float, columns: ColumnWeights) -> Any:
        """Every row's score from one set of keywords at one weight, until the next write."""
        key = (keywords, weight, columns)
        group = self.cached_groups.get(key)
        if group is None:
            average, norms = self._norms()
            group = np.zeros(len(self.keys))
            for term in sorted(keywords):
                postings = self.postings.get(term)
                if postings is not None:
                    saturation, _ = postings.saturation(average, columns, norms)
                    factor = weight * idf(self.documents, len(postings.rows)) * (K1 + 1)
                    group[postings.rows] += factor * saturation
            if len(self.cached_groups) >= CACHED_GROUPS:
                self.cached_groups.clear()
            self.cached_groups[key] = group
        return group

    def _norms(self) -> tuple[float, np.ndarray]:
        """BM25's length normalisation of every row, computed once per state of the copy."""
        average = self.total_length / self.documents if self.documents else 0.0
        if self.cached_norms is None or self.cached_norms[0] != average:
            norms = (
                K1 * (1 - B + B * self.lengths / average)
                if average
                else np.full_like(self.lengths, K1)
            )
            self.cached_norms = (average, norms)
        return self.cached_norms

    def _eligible(self, code: int) -> np.ndarray:
        """Rows of living documents of one namespace (dropped whenever a row changes)."""
        eligible = self.cached_eligible.get(code)
        if eligible is None:
            eligible = self.cached_eligible[code] = (self.namespace_of == code) & self.alive
        return eligible


def _stack(postings: _Postings) -> np.ndarray:
    return np.vstack([postings.rows, postings.head, postings.body, postings.tags]).astype(np.int64)


class MemoryRanker:
    """The in-memory copy of one database's search index, kept in step with it."""

    def __init__(self, database: Database, backend: SearchBackend) -> None:
        self.database = database
        self.backend = backend
        self._copy: _Copy | None = None  # none until `warm`
        self._lock = asyncio.Lock()
        self._warming: asyncio.Task[None] | None = None
        self._reader = GenerationReader(database)

    async def rank(
        self, namespace: str, query: Query, columns: ColumnWeights, limit: int
    ) -> list[Hit] | None:
        """The ranking from memory; None until a copy was built (`warm`, or in the background
        by `warm_in_background`: long-running processes do it at start-up; a one-off command
        line search ranks in SQL and never pays for a copy)."""
        if self._copy is None:
            return None
        await self.refresh()
        return self._copy.rank(namespace, query, columns, limit)

    def warm_in_background(self, groups: Groups = (), columns: ColumnWeights | None = None) -> None:
        if self._warming is None or self._warming.done():
            self._warming = asyncio.create_task(self.warm(groups, columns), name="search-copy")

    async def warm(self, groups: Groups = (), columns: ColumnWeights | None = None) -> None:
        """Build the copy now (start-up does it, so that the first searches are fast too),
        with the sums of the themes' keyword sets the first searches will need."""
        await self.refresh()
        if self._copy is not None and columns is not None:
            for keywords, weight in groups:
                if keywords:
                    self._copy.group(keywords, weight, columns)

    async def refresh(self) -> None:
        """Catch up with what was committed since the last search (its own session: a copy
        never holds what a transaction still in progress may roll back)."""
        async with self._lock:
            if self._copy is not None and await self._reader.read() == self._copy.generation:
                return
            self._copy = await self._catch_up(self._copy)

    async def _catch_up(self, copy: _Copy | None) -> _Copy:
        """``copy`` brought to the committed state: patched, or rebuilt when too far behind."""
        async with self.database.sessions() as session:
            generation = int((await session.execute(_GENERATION)).scalar_one())
            oldest = (await session.execute(_OLDEST)).scalar()
            if (
                copy is None
                or oldest is None
                or oldest > copy.generation + 1
                or copy.dead_share > 0.2
            ):
                documents = await self.backend.load(session, None)
                fresh = _Copy(generation=generation)
                await asyncio.to_thread(fresh.add, documents)
                return fresh
            changed = [
                (str(ns), int(doc_id))
                for ns, doc_id in await session.execute(_CHANGES, {"since": copy.generation})
            ]
            documents = await self.backend.load(session, changed)
            copy.remove(changed)
            copy.add(documents)
            copy.generation = generation
            return copy


_rankers: WeakKeyDictionary[Database, MemoryRanker] = WeakKeyDictionary()


def ranker_for(database: Database, backend: SearchBackend) -> MemoryRanker:
    """The one in-memory copy of ``database``'s index (every namespace's `SearchIndex` shares
    it, as they share the statistics BM25 is computed with)."""
    ranker = _rankers.get(database)
    if ranker is None:
        ranker = _rankers[database] = MemoryRanker(database, backend)
    return ranker
