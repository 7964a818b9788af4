"""Bassins added or archived by command, merged into the layout file's (SPEC §7).

A bassin added or archived by command is kept in the ``bassin_change`` table and merged into
the layout file's bassins by `effective_layout`, which the application applies before
provisioning at start; the layout file itself is never rewritten (it is the operator's
document, possibly read-only or under version control).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from config.layout import Layout, parse_layout
from storage.database import Database
from storage.models.moderation import BASSIN_ADDED, BASSIN_ARCHIVED, BassinChange
from storage.repositories.moderation import BassinChangeRepository


@dataclass
class LayoutHolder:
    """The layout in force, shared by the services: moderators change it live."""

    layout: Layout


def with_bassin(layout: Layout, slug: str, name: str) -> Layout:
    """A copy of ``layout`` with the bassin added (or renamed when it exists), validated."""
    bassins = [b.model_dump() for b in layout.bassins if b.slug != slug]
    bassins.append({"slug": slug, "name": name, "neighbours": []})
    return parse_layout({**layout.model_dump(), "bassins": bassins})


def without_bassin(layout: Layout, slug: str) -> Layout:
    """A copy of ``layout`` without the bassin; neighbours pointing to it are dropped."""
    bassins = []
    for bassin in layout.bassins:
        if bassin.slug == slug:
            continue
        data = bassin.model_dump()
        data["neighbours"] = [n for n in bassin.neighbours if n != slug]
        bassins.append(data)
    return parse_layout({**layout.model_dump(), "bassins": bassins})


def apply_bassin_changes(layout: Layout, changes: Iterable[BassinChange]) -> Layout:
    """The layout as moderators changed it: added bassins in, archived ones out."""
    for change in changes:
        if change.status == BASSIN_ADDED:
            existing = layout.bassin(change.slug)
            if existing is None or existing.name != change.name:
                layout = with_bassin(layout, change.slug, change.name)
        elif (
            change.status == BASSIN_ARCHIVED
            and layout.bassin(change.slug) is not None
            and len(layout.bassins) > 1
        ):
            layout = without_bassin(layout, change.slug)
    return layout


async def effective_layout(database: Database, layout: Layout) -> Layout:
    """The layout to provision: the file's, with the bassins added or archived by command.

    Called by the application before provisioning at start, and by every ``!mod`` layout
    command, so that a restart never archives a bassin added live nor revives an archived one.
    """
    return apply_bassin_changes(layout, await BassinChangeRepository(database).all())
