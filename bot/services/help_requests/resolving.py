"""Closing a request into the FAQ, with the requester's check in between (issue 12).

``!resolu N …`` only drafts the FAQ entry (question and chosen answers, anonymised again) and
keeps it as a conversation in the requester's DM, where they mask what still identifies
(`Previews.mask`). ``!publier`` (or ✅) is the workflow that acts: in one transaction it takes the
draft ("close the draft if still open"), closes the request ("close if still open"), creates the
entry and cancels the timers; the announcement and the threads' notice go out after the commit.

Why the conditional close moved to the publish step: a draft the requester drops (``!annuler``)
must leave the request open, untouched, and the entry must never exist before its text was
checked. Closing at ``!resolu`` would have needed a reopening; closing at ``!publier`` keeps the
request's one conditional update where the entry is made, so two concurrent publishes (✅ and
``!publier``, or from two rooms) still make one entry, and a replay after a crash makes none.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.catalogue import Raw, catalogue
from bot.framework.errors import UserInputError
from bot.framework.timers import Timers
from bot.services.help_requests.common import FAQ_DRAFT, effect_txn
from bot.services.help_requests.publishing import Publisher
from bot.text.anonymiser import Anonymiser
from storage.models import Conversation, FaqEntry, HelpRequest
from storage.repositories.conversations import ConversationRepository
from storage.repositories.faq import FaqRepository, NewEntry
from storage.repositories.members import MemberRepository
from storage.repositories.requests import RequestRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

Announce = Callable[[FaqEntry, str], Awaitable[str | None]]


@dataclass(frozen=True)
class Resolution:
    request_id: int
    faq_id: int | None
    already: bool  # resolved before (or concurrently) by another command: nothing done here


@dataclass(frozen=True)
class Review:
    """A FAQ draft waiting for the requester's check in their DM."""

    request_id: int
    draft: Conversation


class Resolutions:
    def __init__(
        self,
        *,
        work: UnitOfWork,
        requests: RequestRepository,
        members: MemberRepository,
        conversations: ConversationRepository,
        faq: FaqRepository,
        timers: Timers,
        publisher: Publisher,
        announce: Announce,
        language: str,
        prefix: str,
    ) -> None:
        self.work = work
        self.requests = requests
        self.members = members
        self.conversations = conversations
        self.faq = faq
        self.timers = timers
        self.publisher = publisher
        self.announce = announce
        self.language = language
        self.prefix = prefix

    async def resolve(
        self, event_id: str, user_id: str, number: int, chosen: list[int]
    ) -> Resolution | Review:
        """``!resolu``: the FAQ draft to check, kept in the DM; without any answer to archive,
        the request is simply closed."""
        request = await self.requests.get(number)
        if request is None or request.requester != user_id:
            raise UserInputError("aide.not_yours", id=number)
        if request.state != "open":
            if request.state == "resolved" and request.faq_entry_id is not None:
                return Resolution(request.id, request.faq_entry_id, already=True)
            raise UserInputError("aide.not_open", id=request.id)
        entry = await self._faq_draft(request, chosen)
        if entry is None:
            return await self._close(event_id, "aide.resolve", request.id, None, None)
        async with self.work.begin(event_id, "aide.faq_draft") as unit:
            if not unit.replayed:
                draft = await self.conversations.start(
                    user_id, FAQ_DRAFT, request.dm_room_id, _data(entry), session=unit.session
                )
                unit.result = {"conversation_id": draft.id}
        kept = await self.conversations.get(int(unit.result["conversation_id"]))
        assert kept is not None
        return Review(request.id, kept)

    async def publish(self, event_id: str, user_id: str) -> Resolution:
        """``!publier`` or ✅: the checked draft becomes the FAQ entry and the request closes."""
        draft = await self.conversations.newest_of(user_id, FAQ_DRAFT)
        if draft is None:
            raise UserInputError("aide.no_faq_draft", prefix=self.prefix)
        request_id = int(draft.data["request_id"])
        if not draft.active:  # published a moment ago by another command, or dropped
            request = await self.requests.get(request_id)
            if request is None or request.state == "open":
                raise UserInputError("aide.no_faq_draft", prefix=self.prefix)
        return await self._close(event_id, "aide.publish", request_id, _entry(draft.data), draft)

    async def drop(self, draft: Conversation) -> int | None:
        """``!annuler`` on a FAQ draft: forgotten, the request stays open; its number."""
        if not await self.conversations.finish(draft.id):
            return None
        return int(draft.data["request_id"])

    async def _close(
        self,
        event_id: str,
        workflow: str,
        request_id: int,
        entry: NewEntry | None,
        draft: Conversation | None,
    ) -> Resolution:
        cancelled: list[str] = []
        async with self.work.begin(event_id, workflow) as unit:
            if not unit.replayed:
                session = unit.session
                if draft is None or await self.conversations.finish(draft.id, session=session):
                    unit.result, cancelled = await self._resolve_in(session, request_id, entry)
                else:  # a concurrent publish took the draft: the truth it left
                    unit.result = await self._truth_in(session, request_id)
        self.timers.disarm(cancelled)
        return await self._after(event_id, request_id, unit.result)

    async def _after(self, event_id: str, request_id: int, result: dict[str, Any]) -> Resolution:
        if result["state"] != "resolved":
            raise UserInputError("aide.not_open", id=request_id)
        faq_id = result.get("faq_id")
        if result.get("already"):
            if faq_id is None:  # resolved without an entry: simply closed
                raise UserInputError("aide.not_open", id=request_id)
            return Resolution(request_id, faq_id, already=True)
        if faq_id is not None:
            await self._announce(faq_id, event_id)
        cat = catalogue(self.language)
        faq = cat.markdown("aide.thread_resolved_faq", faq_id=faq_id) if faq_id else ""
        message = cat.render("aide.thread_resolved", id=request_id, faq=Raw(faq))
        await self.publisher.to_threads(request_id, message, event_id, "resolved")
        return Resolution(request_id, faq_id, already=False)

    async def _faq_draft(self, request: HelpRequest, chosen: list[int]) -> NewEntry | None:
        """The FAQ entry the chosen answers make (anonymised again), before any transaction:
        the anonymiser's work holds no lock."""
        answers = await self.requests.answers(request.id)
        known = {a.number: a for a in answers}
        unknown = [n for n in chosen if n not in known]
        if unknown:
            raise UserInputError(
                "aide.unknown_answers",
                id=request.id,
                numbers=", ".join(map(str, unknown)),
                known=", ".join(map(str, known)) or "—",
            )
        picked = [known[n] for n in chosen] if chosen else answers
        if not picked:
            return None
        anonymiser = Anonymiser.default()
        directory = {m.user_id for m in await self.members.directory()}
        question = await anonymiser.anonymise_in_thread(request.text)
        cleaned = [await anonymiser.anonymise_in_thread(a.text) for a in picked]
        return NewEntry(
            question=question.text,
            answer="\n\n".join(answer.text for answer in cleaned),
            themes=list(request.themes or []),
            bassin=request.bassin,
            source_request_id=request.id,
            contributors=sorted({a.author for a in picked} & directory),
        )

    async def _resolve_in(
        self, session: AsyncSession, request_id: int, draft: NewEntry | None
    ) -> tuple[dict[str, Any], list[str]]:
        if not await self.requests.close(request_id, "resolved", session=session):
            # Closed already, maybe a moment ago by the same command sent elsewhere: the truth.
            return await self._truth_in(session, request_id), []
        faq_id = None
        if draft is not None:
            faq_id = (await self.faq.add_entry(draft, session=session)).id
            await self.requests.set_faq_entry(request_id, faq_id, session=session)
        cancelled = await self.timers.withdraw(f"aide:{request_id}:", session=session)
        return {"state": "resolved", "faq_id": faq_id}, cancelled

    async def _truth_in(self, session: AsyncSession, request_id: int) -> dict[str, Any]:
        current = await self.requests.get(request_id, session=session)
        state = current.state if current is not None else "missing"
        faq_id = current.faq_entry_id if current is not None else None
        return {"state": state, "faq_id": faq_id, "already": True}

    async def _announce(self, faq_id: int, event_id: str) -> None:
        """The new entry in the FAQ room; its failure never hides the resolution."""
        entry = await self.faq.get(faq_id)
        if entry is None:
            return
        try:
            await self.announce(entry, effect_txn(event_id, "announce"))
        except Exception as exc:  # the entry exists; the room refused or failed
            log.warning("FAQ entry %s not announced: %r", faq_id, exc)


def _data(entry: NewEntry) -> dict[str, Any]:
    """A draft as the conversation keeps it: anonymised texts and ids, nothing raw."""
    return {
        "request_id": entry.source_request_id,
        "question": entry.question,
        "answer": entry.answer,
        "themes": list(entry.themes),
        "bassin": entry.bassin,
        "contributors": list(entry.contributors),
    }


def _entry(data: dict[str, Any]) -> NewEntry:
    return NewEntry(
        question=str(data["question"]),
        answer=str(data["answer"]),
        themes=list(data.get("themes", [])),
        bassin=data.get("bassin"),
        source_request_id=int(data["request_id"]),
        contributors=list(data.get("contributors", [])),
    )
