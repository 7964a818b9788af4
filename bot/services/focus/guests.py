"""Guests of a focus session and the session's own room (issue 15).

``!focus inviter N @u …`` records guests (and the end timer) in one transaction, then sends
each the announcement and the calendar file in their DM; the reminders reach them through
`FocusNotices`. ``!focus salon N`` opens the session's room on demand and invites the
participants and guests. When the session is over, the end timer (``focus-guests:<id>:end``,
outside the reminders' prefix so moving the session does not withdraw it) ends the guests'
access, removes them from the room and archives it (read-only, renamed, never deleted).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bot.framework.catalogue import Catalogue, Raw
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.permissions import Grants
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms
from bot.matrix.formatting import Message, pill
from bot.services.focus.notices import FocusNotices, notice_txn
from bot.services.focus.parts import FocusSettings
from bot.services.focus.planner import Origin
from bot.services.moderation.rooms import membership
from bot.text.calendar_export import export_ics
from storage.models import FocusRoom, FocusSession
from storage.repositories.focus import PLANNED, FocusRepository
from storage.repositories.focus_guests import FocusGuestRepository
from storage.repositories.roles import AuditRepository
from storage.unit_of_work import UnitOfWork

GUESTS_END = "focus.guests_end"
ARCHIVED_PREFIX = "[archivé] "


def end_key(session_id: int) -> str:
    return f"focus-guests:{session_id}:end"


def session_end(row: FocusSession) -> datetime:
    return row.starts_at + timedelta(minutes=row.duration_minutes)


class FocusGuests:
    def __init__(
        self,
        *,
        guests: FocusGuestRepository,
        sessions: FocusRepository,
        notices: FocusNotices,
        client: MatrixClient,
        direct_rooms: DirectRooms,
        work: UnitOfWork,
        timers: Timers,
        audit: AuditRepository,
        settings: FocusSettings,
    ) -> None:
        self.guests = guests
        self.sessions = sessions
        self.notices = notices
        self.client = client
        self.direct_rooms = direct_rooms
        self.work = work
        self.timers = timers
        self.audit = audit
        self.clock = settings.clock  # injected: tests move it instead of waiting
        self._room_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def _organised(self, session_id: int, grants: Grants) -> FocusSession:
        row = await self.sessions.get(session_id)
        if row is None:
            raise UserInputError("focus.error.unknown", id=session_id)
        if row.status != PLANNED:
            raise UserInputError("focus.guests.not_planned", id=session_id)
        allowed = row.author_id == grants.user_id or grants.can_moderate(None)
        if not (allowed or any(grants.can_moderate(b) for b in row.bassins or [])):
            raise CheckFailure("focus.guests.not_organiser", id=session_id)
        return row

    async def invite(
        self, origin: Origin, session_id: int, users: list[str], grants: Grants
    ) -> Message:
        row = await self._organised(session_id, grants)
        async with self.work.begin(origin.event_id, "focus.invite_guests") as unit:
            if not unit.replayed:
                added = [
                    u
                    for u in dict.fromkeys(users)
                    if await self.guests.add(row.id, u, origin.sender, session=unit.session)
                ]
                for user in added:
                    await self.audit.record(
                        origin.sender,
                        "focus.guest_invite",
                        room_id=origin.room_id,
                        target=user,
                        details={"session": row.id},
                        session=unit.session,
                    )
                await self._schedule_end(row, unit.session)
                unit.result = {"added": added}
        self.timers.arm(end_key(row.id), session_end(row))
        added = list(unit.result["added"])
        for user in added:
            await self._welcome(row, user, origin.event_id)
        room = await self.guests.room(row.id)
        if room is not None and not room.archived:
            await self._invite(room.room_id, added)
        people = ", ".join(pill(u) for u in added) or "—"
        return origin.lang.render("focus.guests.invited", id=row.id, people=Raw(people))

    async def _schedule_end(self, row: FocusSession, session: object) -> None:
        await self.timers.schedule(
            end_key(row.id),
            GUESTS_END,
            session_end(row),
            {"session": row.id},
            grace=timedelta(days=365),  # late or not, access must end
            session=session,  # type: ignore[arg-type]
        )

    async def _welcome(self, row: FocusSession, user: str, seed: str) -> None:
        """The announcement and the calendar file, in the guest's DM."""
        lang = await self.notices.catalogue_of(user)
        dm = await self.direct_rooms.ensure(user)
        message = lang.render("focus.guests.welcome", **self.notices.params(row, lang))
        await self.client.send_message(dm, message, txn_id=notice_txn(f"{seed}|welcome", dm))
        content = self._ics(row, lang)
        await self.client.post_file(
            dm,
            content,
            "text/calendar",
            f"focus-{row.id}.ics",
            txn_id=notice_txn(f"{seed}|ics", dm),
        )

    def _ics(self, row: FocusSession, lang: Catalogue) -> bytes:
        from bot.cli.focus import calendar_session  # the export's own shaping of a session

        server = self.client.user_id.split(":", 1)[1] if ":" in self.client.user_id else "local"
        return export_ics([calendar_session(row, {}, lang)], server_name=server, now=self.clock())

    async def open_room(self, origin: Origin, session_id: int, grants: Grants) -> Message:
        """``!focus salon N``: the session's own room, created once, participants and guests
        invited. Two commands at once (two rooms, two organisers) wait for each other here:
        the second finds the room the first created."""
        row = await self._organised(session_id, grants)
        async with self._room_locks[row.id]:
            existing = await self.guests.room(row.id) or await self._create_room(origin, row)
        people = [row.author_id, *await self.sessions.participants(row.id)]
        people += await self.guests.guests(row.id)
        await self._invite(existing.room_id, list(dict.fromkeys(people)))
        link = f"https://matrix.to/#/{existing.room_id}"
        return origin.lang.render("focus.guests.room_opened", id=row.id, link=link)

    async def _create_room(self, origin: Origin, row: FocusSession) -> FocusRoom:
        lang = self.notices.room_catalogue()
        room_id = await self.client.create_room(
            name=lang.text("focus.guests.room_name", id=row.id, theme=row.theme),
            topic=lang.text("focus.guests.room_topic", when=self.notices.params(row, lang)["when"]),
        )
        try:
            async with self.work.begin(origin.event_id, "focus.open_room") as unit:
                if not unit.replayed:
                    await self.guests.add_room(row.id, room_id, session=unit.session)
                    await self._schedule_end(row, unit.session)
                    unit.result = {"room": room_id}
        except IntegrityError:  # another process recorded its room first: that one is kept
            await self.client.leave(room_id)
        self.timers.arm(end_key(row.id), session_end(row))
        created = await self.guests.room(row.id)
        assert created is not None
        return created

    async def end(self, timer_key: str, session_id: int, txn: object) -> bool:
        """The session is over: guests' access ends, the room is archived. A session moved
        later re-arms the timer for its new end."""
        row = await self.sessions.get(session_id)
        if row is None:
            return False
        if row.status == PLANNED and session_end(row) > self.clock():
            await self.timers.schedule(
                f"{end_key(row.id)}:again", GUESTS_END, session_end(row), {"session": row.id}
            )
            return False
        async with self.work.begin(f"timer:{timer_key}", "focus.guests_end") as unit:
            if not unit.replayed:
                ended = await self.guests.end(row.id, self.clock(), session=unit.session)
                for user in ended:
                    await self.audit.record(
                        self.client.user_id,
                        "focus.guest_end",
                        target=user,
                        details={"session": row.id},
                        session=unit.session,
                    )
                archive = await self.guests.archive_room(row.id, session=unit.session)
                unit.result = {"ended": ended, "archive": archive}
        ended, room = list(unit.result["ended"]), await self.guests.room(row.id)
        lang = self.notices.room_catalogue()
        if room is not None:
            notice = lang.render("focus.guests.room_archived", id=row.id)
            await self.client.send_message(
                room.room_id, notice, txn_id=notice_txn(f"{timer_key}|end", room.room_id)
            )
            for user in ended:  # checked first: a replay kicks nobody twice
                if await membership(self.client, room.room_id, user) in ("join", "invite"):
                    await self.client.kick(room.room_id, user, lang.text("focus.guests.over"))
            if unit.result.get("archive"):
                await self._archive(room.room_id)
        return True

    async def _invite(self, room_id: str, users: list[str]) -> None:
        for user in users:
            if user == self.client.user_id:
                continue
            if await membership(self.client, room_id, user) not in ("join", "invite", "ban"):
                await self.client.invite(room_id, user)

    async def _archive(self, room_id: str) -> None:
        name = await self.client.get_state(room_id, "m.room.name") or {}
        await self.client.put_state(
            room_id, "m.room.name", {"name": ARCHIVED_PREFIX + str(name.get("name", ""))}
        )
        levels = await self.client.get_state(room_id, "m.room.power_levels") or {}
        levels["events_default"] = 100
        await self.client.put_state(room_id, "m.room.power_levels", levels)
