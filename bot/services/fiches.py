"""Fiches actions (SPEC §5): each writing workflow of ``!fiche`` is one method, one transaction.

Every method that writes claims its triggering event in the unit of work
(`storage/unit_of_work.py`) and does all its writes with that unit's session. A replayed event
— the bot was killed after answering, before noting the event as handled — finds its claim,
writes nothing, and gets back what the first run stored (the fiche's number, the form's step),
so the handler answers again with the same transaction ids and the homeserver shows nothing
twice. A failure anywhere rolls back every write and the claim, so handling the event again
does the whole workflow. Compagnonnage lives in `bot.services.fiche_contacts`.

Methods take the actor's user id, so that a permission check can guard each in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.permissions import Grants, Permissions
from bot.framework.typed_themes import typed_themes
from bot.matrix.client import MatrixClient
from bot.text.themes import detect_themes
from config.layout import Layout
from storage.models import utcnow
from storage.models.fiches import FICHE_FIELDS, FIELD_MAX, REQUIRED_FIELDS, Fiche
from storage.repositories.conversations import ConversationRepository
from storage.repositories.fiche_queries import FicheResult
from storage.repositories.fiches import FicheRepository, NewFiche
from storage.repositories.members import MemberRepository
from storage.repositories.roles import AuditRepository
from storage.unit_of_work import Unit, UnitOfWork

FORM = "fiche_form"
FORM_STEPS = (*FICHE_FIELDS, "themes")

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
        work: UnitOfWork,
        layout: Callable[[], Layout],
        prefix: str,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.fiches = fiches
        self.members = members
        self.conversations = conversations
        self.audit = audit
        self.permissions = permissions
        self.client = client  # to read the message a file is attached from
        self.work = work
        self.layout = layout
        self.prefix = prefix
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
        return typed_themes(
            self.layout(), text, separators=",;\n", error=UserInputError, key="fiche.unknown_themes"
        )

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
        conversation = await self.conversations.get(conversation_id, session=session)
        if conversation is None or not conversation.active or conversation.user_id != user:
            return FormStep("none")
        if answer.cancelled:
            closed = await self.conversations.finish(conversation.id, session=session)
            return FormStep("cancelled" if closed else "none")
        step = int(conversation.data.get("step", 0))
        fields: dict[str, str] = dict(conversation.data.get("fields", {}))
        name = FORM_STEPS[min(step, len(FORM_STEPS) - 1)]
        if answer.skipped and name in REQUIRED_FIELDS:
            return FormStep("required", step)
        if name == "themes":
            themes = None if answer.skipped else self.themes_given(answer.text)
            if not await self.conversations.finish(conversation.id, session=session):
                return FormStep("none")  # finished by another answer meanwhile
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
            raise UserInputError("fiche.attach_needs_reply", prefix=self.prefix)
        replied = await self.client.read_event(room_id, target)
        if replied is None:
            raise UserInputError("fiche.attach_not_found")
        attachment = replied.attachment
        if attachment is None:
            raise UserInputError("fiche.attach_not_file")
        name = attachment.name
        grants = await self.permissions.grants(actor)
        async with self.work.begin(event_id, "fiche.attach") as unit:
            if unit.replayed:
                return await self._stored(unit), name
            fiche = await self._editable(unit.session, grants, number)
            await self.fiches.attach(
                fiche.id,
                attachment.url,
                name,
                attachment.msgtype,
                encrypted=attachment.encrypted,
                info=attachment.info,
                session=unit.session,
                now=self.clock(),
            )
            await self._audit(unit.session, actor, fiche)
            unit.result = {"fiche": fiche.id}
        return fiche, name

    async def _editable(self, session: AsyncSession, grants: Grants, number: int) -> Fiche:
        """The fiche, if the actor wrote it or moderates its bassin."""
        fiche = await self.fiches.get(number, session=session, for_update=True)
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
