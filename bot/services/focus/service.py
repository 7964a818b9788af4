"""Focus sessions (SPEC §6): every workflow that changes one is a method here.

Plan and confirm live in `FocusPlanner`; RSVP, move, cancel and report below. Each writing
method runs in one transaction claimed by its triggering event (`UnitOfWork`), takes the
conditional update on the session first ("cancel if still planned"), and sends its notices
after the commit with transaction ids derived from the event. Built once by the application.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.framework.catalogue import Catalogue, Raw
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.permissions import Grants
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms
from bot.matrix.formatting import Message, pill
from bot.services.focus.guests import FocusGuests
from bot.services.focus.notices import FocusNotices
from bot.services.focus.parts import FocusSettings, FocusStores
from bot.services.focus.planner import Draft, FocusPlanner, Origin, parse_date
from bot.services.focus.reminders import FocusReminders, TimerChanges
from storage.models import FocusSession
from storage.repositories.focus import PLANNED
from storage.unit_of_work import UnitOfWork

CONFIRM_KEYS = ("✅", "✔", "👍")
DROP_KEYS = ("❌", "✖")
RSVP_KEYS = ("👍",)
REPORT_LIMIT = 20_000


class FocusSessions:
    def __init__(
        self,
        *,
        stores: FocusStores,
        client: MatrixClient,
        direct_rooms: DirectRooms,
        work: UnitOfWork,
        timers: Timers,
        settings: FocusSettings,
    ) -> None:
        self.repository = stores.sessions
        self.audit = stores.audit
        self.work = work
        self.prefix = settings.prefix
        self.clock = settings.clock
        self.notices = FocusNotices(client, direct_rooms, stores, settings)
        self.reminders = FocusReminders(timers, stores.sessions, self.notices, work, settings)
        self.planner = FocusPlanner(stores, work, self.reminders, self.notices, settings)
        self.guests = (
            None
            if stores.guests is None
            else FocusGuests(
                guests=stores.guests,
                sessions=stores.sessions,
                notices=self.notices,
                client=client,
                direct_rooms=direct_rooms,
                work=work,
                timers=timers,
                audit=stores.audit,
                settings=settings,
            )
        )

    # ------------------------------------------------------------ planning

    async def plan(self, origin: Origin, text: str) -> Draft:
        return await self.planner.plan(origin, text)

    async def remember_echo(self, draft: Draft, event_id: str) -> None:
        await self.planner.remember_echo(draft, event_id)

    async def confirm(self, origin: Origin) -> Message | None:
        return await self.planner.confirm(origin)

    async def react(self, origin: Origin, target: str, key: str) -> tuple[Message, bool] | None:
        """A reaction: 👍 on an announcement is an RSVP, answered in the DM (True); ✅/❌ on a
        plan's echo confirms or drops it, answered under the echo (False)."""
        key = key.replace("\ufe0f", "")
        if key.startswith(RSVP_KEYS):
            row = await self.repository.by_announcement(target)
            if row is not None:
                if row.status != PLANNED:
                    return None
                return await self._rsvp(origin, row), True
        if not key.startswith(CONFIRM_KEYS + DROP_KEYS):
            return None
        answer = await self.planner.react(origin, target, drop=key.startswith(DROP_KEYS))
        return None if answer is None else (answer, False)

    # ------------------------------------------------------------ participation

    async def join(self, origin: Origin, session_id: int) -> Message:
        return await self._rsvp(origin, await self._planned(session_id, origin.lang))

    async def _rsvp(self, origin: Origin, row: FocusSession) -> Message:
        async with self.work.begin(origin.event_id, "focus.rsvp") as unit:
            if not unit.replayed:
                added = await self.repository.add_participant(
                    row.id, origin.sender, session=unit.session
                )
                unit.result = {"added": added}
            added = bool(unit.result.get("added"))
        key = "focus.rsvp_done" if added else "focus.rsvp_already"
        return origin.lang.render(key, **self.notices.params(row, origin.lang))

    # ------------------------------------------------------------ changes

    async def cancel(self, origin: Origin, session_id: int, grants: Grants) -> Message:
        async with self.work.begin(origin.event_id, "focus.cancel") as unit:
            changes = TimerChanges()
            if not unit.replayed:
                row = await self._planned(session_id, origin.lang, unit.session)
                self._check_manager(row, grants)
                if not await self.repository.cancel(row.id, session=unit.session):
                    await unit.session.refresh(row)  # changed meanwhile: say how
                    raise self._not_planned(row, origin.lang)
                changes = await self.reminders.withdraw(row.id, unit.session)
                await self.audit.record(
                    origin.sender,
                    "focus.cancel",
                    room_id=origin.room_id,
                    target=f"focus #{row.id}",
                    session=unit.session,
                )
                unit.result = {"session": row.id}
            cancelled = int(unit.result["session"])
        self.reminders.apply(changes)
        await self._notify(cancelled, "focus.cancelled_notice", f"{origin.event_id}|cancel")
        return origin.lang.render("focus.cancelled", id=cancelled)

    async def move(self, origin: Origin, session_id: int, text: str, grants: Grants) -> Message:
        before = await self._planned(session_id, origin.lang)
        self._check_manager(before, grants)  # before reading the date: a refusal says why
        when = await parse_date(text, ZoneInfo(before.timezone), self.clock())
        duration = when.duration or timedelta(minutes=before.duration_minutes)
        async with self.work.begin(origin.event_id, "focus.move") as unit:
            changes = TimerChanges()
            if not unit.replayed:
                row = await self._planned(session_id, origin.lang, unit.session)
                self._check_manager(row, grants)
                moved = await self.repository.move(
                    row.id,
                    when.start.astimezone(UTC),
                    when.rule.rrule_string() if when.rule else None,
                    int(duration.total_seconds() // 60),
                    session=unit.session,
                )
                if moved is None:
                    await unit.session.refresh(row)
                    raise self._not_planned(row, origin.lang)
                changes = await self.reminders.replace(moved, unit.session)
                unit.result = {"session": moved.id}
            moved_id = int(unit.result["session"])
        self.reminders.apply(changes)
        row = await self._notify(moved_id, "focus.moved_notice", f"{origin.event_id}|move")
        return origin.lang.render("focus.moved", **self.notices.params(row, origin.lang))

    async def report(self, origin: Origin, session_id: int, text: str, grants: Grants) -> Message:
        """Keep a session's report (participants, organiser, moderators), searchable."""
        async with self.work.begin(origin.event_id, "focus.report") as unit:
            if not unit.replayed:
                row = await self._existing(session_id, unit.session)
                if origin.sender not in await self.repository.participants(row.id):
                    self._check_manager(row, grants)
                await self.repository.save_report(
                    row, text[:REPORT_LIMIT], origin.sender, session=unit.session
                )
                unit.result = {"session": row.id}
            reported = int(unit.result["session"])
        return origin.lang.render("focus.report_saved", id=reported, prefix=self.prefix)

    # ------------------------------------------------------------ reading

    async def listing(self, lang: Catalogue) -> Message:
        upcoming = await self.repository.upcoming(self.clock(), limit=20)
        if not upcoming:
            return lang.render("focus.list_empty", prefix=self.prefix)
        counts = await self.repository.participant_counts(s.id for s in upcoming)
        lines = [
            lang.markdown("focus.list_line", **self.notices.params(s, lang), count=counts[s.id])
            for s in upcoming
        ]
        return lang.render("focus.list", lines=Raw("\n".join(lines)), prefix=self.prefix)

    async def details(self, session_id: int, lang: Catalogue) -> Message:
        row = await self._existing(session_id)
        people = await self.repository.participants(row.id)
        participants = ", ".join(pill(user) for user in people) or lang.markdown("focus.nobody")
        message = lang.render(
            "focus.details",
            **self.notices.params(row, lang),
            status=lang.text(f"focus.status.{row.status}"),
            count=len(people),
            participants=Raw(participants),
        )
        if row.report:
            message = message + lang.render(
                "focus.details_report",
                report=row.report,
                reporter=Raw(pill(row.report_author or row.author_id)),
            )
        return message

    async def search(self, query: str, lang: Catalogue) -> Message:
        """``!focus chercher``: sessions whose report, theme or partners match."""
        found = await self.repository.search_reports(query)
        if not found:
            return lang.render("focus.search_empty", query=query[:80], prefix=self.prefix)
        lines = [
            lang.markdown(
                "focus.search_line", **self.notices.params(hit.session, lang), excerpt=hit.excerpt
            )
            for hit in found
        ]
        return lang.render("focus.search", lines=Raw("\n".join(lines)), prefix=self.prefix)

    # ------------------------------------------------------------ helpers

    async def _notify(self, session_id: int, key: str, seed: str) -> FocusSession:
        row = await self._existing(session_id)
        await self.notices.notify(row, key, seed)
        return row

    async def _existing(self, session_id: int, session: AsyncSession | None = None) -> FocusSession:
        row = await self.repository.get(session_id, session=session)
        if row is None:
            raise UserInputError("focus.error.unknown", id=session_id)
        return row

    async def _planned(
        self, session_id: int, lang: Catalogue, session: AsyncSession | None = None
    ) -> FocusSession:
        row = await self._existing(session_id, session)
        if row.status != PLANNED:
            raise self._not_planned(row, lang)
        return row

    @staticmethod
    def _not_planned(row: FocusSession, lang: Catalogue) -> UserInputError:
        status = lang.text(f"focus.status.{row.status}")
        return UserInputError("focus.error.not_planned", id=row.id, status=status)

    @staticmethod
    def _check_manager(row: FocusSession, grants: Grants) -> None:
        if row.author_id == grants.user_id:
            return
        if grants.can_moderate(None) or any(grants.can_moderate(b) for b in row.bassins):
            return
        raise CheckFailure("focus.error.not_allowed", id=row.id)
