"""search changes: a generation and the documents each write touched, for in-memory copies

Revision ID: 0010_search
Revises: 0009_effects
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_search"
down_revision = "0009_effects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_generation")),
    )
    op.execute("INSERT INTO search_generation (id, generation) VALUES (1, 0)")
    op.create_table(
        "search_change",
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("namespace", sa.String(length=32), nullable=False),
        sa.Column("doc_id", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_search_change_generation", "search_change", ["generation"])


def downgrade() -> None:
    op.drop_index("ix_search_change_generation", table_name="search_change")
    op.drop_table("search_change")
    op.drop_table("search_generation")
