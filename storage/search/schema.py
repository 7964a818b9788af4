"""The tables of the search index, shared by every namespace (FAQ entries, fiches actions…).

``search_document`` maps a namespace's document id to the index row and keeps its length in
terms. On SQLite the terms live in the FTS5 table ``search_fts`` (row id = document row id);
on PostgreSQL in the ``terms`` tsvector column of ``search_document`` (GIN index) and in
``search_posting``, one row per document and term.
Both are created by the migration ``0002_faq`` and are not ORM models: they are written and
read only through the search backends.
"""

from __future__ import annotations

import sqlalchemy as sa

SEARCH_TABLE_PREFIXES = ("search_document", "search_fts", "search_posting")

metadata = sa.MetaData()

search_document = sa.Table(
    "search_document",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("namespace", sa.String(32), nullable=False),
    sa.Column("doc_id", sa.BigInteger, nullable=False),
    sa.Column("length", sa.Integer, nullable=False),
    sa.UniqueConstraint("namespace", "doc_id", name="uq_search_document_namespace"),
)


def is_search_table(name: str | None) -> bool:
    """Whether a table belongs to the search index (for Alembic's ``include_name`` filter).

    The FTS5 virtual table and its shadow tables are not in the ORM metadata: autogenerate
    must not propose to drop them.
    """
    return name is not None and name.startswith(SEARCH_TABLE_PREFIXES)
