"""privacy: the sync journal no longer keeps events' content

A received message may be a help request's raw text. Even erased right after handling, it stayed
in SQLite's ``-wal`` file and in PostgreSQL's old row versions; the journal now keeps only what
it needs to fetch an event again (ids, room, sender, type, timestamp).

The table is rewritten, not just altered: on PostgreSQL ``DROP COLUMN`` alone leaves the values in
the heap, so ``CLUSTER`` copies the rows into a new file and drops the old one; on SQLite the batch
mode copies the table and drops the old one (``secure_delete`` overwrites its pages).

Revision ID: 0010_privacy
Revises: 0009_effects
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_privacy"
down_revision = "0009_effects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("received_event", recreate="auto") as batch_op:
        batch_op.drop_column("content")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CLUSTER received_event USING pk_received_event")


def downgrade() -> None:
    with op.batch_alter_table("received_event") as batch_op:
        batch_op.add_column(sa.Column("content", sa.JSON(), nullable=False, server_default="{}"))
