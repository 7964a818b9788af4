"""Partners: outside specialists invited into the specialist rooms of their themes (issue 15).

Each workflow is one transaction tied to its trigger (the moderator's command, or the end
timer): the invitation row, its audit line and its end timer are written together, so a crash
never leaves a partner without the timer that removes them. Room invitations, removals and
notices go out after the commit, with transaction ids derived from the trigger, and membership
changes are checked first (`bot.services.moderation.rooms`), so a replay changes nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Raw, catalogue
from bot.framework.errors import UserInputError
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms
from bot.matrix.formatting import pill
from bot.services.moderation.rooms import invite_to, kick_from, membership
from bot.services.moderation.scope import Actor, require_scope
from bot.services.provisioning import theme_key
from bot.text.when import format_french
from config.layout import Layout
from storage.models import Partner, ProvisionedRoom, utcnow
from storage.repositories.partners import PartnerRepository
from storage.repositories.roles import AuditRepository
from storage.repositories.rooms import RoomRepository
from storage.unit_of_work import Unit, UnitOfWork

PARTNER_END = "partner.end"
Txn = Callable[[], str]


@dataclass(frozen=True)
class Invitation:
    user_id: str
    structure: str
    themes: list[str]
    bassin: str | None
    until: datetime | None


@dataclass(frozen=True)
class Membership:
    """What a workflow did: the partner concerned and the rooms it touched."""

    user_id: str
    structure: str
    rooms: int
    left: int = 0  # rooms of the themes a new invitation no longer has
    dropped: tuple[str, ...] = ()  # those themes


class Partners:
    def __init__(
        self,
        *,
        client: MatrixClient,
        work: UnitOfWork,
        partners: PartnerRepository,
        rooms: RoomRepository,
        audit: AuditRepository,
        timers: Timers,
        direct_rooms: DirectRooms,
        layout: Callable[[], Layout],
        language: str,
        zone: str,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.client = client
        self.work = work
        self.partners = partners
        self.rooms = rooms
        self.audit = audit
        self.timers = timers
        self.direct_rooms = direct_rooms
        self.layout = layout
        self.language = language  # the network's language, for what rooms read
        self.zone = ZoneInfo(zone)
        self.now = now  # injected: tests move the clock instead of waiting

    def describe_until(self, until: datetime | None) -> str:
        cat = catalogue(self.language)
        return cat.text("partners.until", date=format_french(until, self.zone)) if until else ""

    async def _rooms_of(self, themes: list[str]) -> list[ProvisionedRoom]:
        found = [await self.rooms.by_key(theme_key(t)) for t in themes]
        return [row for row in found if row is not None and not row.archived]

    # -- inviting ---------------------------------------------------------------------------
    async def invite(self, actor: Actor, invitation: Invitation, txn: Txn) -> Membership:
        """Record the invitation (and its end timer), then invite into the themes' rooms and
        introduce the partner there, labelled with their structure. Invited again with other
        themes, the partner leaves the rooms of the themes they no longer have."""
        layout = self.layout()
        require_scope(actor.grants, invitation.bassin, layout)
        if invitation.user_id in (self.client.user_id, actor.user_id):
            raise UserInputError("mod.cannot_target", user=invitation.user_id)
        without = [t for t in invitation.themes if not (found := layout.theme(t)) or not found.room]
        if without:
            with_rooms = ", ".join(t.slug for t in layout.themes if t.room) or "—"
            raise UserInputError("partners.no_room", themes=", ".join(without), known=with_rooms)
        if invitation.until is not None and invitation.until <= self.now():
            raise UserInputError("partners.past", date=format_french(invitation.until, self.zone))
        async with self.work.begin(actor.event_id, "partners.invite") as unit:
            armed = None if unit.replayed else await self._record(unit, actor, invitation)
        self.partners.invalidate()
        if armed is not None:
            self.timers.arm(*armed)
        dropped = await self._rooms_of(list(unit.result.get("dropped", [])))
        left = await self._leave(invitation, dropped, txn)
        rooms = await self._rooms_of(invitation.themes)
        count = await invite_to(self.client, rooms, invitation.user_id)
        await self._introduce(invitation, rooms, txn)
        gone = tuple(unit.result.get("dropped", []))
        return Membership(invitation.user_id, invitation.structure, count, left, gone)

    async def _record(
        self, unit: Unit, actor: Actor, invitation: Invitation
    ) -> tuple[str, datetime] | None:
        """The invitation, its audit lines and its end timer, in the command's transaction. A
        running invitation is replaced: the themes it had and this one has not are recorded as
        dropped (audit line ``partner.themes_end``), so that their rooms are left after the
        commit. The end timer to arm once committed, if any."""
        previous = await self.partners.running(invitation.user_id, session=unit.session)
        partner = await self.partners.invite(
            session=unit.session,
            user_id=invitation.user_id,
            structure=invitation.structure,
            themes=invitation.themes,
            bassin=invitation.bassin,
            until=invitation.until,
            invited_by=actor.user_id,
            now=self.now(),
        )
        old = list(previous.themes or []) if previous is not None else []
        dropped = [theme for theme in old if theme not in invitation.themes]
        await self.audit.record(
            actor.user_id,
            "partner.invite",
            room_id=actor.room_id,
            target=invitation.user_id,
            details=_details(partner),
            session=unit.session,
        )
        if dropped:
            await self.audit.record(
                actor.user_id,
                "partner.themes_end",
                room_id=actor.room_id,
                target=invitation.user_id,
                reason="themes",
                details={**_details(partner), "dropped": dropped},
                session=unit.session,
            )
        await self.timers.withdraw(f"partner:{invitation.user_id}:", session=unit.session)
        unit.result = {"partner_id": partner.id, "dropped": dropped}
        if partner.until is None:
            return None
        armed = (f"partner:{invitation.user_id}:{partner.id}:end", partner.until)
        await self.timers.schedule(
            armed[0],
            PARTNER_END,
            partner.until,
            {"partner_id": partner.id, "user_id": invitation.user_id},
            grace=timedelta(days=365),  # late or not, access must end
            session=unit.session,
        )
        return armed

    async def _leave(self, invitation: Invitation, rooms: list[ProvisionedRoom], txn: Txn) -> int:
        """Out of the rooms of dropped themes, saying so there first (membership is checked
        before each kick: a replay removes nobody twice)."""
        cat = catalogue(self.language)
        who = Raw(pill(invitation.user_id))
        message = cat.render("partners.removed_themes", user=who, structure=invitation.structure)
        for room in rooms:
            txn_id = txn()  # taken either way: a replay keeps the numbering of the first run
            if await membership(self.client, room.room_id, invitation.user_id) in (
                "join",
                "invite",
            ):
                await self.client.send_message(room.room_id, message, txn_id=txn_id)
        return await kick_from(
            self.client, rooms, invitation.user_id, cat.text("partners.kick_reason")
        )

    async def _introduce(
        self, invitation: Invitation, rooms: list[ProvisionedRoom], txn: Txn
    ) -> None:
        cat = catalogue(self.language)
        until = self.describe_until(invitation.until)
        who = Raw(pill(invitation.user_id))
        for room in rooms:
            message = cat.render(
                "partners.introduced", user=who, structure=invitation.structure, until=until
            )
            await self.client.send_message(room.room_id, message, txn_id=txn())
        dm = await self.direct_rooms.ensure(invitation.user_id)
        themes = ", ".join(t.label for s in invitation.themes if (t := self.layout().theme(s)))
        welcome = cat.render(
            "partners.welcome", structure=invitation.structure, themes=themes, until=until
        )
        await self.client.send_message(dm, welcome, txn_id=txn())

    # -- ending -----------------------------------------------------------------------------
    async def retire(self, actor: Actor, user_id: str, txn: Txn) -> Membership:
        """``!mod partenaire retirer``: end the invitation now, remove from the rooms."""
        partner = await self.partners.active(user_id)
        if partner is None:
            raise UserInputError("partners.not_partner", user=user_id)
        require_scope(actor.grants, partner.bassin, self.layout())
        ended = await self._end(actor.event_id, actor.user_id, actor.room_id, partner, "retired")
        if ended is None:
            raise UserInputError("partners.not_partner", user=user_id)
        return await self._remove(ended, "partners.removed_retired", txn)

    async def expire(self, timer_key: str, partner_id: int, user_id: str, txn: Txn) -> bool:
        """The end timer: remove the partner whose date has passed (by the service's clock;
        a timer fired early, e.g. by a clock that moved back, re-arms itself)."""
        partner = await self.partners.active(user_id)
        if partner is None or partner.id != partner_id:
            return False  # retired or re-invited since
        if partner.until is not None and partner.until > self.now():
            await self.timers.schedule(
                f"{timer_key}:again",
                PARTNER_END,
                partner.until,
                {"partner_id": partner_id, "user_id": user_id},
                grace=timedelta(days=365),
            )
            return False
        bot = self.client.user_id
        ended = await self._end(f"timer:{timer_key}", bot, None, partner, "date")
        if ended is None:
            return False
        await self._remove(ended, "partners.removed_date", txn)
        return True

    async def _end(
        self, trigger: str, actor: str, room_id: str | None, partner: Partner, reason: str
    ) -> Partner | None:
        cancelled: list[str] = []
        async with self.work.begin(trigger, "partners.end") as unit:
            if not unit.replayed:
                ended = await self.partners.end(
                    partner.user_id, reason, self.now(), session=unit.session
                )
                unit.result = {"ended": ended is not None}
                if ended is not None:
                    await self.audit.record(
                        actor,
                        "partner.end",
                        room_id=room_id,
                        target=partner.user_id,
                        reason=reason,
                        details=_details(partner),
                        session=unit.session,
                    )
                    cancelled = await self.timers.withdraw(
                        f"partner:{partner.user_id}:", session=unit.session
                    )
        self.partners.invalidate()
        self.timers.disarm(cancelled)
        return partner if unit.result.get("ended") else None

    async def _remove(self, partner: Partner, key: str, txn: Txn) -> Membership:
        """Out of the themes' rooms, and say so there and to the partner."""
        rooms = await self._rooms_of(list(partner.themes or []))
        cat = catalogue(self.language)
        reason = cat.text("partners.kick_reason")
        message = cat.render(key, user=Raw(pill(partner.user_id)), structure=partner.structure)
        for room in rooms:  # said first, so that the partner reads it too
            await self.client.send_message(room.room_id, message, txn_id=txn())
        count = await kick_from(self.client, rooms, partner.user_id, reason)
        dm = await self.direct_rooms.ensure(partner.user_id)
        farewell = cat.render("partners.farewell", structure=partner.structure)
        await self.client.send_message(dm, farewell, txn_id=txn())
        return Membership(partner.user_id, partner.structure, count)


def _details(partner: Partner) -> dict[str, object]:
    return {
        "structure": partner.structure,
        "themes": list(partner.themes or []),
        "bassin": partner.bassin,
        "until": partner.until.isoformat() if partner.until else None,
    }
