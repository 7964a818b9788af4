"""Where a moderator may act: the guard every moderator workflow calls on its target.

A bassin moderator acts on their bassin only; global moderators and admins anywhere. A target
without a bassin (``None``: the whole network, or content not tied to one bassin) is for the
global team. Roles are looked up by Matrix id only, so a copied display name grants nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.framework.errors import CheckFailure
from bot.framework.permissions import Grants
from config.layout import Layout


@dataclass(frozen=True)
class Actor:
    """Who acts, with their rights, and the event that triggered the action."""

    event_id: str
    room_id: str
    grants: Grants

    @property
    def user_id(self) -> str:
        return self.grants.user_id


def require_scope(grants: Grants, bassin: str | None, layout: Layout) -> None:
    """Refuse (`CheckFailure`, nothing changed) unless ``grants`` moderate ``bassin``."""
    if grants.can_moderate(bassin):
        return
    if bassin is None:
        raise CheckFailure("mod.global_only")
    found = layout.bassin(bassin)
    raise CheckFailure("mod.not_your_bassin", bassin=found.name if found else bassin)


def may_edit(grants: Grants, bassin: str | None, author_id: str | None) -> bool:
    """Content (a FAQ entry, a fiche) may be edited by its author or a moderator of its bassin."""
    return (author_id is not None and author_id == grants.user_id) or grants.can_moderate(bassin)


def require_edit(grants: Grants, bassin: str | None, author_id: str | None, layout: Layout) -> None:
    if not may_edit(grants, bassin, author_id):
        require_scope(grants, bassin, layout)


def own_bassin(grants: Grants) -> str | None:
    """The bassin content added by this moderator belongs to (None for the global team)."""
    if grants.can_moderate(None) or not grants.bassins:
        return None
    return min(grants.bassins)
