"""Compagnonnage (SPEC §5): a professional asks to talk with the author of a fiche, who agrees
or declines; on agreement the bot opens a room for both of them.

The pending request is a conversation of the author, answered by a reaction to the bot's
question or by ``!fiche accepter|refuser``. Asking and answering are each one unit of work
claimed by the triggering event (see `bot.services.fiches`), and their messages go out after
the commit, with transaction ids derived from that event. Two effects are not rows and are
made idempotent otherwise:

- the contact room carries an alias derived from the accepting event: a replay (the bot was
  killed after the room was made) finds the alias taken and adopts that room instead of
  creating a second one;
- the question's event id, known only once it is sent, is recorded after the send: a replay
  sends the same transaction, gets the same event id and writes the same value.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nio import RoomPreset
from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.catalogue import Catalogue, Raw, catalogue
from bot.framework.context import event_txn_prefix
from bot.framework.errors import UserInputError
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.direct import DirectRooms
from bot.matrix.formatting import Message, pill
from config.layout import Layout
from config.settings import Settings
from storage.models.fiches import Fiche
from storage.repositories.conversations import ConversationRepository
from storage.repositories.fiche_queries import CONTACT_KIND
from storage.repositories.fiches import FicheRepository
from storage.repositories.members import MemberRepository
from storage.unit_of_work import Unit, UnitOfWork

log = logging.getLogger(__name__)

ACCEPT_KEYS = ("✅", "✔️", "👍")
REFUSE_KEYS = ("❌", "✖️", "👎")


@dataclass(frozen=True)
class ContactAsked:
    fiche: Fiche
    sent: bool  # False: this requester's request on this fiche is pending already


@dataclass(frozen=True)
class ContactAnswer:
    """The author's answer; ``known`` is False when there was no such request to answer."""

    known: bool
    accepted: bool = False
    requester: str = ""
    room_id: str | None = None
    fiche: Fiche | None = None


def contact_kind(fiche_id: int, requester: str) -> str:
    """One pending request per fiche and requester (asking twice does not ask twice)."""
    digest = hashlib.sha256(requester.encode()).hexdigest()[:12]
    return f"{CONTACT_KIND}:{fiche_id}:{digest}"


def contact_alias(event_id: str) -> str:
    """The contact room's alias, derived from the event that accepted the request."""
    return "tis-contact-" + hashlib.sha256(event_id.encode()).hexdigest()[:24]


class FicheContacts:
    """Asking an author to talk about their fiche, and the author's answer."""

    def __init__(
        self,
        *,
        fiches: FicheRepository,
        members: MemberRepository,
        conversations: ConversationRepository,
        client: MatrixClient,
        direct_rooms: DirectRooms,
        work: UnitOfWork,
        layout: Callable[[], Layout],
        settings: Settings,
    ) -> None:
        self.fiches = fiches
        self.members = members
        self.conversations = conversations
        self.client = client
        self.direct_rooms = direct_rooms
        self.work = work
        self.layout = layout
        self.settings = settings

    async def ask(self, event_id: str, requester: str, number: int) -> ContactAsked:
        """Ask the author of fiche ``number`` whether they agree to talk with ``requester``."""
        fiche = await self.get(number)
        author = fiche.author_id
        if author is None:
            raise UserInputError("fiche.contact_no_author", id=number)
        if author == requester:
            raise UserInputError("fiche.contact_self", id=number)
        author_room = await self.direct_rooms.ensure(author)
        kind = contact_kind(fiche.id, requester)
        async with self.work.begin(event_id, "fiche.contact") as unit:
            if not unit.replayed:
                data = {"fiche": fiche.id, "requester": requester, "room": author_room}
                unit.result = {"request": await self._open_request(unit, author, kind, data)}
        request_id = unit.result.get("request")
        if request_id is None:
            return ContactAsked(fiche, sent=False)
        anchor = await self._ask_author(event_id, int(request_id), fiche, requester, author_room)
        # The question's event id exists only once it is sent; a replay sends the same
        # transaction, gets the same id, and writes the same value.
        await self.conversations.update(int(request_id), anchor_event_id=anchor)
        return ContactAsked(fiche, sent=True)

    async def _open_request(
        self, unit: Unit, author: str, kind: str, data: dict[str, Any]
    ) -> int | None:
        # Locking the fiche serialises two requests on it (sent from two rooms at once).
        await self.fiches.get(int(data["fiche"]), session=unit.session, for_update=True)
        if await self.fiches.open_contact_request(author, kind, session=unit.session):
            return None
        # The request waits for a reaction or a command, never for free text: it is not tied
        # to the DM room, so that it never captures what the author types there.
        request = await self.conversations.start(author, kind, "", data, session=unit.session)
        return request.id

    async def _ask_author(
        self, event_id: str, request_id: int, fiche: Fiche, requester: str, room_id: str
    ) -> str:
        author = fiche.author_id or ""
        lang = await self._catalogue_of(author)
        question = lang.render(
            "fiche.contact_ask",
            request=request_id,
            requester=Raw(pill(requester)),
            about=Raw(await self._about(lang, requester)),
            id=fiche.id,
            titre=fiche.titre,
            prefix=self.settings.command_prefix,
        )
        txn = event_txn_prefix(event_id)
        anchor = await self.client.send_message(
            room_id, question, mentions=[author], txn_id=f"{txn}-contact-ask"
        )
        for number, key in enumerate((ACCEPT_KEYS[0], REFUSE_KEYS[0])):
            await self.client.react(room_id, anchor, key, txn_id=f"{txn}-contact-key{number}")
        return anchor

    async def answer(
        self, event_id: str, author: str, request_id: int, accept: bool
    ) -> ContactAnswer:
        """The author accepts (a room for both of them) or declines a pending request."""
        async with self.work.begin(event_id, "fiche.contact_answer") as unit:
            if not unit.replayed:
                unit.result = await self._close_request(unit.session, author, request_id)
        if not unit.result.get("fiche"):
            return ContactAnswer(known=False)
        fiche = await self.get(int(unit.result["fiche"]))
        requester = str(unit.result["requester"])
        if not accept:
            await self._tell_refused(event_id, fiche, requester)
            return ContactAnswer(True, False, requester, None, fiche)
        room_id = await self._contact_room(event_id, fiche, author, requester)
        await self._tell_accepted(event_id, fiche, author, requester, room_id)
        return ContactAnswer(True, True, requester, room_id, fiche)

    async def request_of_reaction(self, user: str, target: str, key: str) -> int | None:
        """The contact request ``user`` answers by reacting ``key`` to ``target``, if any."""
        if key not in ACCEPT_KEYS + REFUSE_KEYS:
            return None
        request = await self.fiches.contact_by_anchor(target)
        if request is None or request.user_id != user:
            return None
        return request.id

    async def _close_request(
        self, session: AsyncSession, author: str, request_id: int
    ) -> dict[str, Any]:
        """Close the request if it is still open (so that only one answer acts on it)."""
        request = await self.conversations.get(request_id, session=session)
        if request is None or not request.kind.startswith(CONTACT_KIND):
            return {}
        if request.user_id != author:
            return {}
        if not await self.conversations.finish(request.id, session=session):
            return {}  # answered already, or at this very moment by another event
        return {"fiche": int(request.data["fiche"]), "requester": str(request.data["requester"])}

    async def _contact_room(self, event_id: str, fiche: Fiche, author: str, requester: str) -> str:
        """The room for both, created once: a replay finds it by its alias and adopts it."""
        lang = await self._catalogue_of(author)
        alias = contact_alias(event_id)
        try:
            room_id = await self.client.create_room(
                alias=alias,
                name=lang.text("fiche.room_name", titre=fiche.titre)[:255],
                topic=lang.text("fiche.room_topic", id=fiche.id),
                invite=[author, requester],
                is_direct=False,
                preset=RoomPreset.trusted_private_chat,  # both get the same power: their room
            )
        except MatrixError as error:
            existing = await self.client.resolve_alias(f"#{alias}:{self.client.server_name}")
            if error.errcode != "M_ROOM_IN_USE" or existing is None:
                raise
            room_id = existing
            log.info("contact room %s adopted: its acceptance was handled before", room_id)
        # Until both have joined, the room holds the bot and one person: it must not be
        # taken for that person's DM with the bot (free text there is not commands).
        self.direct_rooms.mark_shared(room_id)
        return room_id

    async def _tell_accepted(
        self, event_id: str, fiche: Fiche, author: str, requester: str, room_id: str
    ) -> None:
        lang = await self._catalogue_of(author)
        people = {"author": Raw(pill(author)), "requester": Raw(pill(requester))}
        txn = event_txn_prefix(event_id)
        introduction = lang.render("fiche.introduction", id=fiche.id, titre=fiche.titre, **people)
        await self.client.send_message(
            room_id, introduction, mentions=[author, requester], txn_id=f"{txn}-contact-intro"
        )
        other = await self._catalogue_of(requester)
        room_link = Raw(pill(room_id, other.text("fiche.room_name", titre=fiche.titre)))
        told = other.render(
            "fiche.accepted_requester", id=fiche.id, titre=fiche.titre, room=room_link
        )
        await self._dm(requester, told, f"{txn}-contact-told")

    async def _tell_refused(self, event_id: str, fiche: Fiche, requester: str) -> None:
        other = await self._catalogue_of(requester)
        told = other.render(
            "fiche.refused_requester",
            id=fiche.id,
            titre=fiche.titre,
            prefix=self.settings.command_prefix,
        )
        await self._dm(requester, told, f"{event_txn_prefix(event_id)}-contact-told")

    # -- helpers ------------------------------------------------------------------------
    async def get(self, number: int) -> Fiche:
        fiche = await self.fiches.get(number)
        if fiche is None:
            raise UserInputError("fiche.not_found", id=number)
        return fiche

    async def _dm(self, user: str, message: Message, txn_id: str) -> None:
        room_id = await self.direct_rooms.ensure(user)
        await self.client.send_message(room_id, message, txn_id=txn_id)

    async def _catalogue_of(self, user_id: str) -> Catalogue:
        return catalogue(await self.members.language(user_id) or self.settings.language)

    async def _about(self, lang: Catalogue, user_id: str) -> str:
        """ " (structure, bassin)" for a requester, from their profile; empty when unknown."""
        member = await self.members.get(user_id)
        if member is None:
            return ""
        bassin = self.layout().bassin(member.bassin or "")
        details = [part for part in (member.structure, bassin.name if bassin else None) if part]
        return lang.markdown("fiche.contact_about", details=", ".join(details)) if details else ""
