"""The life of an anonymised help request, one method per workflow.

Each workflow runs its database work in one transaction claimed by its triggering event (or
timer) through `UnitOfWork`: a replay after a crash writes nothing again and answers from the
stored result. Workflows on one request first take a conditional update of its row ("close if
still open", "widen if not there yet"), so two concurrent commands can never both act. Matrix
messages go out after the commit, with transaction ids derived from the trigger; each post's
outcome (its event id, or the room's refusal) is then recorded on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.framework.catalogue import catalogue
from bot.framework.errors import UserInputError
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient
from bot.services.help_requests.common import (
    MAX_LEVEL,
    NOTHING,
    Fresh,
    Publication,
    quote,
)
from bot.services.help_requests.previews import Previews
from bot.services.help_requests.publishing import Publisher
from bot.services.help_requests.resolving import Announce, Resolutions
from bot.services.help_requests.routing import Router
from bot.text.anonymiser import Anonymiser
from config.layout import Layout
from storage.models import Conversation, HelpRequest, RequestPost, utcnow
from storage.repositories.conversations import ConversationRepository
from storage.repositories.faq import FaqRepository
from storage.repositories.members import MemberRepository
from storage.repositories.partners import PartnerRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.rooms import RoomRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    request_id: int | None  # None: the preview was sent already (✅ and !envoyer at once)
    publication: Publication


@dataclass(frozen=True)
class Widened:
    request: HelpRequest
    publication: Publication


@dataclass(frozen=True)
class Relayed:
    request: HelpRequest
    number: int


class HelpRequests:
    def __init__(
        self,
        *,
        client: MatrixClient,
        work: UnitOfWork,
        requests: RequestRepository,
        rooms: RoomRepository,
        members: MemberRepository,
        conversations: ConversationRepository,
        faq: FaqRepository,
        timers: Timers,
        layout: Callable[[], Layout],
        announce: Announce,
        language: str,
        prefix: str,
        partners: PartnerRepository | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.work = work
        self.requests = requests
        self.conversations = conversations
        self.members = members
        self.faq = faq
        self.timers = timers
        self.announce = announce
        self.language = language  # the network's language, for what rooms read
        self.router = Router(layout, rooms, partners)
        self.publisher = Publisher(
            client,
            requests,
            rooms,
            members,
            timers,
            self.router,
            layout,
            language=language,
            now=now,
        )
        self.previews = Previews(
            work, conversations, members, faq, self.router, layout, prefix=prefix
        )
        self.resolutions = Resolutions(
            work=work,
            requests=requests,
            members=members,
            conversations=conversations,
            faq=faq,
            timers=timers,
            publisher=self.publisher,
            announce=announce,
            language=language,
            prefix=prefix,
        )

    async def own(self, user_id: str, number: int, *, open_only: bool = True) -> HelpRequest:
        request = await self.requests.get(number)
        if request is None or request.requester != user_id:
            raise UserInputError("aide.not_yours", id=number)
        if open_only and request.state != "open":
            raise UserInputError("aide.not_open", id=number)
        return request

    # -- sending ----------------------------------------------------------------------------
    async def send(self, event_id: str, conversation: Conversation, *, signed: bool) -> Sent:
        """The previewed request becomes a request: recorded with its queued posts and its
        first escalation timer in one transaction, then posted."""
        member = await self.members.get(conversation.user_id)
        assert member is not None and member.bassin is not None
        themes = list(conversation.data.get("themes", []))
        text = str(conversation.data.get("text", ""))
        rooms = await self.router.targets(member.bassin, member.groupe, themes, 0, text=text)
        armed: list[tuple[str, datetime]] = []
        fresh: Fresh | None = None
        async with self.work.begin(event_id, "aide.send") as unit:
            if not unit.replayed:
                unit.result = {"request_id": None}
                if await self.conversations.finish(conversation.id, session=unit.session):
                    request, posts = await self.requests.create_with_posts(
                        [room.room_id for room in rooms],
                        session=unit.session,
                        requester=conversation.user_id,
                        dm_room_id=conversation.room_id,
                        bassin=member.bassin,
                        groupe=member.groupe,
                        text=conversation.data["text"],
                        themes=themes,
                        signed=signed,
                    )
                    armed = await self.publisher.plan_escalation_in(unit.session, request, 1)
                    fresh = await self.publisher.counted(unit.session, request, posts)
                    unit.result = {"request_id": request.id}
        self.publisher.arm(armed)
        request_id = unit.result.get("request_id")
        if request_id is None:
            return Sent(None, NOTHING)
        return Sent(request_id, await self.publisher.publish(request_id, level=0, fresh=fresh))

    async def release(self, request_id: int) -> Publication:
        """A release timer: the posts held back by quiet hours, the daily cap or a failure."""
        return await self.publisher.publish(request_id)

    # -- widening ---------------------------------------------------------------------------
    async def relaunch(self, event_id: str, user_id: str, number: int) -> Publication:
        """``!relancer``: widen now to the next level, answered or not."""
        request = await self.own(user_id, number)
        if request.level >= MAX_LEVEL:
            raise UserInputError("aide.escalation_exhausted", id=request.id)
        level = await self._widen(event_id, "aide.relaunch", request, request.level + 1, True)
        if level is None:
            raise UserInputError("aide.not_open", id=request.id)
        return await self.publisher.publish(request.id, level=level)

    async def escalate_due(self, timer_key: str, request_id: int, level: int) -> Widened | None:
        """An escalation timer: widen an open request nobody answered yet."""
        request = await self.requests.get(request_id)
        if request is None:
            return None
        widened = await self._widen(f"timer:{timer_key}", "aide.escalate", request, level, False)
        if widened != level:
            return None
        return Widened(request, await self.publisher.publish(request_id, level=level))

    async def _widen(
        self, trigger: str, workflow: str, request: HelpRequest, level: int, forced: bool
    ) -> int | None:
        """The level the request stands at after this trigger; None when it is closed."""
        assert request.bassin is not None
        themes = list(request.themes or [])
        rooms = await self.router.targets(
            request.bassin, request.groupe, themes, level, text=request.text
        )
        armed: list[tuple[str, datetime]] = []
        cancelled: list[str] = []
        async with self.work.begin(trigger, workflow) as unit:
            if not unit.replayed:
                session = unit.session
                if await self.requests.widen(
                    request.id, level, unanswered_only=not forced, session=session
                ):
                    await self.requests.add_posts(
                        request.id, [r.room_id for r in rooms], level, session=session
                    )
                    cancelled = await self.timers.withdraw(
                        f"aide:{request.id}:escalate:{level}", session=session
                    )
                    armed = await self.publisher.plan_escalation_in(session, request, level + 1)
                    unit.result = {"level": level}
                else:  # a concurrent relaunch or answer came first: tell where it stands
                    current = await self.requests.get(request.id, session=session)
                    opened = current is not None and current.state == "open"
                    unit.result = {"level": current.level if current and opened else None}
        self.timers.disarm(cancelled)
        self.publisher.arm(armed)
        return unit.result.get("level")

    # -- answers ----------------------------------------------------------------------------
    async def record_answer(
        self, event_id: str, post: RequestPost, author: str, text: str
    ) -> Relayed | None:
        """An answer in a post's thread: numbered, and the escalation stops, in one
        transaction; None when it is not an answer to relay (closed, or the requester's own)."""
        request = await self.requests.get(post.request_id)
        if request is None or request.state != "open" or author == request.requester:
            return None
        cancelled: list[str] = []
        async with self.work.begin(event_id, "aide.answer") as unit:
            if not unit.replayed:
                answer = await self.requests.add_answer(
                    request.id, event_id, post.room_id, author, text, session=unit.session
                )
                if answer is not None:
                    cancelled = await self.timers.withdraw(
                        f"aide:{request.id}:escalate:", session=unit.session
                    )
                    unit.result = {"number": answer.number}
        self.timers.disarm(cancelled)
        number = unit.result.get("number")
        return None if number is None else Relayed(request, int(number))

    async def follow_up(self, event_id: str, user_id: str, number: int, text: str) -> int:
        """``!repondre``: an anonymised precision in every thread; how many got it."""
        request = await self.own(user_id, number)
        if not await self.publisher.threads(request.id):
            raise UserInputError("aide.nothing_posted", id=request.id)
        cleaned = (await Anonymiser.default().anonymise_in_thread(text)).text
        message = catalogue(self.language).render(
            "aide.follow_up_post", id=request.id, quote=quote(cleaned)
        )
        return await self.publisher.to_threads(request.id, message, event_id, "follow-up")

    # -- closing ----------------------------------------------------------------------------
    async def abandon(self, event_id: str, user_id: str, number: int) -> None:
        """``!abandonner``: close without archiving, timers cancelled, in one transaction."""
        request = await self.own(user_id, number)
        cancelled: list[str] = []
        async with self.work.begin(event_id, "aide.abandon") as unit:
            if not unit.replayed:
                if not await self.requests.close(request.id, "abandoned", session=unit.session):
                    raise UserInputError("aide.not_open", id=request.id)
                cancelled = await self.timers.withdraw(f"aide:{request.id}:", session=unit.session)
                unit.result = {"state": "abandoned"}
        self.timers.disarm(cancelled)
        message = catalogue(self.language).render("aide.thread_abandoned", id=request.id)
        await self.publisher.to_threads(request.id, message, event_id, "abandoned")
