"""The life of an anonymised help request: routing, posting, relaying, widening, closing.

Only anonymised text ever reaches this module. Posting goes to several rooms *concurrently*; each
post's transaction id is derived from (request, room), so a retry or a replay after a crash can
never post twice, and the database's (request, room) uniqueness makes sure a request reaches a
room once. Escalations and delayed posts are persistent timers (bot/framework/timers.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Catalogue, Raw, catalogue
from bot.matrix.formatting import Message, escape_markdown, pill
from bot.services.provisioning import room_key, theme_key
from bot.services.quiet import is_quiet, next_open, start_of_local_day
from bot.text.themes import routed_themes
from bot.text.when import format_french
from storage.models import HelpRequest, ProvisionedRoom, RequestPost, utcnow

if TYPE_CHECKING:
    from bot.app import Application

log = logging.getLogger(__name__)

ESCALATE = "aide.escalate"
RELEASE = "aide.release"
MAX_LEVEL = 3


def quote(text: str) -> Raw:
    """A block quote of user text, escaped: it can carry no markup."""
    return Raw(
        "\n".join(f"> {escape_markdown(line)}" if line else ">" for line in text.split("\n"))
    )


def post_txn(request_id: int, room_id: str) -> str:
    digest = hashlib.sha256(f"{request_id}|{room_id}".encode()).hexdigest()[:32]
    return f"tis-post-{digest}"


@dataclass(frozen=True)
class Publication:
    posted: list[ProvisionedRoom]
    queued_until: datetime | None


class HelpRequests:
    def __init__(self, app: Application) -> None:
        self.app = app

    # -- routing ----------------------------------------------------------------------------
    async def targets(
        self, bassin: str, groupe: str | None, themes: list[str], level: int
    ) -> list[ProvisionedRoom]:
        """Rooms a request reaches at ``level`` (0: own groupe + specialist rooms of its themes;
        1: every groupe of the bassin; 2: neighbouring bassins; 3: every bassin)."""
        layout = self.app.layout
        keys: list[str] = []
        groupes = [groupe] if groupe else [g.slug for g in layout.groupes]
        keys += [room_key(bassin, g) for g in groupes]
        keys += [theme_key(t) for t in themes if (theme := layout.theme(t)) and theme.room]
        if level >= 1:
            keys += [room_key(bassin, g.slug) for g in layout.groupes]
        if level >= 2:
            home = layout.bassin(bassin)
            neighbours = home.neighbours if home is not None else []
            keys += [room_key(b, g) for b in neighbours for g in groupes]
        if level >= 3:
            keys += [room_key(b.slug, g) for b in layout.bassins for g in groupes]
        rooms = []
        for key in dict.fromkeys(keys):
            row = await self.app.rooms.by_key(key)
            if row is not None and not row.archived:
                rooms.append(row)
        return rooms

    # -- publishing -------------------------------------------------------------------------
    async def open_request(
        self, requester: str, dm_room_id: str, text: str, themes: list[str], *, signed: bool
    ) -> tuple[HelpRequest, Publication]:
        member = await self.app.members.get(requester)
        assert member is not None and member.bassin is not None
        routed = routed_themes(text, themes, self.app.layout)
        rooms = await self.targets(member.bassin, member.groupe, routed, 0)
        request, posts = await self.app.requests.create_with_posts(
            [room.room_id for room in rooms],
            requester=requester,
            dm_room_id=dm_room_id,
            bassin=member.bassin,
            groupe=member.groupe,
            text=text,
            themes=themes,
            signed=signed,
        )
        publication = await self._publish(request, posts)
        await self._schedule_escalation(request, 1)
        return request, publication

    async def publish(self, request_id: int) -> Publication:
        """Post every queued post of a request that may go now; the rest waits for a timer."""
        request = await self.app.requests.get(request_id)
        if request is None or request.state != "open":
            return Publication([], None)
        return await self._publish(request, await self.app.requests.posts(request_id))

    async def _publish(self, request: HelpRequest, posts: list[RequestPost]) -> Publication:
        request_id = request.id
        policy = self.app.layout.policy
        now = utcnow()
        waiting = [p for p in posts if p.event_id is None]
        if not waiting:
            return Publication([], None)
        if is_quiet(now, policy):
            when = next_open(now, policy)
            await self._schedule_release(request_id, when)
            return Publication([], when)
        midnight = start_of_local_day(now, policy)
        today = await self.app.requests.posted_since([p.room_id for p in waiting], midnight)
        ready = [p for p in waiting if today[p.room_id] < policy.daily_cap_per_room]
        capped = len(ready) < len(waiting)
        posted = await self._post_all(request, ready)
        queued_until = None
        if capped:
            queued_until = next_open(midnight + timedelta(days=1), policy)
            await self._schedule_release(request_id, queued_until)
        return Publication(posted, queued_until)

    async def _post_all(
        self, request: HelpRequest, posts: list[RequestPost]
    ) -> list[ProvisionedRoom]:
        rooms = {row.room_id: row for row in await self.app.rooms.all()}
        message = await self.post_message(request)

        async def post_one(post: RequestPost) -> ProvisionedRoom | None:
            event_id = await self.app.client.send_message(
                post.room_id, message, msgtype="m.text", txn_id=post_txn(request.id, post.room_id)
            )
            await self.app.requests.mark_posted(post.id, event_id)
            return rooms.get(post.room_id)

        results = await asyncio.gather(*(post_one(p) for p in posts))
        return [room for room in results if room is not None]

    async def post_message(self, request: HelpRequest) -> Message:
        cat = catalogue(self.app.settings.language)
        layout = self.app.layout
        bassin = layout.bassin(request.bassin or "")
        groupe = layout.groupe(request.groupe or "")
        if request.signed:
            member = await self.app.members.get(request.requester)
            who = Raw(
                pill(request.requester)
                + (f" — {member.structure}" if member and member.structure else "")
            )
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
            themes=self.theme_labels(request.themes, cat),
        )

    def theme_labels(self, themes: list[str], cat: Catalogue) -> str:
        labels = [t.label for slug in themes if (t := self.app.layout.theme(slug))]
        return ", ".join(labels) or cat.text("aide.no_themes")

    async def _schedule_release(self, request_id: int, when: datetime) -> None:
        await self.app.timers.schedule(
            f"aide:{request_id}:release",
            RELEASE,
            when,
            {"request_id": request_id},
            grace=timedelta(days=3),
        )

    async def _schedule_escalation(self, request: HelpRequest, level: int) -> None:
        if level > MAX_LEVEL:
            return
        delay = timedelta(hours=self.app.layout.policy.escalation_delays_hours[level - 1])
        await self.app.timers.schedule(
            f"aide:{request.id}:escalate:{level}",
            ESCALATE,
            request.created_at + delay,
            {"request_id": request.id, "level": level},
            grace=timedelta(days=3),
        )

    # -- widening ---------------------------------------------------------------------------
    async def escalate(
        self, request_id: int, level: int, *, forced: bool = False
    ) -> list[ProvisionedRoom] | None:
        """Widen an unanswered request to ``level``; None when there is nothing to do."""
        request = await self.app.requests.get(request_id)
        if request is None or request.state != "open" or request.level >= level:
            return None
        if not forced and request.first_answer_at is not None:
            return None
        assert request.bassin is not None
        routed = routed_themes(request.text, list(request.themes or []), self.app.layout)
        rooms = await self.targets(request.bassin, request.groupe, routed, level)
        await self.app.requests.add_posts(request.id, [r.room_id for r in rooms], level)
        await self.app.requests.update(request.id, level=level)
        publication = await self.publish(request.id)
        await self.app.timers.cancel(f"aide:{request.id}:escalate:{level}")
        await self._schedule_escalation(request, level + 1)
        return publication.posted

    # -- answers ----------------------------------------------------------------------------
    async def record_answer(
        self, post: RequestPost, event_id: str, room_id: str, author: str, text: str
    ) -> tuple[HelpRequest, int] | None:
        request = await self.app.requests.get(post.request_id)
        if request is None or request.state != "open" or author == request.requester:
            return None
        answer = await self.app.requests.add_answer(request.id, event_id, room_id, author, text)
        if answer is None:
            return None
        await self.app.timers.cancel(f"aide:{request.id}:escalate:")
        return request, answer.number

    async def threads(self, request_id: int) -> list[RequestPost]:
        return [p for p in await self.app.requests.posts(request_id) if p.event_id]

    async def close_timers(self, request_id: int) -> None:
        await self.app.timers.cancel(f"aide:{request_id}:")


def describe_when(moment: datetime, tz: str) -> str:
    return format_french(moment.astimezone(ZoneInfo(tz)))
