"""Joining the community and editing one's profile (SPEC §2), one transaction each.

The last answer of the guided form closes the form and records the member in the same
transaction (claimed by the answer's event), so a crash can neither lose the registration
after the form was closed nor record it twice; the invitations follow the commit and are
harmless to repeat (an invite to a room the person is in is refused and ignored).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.matrix.client import MatrixClient, MatrixError
from bot.services.provisioning import ANNOUNCEMENTS_KEY, FAQ_KEY, ROOT_KEY, bassin_key, room_key
from storage.models import ProvisionedRoom
from storage.repositories.conversations import ConversationRepository
from storage.repositories.members import MemberRepository
from storage.repositories.rooms import RoomRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

KIND = "inscription"


@dataclass(frozen=True)
class Registered:
    bassin: str
    groupe: str
    structure: str | None
    room: ProvisionedRoom | None  # the groupe's room of the bassin, when provisioned


class Registrations:
    def __init__(
        self,
        *,
        work: UnitOfWork,
        members: MemberRepository,
        rooms: RoomRepository,
        conversations: ConversationRepository,
        client: MatrixClient,
    ) -> None:
        self.work = work
        self.members = members
        self.rooms = rooms
        self.conversations = conversations
        self.client = client

    async def ask(
        self, event_id: str, user_id: str, room_id: str, step: str, data: dict[str, Any]
    ) -> None:
        """Open (or move to) the form's next step; a replay does not open it twice."""
        async with self.work.begin(event_id, "inscription.ask") as unit:
            if not unit.replayed:
                await self.conversations.start(
                    user_id, KIND, room_id, {**data, "step": step}, session=unit.session
                )
                unit.result = {"step": step}

    async def register(
        self,
        event_id: str,
        user_id: str,
        bassin: str,
        groupe: str,
        structure: str | None,
        *,
        form: int | None = None,
    ) -> Registered | None:
        """Record the member (closing the guided ``form`` if any), then invite them; None when
        the form was already closed by another answer."""
        async with self.work.begin(event_id, "inscription.register") as unit:
            if not unit.replayed:
                unit.result = {"done": False}
                if form is None or await self.conversations.finish(form, session=unit.session):
                    fields: dict[str, Any] = {"bassin": bassin, "groupe": groupe}
                    if structure:
                        fields["structure"] = structure[:255]
                    member = await self.members.upsert(user_id, session=unit.session, **fields)
                    unit.result = {"done": True, "structure": member.structure}
        self.members.invalidate(user_id)
        if not unit.result.get("done"):
            return None
        room = await self._invite(user_id, bassin, groupe)
        return Registered(bassin, groupe, unit.result.get("structure"), room)

    async def _invite(self, user_id: str, bassin: str, groupe: str) -> ProvisionedRoom | None:
        room = None
        # The network's space, the bassin's, the groupe's room, then the rooms everyone reads.
        keys = (ROOT_KEY, bassin_key(bassin), room_key(bassin, groupe), FAQ_KEY, ANNOUNCEMENTS_KEY)
        for key in keys:
            row = await self.rooms.by_key(key)
            if row is None:
                continue
            if key != FAQ_KEY and key != ANNOUNCEMENTS_KEY:
                room = row
            try:
                await self.client.invite(row.room_id, user_id)
            except MatrixError as exc:
                log.info("invite of %s to %s not needed or refused: %s", user_id, row.key, exc)
        return room

    async def update_profile(self, event_id: str, user_id: str, **fields: Any) -> None:
        """One profile edit (structure, themes, directory, language)."""
        async with self.work.begin(event_id, "profil.update") as unit:
            if not unit.replayed:
                await self.members.upsert(user_id, session=unit.session, **fields)
                unit.result = {"fields": sorted(fields)}
        self.members.invalidate(user_id)
