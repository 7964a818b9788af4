"""iCalendar export of focus sessions (``tisserand focus ics``).

Members subscribe to or import the file in their own agenda. Each session keeps the same UID
across exports, so a re-import updates events instead of duplicating them, and a cancelled
session stays in the file with ``STATUS:CANCELLED`` so agendas remove it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypedDict, Unpack
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)

from bot.text.when import DEFAULT_TIME_ZONE, Recurrence

PRODUCT_ID = "-//Tisserand//Sessions focus//FR"


@dataclass(frozen=True)
class CalendarSession:
    """What the export needs to know about one focus session."""

    id: int
    title: str
    start: datetime  # aware; the first occurrence when ``recurrence`` is set
    duration: timedelta
    location: str = ""  # the rooms, e.g. "TS Charleroi (https://matrix.to/#/#ts-charleroi:…)"
    description: str = ""
    recurrence: Recurrence | None = None
    organizer: str | None = None  # Matrix user ID
    cancelled: bool = False
    sequence: int = 0  # bumped on each change (moved, cancelled) so agendas take the update


def session_uid(session_id: int, server_name: str) -> str:
    """The stable UID of a session: ``focus-<id>@<server_name>``."""
    return f"focus-{session_id}@{server_name}"


def build_calendar(
    sessions: Iterable[CalendarSession],
    *,
    server_name: str,
    tz: ZoneInfo = DEFAULT_TIME_ZONE,
    now: datetime | None = None,
    name: str = "Sessions focus",
) -> Calendar:
    """A VCALENDAR holding one VEVENT per session, with the VTIMEZONE its times refer to."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    sessions = list(sessions)
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz.key)
    if sessions:
        years = [session.start.astimezone(tz).year for session in sessions]
        zone = yearly_rule_timezone(tz, min(years), max(years) + 1)
        if zone is not None:
            cal.add_component(zone)
    for session in sessions:
        cal.add_component(_event(session, server_name=server_name, tz=tz, stamp=stamp))
    # A zone whose changes follow no yearly rule gets icalendar's VTIMEZONE, listing each change.
    cal.add_missing_timezones()
    return cal


class CalendarOptions(TypedDict, total=False):
    """`build_calendar`'s optional settings, so `export_ics` forwards them without restating
    their defaults."""

    tz: ZoneInfo
    now: datetime | None
    name: str


def export_ics(
    sessions: Iterable[CalendarSession], *, server_name: str, **options: Unpack[CalendarOptions]
) -> bytes:
    """The ``.ics`` file content (UTF-8, CRLF line endings, folded lines)."""
    return build_calendar(sessions, server_name=server_name, **options).to_ical()


def _event(session: CalendarSession, *, server_name: str, tz: ZoneInfo, stamp: datetime) -> Event:
    if session.start.tzinfo is None:
        raise ValueError(f"session {session.id} has a naive start time")
    start = session.start.astimezone(tz)
    event = Event()
    event.add("uid", session_uid(session.id, server_name))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", (start + session.duration).astimezone(tz))
    event.add("summary", session.title)
    event.add("sequence", session.sequence)
    if session.description:
        event.add("description", session.description)
    if session.location:
        event.add("location", session.location)
    if session.organizer:
        organizer = vCalAddress(f"https://matrix.to/#/{session.organizer}")
        organizer.params["cn"] = vText(session.organizer)
        event.add("organizer", organizer)
    if session.recurrence is not None:
        event.add("rrule", vRecur.from_ical(session.recurrence.rrule_string()))
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    return event


@dataclass(frozen=True)
class _Change:
    """One daylight-saving change, described so that it can be compared from year to year."""

    month: int
    ordinal: int  # n-th weekday of the month; -1 for the last one
    weekday: int
    wall_time: tuple[int, int]  # local time, before the change, when it happens
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool
    first: datetime  # naive local wall time of the change in the first year


def yearly_rule_timezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone | None:
    """A VTIMEZONE with one yearly RRULE per change ("last Sunday of March at 2:00").

    Agendas and parsers read this form best (icalendar's own lists every change as an RDATE,
    which some readers ignore). None when the zone's changes do not repeat identically from
    ``first_year`` through ``last_year`` (at least four years), so a listed form is used instead.
    """
    # Starting a year early covers sessions that fall before the first change of ``first_year``.
    years = range(first_year - 1, max(last_year, first_year + 3) + 1)
    per_year = [_changes(tz, year) for year in years]
    zone = Timezone()
    zone.add("tzid", tz.key)
    if not any(per_year):
        moment = datetime(first_year, 7, 1, tzinfo=tz)
        offset = moment.utcoffset() or timedelta(0)
        fixed = TimezoneStandard()
        fixed.add("dtstart", datetime(1970, 1, 1))
        fixed.add("tzoffsetfrom", offset)
        fixed.add("tzoffsetto", offset)
        fixed.add("tzname", moment.tzname() or tz.key)
        zone.add_component(fixed)
        return zone
    shapes = [[_shape(change) for change in changes] for changes in per_year]
    if len(per_year[0]) != 2 or any(shape != shapes[0] for shape in shapes):
        return None
    for change in per_year[0]:
        component = TimezoneDaylight() if change.daylight else TimezoneStandard()
        component.add("dtstart", change.first)
        component.add("tzoffsetfrom", change.offset_from)
        component.add("tzoffsetto", change.offset_to)
        component.add("tzname", change.name)
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[change.weekday]
        component.add(
            "rrule",
            {"freq": "yearly", "bymonth": change.month, "byday": f"{change.ordinal}{weekday}"},
        )
        zone.add_component(component)
    return zone


def _shape(change: _Change) -> tuple[object, ...]:
    return (
        change.month,
        change.ordinal,
        change.weekday,
        change.wall_time,
        change.offset_from,
        change.offset_to,
        change.name,
        change.daylight,
    )


def _changes(tz: ZoneInfo, year: int) -> list[_Change]:
    """The offset changes of ``tz`` during ``year``, found to the quarter hour."""
    found: list[_Change] = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while day < end:
        following = day + timedelta(days=1)
        if day.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            moment = day
            while moment.astimezone(tz).utcoffset() == day.astimezone(tz).utcoffset():
                moment += timedelta(minutes=15)
            found.append(_describe(tz, moment))
        day = following
    return found


def _describe(tz: ZoneInfo, instant: datetime) -> _Change:
    after = instant.astimezone(tz)
    before = (instant - timedelta(minutes=15)).astimezone(tz)
    offset_from = before.utcoffset() or timedelta(0)
    offset_to = after.utcoffset() or timedelta(0)
    wall = (instant + offset_from).replace(tzinfo=None)
    days_in_month = calendar.monthrange(wall.year, wall.month)[1]
    ordinal = -1 if wall.day + 7 > days_in_month else (wall.day - 1) // 7 + 1
    return _Change(
        month=wall.month,
        ordinal=ordinal,
        weekday=wall.weekday(),
        wall_time=(wall.hour, wall.minute),
        offset_from=offset_from,
        offset_to=offset_to,
        name=after.tzname() or tz.key,
        daylight=bool(after.dst()),
        first=wall,
    )
