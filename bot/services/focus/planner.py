"""Planning a focus session: the plan echoed in French, then confirmed (``!focus confirmer``,
✅ on the echo) or dropped (❌).

Each step is one transaction claimed by its triggering event. The plan is kept as a
``focus_plan`` conversation, so a restart never loses it; confirming closes it *first* ("close
if still open"), so a ✅ and the command arriving together act once, then creates the session
and its reminder timers. The announcements are sent after the commit with transaction ids
derived from the event: a confirmation replayed after a crash finds its stored result, writes
nothing, and re-sends the same messages, which the homeserver recognises.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.catalogue import Catalogue, Raw
from bot.framework.errors import UserInputError
from bot.matrix.formatting import Message
from bot.services.focus.notices import FocusNotices, target_label
from bot.services.focus.parts import FocusSettings, FocusStores
from bot.services.focus.planning import (
    DEFAULT_DURATION,
    KIND,
    PLAN_EXPIRY,
    PlanText,
    Target,
    bassin_target,
    reminders_key,
    resolve_target,
    split_plan,
    theme_slug,
)
from bot.services.focus.reminders import FocusReminders, TimerChanges
from bot.text.when import When, WhenError, parse_when_in_thread
from storage.models import Conversation
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

CONFIRM = "focus.confirm"
Result = dict[str, Any]


@dataclass(frozen=True)
class Origin:
    """The event a workflow answers: its id ties the writes and the sends to it."""

    event_id: str
    sender: str
    room_id: str
    lang: Catalogue


@dataclass(frozen=True)
class Draft:
    """A plan waiting for confirmation, and its echo to send."""

    conversation_id: int
    echo: Message


def note_replay(origin: Origin) -> None:
    """A crash came between the commit and the journal's "handled" mark (event id only)."""
    log.info("confirmation %s handled again: its stored result is used", origin.event_id)


async def parse_date(text: str, zone: ZoneInfo, now: datetime) -> When:
    """The date in ``text``, read in a worker thread (dateparser on a long text would stall
    the event loop)."""
    try:
        return await parse_when_in_thread(text, tz=zone, now=now)
    except WhenError as error:
        raise UserInputError(error.key, **error.params) from None


class FocusPlanner:
    def __init__(
        self,
        stores: FocusStores,
        work: UnitOfWork,
        reminders: FocusReminders,
        notices: FocusNotices,
        settings: FocusSettings,
    ) -> None:
        self.repository = stores.sessions
        self.conversations = stores.conversations
        self.rooms = stores.rooms
        self.members = stores.members
        self.work = work
        self.reminders = reminders
        self.notices = notices
        self.layout = settings.layout
        self.zone = settings.zone
        self.prefix = settings.prefix
        self.clock = settings.clock

    async def plan(self, origin: Origin, text: str) -> Draft:
        parts = split_plan(text)
        when = await parse_date(parts.when, self.zone, self.clock())
        data = self._plan_data(parts, when, await self._target(origin, parts))
        async with self.work.begin(origin.event_id, "focus.plan") as unit:
            if not unit.replayed:
                conversation = await self.conversations.start(
                    origin.sender,
                    KIND,
                    origin.room_id,
                    data,
                    expires_at=self.clock() + PLAN_EXPIRY,
                    session=unit.session,
                )
                unit.result = {"conversation": conversation.id, "data": data}
            result = unit.result
        return Draft(int(result["conversation"]), self._echo(result["data"], origin.lang))

    async def remember_echo(self, draft: Draft, event_id: str) -> None:
        """The echo is what ✅ and ❌ react to (a replay gets the same event id back)."""
        await self.conversations.update(draft.conversation_id, anchor_event_id=event_id)

    async def confirm(self, origin: Origin) -> Message | None:
        """``!focus confirmer``: the sender's pending plan in this room."""
        async with self.work.begin(origin.event_id, CONFIRM) as unit:
            changes = TimerChanges()
            if not unit.replayed:
                found = await self.conversations.current(origin.sender, origin.room_id, KIND)
                if found is None:
                    raise UserInputError("focus.no_pending", prefix=self.prefix)
                unit.result, changes = await self._confirm(unit.session, found)
            else:
                note_replay(origin)
            result = unit.result
        return await self._answer(origin, result, changes)

    async def react(self, origin: Origin, target: str, *, drop: bool) -> Message | None:
        """✅ or ❌ on a plan's echo; None when the message reacted to is not one of the
        sender's plans, or the plan was already confirmed or dropped."""
        found = await self.conversations.by_anchor(target, finished=True)
        if found is None or found.kind != KIND or found.user_id != origin.sender:
            return None
        async with self.work.begin(origin.event_id, CONFIRM) as unit:
            changes = TimerChanges()
            if not unit.replayed:
                unit.result, changes = await self._react(unit.session, found, drop)
            else:
                note_replay(origin)
            result = unit.result
        return await self._answer(origin, result, changes)

    async def _react(
        self, session: AsyncSession, found: Conversation, drop: bool
    ) -> tuple[Result, TimerChanges]:
        if not found.active:
            return {"outcome": "already"}, TimerChanges()
        expired = found.expires_at is not None and found.expires_at <= self.clock()
        if expired or drop:
            finished = await self.conversations.finish(found.id, session=session)
            outcome = "expired" if expired else "dropped" if finished else "already"
            return {"outcome": outcome}, TimerChanges()
        return await self._confirm(session, found)

    async def _confirm(
        self, session: AsyncSession, found: Conversation
    ) -> tuple[Result, TimerChanges]:
        if not await self.conversations.finish(found.id, session=session):
            return {"outcome": "already"}, TimerChanges()  # ✅ and the command: one acts
        data = dict(found.data)
        start = datetime.fromisoformat(data["start"])
        if start <= self.clock():
            return {"outcome": "past"}, TimerChanges()
        room_ids = []
        for key in data["room_keys"]:
            room = await self.rooms.by_key(key)
            if room is not None and not room.archived:
                room_ids.append(room.room_id)
        if not room_ids:
            return {"outcome": "no_rooms"}, TimerChanges()
        row = await self.repository.create(
            session=session,
            author_id=found.user_id,
            theme=data["theme"],
            theme_slug=data.get("theme_slug"),
            target=data["target"],
            bassins=data["bassins"],
            room_ids=room_ids,
            guests=data["guests"],
            starts_at=start.astimezone(UTC),
            duration_minutes=int(data["duration"]),
            rrule=data.get("rrule"),
            timezone=data["timezone"],
        )
        changes = await self.reminders.replace(row, session)
        return {"outcome": "confirmed", "session": row.id, "reminders": changes.reminders}, changes

    async def _answer(
        self, origin: Origin, result: Result, changes: TimerChanges
    ) -> Message | None:
        """After the commit: arm the timers, announce, and say what happened."""
        self.reminders.apply(changes)
        lang, outcome = origin.lang, result.get("outcome")
        if outcome == "confirmed":
            row = await self.repository.get(int(result["session"]))
            assert row is not None
            await self.notices.announce(row, f"{origin.event_id}|announce")
            reminders = Raw(lang.markdown(reminders_key(list(result.get("reminders", [])))))
            return lang.render(
                "focus.confirmed",
                id=row.id,
                rooms=len(row.room_ids),
                reminders=reminders,
                prefix=self.prefix,
            )
        keys = {
            "past": "focus.error.plan_past",
            "no_rooms": "focus.error.no_rooms",
            "expired": "focus.no_pending",
            "dropped": "focus.abandoned",
        }
        return lang.render(keys[outcome], prefix=self.prefix) if outcome in keys else None

    async def _target(self, origin: Origin, parts: PlanText) -> Target:
        layout = self.layout()
        if parts.target is not None:
            return resolve_target(layout, parts.target)
        member = await self.members.get(origin.sender)
        if member is None or member.bassin is None or layout.bassin(member.bassin) is None:
            raise UserInputError("focus.error.target_needed", prefix=self.prefix)
        return bassin_target(layout, member.bassin)

    def _plan_data(self, parts: PlanText, when: When, target: Target) -> dict[str, Any]:
        return {
            "start": when.start.isoformat(),
            "rrule": when.rule.rrule_string() if when.rule else None,
            "duration": int((when.duration or DEFAULT_DURATION).total_seconds() // 60),
            "timezone": self.zone.key,
            "theme": parts.theme,
            "theme_slug": theme_slug(self.layout(), parts.theme),
            "target": target.label,
            "bassins": list(target.bassins),
            "room_keys": list(target.room_keys),
            "guests": parts.guests,
            "when_text": when.describe_french(),
        }

    def _echo(self, data: dict[str, Any], lang: Catalogue) -> Message:
        return lang.render(
            "focus.echo",
            when=data["when_text"],
            theme=data["theme"],
            target=target_label(data["target"], lang),
            guests=data["guests"] or lang.text("focus.no_guests"),
            prefix=self.prefix,
        )
