"""Provisioning: the layout file turned into Matrix spaces and rooms, idempotently (SPEC §1).

Each layout element has a stable key (``space:namur``, ``room:namur:encadrants``…) recorded with
the room id it was given, so a second run finds everything and changes nothing. A room whose alias
already exists (the database was reset, or an operator made it by hand) is adopted rather than
duplicated. A name or topic changed in the layout is updated in place; an element removed from
the layout is archived (renamed, made read-only and detached from its space), never deleted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from nio import RoomPreset

from bot.framework.roles import MODERATOR_POWER
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.crypto import ENCRYPTION_STATE
from bot.services.provisioning.plan import (
    ARCHIVED_PREFIX,
    Action,
    Plan,
    Report,
    Target,
    plan_layout,
)
from config.layout import Layout
from storage.models import ProvisionedRoom
from storage.repositories.rooms import RoomRepository

log = logging.getLogger(__name__)


class Provisioner:
    def __init__(
        self, client: MatrixClient, rooms: RoomRepository, *, concurrency: int = 4
    ) -> None:
        self.client = client
        self.rooms = rooms
        self.concurrency = concurrency
        self._room_version: str | None = None

    async def plan(self, layout: Layout) -> Plan:
        return await plan_layout(self.rooms, layout)

    async def provision(self, layout: Layout) -> Report:
        started = time.perf_counter()
        plan = await self.plan(layout)
        report = Report()
        if not plan.empty:
            if await self.client.override_own_rate_limit():
                log.info("rate limit lifted for the bot (server admin)")
            await self._apply(plan, report)
        report.seconds = time.perf_counter() - started
        return report

    async def _apply(self, plan: Plan, report: Report) -> None:
        """Create level by level (a room names its space); link each level's new rooms into
        their spaces while the next level is being created. Links are grouped by space, the
        spaces handled side by side: the homeserver orders the events of one room anyway."""
        creating = asyncio.Semaphore(self.concurrency)
        # Links are light events, each space its own queue: more of them can go at once.
        linking = asyncio.Semaphore(self.concurrency * 4)
        known = {row.key: row.room_id for row in await self.rooms.all(include_archived=True)}

        async def create(target: Target) -> None:
            async with creating:
                parent_id = known.get(target.parent_key) if target.parent_key else None
                known[target.key] = await self._create_or_adopt(target, parent_id, report)

        async def link(parent_key: str | None, targets: list[Target]) -> None:
            async with linking:
                for target in targets:
                    if parent_key is not None:
                        await self._attach(known[parent_key], known[target.key])
                    await self._save(target, known[target.key])

        async def run(action: Action) -> None:
            async with creating:
                await self._do(action, report)

        links: list[asyncio.Task[None]] = []
        try:
            for level in (0, 1, 2):
                actions = [a for a in plan.actions if a.target and a.target.level == level]
                new = [a.target for a in actions if a.verb == "create" and a.target]
                await _gather(create(target) for target in new)
                await _gather(run(a) for a in actions if a.verb == "update")
                by_parent: dict[str | None, list[Target]] = defaultdict(list)
                for target in new:
                    by_parent[target.parent_key].append(target)
                links += [asyncio.create_task(link(p, t)) for p, t in by_parent.items()]
        finally:
            await _gather(links)
        await _gather(run(a) for a in plan.actions if a.verb == "archive")

    async def _do(self, action: Action, report: Report) -> None:
        if action.verb == "update":
            assert action.target is not None and action.existing is not None
            await self._update(action.target, action.existing, action.changes)
            report.updated += 1
        else:
            assert action.existing is not None
            await self._archive(action.existing)
            report.archived += 1

    async def room_version(self) -> str:
        if self._room_version is None:
            version = await self.client.default_room_version()
            self._room_version = version if version.isdigit() and int(version) >= 9 else "10"
        return self._room_version

    async def _parent_room_id(self, target: Target) -> str | None:
        if target.parent_key is None:
            return None
        parent = await self.rooms.by_key(target.parent_key)
        return None if parent is None else parent.room_id

    async def _create_or_adopt(self, target: Target, parent_id: str | None, report: Report) -> str:
        """The room for ``target``: created, or adopted when its alias is taken already (the
        database was reset, or the room was made by hand). Creating first saves a look-up per
        room on the usual first run. The room is recorded once linked into its space."""
        try:
            room_id = await self.client.create_room(
                **await self._create_arguments(target, parent_id)
            )
            report.created += 1
            return room_id
        except MatrixError as exc:
            if exc.errcode != "M_ROOM_IN_USE":
                raise
        existing = await self.client.resolve_alias(self._full_alias(target))
        if existing is None:
            raise MatrixError("create room", "M_ROOM_IN_USE", f"alias of {target.key} unusable")
        room_id = await self.client.join(existing)
        await self._set_name_topic(room_id, target.name, target.topic)
        if target.encrypted and await self.client.get_state(room_id, "m.room.encryption") is None:
            await self.client.put_state(room_id, "m.room.encryption", ENCRYPTION_STATE)
        report.adopted += 1
        return room_id

    def _full_alias(self, target: Target) -> str:
        return f"#{target.alias}:{self.client.server_name}"

    async def _save(self, target: Target, room_id: str) -> None:
        await self.rooms.save(
            target.key,
            room_id=room_id,
            kind=target.kind,
            alias=self._full_alias(target),
            name=target.name,
            topic=target.topic,
            bassin=target.bassin,
            groupe=target.groupe,
            theme=target.theme,
            parent_key=target.parent_key,
            archived=False,
        )

    async def _create_arguments(self, target: Target, parent_id: str | None) -> dict[str, Any]:
        version = await self.room_version()
        server = self.client.server_name
        initial_state: list[dict[str, Any]] = [
            {
                "type": "m.room.history_visibility",
                "state_key": "",
                "content": {"history_visibility": "shared"},
            },
            {
                "type": "m.room.guest_access",
                "state_key": "",
                "content": {"guest_access": "forbidden"},
            },
        ]
        if target.encrypted:
            initial_state.append(
                {"type": "m.room.encryption", "state_key": "", "content": ENCRYPTION_STATE}
            )
        if parent_id is not None:
            initial_state.append(
                {
                    "type": "m.space.parent",
                    "state_key": parent_id,
                    "content": {"via": [server], "canonical": True},
                }
            )
            initial_state.append(
                {
                    "type": "m.room.join_rules",
                    "state_key": "",
                    "content": {
                        "join_rule": "restricted",
                        "allow": [{"type": "m.room_membership", "room_id": parent_id}],
                    },
                }
            )
        return {
            "alias": target.alias,
            "name": target.name,
            "topic": target.topic,
            "room_version": version,
            "space": target.is_space,
            "preset": RoomPreset.private_chat,
            "initial_state": initial_state,
            "power_level_override": power_levels(
                self.client.user_id, version, read_only=target.read_only
            ),
        }

    async def _attach(self, parent_id: str, room_id: str) -> None:
        await self.client.put_state(
            parent_id,
            "m.space.child",
            {"via": [self.client.server_name], "suggested": True},
            room_id,
        )

    async def _set_name_topic(self, room_id: str, name: str, topic: str) -> None:
        await self.client.put_state(room_id, "m.room.name", {"name": name})
        await self.client.put_state(room_id, "m.room.topic", {"topic": topic})

    async def _update(self, target: Target, row: ProvisionedRoom, changes: Iterable[str]) -> None:
        changes = set(changes)
        if "name" in changes or "archived" in changes:
            await self.client.put_state(row.room_id, "m.room.name", {"name": target.name})
        if "topic" in changes:
            await self.client.put_state(row.room_id, "m.room.topic", {"topic": target.topic})
        if "archived" in changes:
            parent_id = await self._parent_room_id(target)
            if parent_id is not None:
                await self._attach(parent_id, row.room_id)
            await self._set_read_only(row.room_id, target.read_only)
        await self.rooms.save(row.key, name=target.name, topic=target.topic, archived=False)

    async def _archive(self, row: ProvisionedRoom) -> None:
        await self.client.put_state(
            row.room_id, "m.room.name", {"name": ARCHIVED_PREFIX + row.name}
        )
        await self._set_read_only(row.room_id, True)
        if row.parent_key:
            parent = await self.rooms.by_key(row.parent_key)
            if parent is not None:
                try:
                    await self.client.put_state(parent.room_id, "m.space.child", {}, row.room_id)
                except MatrixError as exc:
                    log.warning("could not detach %s from its space: %s", row.key, exc)
        await self.rooms.save(row.key, archived=True)

    async def _set_read_only(self, room_id: str, read_only: bool) -> None:
        levels = await self.client.get_state(room_id, "m.room.power_levels") or {}
        levels["events_default"] = 100 if read_only else 0
        await self.client.put_state(room_id, "m.room.power_levels", levels)


def power_levels(bot_user_id: str, room_version: str, *, read_only: bool = False) -> dict[str, Any]:
    """Power levels valid for the room version: from v12 the creator has implicit, unlimited
    power and must not be listed among ``users``."""
    users = {} if room_version.isdigit() and int(room_version) >= 12 else {bot_user_id: 100}
    return {
        "users": users,
        "users_default": 0,
        "events_default": MODERATOR_POWER if read_only else 0,
        "state_default": MODERATOR_POWER,
        "invite": 0,
        "kick": MODERATOR_POWER,
        "ban": MODERATOR_POWER,
        "redact": MODERATOR_POWER,
        "events": {
            "m.room.power_levels": 100,
            "m.room.server_acl": 100,
            "m.room.tombstone": 100,
            "m.room.encryption": 100,
            "m.space.child": MODERATOR_POWER,
            "m.room.name": MODERATOR_POWER,
            "m.room.topic": MODERATOR_POWER,
            "m.reaction": 0,
        },
    }


async def _gather(coroutines: Iterable[Any]) -> None:
    results = await asyncio.gather(*coroutines, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        raise errors[0]
