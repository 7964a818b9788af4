"""timers kept across restarts

Revision ID: 0003_timers
Revises: 0002_faq
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_timers"
down_revision = "0002_faq"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "timer",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("grace_seconds", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_timer")),
    )
    op.create_index(op.f("ix_timer_kind"), "timer", ["kind"])
    op.create_index(op.f("ix_timer_due_at"), "timer", ["due_at"])
    op.create_index(op.f("ix_timer_state"), "timer", ["state"])


def downgrade() -> None:
    op.drop_table("timer")
