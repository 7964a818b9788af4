"""FAQ workflows by moderators (SPEC §4): add, edit, delete — one transaction each.

Each checks the entry's bassin first (`require_edit`: its author, a moderator of its bassin,
or the global team for network-wide entries), then writes the entry, its history and the
audit line in one `UnitOfWork` transaction claimed by the triggering event; the announcement
in the FAQ room follows the commit, with a transaction id derived from the event, so a replay
after a crash neither archives the entry twice nor posts it twice. An entry added by a bassin
moderator belongs to their bassin; one added by the global team to the whole network.
"""

from __future__ import annotations

import re

from bot.framework.context import event_txn_prefix
from bot.framework.errors import UserInputError
from bot.services.faq_room import FaqRoom
from bot.services.moderation import record_edit
from bot.services.moderation.layout import LayoutHolder
from bot.services.moderation.scope import Actor, own_bassin, require_edit
from bot.text.themes import detect_themes
from config.layout import Layout
from storage.models import FaqEntry
from storage.repositories.conversations import ConversationRepository
from storage.repositories.faq import FaqEntryNotFound, FaqRepository
from storage.repositories.roles import AuditRepository
from storage.unit_of_work import UnitOfWork

# The fields ``!faq modifier`` accepts, as typed (with or without accents).
FIELDS = {
    "question": "question",
    "reponse": "answer",
    "réponse": "answer",
    "themes": "themes",
    "thèmes": "themes",
}


def parse_themes(layout: Layout, text: str, content: str) -> list[str]:
    """Theme slugs from ``a, b`` (labels or slugs); ``auto`` detects them in ``content``."""
    if text.strip().lower() in ("auto", "", "-"):
        return detect_themes(content, layout)
    slugs = []
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        found = layout.find_theme(part.strip())
        if found is None:
            raise UserInputError(
                "faq.unknown_theme",
                value=part.strip()[:60],
                themes=", ".join(t.slug for t in layout.themes),
            )
        slugs.append(found.slug)
    return slugs


class FaqEditing:
    """Editing and deleting entries: what the commands and the web site's moderation forms
    share, so that both check the same scope and write the same history and audit lines."""

    def __init__(
        self,
        *,
        work: UnitOfWork,
        faq: FaqRepository,
        audit: AuditRepository,
        layouts: LayoutHolder,
    ) -> None:
        self.work = work
        self.faq = faq
        self.audit = audit
        self.layouts = layouts

    async def _editable(self, actor: Actor, entry_id: int) -> FaqEntry:
        entry = await self.faq.get(entry_id)
        if entry is None:
            raise UserInputError("faq.not_found", id=entry_id)
        require_edit(actor.grants, entry.bassin, entry.author_id, self.layouts.layout)
        return entry

    async def edit(self, actor: Actor, entry_id: int, field: str, value: str) -> None:
        """Change one field (``question``, ``answer`` or ``themes``), logged in its history."""
        entry = await self._editable(actor, entry_id)
        if field == "themes":
            content = f"{entry.question} {entry.answer}"
            themes = parse_themes(self.layouts.layout, value, content)
            await self._revise(actor, entry, themes=themes)
            return
        await self._revise(
            actor,
            entry,
            question=value if field == "question" else None,
            answer=value if field == "answer" else None,
        )

    async def revise(
        self,
        actor: Actor,
        entry_id: int,
        *,
        question: str | None = None,
        answer: str | None = None,
        themes: list[str] | None = None,
    ) -> None:
        """Change any of the fields at once (None: unchanged), one history line per field
        changed and the oversight line, in one transaction claimed by the triggering event."""
        entry = await self._editable(actor, entry_id)
        await self._revise(actor, entry, question=question, answer=answer, themes=themes)

    async def _revise(
        self,
        actor: Actor,
        entry: FaqEntry,
        *,
        question: str | None = None,
        answer: str | None = None,
        themes: list[str] | None = None,
    ) -> None:
        """`revise` once the entry is read and the actor's right to edit it checked."""
        entry_id = entry.id
        async with self.work.begin(actor.event_id, "faq.edit") as unit:
            if unit.replayed:
                return
            try:
                await self.faq.update(
                    entry_id,
                    actor.user_id,
                    question=question,
                    answer=answer,
                    themes=themes,
                    session=unit.session,
                )
            except FaqEntryNotFound:
                raise UserInputError("faq.not_found", id=entry_id) from None
            await record_edit(
                self.audit,
                actor.user_id,
                "faq",
                f"#{entry_id}",
                entry.author_id,
                bassin=entry.bassin,
                session=unit.session,
            )
            unit.result = {"id": entry_id}

    async def delete(self, actor: Actor, entry_id: int, reason: str | None) -> None:
        """Flag the entry deleted (its history keeps it) and take it out of search."""
        entry = await self._editable(actor, entry_id)
        async with self.work.begin(actor.event_id, "faq.delete") as unit:
            if unit.replayed:
                return
            if not await self.faq.delete(entry_id, actor.user_id, session=unit.session):
                raise UserInputError("faq.not_found", id=entry_id)
            await self.audit.record(
                actor.user_id,
                "faq_delete",
                room_id=actor.room_id or None,  # None: from the web site
                target=f"#{entry_id}",
                reason=reason,
                details={"author": entry.author_id, "bassin": entry.bassin},
                session=unit.session,
            )
            unit.result = {"id": entry_id}


class FaqWorkflows(FaqEditing):
    """The commands' FAQ workflows: editing (above) and archiving a new entry, announced in
    the FAQ room after the commit."""

    def __init__(
        self,
        *,
        work: UnitOfWork,
        faq: FaqRepository,
        audit: AuditRepository,
        conversations: ConversationRepository,
        faq_room: FaqRoom,
        layouts: LayoutHolder,
    ) -> None:
        super().__init__(work=work, faq=faq, audit=audit, layouts=layouts)
        self.conversations = conversations
        self.faq_room = faq_room

    async def add(
        self, actor: Actor, conversation_id: int, question: str, answer: str, themes: str
    ) -> int | None:
        """Close the guided form and archive its entry; the entry's number, None when the
        form was already closed (a second answer raced this one)."""
        slugs = parse_themes(self.layouts.layout, themes, f"{question} {answer}")
        async with self.work.begin(actor.event_id, "faq.add") as unit:
            if not unit.replayed:
                unit.result = {"id": None}
                if await self.conversations.finish(conversation_id, session=unit.session):
                    bassin = own_bassin(actor.grants)
                    entry = await self.faq.add(
                        question,
                        answer,
                        slugs,
                        bassin=bassin,
                        author_id=actor.user_id,
                        session=unit.session,
                    )
                    await self.audit.record(
                        actor.user_id,
                        "faq_add",
                        target=f"#{entry.id}",
                        details={"bassin": bassin} if bassin else None,
                        session=unit.session,
                    )
                    unit.result = {"id": entry.id}
        entry_id = unit.result.get("id")
        if entry_id is None:
            return None
        added = await self.faq.get(int(entry_id))
        if added is not None:
            txn = f"{event_txn_prefix(actor.event_id)}-faq-announce"
            await self.faq_room.announce(added, txn_id=txn)
        return int(entry_id)
