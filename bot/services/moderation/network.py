"""Moderation of the whole network: bassins live, provisioning, and confirmed actions.

``bannir`` and ``bassin archiver`` first ask a question; the pending action is a conversation
of kind ``mod_confirm`` anchored on the question, so a ✅ reaction or ``!confirmer`` given after
a restart still finds it. The question is posted *before* its transaction (the anchor is its
event id); its transaction id comes from the triggering event, so a replay finds the same
event instead of posting a second question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.services.moderation import rooms as membership
from bot.services.moderation.layout import apply_bassin_changes
from bot.services.moderation.service import (
    CONFIRM_DELAY,
    CONFIRM_KIND,
    Actor,
    Confirmed,
    Moderation,
)
from bot.services.provisioning import Report
from storage.models import Conversation, utcnow
from storage.models.moderation import BASSIN_ADDED, BASSIN_ARCHIVED

Ask = Callable[[], Awaitable[str]]


class NetworkModeration:
    def __init__(self, moderation: Moderation) -> None:
        self.base = moderation

    async def reprovision(self) -> Report:
        """Provision the effective layout, then mirror every role into the rooms (new ones
        too). Provisioning adopts what exists, so running it again creates nothing twice."""
        base = self.base
        changes = await base.bassin_changes.all()
        base.layouts.layout = apply_bassin_changes(base.layouts.layout, changes)
        report = await base.provisioner.provision(base.layouts.layout)
        await base.power.mirror_all()
        return report

    async def provision(self, actor: Actor) -> Report:
        self.base.require(actor, None)
        report = await self.reprovision()
        await self.base._record(
            actor,
            "mod.provision",
            "provision",
            {},
            created=report.created,
            adopted=report.adopted,
            updated=report.updated,
            archived=report.archived,
        )
        return report

    async def add_bassin(self, actor: Actor, slug: str, name: str) -> Report:
        """Keep the new bassin, then provision its rooms."""
        base = self.base
        base.require(actor, None)
        async with base.work.begin(actor.event_id, "mod.bassin_add") as unit:
            if not unit.replayed:
                await base.bassin_changes.set(
                    slug, name, BASSIN_ADDED, actor.user_id, session=unit.session
                )
                details = {"name": name}
                await base._audit(
                    unit.session, actor, "bassin_add", slug, None, slug, None, details
                )
                unit.result = {"slug": slug}
        return await self.reprovision()

    # ------------------------------------------------------------------ confirmations
    async def propose_ban(self, actor: Actor, user_id: str, reason: str, ask: Ask) -> None:
        self.base.require(actor, None)
        self.base.protect(actor, user_id)
        await self._propose(actor, "ban", {"target": user_id, "reason": reason}, ask)

    async def propose_archive(self, actor: Actor, slug: str, name: str, ask: Ask) -> None:
        self.base.require(actor, None)
        await self._propose(actor, "archive_bassin", {"slug": slug, "name": name}, ask)

    async def _propose(self, actor: Actor, action: str, data: dict[str, Any], ask: Ask) -> None:
        anchor = await ask()
        async with self.base.work.begin(actor.event_id, "mod.propose") as unit:
            if not unit.replayed:
                await self.base.conversations.start(
                    actor.user_id,
                    CONFIRM_KIND,
                    actor.room_id,
                    {**data, "action": action},
                    expires_at=utcnow() + CONFIRM_DELAY,
                    anchor_event_id=anchor,
                    session=unit.session,
                )
                unit.result = {"anchor": anchor}

    async def confirm(self, actor: Actor, conversation: Conversation) -> Confirmed:
        """Carry out a confirmed action, checking the rights again: they may have changed.
        Closing the conversation is the conditional first write: two confirmations (a ✅ and
        a ``!confirmer``) cannot both act."""
        data = dict(conversation.data)
        action = data.get("action")
        if action not in ("ban", "archive_bassin"):
            return Confirmed(None, data)
        self.base.require(actor, None)
        async with self.base.work.begin(actor.event_id, "mod.confirm") as unit:
            if not unit.replayed:
                unit.result = {"action": None}
                if await self.base.conversations.finish(conversation.id, session=unit.session):
                    await self._decide(actor, conversation.room_id, str(action), data, unit.session)
                    unit.result = {"action": action}
        if unit.result.get("action") is None:
            return Confirmed(None, data)
        if action == "ban":
            rooms = await self.base.rooms.all(include_archived=True)
            target, reason = str(data["target"]), str(data["reason"])
            count = await membership.ban_from(self.base.client, rooms, target, reason)
            return Confirmed("ban", data, rooms=count)
        return Confirmed("archive_bassin", data, report=await self.reprovision())

    async def _decide(
        self, actor: Actor, room_id: str, action: str, data: dict[str, Any], session: Any
    ) -> None:
        base = self.base
        if action == "ban":
            target, reason = str(data["target"]), str(data["reason"])
            await base._audit(session, actor, "ban", target, reason, None, room_id, {})
            return
        slug, name = str(data["slug"]), str(data["name"])
        await base.bassin_changes.set(slug, name, BASSIN_ARCHIVED, actor.user_id, session=session)
        await base._audit(session, actor, "bassin_archive", slug, None, slug, room_id, {})
