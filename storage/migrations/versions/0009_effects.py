"""applied effects: each workflow a triggering event ran, so that a replay never repeats it

Revision ID: 0009_effects
Revises: 0008_merge
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_effects"
down_revision = "0008_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_effect",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("workflow", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "workflow", name=op.f("pk_applied_effect")),
    )
    op.create_index(
        op.f("ix_applied_effect_applied_at"), "applied_effect", ["applied_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_applied_effect_applied_at"), table_name="applied_effect")
    op.drop_table("applied_effect")
