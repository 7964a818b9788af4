"""request posts refused by their room: recorded once, never retried forever

Revision ID: 0010_requests
Revises: 0009_effects
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_requests"
down_revision = "0009_effects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("request_post") as batch:
        batch.add_column(sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("request_post") as batch:
        batch.drop_column("refused_at")
