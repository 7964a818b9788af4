"""Power levels mirrored from the roles kept in the database (SPEC §7).

Roles live in the database and are mirrored into every community room concerned (moderator
50, admin 100). Only the ``users`` entry of the person is changed, the rest of
``m.room.power_levels`` is kept as it is, and creators of v12+ rooms are never listed (they
have implicit, unlimited power there).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from bot.framework.permissions import Grants, Permissions
from bot.framework.roles import ADMIN_POWER, MODERATOR_POWER
from bot.matrix.client import MatrixClient, MatrixError
from storage.models import ProvisionedRoom
from storage.repositories.roles import RoleRepository
from storage.repositories.rooms import RoomRepository

log = logging.getLogger(__name__)


def room_creators(create_event: dict[str, Any]) -> frozenset[str]:
    """Users with implicit power in a room: from room version 12 (and the ``hydra`` test
    versions) the creator and ``additional_creators``; nobody in earlier versions."""
    content = create_event.get("content") or {}
    version = str(content.get("room_version", "1"))
    modern = (version.isdigit() and int(version) >= 12) or "hydra" in version
    if not modern:
        return frozenset()
    creators = {create_event.get("sender")}
    extra = content.get("additional_creators")
    if isinstance(extra, list):
        creators.update(extra)
    return frozenset(c for c in creators if isinstance(c, str))


def with_user_level(
    levels: dict[str, Any], user_id: str, level: int, creators: frozenset[str] = frozenset()
) -> dict[str, Any] | None:
    """``levels`` with only the ``users`` entry of ``user_id`` changed, or None when nothing
    has to change. A level equal to ``users_default`` removes the entry; creators of v12+ rooms
    are never listed."""
    users = dict(levels.get("users") or {})
    default = levels.get("users_default", 0)
    if user_id in creators or level == default:
        if user_id not in users:
            return None
        users.pop(user_id)
    else:
        if users.get(user_id) == level:
            return None
        users[user_id] = level
    return {**levels, "users": users}


def desired_level(grants: Grants, room: ProvisionedRoom) -> int:
    if grants.admin:
        return ADMIN_POWER
    if grants.global_moderator:
        return MODERATOR_POWER
    if room.bassin is not None and room.bassin in grants.bassins:
        return MODERATOR_POWER
    return 0


async def _create_event(client: MatrixClient, room_id: str) -> dict[str, Any]:
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/m.room.create/?format=event"
    status, data = await client.api("GET", path)
    if status == 200 and "content" in data:
        return data
    content = await client.get_state(room_id, "m.room.create") or {}
    return {"content": content}


async def set_power_levels(client: MatrixClient, room_id: str, wanted: dict[str, int]) -> bool:
    """Give each person of ``wanted`` their level in one room, with one read and at most one
    write of ``m.room.power_levels``; returns whether the room state changed."""
    levels = await client.get_state(room_id, "m.room.power_levels")
    if levels is None:
        return False
    creators = room_creators(await _create_event(client, room_id))
    own_users = levels.get("users") or {}
    own = ADMIN_POWER if client.user_id in creators else own_users.get(client.user_id, 0)
    current = levels
    for user_id, level in sorted(wanted.items()):
        if user_id == client.user_id:
            continue
        updated = with_user_level(current, user_id, level, creators)
        if updated is None:
            continue
        if (current.get("users") or {}).get(user_id, 0) >= own or level > own:
            log.warning(
                "cannot change %s's power level in %s: not below the bot's", user_id, room_id
            )
            continue
        current = updated
    if current is levels:
        return False
    await client.put_state(room_id, "m.room.power_levels", current)
    return True


class PowerLevels:
    """Makes the rooms' power levels match the stored roles and the settings' admins."""

    def __init__(
        self,
        client: MatrixClient,
        rooms: RoomRepository,
        roles: RoleRepository,
        permissions: Permissions,
    ) -> None:
        self.client = client
        self.rooms = rooms
        self.roles = roles
        self.permissions = permissions

    async def _mirror(self, people: Iterable[str]) -> int:
        grants = [await self.permissions.grants(user_id) for user_id in sorted(set(people))]
        changed = 0
        for row in await self.rooms.all():
            wanted = {g.user_id: desired_level(g, row) for g in grants}
            try:
                if await set_power_levels(self.client, row.room_id, wanted):
                    changed += 1
            except MatrixError as exc:
                log.warning("power levels not mirrored in %s: %s", row.key, exc)
        return changed

    async def mirror_user(self, user_id: str) -> int:
        """Make one person's power levels match their roles in every community room."""
        return await self._mirror([user_id])

    async def mirror_all(self) -> int:
        """Mirror every stored role and every admin of the settings (one write per room at
        most); returns how many rooms changed. Run after provisioning, so new rooms get them."""
        people = {a.user_id for a in await self.roles.all()} | set(self.permissions.admins)
        return await self._mirror(people)
