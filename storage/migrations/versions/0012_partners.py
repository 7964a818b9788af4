"""partners invited for a purpose and a time; guests and rooms of focus sessions; the directory
of structures

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
    op.create_table(
        "focus_guest",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("invited_by", sa.String(length=255), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_session.id"],
            name=op.f("fk_focus_guest_session_id_focus_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "user_id", name=op.f("pk_focus_guest")),
    )
    op.create_table(
        "focus_room",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["focus_session.id"],
            name=op.f("fk_focus_room_session_id_focus_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_focus_room")),
        sa.UniqueConstraint("room_id", name=op.f("uq_focus_room_room_id")),
    )
    op.create_table(
        "structure",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("nom", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("adresse", sa.String(length=512), nullable=False),
        sa.Column("commune", sa.String(length=255), nullable=False),
        sa.Column("telephone", sa.String(length=64), nullable=False),
        sa.Column("courriel", sa.String(length=255), nullable=False),
        sa.Column("site_web", sa.String(length=512), nullable=False),
        sa.Column("bassin", sa.String(length=64), nullable=True),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("referent", sa.String(length=255), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structure")),
        sa.UniqueConstraint("source_id", name=op.f("uq_structure_source_id")),
    )
    op.create_index(op.f("ix_structure_bassin"), "structure", ["bassin"])
    op.create_table(
        "structure_service",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("structure_id", sa.Integer(), nullable=False),
        sa.Column("nom", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("thematiques", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("publics", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=512), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_structure_service_structure_id_structure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structure_service")),
        sa.UniqueConstraint("source_id", name=op.f("uq_structure_service_source_id")),
    )
    op.create_index(
        op.f("ix_structure_service_structure_id"), "structure_service", ["structure_id"]
    )


def downgrade() -> None:
    op.drop_table("structure_service")
    op.drop_table("structure")
    op.drop_table("focus_room")
    op.drop_table("focus_guest")
    op.drop_index(op.f("ix_partner_ended_at"), table_name="partner")
    op.drop_index(op.f("ix_partner_user_id"), table_name="partner")
    op.drop_table("partner")
