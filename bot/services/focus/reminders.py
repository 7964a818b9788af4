"""Reminders of focus sessions: persistent timers with fixed keys.

``focus:<id>:veille`` and ``focus:<id>:heure`` remind the rooms, the participants and the
organiser; ``focus:<id>:suite:<date>`` moves a series to its next occurrence once the current
one is over. Their rows are written in the transaction of the workflow that planned, moved or
cancelled the session, and the in-memory jobs follow after the commit (`TimerChanges`), so a
crash in between loses nothing: the next start rebuilds every job from the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.timers import TimerCall, Timers
from bot.services.focus.notices import FocusNotices
from bot.services.focus.parts import FocusSettings
from bot.services.focus.planning import (
    local_start,
    recurrence_of,
    reminder_key,
    reminders_ahead,
    timer_prefix,
)
from bot.text.when import format_french
from storage.models import FocusSession
from storage.repositories.focus import FINISHED, PLANNED, FocusRepository
from storage.unit_of_work import UnitOfWork

REMINDER_TIMER = "focus.reminder"
NEXT_TIMER = "focus.next"
SERIES_GRACE = timedelta(days=400)  # a series must resume even after a long outage


@dataclass
class TimerChanges:
    """Timer rows a transaction changed, to mirror in the scheduler once it has committed."""

    cancelled: list[str] = field(default_factory=list)
    scheduled: list[tuple[str, datetime]] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)  # which reminders: "veille", "heure"


class FocusReminders:
    def __init__(
        self,
        timers: Timers,
        repository: FocusRepository,
        notices: FocusNotices,
        work: UnitOfWork,
        settings: FocusSettings,
    ) -> None:
        self.timers = timers
        self.repository = repository
        self.notices = notices
        self.work = work
        self.clock = settings.clock

    async def replace(self, row: FocusSession, session: AsyncSession) -> TimerChanges:
        """(Re)place the timers of the session's next occurrence; a reminder whose time has
        already passed (a session planned for this afternoon has no day-before one) is left
        out, and the confirmation says so."""
        changes = TimerChanges(
            cancelled=await self.timers.withdraw(timer_prefix(row.id), session=session)
        )
        start = row.starts_at
        payload = {"session": row.id, "start": start.isoformat()}
        for reminder in reminders_ahead(start, self.clock()):
            key, due = reminder_key(row.id, reminder.which), start - reminder.before
            await self.timers.schedule(
                key,
                REMINDER_TIMER,
                due,
                {**payload, "which": reminder.which},
                grace=reminder.grace,
                session=session,
            )
            changes.scheduled.append((key, due))
            changes.reminders.append(reminder.which)
        if row.rrule:
            end = start + timedelta(minutes=row.duration_minutes)
            key = f"{timer_prefix(row.id)}suite:{start.strftime('%Y%m%dT%H%M')}"
            await self.timers.schedule(
                key, NEXT_TIMER, end, payload, grace=SERIES_GRACE, session=session
            )
            changes.scheduled.append((key, end))
        return changes

    async def withdraw(self, session_id: int, session: AsyncSession) -> TimerChanges:
        return TimerChanges(
            cancelled=await self.timers.withdraw(timer_prefix(session_id), session=session)
        )

    def apply(self, changes: TimerChanges) -> None:
        self.timers.disarm(changes.cancelled)
        for key, due in changes.scheduled:
            self.timers.arm(key, due)

    async def reschedule(
        self,
        session_id: int,
        start: datetime,
        *,
        rrule: str | None = None,
        duration: timedelta | None = None,
    ) -> FocusSession | None:
        """Move a planned session to ``start`` and replace its reminders (same keys), in one
        transaction no event triggered (operators' tools and tests)."""
        async with self.work.plain() as session:
            current = await self.repository.get(session_id, session=session)
            if current is None:
                return None
            minutes = int(duration.total_seconds() // 60) if duration else current.duration_minutes
            moved = await self.repository.move(
                session_id, start.astimezone(UTC), rrule, minutes, session=session
            )
            changes = await self.replace(moved, session) if moved is not None else TimerChanges()
        self.apply(changes)
        return moved

    async def send_reminder(self, call: TimerCall) -> None:
        row = await self.repository.get(int(call.payload["session"]))
        if row is None or row.status != PLANNED:
            return
        which = str(call.payload["which"])
        when = format_french(local_start(row))
        seed = f"{call.timer.key}|{call.payload.get('start', '')}"
        await self.notices.notify(
            row, f"focus.reminder.{which}", seed, {"when": when}, organiser=True
        )

    async def advance_series(self, call: TimerCall) -> None:
        """The current occurrence is over: move the series to its next date and remind again."""
        async with self.work.plain() as session:
            row = await self.repository.get(int(call.payload["session"]), session=session)
            if row is None or row.status != PLANNED or row.rrule is None:
                return
            if row.starts_at.isoformat() != call.payload["start"]:
                return  # moved since: its own timers are already in place
            following = self._next_occurrence(row)
            if following is None:
                row.status = FINISHED
                return
            row.starts_at = following.astimezone(UTC)
            changes = await self.replace(row, session)
        self.apply(changes)

    def _next_occurrence(self, row: FocusSession) -> datetime | None:
        rule = recurrence_of(row)
        assert rule is not None
        duration = timedelta(minutes=row.duration_minutes)
        following = rule.next_after(local_start(row))
        while following is not None and following + duration <= self.clock():
            following = rule.next_after(following)  # occurrences missed while the bot was down
        return following
