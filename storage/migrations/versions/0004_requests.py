"""anonymised help requests, their posts and answers

Revision ID: 0004_requests
Revises: 0003_timers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_requests"
down_revision = "0003_timers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "help_request",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("requester", sa.String(length=255), nullable=False),
        sa.Column("dm_room_id", sa.String(length=255), nullable=False),
        sa.Column("bassin", sa.String(length=64), nullable=True),
        sa.Column("groupe", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_answer_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("faq_entry_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_request")),
    )
    op.create_index(op.f("ix_help_request_requester"), "help_request", ["requester"])
    op.create_index(op.f("ix_help_request_bassin"), "help_request", ["bassin"])
    op.create_index(op.f("ix_help_request_state"), "help_request", ["state"])
    op.create_table(
        "request_post",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["help_request.id"],
            name=op.f("fk_request_post_request_id_help_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_post")),
        sa.UniqueConstraint("request_id", "room_id", name=op.f("uq_request_post_request_id")),
        sa.UniqueConstraint("event_id", name=op.f("uq_request_post_event_id")),
    )
    op.create_index(op.f("ix_request_post_request_id"), "request_post", ["request_id"])
    op.create_index(op.f("ix_request_post_room_id"), "request_post", ["room_id"])
    op.create_index(op.f("ix_request_post_posted_at"), "request_post", ["posted_at"])
    op.create_table(
        "request_answer",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["help_request.id"],
            name=op.f("fk_request_answer_request_id_help_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_answer")),
        sa.UniqueConstraint("request_id", "number", name=op.f("uq_request_answer_request_id")),
        sa.UniqueConstraint("event_id", name=op.f("uq_request_answer_event_id")),
    )
    op.create_index(op.f("ix_request_answer_request_id"), "request_answer", ["request_id"])
    op.create_index(op.f("ix_request_answer_author"), "request_answer", ["author"])


def downgrade() -> None:
    op.drop_table("request_answer")
    op.drop_table("request_post")
    op.drop_table("help_request")
