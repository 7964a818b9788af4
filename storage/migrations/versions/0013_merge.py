"""one history again: the web access tables and the partners' tables, written side by side

Revision ID: 0013_merge
Revises: 0012_web, 0012_partners
"""

from __future__ import annotations

revision = "0013_merge"
down_revision = ("0012_web", "0012_partners")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: this revision only joins the branches into one head."""


def downgrade() -> None:
    """Nothing to undo."""
