"""Posting a request in its rooms, concurrently, each room's outcome kept on its own.

A post's transaction id is derived from (request, room), so a retry or a replay after a crash
never posts twice, and the database's (request, room) uniqueness makes a request reach a room
once. A room that refuses (the bot may no longer post there) is recorded as refused and never
tried again; a room that could not be reached for a passing reason (the homeserver did not
answer) stays queued and is tried again by a release timer. Neither hides the others' success.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.catalogue import Raw, catalogue
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.formatting import Message, escape_markdown, pill
from bot.services.help_requests.common import (
    ESCALATE,
    MAX_LEVEL,
    NOTHING,
    RELEASE,
    Fresh,
    Publication,
    effect_txn,
    post_txn,
    quote,
)
from bot.services.help_requests.routing import Router
from bot.services.quiet import is_quiet, next_open, start_of_local_day
from config.layout import Layout
from storage.models import HelpRequest, RequestPost, utcnow
from storage.repositories.members import MemberRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.rooms import RoomRepository

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=15)  # a room not reached for a passing reason


class Publisher:
    def __init__(
        self,
        client: MatrixClient,
        requests: RequestRepository,
        rooms: RoomRepository,
        members: MemberRepository,
        timers: Timers,
        router: Router,
        layout: Callable[[], Layout],
        *,
        language: str,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.client = client
        self.requests = requests
        self.rooms = rooms
        self.members = members
        self.timers = timers
        self.router = router
        self.layout = layout
        self.language = language  # the network's language, for what rooms read
        self.now = now

    # -- posting ----------------------------------------------------------------------------
    async def publish(
        self,
        request_id: int,
        level: int | None = None,
        *,
        fresh: Fresh | None = None,
    ) -> Publication:
        """Post every queued post of an open request that may go now (the rest waits for a
        timer); then where the request (or its ``level``) stands. ``fresh``: the request and
        its posts just committed (`counted`), which spares reading them again before the first
        send."""
        if fresh is not None:
            request, posts = fresh.request, fresh.posts
        else:
            found = await self.requests.get(request_id)
            if found is None or found.state != "open":
                return NOTHING
            request, posts = found, await self.requests.posts(request_id)
        policy = self.layout().policy
        now = self.now()
        waiting = [p for p in posts if p.event_id is None and p.refused_at is None]
        failed: set[str] = set()
        queued_until: datetime | None = None
        if waiting and is_quiet(now, policy):
            queued_until = next_open(now, policy)
        elif waiting:
            midnight = start_of_local_day(now, policy)
            today = (
                fresh.posted_today
                if fresh is not None
                else await self.requests.posted_since([p.room_id for p in waiting], midnight)
            )
            ready = [p for p in waiting if today[p.room_id] < policy.daily_cap_per_room]
            if len(ready) < len(waiting):
                queued_until = next_open(midnight + timedelta(days=1), policy)
            failed = await self._post_all(request, ready)
        if queued_until is not None:
            await self._schedule_release(request_id, queued_until)
        elif failed:
            await self._schedule_release(request_id, now + RETRY_AFTER)
        return await self._standing(request_id, level, queued_until, failed)

    async def counted(
        self, session: AsyncSession, request: HelpRequest, posts: list[RequestPost]
    ) -> Fresh:
        """``posts`` just written in ``session``, with their rooms' requests of the day counted
        in that same transaction."""
        midnight = start_of_local_day(self.now(), self.layout().policy)
        rooms = [post.room_id for post in posts]
        today = await self.requests.posted_since(rooms, midnight, session=session)
        return Fresh(request, posts, today)

    async def _post_all(self, request: HelpRequest, posts: list[RequestPost]) -> set[str]:
        """Post concurrently; each outcome is recorded on its own. The rooms that failed for a
        passing reason (left queued)."""
        message = await self.post_message(request)

        async def post_one(post: RequestPost) -> str | None:
            txn = post_txn(request.id, post.room_id)
            try:
                event_id = await self.client.send_message(
                    post.room_id, message, msgtype="m.text", txn_id=txn
                )
            except MatrixError as exc:
                log.warning("request %s refused by %s (%s)", request.id, post.room_id, exc.errcode)
                await self.requests.mark_refused(post.id)
                return None
            except Exception as exc:  # any other failure is a passing one
                log.warning("request %s not posted in %s: %r", request.id, post.room_id, exc)
                return post.room_id
            await self.requests.mark_posted(post.id, event_id)
            return None

        results = await asyncio.gather(*(post_one(p) for p in posts))
        return {room_id for room_id in results if room_id is not None}

    async def _standing(
        self, request_id: int, level: int | None, queued_until: datetime | None, failed: set[str]
    ) -> Publication:
        rooms = {row.room_id: row for row in await self.rooms.all()}
        posts = [
            p
            for p in await self.requests.posts(request_id)
            if (level is None or p.level == level) and p.room_id in rooms
        ]
        return Publication(
            posted=[rooms[p.room_id] for p in posts if p.event_id is not None],
            queued_until=queued_until,
            refused=[rooms[p.room_id] for p in posts if p.refused_at is not None],
            failed=[rooms[p.room_id] for p in posts if p.room_id in failed],
        )

    async def post_message(self, request: HelpRequest) -> Message:
        cat = catalogue(self.language)
        layout = self.layout()
        bassin = layout.bassin(request.bassin or "")
        groupe = layout.groupe(request.groupe or "")
        if request.signed:
            member = await self.members.get(request.requester)
            person = Raw(
                pill(request.requester)
                + (f" — {escape_markdown(member.structure)}" if member and member.structure else "")
            )
            who = Raw(cat.markdown("aide.signed_author", person=person))
        else:
            who = Raw(
                cat.markdown(
                    "aide.anonymous_author",
                    bassin=bassin.name if bassin else request.bassin,
                    groupe=groupe.name if groupe else request.groupe or "?",
                )
            )
        return cat.render(
            "aide.post",
            id=request.id,
            who=who,
            quote=quote(request.text),
            themes=self.router.theme_labels(request.themes, cat),
        )

    # -- in the threads ---------------------------------------------------------------------
    async def threads(self, request_id: int) -> list[RequestPost]:
        return [p for p in await self.requests.posts(request_id) if p.event_id]

    async def to_threads(
        self, request_id: int, message: Message, trigger: str, purpose: str
    ) -> int:
        """``message`` in every thread of the request; how many threads got it. A thread whose
        room refuses is logged and skipped: the others still get theirs."""

        async def send_one(post: RequestPost) -> bool:
            assert post.event_id is not None
            try:
                await self.client.send_message(
                    post.room_id,
                    message,
                    thread_root=post.event_id,
                    txn_id=effect_txn(trigger, purpose, post.room_id),
                )
            except Exception as exc:  # one room's failure is not the others'
                log.warning(
                    "%s of request %s not sent in %s: %r", purpose, request_id, post.room_id, exc
                )
                return False
            return True

        sent = await asyncio.gather(*(send_one(p) for p in await self.threads(request_id)))
        return sum(sent)

    # -- timers -----------------------------------------------------------------------------
    async def _schedule_release(self, request_id: int, when: datetime) -> None:
        await self.timers.schedule(
            f"aide:{request_id}:release",
            RELEASE,
            when,
            {"request_id": request_id},
            grace=timedelta(days=3),
        )

    async def plan_escalation_in(
        self, session: AsyncSession, request: HelpRequest, level: int
    ) -> list[tuple[str, datetime]]:
        """The escalation to ``level``, written in the workflow's transaction; the timers to
        arm after the commit."""
        if level > MAX_LEVEL:
            return []
        delay = timedelta(hours=self.layout().policy.escalation_delays_hours[level - 1])
        key, due = f"aide:{request.id}:escalate:{level}", request.created_at + delay
        payload = {"request_id": request.id, "level": level}
        await self.timers.schedule(
            key, ESCALATE, due, payload, grace=timedelta(days=3), session=session
        )
        return [(key, due)]

    def arm(self, timers: Iterable[tuple[str, datetime]]) -> None:
        for key, due in timers:
            self.timers.arm(key, due)
