"""partners invited for a purpose and a time

Revision ID: 0012_partners
Revises: 0011_merge
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_partners"
down_revision = "0011_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("structure", sa.String(length=255), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("bassin", sa.String(length=64), nullable=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_by", sa.String(length=255), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
    )
    op.create_index(op.f("ix_partner_user_id"), "partner", ["user_id"])
    op.create_index(op.f("ix_partner_ended_at"), "partner", ["ended_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_partner_ended_at"), table_name="partner")
    op.drop_index(op.f("ix_partner_user_id"), table_name="partner")
    op.drop_table("partner")
