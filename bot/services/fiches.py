"""Fiches actions (SPEC §5): each writing workflow of ``!fiche`` is one method, one transaction.

Every method that writes claims its triggering event in the unit of work
(`storage/unit_of_work.py`) and does all its writes in that unit's transaction. A replayed
event — the bot was killed after answering but before noting the event as handled — finds its
claim, writes nothing, and gets back what the first run stored (the fiche's number, the form's
step, the contact request's outcome), so the handler answers again with the same transaction
ids and the homeserver shows nothing twice. Messages go out after the commit.

Two effects are not rows and are made idempotent otherwise: a contact room carries an alias
derived from the accepting event, so a replay adopts the room the first run created instead
of creating a second one; and the contact question's event id, known only once it is sent, is
recorded after the send (a replay sends the same transaction and gets the same event id).

Methods take the actor's user id, so a permission check can guard each of them in one place.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from nio import RoomPreset
from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.catalogue import Catalogue, Raw, catalogue
from bot.framework.context import event_txn_prefix
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.permissions import Grants, Permissions
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.direct import DirectRooms
from bot.matrix.events import IncomingEvent
from bot.matrix.formatting import pill
from bot.text.themes import detect_themes
from config.layout import Layout
from config.settings import Settings
from storage.models import utcnow
from storage.models.fiches import FICHE_FIELDS, FIELD_MAX, REQUIRED_FIELDS, Fiche
from storage.repositories.conversations import ConversationRepository
from storage.repositories.fiches import CONTACT_KIND, FicheRepository, FicheResult, NewFiche
from storage.repositories.members import MemberRepository
from storage.repositories.roles import AuditRepository
from storage.unit_of_work import Unit, UnitOfWork

log = logging.getLogger(__name__)

FORM = "fiche_form"
FORM_STEPS = (*FICHE_FIELDS, "themes")
ACCEPT_KEYS = ("✅", "✔️", "👍")
REFUSE_KEYS = ("❌", "✖️", "👎")

FormOutcome = Literal["none", "cancelled", "required", "next", "created"]


@dataclass(frozen=True)
class FormAnswer:
    """An answer to the guided form, as the handler read it in the user's language."""

    text: str
    skipped: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class FormStep:
    """What an answer did: ``next`` asks ``step``, ``created`` made ``fiche``."""

    outcome: FormOutcome
    step: int = 0
    fiche: Fiche | None = None


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


class FicheService:
    def __init__(
        self,
        *,
        fiches: FicheRepository,
        members: MemberRepository,
        conversations: ConversationRepository,
        audit: AuditRepository,
        permissions: Permissions,
        client: MatrixClient,
        direct_rooms: DirectRooms,
        work: UnitOfWork,
        layout: Callable[[], Layout],
        settings: Settings,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.fiches = fiches
        self.members = members
        self.conversations = conversations
        self.audit = audit
        self.permissions = permissions
        self.client = client
        self.direct_rooms = direct_rooms
        self.work = work
        self.layout = layout
        self.settings = settings
        self.clock = clock

    # -- reading ------------------------------------------------------------------------
    async def get(self, number: int) -> Fiche:
        fiche = await self.fiches.get(number)
        if fiche is None:
            raise UserInputError("fiche.not_found", id=number)
        return fiche

    async def search(self, words: str, limit: int) -> list[FicheResult]:
        return await self.fiches.search(words, limit)

    async def by_author(self, author: str) -> list[Fiche]:
        return await self.fiches.by_author(author)

    def themes_given(self, text: str) -> list[str]:
        """Theme slugs from a list typed by a person; unknown names are a user error."""
        layout = self.layout()
        wanted = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
        found = [layout.find_theme(part) for part in wanted]
        unknown = [part for part, theme in zip(wanted, found, strict=True) if theme is None]
        if unknown:
            raise UserInputError(
                "fiche.unknown_themes",
                unknown=", ".join(unknown)[:200],
                themes=", ".join(t.slug for t in layout.themes),
            )
        return list(dict.fromkeys(theme.slug for theme in found if theme is not None))

    # -- creating -----------------------------------------------------------------------
    async def create(self, event_id: str, author: str, values: Mapping[str, str]) -> Fiche:
        """A fiche from ``Champ: valeur`` lines (``themes``, if given, is the typed list)."""
        fields = dict(values)
        themes = self.themes_given(fields.pop("themes")) if "themes" in fields else None
        bassin = await self._bassin_of(author)
        async with self.work.begin(event_id, "fiche.create") as unit:
            if unit.replayed:
                return await self._stored(unit)
            fiche = await self._add(unit.session, author, bassin, fields, themes)
            unit.result = {"fiche": fiche.id}
        return fiche

    async def start_form(self, event_id: str, user: str, room_id: str) -> None:
        """Open the guided form in ``room_id`` (the user's DM); a form in progress restarts."""
        async with self.work.begin(event_id, "fiche.form_start") as unit:
            if not unit.replayed:
                data: dict[str, Any] = {"step": 0, "fields": {}}
                await self.conversations.start(user, FORM, room_id, data, session=unit.session)

    async def answer_form(
        self, event_id: str, user: str, conversation_id: int, answer: FormAnswer
    ) -> FormStep:
        """Record one answer of the form; its last answer creates the fiche, in the same
        transaction as the form's closing."""
        bassin = await self._bassin_of(user)
        async with self.work.begin(event_id, "fiche.form") as unit:
            if unit.replayed:
                stored = unit.result
                fiche = await self._stored(unit) if stored.get("fiche") else None
                return FormStep(stored.get("outcome", "none"), int(stored.get("step", 0)), fiche)
            step = await self._form_step(unit.session, user, bassin, conversation_id, answer)
            unit.result = {
                "outcome": step.outcome,
                "step": step.step,
                "fiche": step.fiche.id if step.fiche else None,
            }
        return step

    async def _form_step(
        self,
        session: AsyncSession,
        user: str,
        bassin: str | None,
        conversation_id: int,
        answer: FormAnswer,
    ) -> FormStep:
        conversation = await self.conversations.get(conversation_id, session)
        if conversation is None or not conversation.active or conversation.user_id != user:
            return FormStep("none")
        if answer.cancelled:
            await self.conversations.finish(conversation.id, session=session)
            return FormStep("cancelled")
        step = int(conversation.data.get("step", 0))
        fields: dict[str, str] = dict(conversation.data.get("fields", {}))
        name = FORM_STEPS[min(step, len(FORM_STEPS) - 1)]
        if answer.skipped and name in REQUIRED_FIELDS:
            return FormStep("required", step)
        if name == "themes":
            themes = None if answer.skipped else self.themes_given(answer.text)
            await self.conversations.finish(conversation.id, session=session)
            fiche = await self._add(session, user, bassin, fields, themes)
            return FormStep("created", step, fiche)
        fields[name] = "" if answer.skipped else answer.text[:FIELD_MAX]
        data = {"step": step + 1, "fields": fields}
        await self.conversations.update(conversation.id, session=session, data=data)
        return FormStep("next", step + 1)

    async def _add(
        self,
        session: AsyncSession,
        author: str,
        bassin: str | None,
        fields: Mapping[str, str],
        themes: list[str] | None,
    ) -> Fiche:
        if themes is None:
            themes = detect_themes(" ".join(fields.values()), self.layout())
        new = NewFiche(fields, themes, bassin=bassin, author_id=author)
        return await self.fiches.add(new, session=session, now=self.clock())

    # -- changing -----------------------------------------------------------------------
    async def edit(self, event_id: str, actor: str, number: int, name: str, value: str) -> Fiche:
        """Set one field (``themes``: a typed list) of a fiche the actor may edit."""
        new_value: str | list[str] = self.themes_given(value) if name == "themes" else value
        grants = await self.permissions.grants(actor)
        async with self.work.begin(event_id, "fiche.edit") as unit:
            if unit.replayed:
                return await self._stored(unit)
            fiche = await self._editable(unit.session, grants, number)
            now = self.clock()
            await self.fiches.update_field(fiche.id, name, new_value, session=unit.session, now=now)
            await self._audit(unit.session, actor, fiche)
            unit.result = {"fiche": fiche.id}
        return fiche

    async def attach(
        self, event_id: str, actor: str, room_id: str, number: int, target: str | None
    ) -> tuple[Fiche, str]:
        """Attach the file of the message ``target`` (which the command replies to)."""
        if target is None:
            raise UserInputError("fiche.attach_needs_reply", prefix=self.settings.command_prefix)
        raw = await self.client.get_event(room_id, target)
        replied = IncomingEvent.from_raw(room_id, raw) if raw is not None else None
        if replied is None:
            raise UserInputError("fiche.attach_not_found")
        if replied.attachment is None:
            raise UserInputError("fiche.attach_not_file")
        url, name, msgtype = replied.attachment
        grants = await self.permissions.grants(actor)
        async with self.work.begin(event_id, "fiche.attach") as unit:
            if unit.replayed:
                return await self._stored(unit), name
            fiche = await self._editable(unit.session, grants, number)
            await self.fiches.attach(
                fiche.id, url, name, msgtype, session=unit.session, now=self.clock()
            )
            await self._audit(unit.session, actor, fiche)
            unit.result = {"fiche": fiche.id}
        return fiche, name

    async def _editable(self, session: AsyncSession, grants: Grants, number: int) -> Fiche:
        """The fiche, if the actor wrote it or moderates its bassin."""
        fiche = await self.fiches.get(number, session=session)
        if fiche is None:
            raise UserInputError("fiche.not_found", id=number)
        if fiche.author_id != grants.user_id and not grants.can_moderate(fiche.bassin):
            raise CheckFailure("fiche.not_allowed", id=number)
        return fiche

    async def _audit(self, session: AsyncSession, actor: str, fiche: Fiche) -> None:
        """A change by someone else than the author is moderation: it goes to the audit log."""
        if fiche.author_id is not None and actor == fiche.author_id:
            return
        details = {"what": "fiche", "author": fiche.author_id}
        await self.audit.record(
            actor, "fiche_edit", target=f"#{fiche.id}", details=details, session=session
        )

    # -- compagnonnage ------------------------------------------------------------------
    async def ask_contact(self, event_id: str, requester: str, number: int) -> ContactAsked:
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

    async def answer_contact(
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
        request = await self.conversations.get(request_id, session)
        if request is None or not request.kind.startswith(CONTACT_KIND):
            return {}
        if request.user_id != author or not request.active:
            return {}
        await self.conversations.finish(request.id, session=session)
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
    async def _stored(self, unit: Unit) -> Fiche:
        """The fiche a replayed workflow made or changed the first time."""
        fiche = await self.fiches.get(int(unit.result["fiche"]), session=unit.session)
        if fiche is None:
            raise UserInputError("fiche.not_found", id=unit.result["fiche"])
        return fiche

    async def _bassin_of(self, user: str) -> str | None:
        member = await self.members.get(user)
        return member.bassin if member is not None else None

    async def _dm(self, user: str, message: Any, txn_id: str) -> None:
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
