"""French full-text search shared by the FAQ and the fiches actions.

``SearchIndex(database, namespace)`` indexes documents and ranks them with BM25 on SQLite
(FTS5) and PostgreSQL (tsvector + GIN) alike; ``storage.search.text`` is the French analyser
both use, ``storage.search.lexicon`` the query expansion.
"""

from __future__ import annotations

from storage.search.backends import Hit
from storage.search.bm25 import ColumnWeights
from storage.search.excerpt import excerpt, shorten
from storage.search.index import Document, SearchIndex
from storage.search.lexicon import Lexicon, default_lexicon, load_lexicon
from storage.search.query import Query, QueryWeights

__all__ = [
    "ColumnWeights",
    "Document",
    "Hit",
    "Lexicon",
    "Query",
    "QueryWeights",
    "SearchIndex",
    "default_lexicon",
    "excerpt",
    "load_lexicon",
    "shorten",
]
