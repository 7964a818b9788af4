"""Before a request exists: the situation typed, anonymised, shown, kept while it waits.

The raw situation is only held in memory while it is anonymised: the preview conversation
stores the anonymised text, and nothing here logs text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.framework.errors import UserInputError
from bot.services.help_requests.common import CHECKED_FIELDS, COMPOSE, FAQ_DRAFT, PREVIEW
from bot.services.help_requests.routing import Router
from bot.text.anonymiser import Anonymiser, find_word, mask, words_to_check
from bot.text.themes import detect_themes
from config.layout import Layout
from storage.models import Conversation, ProvisionedRoom, utcnow
from storage.repositories.conversations import ConversationRepository
from storage.repositories.faq import FaqRepository
from storage.repositories.faq_queries import FaqResult
from storage.repositories.members import MemberRepository
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Draft:
    """An anonymised situation, ready to be shown: nothing of it is stored yet."""

    text: str
    removed: dict[str, int]
    themes: list[str]
    rooms: list[ProvisionedRoom]
    similar: list[FaqResult]
    masked: int = 0  # words the requester masked since


class Previews:
    def __init__(
        self,
        work: UnitOfWork,
        conversations: ConversationRepository,
        members: MemberRepository,
        faq: FaqRepository,
        router: Router,
        layout: Callable[[], Layout],
        *,
        prefix: str,
    ) -> None:
        self.prefix = prefix  # the command prefix, for the messages that name a command
        self.work = work
        self.conversations = conversations
        self.members = members
        self.faq = faq
        self.router = router
        self.layout = layout

    @property
    def expiry_minutes(self) -> int:
        return self.layout().policy.preview_expiry_minutes

    def _expires(self) -> timedelta:
        return timedelta(minutes=self.expiry_minutes)

    async def registered(self, user_id: str) -> bool:
        member = await self.members.get(user_id)
        return member is not None and member.bassin is not None

    async def compose(self, user_id: str, dm_room: str) -> None:
        """``!aide`` without text: the next message in the DM is the situation."""
        await self.conversations.start(
            user_id, COMPOSE, dm_room, {}, expires_at=utcnow() + self._expires()
        )

    async def composed(self, user_id: str, room_id: str) -> bool:
        """The message the user was asked for has come: True when it was awaited."""
        conversation = await self.conversations.current(user_id, room_id, COMPOSE)
        return conversation is not None and await self.conversations.finish(conversation.id)

    async def draft(self, user_id: str, situation: str) -> Draft:
        """Anonymise and route a situation (no write: the preview is kept once shown)."""
        member = await self.members.get(user_id)
        assert member is not None and member.bassin is not None
        result = await Anonymiser.default().anonymise_in_thread(situation)
        text = result.text.strip()
        layout = self.layout()
        themes = detect_themes(text, layout, limit=layout.policy.themes_per_request)
        rooms = await self.router.targets(member.bassin, member.groupe, themes, 0, text=text)
        similar = await self.faq.similar(text, limit=3)
        return Draft(text, result.counts(), themes, rooms, similar)

    async def keep(
        self, event_id: str, user_id: str, dm_room: str, draft: Draft, anchor: str
    ) -> None:
        """The preview shown (as ``anchor``) waits for an answer; one kept per triggering event
        (the preview's own transaction id made its replayed send the same event)."""
        async with self.work.begin(event_id, "aide.preview") as unit:
            if unit.replayed:
                return
            await self.conversations.start(
                user_id,
                PREVIEW,
                dm_room,
                {"text": draft.text, "themes": draft.themes, "removed": draft.removed},
                expires_at=utcnow() + self._expires(),
                anchor_event_id=anchor,
                session=unit.session,
            )
            unit.result = {"kept": True}

    async def pending(self, user_id: str, room_id: str) -> Conversation:
        """The preview waiting in this room; an expired one gets its own message."""
        conversation = await self.conversations.current(user_id, room_id, PREVIEW)
        if conversation is not None:
            return conversation
        expired = await self.conversations.latest(user_id, room_id, PREVIEW)
        if expired is not None and expired.active:
            await self.conversations.finish(expired.id)
            raise UserInputError("aide.expired", minutes=self.expiry_minutes, prefix=self.prefix)
        raise UserInputError("aide.no_preview", prefix=self.prefix)

    async def answered(self, user_id: str, anchor: str) -> Conversation | None:
        """The user's preview that ``anchor`` shows (a reaction's target), if still open; an
        expired one is closed and reported."""
        conversation = await self.conversations.by_anchor(anchor)
        if conversation is None or conversation.user_id != user_id:
            return None
        if conversation.kind not in (PREVIEW, FAQ_DRAFT):
            return None
        if conversation.expires_at is not None and conversation.expires_at < utcnow():
            await self.conversations.finish(conversation.id)
            raise UserInputError("aide.expired", minutes=self.expiry_minutes, prefix=self.prefix)
        return conversation

    async def cancel(self, conversation: Conversation) -> bool:
        return await self.conversations.finish(conversation.id)

    # -- the requester's check: words to mask ------------------------------------------------
    async def checking(self, user_id: str, room_id: str) -> Conversation:
        """The text waiting here for the requester's check: the newest preview or FAQ draft."""
        found = [
            c
            for kind in (PREVIEW, FAQ_DRAFT)
            if (c := await self.conversations.current(user_id, room_id, kind)) is not None
        ]
        if not found:
            return await self.pending(user_id, room_id)  # says why: expired, or none
        return max(found, key=lambda c: c.id)

    async def mask(
        self, event_id: str, conversation: Conversation, numbers: list[int], word: str | None
    ) -> Conversation:
        """``!masquer 1 3`` / ``!masquer Marie`` / a number reaction: the words replaced by
        placeholders in the stored text itself (the unmasked version is overwritten), in one
        transaction that first checks nobody rewrote it since it was shown."""
        async with self.work.begin(event_id, "aide.mask") as unit:
            if not unit.replayed:
                current = await self.conversations.get(conversation.id, session=unit.session)
                if current is None or not current.active:
                    raise UserInputError("aide.mask_changed", prefix=self.prefix)
                data = masked_data(current.kind, dict(current.data), numbers, word)
                # Guarded by the message the command answered, not by what is stored now: a
                # mask that came first (and cleared the anchor) makes this one stale.
                if not await self.conversations.rewrite(
                    current.id, data, shown=conversation.anchor_event_id, session=unit.session
                ):
                    raise UserInputError("aide.mask_changed", prefix=self.prefix)
                unit.result = {"conversation_id": current.id}
        # The unmasked version must not stay in the WAL or an old row version either.
        await self.work.database.drop_old_versions(Conversation.__tablename__)
        shown = await self.conversations.get(int(unit.result["conversation_id"]))
        assert shown is not None
        return shown

    async def shown(self, conversation: Conversation, anchor: str) -> None:
        """The rewritten text is on screen as ``anchor``: reactions to it now count."""
        await self.conversations.update(conversation.id, anchor_event_id=anchor)

    async def redraft(self, conversation: Conversation) -> Draft:
        """The stored preview as a `Draft` to show again (not anonymised again)."""
        member = await self.members.get(conversation.user_id)
        assert member is not None and member.bassin is not None
        text, themes = str(conversation.data["text"]), list(conversation.data.get("themes", []))
        rooms = await self.router.targets(member.bassin, member.groupe, themes, 0, text=text)
        removed = dict(conversation.data.get("removed", {}))
        similar = await self.faq.similar(text, limit=3)
        masked = int(conversation.data.get("masked", 0))
        return Draft(text, removed, themes, rooms, similar, masked)


def checked_text(conversation: Conversation) -> str:
    """The text the requester checks, its parts in order (one numbering for all of them)."""
    return "\n\n".join(str(conversation.data.get(f, "")) for f in CHECKED_FIELDS[conversation.kind])


def masked_data(
    kind: str, data: dict[str, Any], numbers: list[int], word: str | None
) -> dict[str, Any]:
    """``data`` with the listed words (by number) or ``word`` masked in every checked text."""
    fields = CHECKED_FIELDS[kind]
    if numbers:
        listed = words_to_check("\n\n".join(str(data[f]) for f in fields))
        unknown = [n for n in numbers if not 1 <= n <= len(listed)]
        if unknown:
            raise UserInputError(
                "aide.mask_unknown", numbers=", ".join(map(str, unknown)), count=len(listed)
            )
        phrases = [listed[n - 1].text for n in numbers]
    else:
        phrases = [word or ""]
    hits = 0
    for name in fields:
        found = [w for p in phrases if (w := find_word(str(data[name]), p)) is not None]
        hits += sum(len(w.spans) for w in found)
        data[name] = mask(str(data[name]), found)
    if not hits:
        raise UserInputError("aide.mask_not_found", word=word or "")
    data["masked"] = int(data.get("masked", 0)) + hits
    return data
