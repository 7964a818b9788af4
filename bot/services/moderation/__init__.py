"""Moderation (SPEC §7), one module per concern:

- `scope`: where a moderator may act — the guard every moderator workflow calls;
- `service` (people, rooms, messages) and `network` (bassins, provisioning, confirmed
  actions): the ``!mod`` workflows, one transaction each;
- `rooms`: membership changes across community rooms; `power`: power levels mirrored from
  roles; `layout`: bassins added or archived live, merged into the layout file's;
- `record_edit`: the audit line of content edited by someone else than its author.

The figures of ``!mod stats`` live in `bot.services.statistics`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.moderation.layout import (
    LayoutHolder,
    apply_bassin_changes,
    effective_layout,
    with_bassin,
    without_bassin,
)
from bot.services.moderation.power import (
    PowerLevels,
    desired_level,
    room_creators,
    set_power_levels,
    with_user_level,
)
from bot.services.moderation.rooms import community_rooms
from bot.services.moderation.scope import may_edit, require_edit, require_scope
from storage.repositories.roles import AuditRepository

__all__ = [
    "LayoutHolder",
    "PowerLevels",
    "apply_bassin_changes",
    "community_rooms",
    "desired_level",
    "effective_layout",
    "may_edit",
    "record_edit",
    "require_edit",
    "require_scope",
    "room_creators",
    "set_power_levels",
    "with_bassin",
    "with_user_level",
    "without_bassin",
]


async def record_edit(
    audit: AuditRepository,
    actor: str,
    what: str,
    target: str,
    author: str | None,
    *,
    bassin: str | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Log a FAQ entry or fiche edited by someone else than its author (moderation oversight).

    ``what`` names the kind of content (``faq``, ``fiche``), ``target`` the item (``#12``).
    Returns whether an entry was written: editing one's own content is not moderation. With
    the item's ``bassin``, the line shows in that bassin's moderators' ``!mod journal``.
    """
    if author is not None and actor == author:
        return False
    details: dict[str, str | None] = {"what": what, "author": author}
    if bassin is not None:
        details["bassin"] = bassin
    await audit.record(actor, f"{what}_edit", target=target, details=details, session=session)
    return True
