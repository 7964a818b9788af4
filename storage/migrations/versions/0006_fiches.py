"""fiches actions

Revision ID: 0006_fiches
Revises: 0003_timers

Fiches are searched through the shared search index (namespace "fiche"), created by 0002_faq.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_fiches"
down_revision = "0003_timers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fiche",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("titre", sa.String(length=200), nullable=False),
        sa.Column("contexte", sa.Text(), nullable=False),
        sa.Column("public", sa.Text(), nullable=False),
        sa.Column("objectifs", sa.Text(), nullable=False),
        sa.Column("deroule", sa.Text(), nullable=False),
        sa.Column("moyens", sa.Text(), nullable=False),
        sa.Column("resultats", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("bassin", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.String(length=255), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiche")),
    )
    op.create_index(op.f("ix_fiche_bassin"), "fiche", ["bassin"])
    op.create_index(op.f("ix_fiche_author_id"), "fiche", ["author_id"])
    op.create_index(op.f("ix_fiche_created_at"), "fiche", ["created_at"])


def downgrade() -> None:
    op.drop_table("fiche")
