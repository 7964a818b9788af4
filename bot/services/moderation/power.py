"""Power levels mirrored from the roles kept in the database (SPEC §7).

Roles live in the database and are mirrored into every community room concerned (moderator
50, admin 100). Only the ``users`` entry of the person is changed, the rest of
``m.room.power_levels`` is kept as it is, and creators of v12+ rooms are never listed (they
have implicit, unlimited power there).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
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
        self._locks: dict[str, asyncio.Lock] = {}
        self._generation = 0  # bumped by every role change mirrored
        self._background: asyncio.Task[int] | None = None

    async def _mirror(self, people: Iterable[str], *, concurrency: int = 1) -> int:
        """Mirror ``people``'s levels into every community room, ``concurrency`` rooms at a
        time. A room is read and written under its own lock, with the people's grants read
        again if a role changed meanwhile: a background reconciliation never writes a level
        older than a promotion done while it ran."""
        people = sorted(set(people))
        seen = self._generation
        grants = [await self.permissions.grants(user_id) for user_id in people]
        limit = asyncio.Semaphore(concurrency)

        async def one(row: ProvisionedRoom) -> bool:
            nonlocal grants, seen
            async with limit, self._lock(row.room_id):
                if seen != self._generation:
                    seen = self._generation
                    grants = [await self.permissions.grants(user_id) for user_id in people]
                wanted = {g.user_id: desired_level(g, row) for g in grants}
                try:
                    return await set_power_levels(self.client, row.room_id, wanted)
                except MatrixError as exc:
                    log.warning("power levels not mirrored in %s: %s", row.key, exc)
                    return False

        changed = await asyncio.gather(*(one(row) for row in await self.rooms.all()))
        return sum(changed)

    def _lock(self, room_id: str) -> asyncio.Lock:
        return self._locks.setdefault(room_id, asyncio.Lock())

    async def mirror_user(self, user_id: str) -> int:
        """Make one person's power levels match their roles in every community room."""
        self._generation += 1
        return await self._mirror([user_id])

    async def mirror_all(self, *, concurrency: int = 1) -> int:
        """Mirror every stored role and every admin of the settings (one write per room at
        most); returns how many rooms changed. Run after provisioning, so new rooms get them."""
        people = {a.user_id for a in await self.roles.all()} | set(self.permissions.admins)
        return await self._mirror(people, concurrency=concurrency)

    def reconcile_in_background(self, concurrency: int = 8) -> asyncio.Task[int]:
        """`mirror_all` while the bot already answers: at start-up, two requests per room in a
        row would keep a large network waiting (2 000 requests for 1 000 rooms)."""

        async def reconcile() -> int:
            began = time.perf_counter()
            changed = await self.mirror_all(concurrency=concurrency)
            log.info(
                "power levels reconciled in the background: %d rooms changed in %.1fs",
                changed,
                time.perf_counter() - began,
            )
            return changed

        self._background = asyncio.create_task(reconcile(), name="power-levels")
        return self._background

    async def stop_background(self) -> None:
        task, self._background = self._background, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
