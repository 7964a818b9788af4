"""The search engine's one interface: index documents of a namespace, search them, find similar."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.search import bm25
from storage.search.backends import AnalysedDocument, Hit, backend_for
from storage.search.bm25 import ColumnWeights
from storage.search.lexicon import Lexicon, ThemeKeywords, default_lexicon, theme_tag
from storage.search.memory import ranker_for, record_changes
from storage.search.query import Query, QueryWeights, build_query
from storage.search.text import terms

DEFAULT_HEAD_FIELDS = frozenset({"question", "titre", "title"})
DEFAULT_SIMILAR_MIN_SCORE = 0.3


@dataclass(frozen=True)
class Document:
    """What a caller indexes: named text fields and theme slugs."""

    doc_id: int
    fields: Mapping[str, str]
    themes: Sequence[str] = ()


class SearchIndex:
    """Full-text search over one namespace of documents ("faq", "fiche"…), French-aware.

    The backend (SQLite FTS5 or PostgreSQL full-text search) follows ``Database.dialect``;
    both rank with the same weighted BM25 over the same analysed terms. Fields named in
    ``head_fields`` (a question, a title) weigh more than the others. Every method accepts the
    caller's session so that a document and its index entry are written in one transaction.
    """

    def __init__(
        self,
        database: Database,
        namespace: str = "faq",
        *,
        theme_keywords: Mapping[str, Iterable[str]] | None = None,
        lexicon: Lexicon | None = None,
        head_fields: Collection[str] = DEFAULT_HEAD_FIELDS,
        query_weights: QueryWeights | None = None,
        column_weights: ColumnWeights | None = None,
    ) -> None:
        self.database = database
        self.namespace = namespace
        self.lexicon = default_lexicon() if lexicon is None else lexicon
        self.themes = ThemeKeywords.from_mapping(theme_keywords)
        self.head_fields = frozenset(head_fields)
        self.query_weights = query_weights or QueryWeights()
        self.column_weights = column_weights or ColumnWeights()
        self._backend = backend_for(database.dialect)
        self._ranker = ranker_for(database, self._backend)

    def set_theme_keywords(self, theme_keywords: Mapping[str, Iterable[str]] | None) -> None:
        """Use new themes' keywords (the community layout was reloaded)."""
        self.themes = ThemeKeywords.from_mapping(theme_keywords)

    def query(self, text: str) -> Query:
        """The weighted terms ``text`` is searched with (also used to highlight excerpts)."""
        return build_query(
            text, lexicon=self.lexicon, themes=self.themes, weights=self.query_weights
        )

    def analyse(self, document: Document) -> AnalysedDocument:
        head: list[str] = []
        body: list[str] = []
        for name, text in document.fields.items():
            (head if name in self.head_fields else body).extend(terms(text or ""))
        tags = [theme_tag(slug) for slug in dict.fromkeys(document.themes)]
        return AnalysedDocument(document.doc_id, head, body, tags)

    async def index(
        self,
        doc_id: int,
        fields: Mapping[str, str],
        themes: Sequence[str] = (),
        *,
        session: AsyncSession | None = None,
    ) -> None:
        """Index one document, replacing its earlier version."""
        await self.index_many([Document(doc_id, fields, themes)], session=session)

    async def index_many(
        self, documents: Iterable[Document], *, session: AsyncSession | None = None
    ) -> None:
        """Index many documents with batched statements (imports, rebuilds)."""
        analysed = [self.analyse(document) for document in documents]
        async with self._session(session) as active:
            await self._backend.store(active, self.namespace, analysed)
            await record_changes(active, self.namespace, [doc.doc_id for doc in analysed])

    async def remove(self, doc_id: int, *, session: AsyncSession | None = None) -> None:
        await self.remove_many([doc_id], session=session)

    async def remove_many(
        self, doc_ids: Sequence[int], *, session: AsyncSession | None = None
    ) -> None:
        async with self._session(session) as active:
            await self._backend.delete(active, self.namespace, list(doc_ids))
            await record_changes(active, self.namespace, doc_ids)

    async def search(
        self, query: str, limit: int = 5, *, session: AsyncSession | None = None
    ) -> list[Hit]:
        """The best documents for ``query``, best first, scored by weighted BM25."""
        weighted = self.query(query)
        if not weighted or limit <= 0:
            return []
        return await self._rank(weighted, limit, session)

    async def search_in_database(self, query: str, limit: int = 5) -> list[Hit]:
        """The same ranking computed by the database's SQL over every posting: the reference
        the in-memory copy is checked against (tests, ``bench.search``)."""
        weighted = self.query(query)
        if not weighted or limit <= 0:
            return []
        async with self._session(None) as active:
            return await self._backend.rank(
                active, self.namespace, weighted, self.column_weights, limit
            )

    async def _rank(self, weighted: Query, limit: int, session: AsyncSession | None) -> list[Hit]:
        """From memory; inside a caller's transaction, in SQL, which sees its own writes."""
        if session is None:
            hits = await self._ranker.rank(self.namespace, weighted, self.column_weights, limit)
            if hits is not None:
                return hits
        async with self._session(session) as active:
            return await self._backend.rank(
                active, self.namespace, weighted, self.column_weights, limit
            )

    async def warm(self) -> None:
        """Build the in-memory copy of the index now rather than at the first search."""
        await self._ranker.warm(self._theme_groups(), self.column_weights)

    def warm_in_background(self) -> None:
        """Start building the copy without waiting (searches meanwhile rank in SQL)."""
        self._ranker.warm_in_background(self._theme_groups(), self.column_weights)

    def _theme_groups(self) -> list[tuple[frozenset[str], float]]:
        """Each theme's keywords as `build_query` offers them (their sums are precomputed)."""
        weight = self.query_weights.theme_keyword
        return [(frozenset(self.themes.keywords(slug)), weight) for slug in self.themes.phrases]

    async def similar(
        self,
        text: str,
        limit: int = 3,
        min_score: float = DEFAULT_SIMILAR_MIN_SCORE,
        *,
        session: AsyncSession | None = None,
    ) -> list[Hit]:
        """Documents answering a good share of ``text`` (a whole situation, not keywords).

        Scores are divided by the score of an ideal document holding every word of the
        text once, so they lie roughly between 0 and 1 whatever the length of the text, and
        ``min_score`` keeps unrelated documents out of a suggestion list.
        """
        # Themes are left out: a situation naming a theme's keyword once is not close to
        # every entry of the theme.
        weighted = build_query(
            text, lexicon=self.lexicon, themes=ThemeKeywords(), weights=self.query_weights
        )
        if not weighted or limit <= 0:
            return []
        hits = await self._rank(weighted, limit, session)
        if not hits:
            return []
        typed = sorted(weighted.typed)
        async with self._session(session) as active:
            documents, frequencies = await self._backend.statistics(active, typed)
        idfs = {term: bm25.idf(documents, frequencies.get(term, 0)) for term in typed}
        ideal = bm25.ideal_score({term: weighted.weights[term] for term in typed}, idfs)
        if ideal <= 0:
            return []
        scored = [Hit(hit.doc_id, hit.score / ideal) for hit in hits]
        return [hit for hit in scored if hit.score >= min_score]

    @asynccontextmanager
    async def _session(self, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
        if session is not None:
            yield session
        else:
            async with self.database.transaction() as own:
                yield own
