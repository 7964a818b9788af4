"""The two ways the index is stored and ranked: SQLite FTS5 and PostgreSQL full-text search."""

from __future__ import annotations

from storage.search.backends.base import AnalysedDocument, Hit, SearchBackend
from storage.search.backends.postgres import PostgresBackend
from storage.search.backends.sqlite import SqliteBackend


def backend_for(dialect: str) -> SearchBackend:
    if dialect == "sqlite":
        return SqliteBackend()
    if dialect == "postgresql":
        return PostgresBackend()
    raise ValueError(f"no search backend for the {dialect!r} database")


__all__ = ["AnalysedDocument", "Hit", "PostgresBackend", "SearchBackend", "SqliteBackend"]
