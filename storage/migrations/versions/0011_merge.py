"""one history again: the search change list, the journal without content and refused posts, written side by side

Revision ID: 0011_merge
Revises: 0010_search, 0010_privacy, 0010_requests
"""

from __future__ import annotations

revision = "0011_merge"
down_revision = ("0010_search", "0010_privacy", "0010_requests")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: this revision only joins the branches into one head."""


def downgrade() -> None:
    """Nothing to undo."""
