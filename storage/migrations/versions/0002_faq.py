"""faq entries, their edits, and the full-text search index

Revision ID: 0002_faq
Revises: 0001_core

The search index is shared by every searchable namespace (FAQ, fiches actions…). Its terms
are analysed in Python (storage.search.text), so both backends index the same terms:
SQLite keeps them in an FTS5 table (plus an fts5vocab view for document frequencies),
PostgreSQL in a tsvector column with a GIN index and in a postings table (one row per
document and term) from which BM25 is computed. The `unaccent` extension and the
`french_unaccent` text search configuration are installed on PostgreSQL for ad-hoc French
queries over raw text (e.g. from psql); the bot's own search does not depend on them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002_faq'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('faq_entry',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('bassin', sa.String(length=64), nullable=True),
    sa.Column('source_request_id', sa.Integer(), nullable=True),
    sa.Column('contributors', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.String(length=255), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_entry'))
    )
    with op.batch_alter_table('faq_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_entry_bassin'), ['bassin'], unique=False)
        batch_op.create_index(batch_op.f('ix_faq_entry_deleted'), ['deleted'], unique=False)
        batch_op.create_index(batch_op.f('ix_faq_entry_source_request_id'), ['source_request_id'], unique=False)

    op.create_table('faq_entry_theme',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['faq_entry.id'], name=op.f('fk_faq_entry_theme_entry_id_faq_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'theme', name=op.f('pk_faq_entry_theme'))
    )
    with op.batch_alter_table('faq_entry_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_entry_theme_theme'), ['theme'], unique=False)

    op.create_table('faq_edit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.String(length=255), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['faq_entry.id'], name=op.f('fk_faq_edit_entry_id_faq_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_edit'))
    )
    with op.batch_alter_table('faq_edit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_edit_entry_id'), ['entry_id'], unique=False)

    op.create_table('search_document',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('namespace', sa.String(length=32), nullable=False),
    sa.Column('doc_id', sa.BigInteger(), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('namespace', 'doc_id', name='uq_search_document_namespace')
    )

    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute(
            "DO $$ BEGIN"
            " IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN"
            " CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);"
            " ALTER TEXT SEARCH CONFIGURATION french_unaccent"
            " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;"
            " END IF; END $$"
        )
        op.execute("ALTER TABLE search_document ADD COLUMN terms tsvector NOT NULL DEFAULT ''")
        op.execute("CREATE INDEX ix_search_document_terms ON search_document USING gin (terms)")
        op.execute(
            "CREATE TABLE search_posting ("
            " term text NOT NULL, namespace varchar(32) NOT NULL, doc_id bigint NOT NULL,"
            " head integer NOT NULL, body integer NOT NULL, tags integer NOT NULL,"
            " length integer NOT NULL,"
            " CONSTRAINT pk_search_posting PRIMARY KEY (term, namespace, doc_id)"
            " INCLUDE (head, body, tags, length))"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "head, body, tags, tokenize = 'unicode61 remove_diacritics 0')"
        )
        op.execute("CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, row)")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TABLE IF EXISTS search_posting")
        op.execute("DROP INDEX IF EXISTS ix_search_document_terms")
    else:
        op.execute("DROP TABLE IF EXISTS search_fts_vocab")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table('search_document')
    with op.batch_alter_table('faq_edit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_edit_entry_id'))

    op.drop_table('faq_edit')
    with op.batch_alter_table('faq_entry_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_entry_theme_theme'))

    op.drop_table('faq_entry_theme')
    with op.batch_alter_table('faq_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_entry_source_request_id'))
        batch_op.drop_index(batch_op.f('ix_faq_entry_deleted'))
        batch_op.drop_index(batch_op.f('ix_faq_entry_bassin'))

    op.drop_table('faq_entry')
