"""focus sessions, their announcements and participants; weekly digests posted

Revision ID: 0005_focus
Revises: 0003_timers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_focus"
down_revision = "0003_timers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "focus_session",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("author_id", sa.String(length=255), nullable=False),
        sa.Column("theme", sa.String(length=255), nullable=False),
        sa.Column("theme_slug", sa.String(length=64), nullable=True),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("bassins", sa.JSON(), nullable=False),
        sa.Column("room_ids", sa.JSON(), nullable=False),
        sa.Column("guests", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("rrule", sa.String(length=255), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("report_author", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_session")),
    )
    op.create_index(op.f("ix_focus_session_author_id"), "focus_session", ["author_id"])
    op.create_index(op.f("ix_focus_session_starts_at"), "focus_session", ["starts_at"])
    op.create_index(op.f("ix_focus_session_status"), "focus_session", ["status"])
    op.create_table(
        "focus_announcement",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_session.id"],
            name=op.f("fk_focus_announcement_session_id_focus_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_focus_announcement")),
    )
    op.create_index(op.f("ix_focus_announcement_session_id"), "focus_announcement", ["session_id"])
    op.create_table(
        "focus_participant",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_session.id"],
            name=op.f("fk_focus_participant_session_id_focus_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "user_id", name=op.f("pk_focus_participant")),
    )
    op.create_table(
        "digest_post",
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("week", sa.String(length=16), nullable=False),
        sa.Column("bassin", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_id", "week", name=op.f("pk_digest_post")),
    )


def downgrade() -> None:
    op.drop_table("digest_post")
    op.drop_table("focus_participant")
    op.drop_table("focus_announcement")
    op.drop_index(op.f("ix_focus_session_status"), table_name="focus_session")
    op.drop_index(op.f("ix_focus_session_starts_at"), table_name="focus_session")
    op.drop_index(op.f("ix_focus_session_author_id"), table_name="focus_session")
    op.drop_table("focus_session")
