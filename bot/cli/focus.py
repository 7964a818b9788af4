"""``tisserand focus ics [--output FILE]``: the upcoming focus sessions as an iCalendar file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.framework.catalogue import DEFAULT_LANGUAGE, Catalogue, catalogue
from bot.text.calendar_export import CalendarSession, export_ics
from bot.text.when import Recurrence
from config.settings import Settings
from storage.database import Database
from storage.models import FocusSession, ProvisionedRoom
from storage.repositories.focus import CANCELLED, FocusRepository
from storage.repositories.rooms import RoomRepository


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    focus = sub.add_parser("focus", help="focus sessions")
    focus_sub = focus.add_subparsers(dest="focus_command", required=True)
    ics = focus_sub.add_parser("ics", help="write upcoming focus sessions as an iCalendar file")
    ics.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    ics.set_defaults(func=cmd_focus_ics)


def calendar_session(
    row: FocusSession, rooms: Mapping[str, ProvisionedRoom], lang: Catalogue
) -> CalendarSession:
    """What the export needs, from a stored session (times in the zone it was planned in)."""
    start = row.starts_at.astimezone(ZoneInfo(row.timezone))
    rule = Recurrence.from_rrule_string(row.rrule, start) if row.rrule else None
    description = lang.text("focus.ics.target", target=row.target)
    if row.guests:
        description += "\n" + lang.text("focus.ics.guests", guests=row.guests)
    return CalendarSession(
        id=row.id,
        title=row.theme,
        start=start,
        duration=timedelta(minutes=row.duration_minutes),
        location=location(row.room_ids or [], rooms, lang),
        description=description,
        recurrence=rule,
        organizer=row.author_id,
        cancelled=row.status == CANCELLED,
        sequence=row.sequence,
    )


def location(room_ids: list[str], rooms: Mapping[str, ProvisionedRoom], lang: Catalogue) -> str:
    """Where to join, readable in an agenda: each room's name and a link that opens it."""
    places = []
    for room_id in room_ids:
        room = rooms.get(room_id)
        link = f"https://matrix.to/#/{room.alias if room and room.alias else room_id}"
        name = room.name if room is not None else lang.text("focus.ics.unknown_room")
        places.append(lang.text("focus.ics.room", name=name, link=link))
    return "; ".join(places)


async def upcoming_ics(
    database: Database,
    *,
    server_name: str,
    tz: ZoneInfo,
    now: datetime | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    rows = await FocusRepository(database).for_calendar(now or datetime.now(UTC))
    rooms = {
        room.room_id: room for room in await RoomRepository(database).all(include_archived=True)
    }
    lang = catalogue(language)
    sessions = [calendar_session(row, rooms, lang) for row in rows]
    return export_ics(sessions, server_name=server_name, tz=tz, now=now)


async def _export(settings: Settings) -> bytes:
    database = Database(settings.effective_database_url)
    try:
        await database.migrate()
        server = settings.user_id.split(":", 1)[1] if settings.user_id else "localhost"
        return await upcoming_ics(
            database, server_name=server, tz=settings.zone, language=settings.language
        )
    finally:
        await database.close()


def cmd_focus_ics(args: argparse.Namespace) -> int:
    content = asyncio.run(_export(Settings()))
    if args.output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        args.output.write_bytes(content)
        print(f"{args.output}: {content.count(b'BEGIN:VEVENT')} session(s)", file=sys.stderr)
    return 0
