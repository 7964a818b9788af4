"""Moderation workflows (SPEC §7): one method per ``!mod`` action, one transaction each.

Every method first checks *where* the moderator may act (`require_scope` on the target's
bassin), then records the decision — the audit line, the role, the bassin change, the pending
confirmation — in one `UnitOfWork` transaction claimed by the triggering event, and only then
carries out the Matrix effects (invites, kicks, bans, power levels, provisioning, posts).
Those effects check the current state first or carry transaction ids derived from the event,
so when a crash interrupts them, the replayed event finds the decision already taken
(``unit.replayed``: nothing is written twice) and completes the effects without repeating
them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.context import event_txn_prefix
from bot.framework.errors import CheckFailure
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.formatting import Message
from bot.services.moderation import rooms as membership
from bot.services.moderation.layout import LayoutHolder
from bot.services.moderation.power import PowerLevels
from bot.services.moderation.scope import Actor, require_scope
from bot.services.provisioning import ROOT_KEY, Provisioner, Report
from storage.models import ProvisionedRoom
from storage.repositories.conversations import ConversationRepository
from storage.repositories.moderation import BassinChangeRepository
from storage.repositories.roles import AuditRepository, RoleRepository
from storage.repositories.rooms import RoomRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

CONFIRM_KIND = "mod_confirm"
CONFIRM_DELAY = timedelta(minutes=10)
MODERATOR = "moderator"


@dataclass(frozen=True)
class Confirmed:
    """What a confirmation carried out: the action and its figures, for the reply."""

    action: str | None
    data: dict[str, Any]
    rooms: int = 0
    report: Report | None = None


class Moderation:
    def __init__(
        self,
        *,
        client: MatrixClient,
        work: UnitOfWork,
        rooms: RoomRepository,
        roles: RoleRepository,
        audit: AuditRepository,
        conversations: ConversationRepository,
        bassin_changes: BassinChangeRepository,
        power: PowerLevels,
        provisioner: Provisioner,
        layouts: LayoutHolder,
        admins: list[str],
    ) -> None:
        self.client = client
        self.work = work
        self.rooms = rooms
        self.roles = roles
        self.audit = audit
        self.conversations = conversations
        self.bassin_changes = bassin_changes
        self.power = power
        self.provisioner = provisioner
        self.layouts = layouts
        self.admins = frozenset(admins)

    # ------------------------------------------------------------------ shared
    def require(self, actor: Actor, bassin: str | None) -> None:
        require_scope(actor.grants, bassin, self.layouts.layout)

    def protect(self, actor: Actor, user_id: str) -> None:
        """Nobody acts against the bot, themselves, or an admin of the deployment by command."""
        if user_id in (self.client.user_id, actor.user_id) or user_id in self.admins:
            raise CheckFailure("mod.cannot_target", user=user_id)

    async def _record(
        self,
        actor: Actor,
        workflow: str,
        action: str,
        result: dict[str, Any],
        *,
        target: str | None = None,
        reason: str | None = None,
        bassin: str | None = None,
        room_id: str | None = None,
        **details: Any,
    ) -> dict[str, Any]:
        """The decision's one transaction when it is only an audit line; the stored result."""
        async with self.work.begin(actor.event_id, workflow) as unit:
            if not unit.replayed:
                await self._audit(
                    unit.session, actor, action, target, reason, bassin, room_id, details
                )
                unit.result = result
        return unit.result

    async def _audit(
        self,
        session: AsyncSession,
        actor: Actor,
        action: str,
        target: str | None,
        reason: str | None,
        bassin: str | None,
        room_id: str | None,
        details: dict[str, Any],
    ) -> None:
        if bassin is not None:
            details = {**details, "bassin": bassin}
        await self.audit.record(
            actor.user_id,
            action,
            room_id=room_id or actor.room_id,
            target=target,
            reason=reason,
            details=details,
            session=session,
        )

    # ------------------------------------------------------------------ people
    async def invite(self, actor: Actor, user_id: str, bassin: str, groupe: str | None) -> int:
        """Invite into the network's space and the bassin's rooms (one groupe's, if given)."""
        self.require(actor, bassin)
        rows = await self.rooms.all()
        chosen = membership.community_rooms(rows, bassin)
        if groupe is not None:
            chosen = [r for r in chosen if r.kind == "bassin" or r.groupe == groupe]
        rooms = [r for r in rows if r.key == ROOT_KEY] + chosen
        await self._record(
            actor,
            "mod.invite",
            "invite",
            {"rooms": len(rooms)},
            target=user_id,
            bassin=bassin,
            groupe=groupe,
        )
        return await membership.invite_to(self.client, rooms, user_id)

    async def remove(self, actor: Actor, user_id: str, bassin: str | None) -> int:
        """Kick from a bassin's rooms, or (global team) from every community room."""
        self.require(actor, bassin)
        self.protect(actor, user_id)
        rooms = membership.community_rooms(await self.rooms.all(), bassin)
        await self._record(actor, "mod.remove", "remove", {}, target=user_id, bassin=bassin)
        return await membership.kick_from(self.client, rooms, user_id, None)

    async def unban(self, actor: Actor, user_id: str) -> int:
        self.require(actor, None)
        await self._record(actor, "mod.unban", "unban", {}, target=user_id)
        rooms = await self.rooms.all(include_archived=True)
        return await membership.unban_from(self.client, rooms, user_id)

    async def promote(self, actor: Actor, user_id: str, bassin: str | None) -> int | None:
        """Grant the moderator role (of a bassin, or global); the rooms whose levels changed,
        None when the person already had that role."""
        self.require(actor, bassin)
        if user_id == self.client.user_id:
            raise CheckFailure("mod.cannot_target", user=user_id)
        async with self.work.begin(actor.event_id, "mod.promote") as unit:
            if not unit.replayed:
                granted = await self.roles.grant(
                    user_id, MODERATOR, bassin, actor.user_id, session=unit.session
                )
                if granted:
                    await self._audit(
                        unit.session, actor, "promote", user_id, None, bassin, None, {}
                    )
                unit.result = {"granted": granted}
        self.roles.invalidate()
        if not unit.result.get("granted"):
            return None
        return await self.power.mirror_user(user_id)

    async def demote(self, actor: Actor, user_id: str) -> tuple[int, int] | None:
        """Revoke every role of the person (each must be within the actor's scope); returns
        (roles removed, rooms whose levels changed), None when they had none."""
        if user_id in self.admins:
            raise CheckFailure("mod.admin_from_settings", user=user_id)
        roles = await self.roles.of(user_id)
        if not roles:
            return None
        for role in roles:
            self.require(actor, role.bassin)
        async with self.work.begin(actor.event_id, "mod.demote") as unit:
            if not unit.replayed:
                removed = await self.roles.revoke_all(user_id, session=unit.session)
                bassins = sorted({r.bassin for r in roles if r.bassin})
                details = {"roles": removed, "bassins": bassins}
                await self._audit(unit.session, actor, "demote", user_id, None, None, None, details)
                unit.result = {"removed": removed}
        self.roles.invalidate()
        return int(unit.result.get("removed", 0)), await self.power.mirror_user(user_id)

    # ------------------------------------------------------------------ rooms and messages
    async def set_topic(self, actor: Actor, room: ProvisionedRoom, topic: str) -> None:
        self.require(actor, room.bassin)
        await self._record(
            actor, "mod.topic", "topic", {}, target=room.name, bassin=room.bassin, topic=topic
        )
        await self.client.put_state(room.room_id, "m.room.topic", {"topic": topic})

    async def announce(
        self,
        actor: Actor,
        target: str,
        bassin: str | None,
        rooms: list[ProvisionedRoom],
        message: Message,
    ) -> tuple[int, list[ProvisionedRoom]]:
        """Post once in each room; returns how many got it and the rooms that refused it (one
        room's refusal never stops the others). A replay re-sends with the same transaction
        ids, so no room gets it twice."""
        self.require(actor, bassin)
        targets = list({r.room_id: r for r in rooms}.values())
        await self._record(
            actor,
            "mod.announce",
            "announce",
            {},
            target=target,
            bassin=bassin,
            rooms=len(targets),
        )
        prefix = event_txn_prefix(actor.event_id)
        refused = []
        for number, room in enumerate(targets):
            try:
                txn = f"{prefix}-announce-{number}"
                await self.client.send_message(room.room_id, message, txn_id=txn)
            except MatrixError as exc:
                log.warning("announcement refused in %s: %s", room.key, exc)
                refused.append(room)
        return len(targets) - len(refused), refused

    async def redact(
        self, actor: Actor, room: ProvisionedRoom, event_id: str, reason: str
    ) -> str | None:
        """Redact a message of a community room; returns its author when it can be read."""
        self.require(actor, room.bassin)
        author = await membership.event_sender(self.client, room.room_id, event_id)
        await self._record(
            actor,
            "mod.redact",
            "redact",
            {},
            target=author or event_id,
            reason=reason,
            bassin=room.bassin,
            event_id=event_id,
        )
        txn = f"{event_txn_prefix(actor.event_id)}-redact"
        await self.client.redact(room.room_id, event_id, reason, txn_id=txn)
        return author
