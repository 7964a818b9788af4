"""``tisserand focus ics [--output FILE]``: the upcoming focus sessions as an iCalendar file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.text.calendar_export import CalendarSession, export_ics
from bot.text.when import Recurrence
from config.settings import Settings
from storage.database import Database
from storage.models import FocusSession
from storage.repositories.focus import CANCELLED, FocusRepository


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    focus = sub.add_parser("focus", help="focus sessions")
    focus_sub = focus.add_subparsers(dest="focus_command", required=True)
    ics = focus_sub.add_parser("ics", help="write upcoming focus sessions as an iCalendar file")
    ics.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    ics.set_defaults(func=cmd_focus_ics)


def calendar_session(row: FocusSession) -> CalendarSession:
    """What the export needs, from a stored session (times in the zone it was planned in)."""
    start = row.starts_at.astimezone(ZoneInfo(row.timezone))
    rule = Recurrence.from_rrule_string(row.rrule, start) if row.rrule else None
    rooms = ", ".join(row.room_ids or [])
    description = f"Cible : {row.target}"
    if row.guests:
        description += f"\nPartenaires invités : {row.guests}"
    return CalendarSession(
        id=row.id,
        title=row.theme,
        start=start,
        duration=timedelta(minutes=row.duration_minutes),
        location=rooms,
        description=description,
        recurrence=rule,
        organizer=row.author_id,
        cancelled=row.status == CANCELLED,
        sequence=row.sequence,
    )


async def upcoming_ics(
    database: Database, *, server_name: str, tz: ZoneInfo, now: datetime | None = None
) -> bytes:
    rows = await FocusRepository(database).for_calendar(now or datetime.now(UTC))
    return export_ics(
        [calendar_session(row) for row in rows], server_name=server_name, tz=tz, now=now
    )


async def _export(settings: Settings) -> bytes:
    database = Database(settings.effective_database_url)
    try:
        await database.migrate()
        server = settings.user_id.split(":", 1)[1] if settings.user_id else "localhost"
        return await upcoming_ics(database, server_name=server, tz=settings.zone)
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
