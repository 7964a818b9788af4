"""one history again: help requests, focus sessions, fiches and moderation were written side by side

Revision ID: 0008_merge
Revises: 0004_requests, 0005_focus, 0006_fiches, 0007_moderation
"""

from __future__ import annotations

revision = "0008_merge"
down_revision = ("0004_requests", "0005_focus", "0006_fiches", "0007_moderation")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: this revision only joins the four branches into one head."""


def downgrade() -> None:
    """Nothing to undo."""
