"""bassins added or archived by moderators' commands

Revision ID: 0007_moderation
Revises: 0003_timers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_moderation"
down_revision = "0003_timers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bassin_change",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("changed_by", sa.String(length=255), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_bassin_change")),
    )


def downgrade() -> None:
    op.drop_table("bassin_change")
