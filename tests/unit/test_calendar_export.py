"""iCalendar export: read back by icalendar and by vobject, an independent parser."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.text.calendar_export import (
    CalendarSession,
    build_calendar,
    export_ics,
    session_uid,
    yearly_rule_timezone,
)
from bot.text.when import Recurrence, parse_when

vobject = pytest.importorskip("vobject", reason="vobject is the independent iCalendar parser")

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS)
SERVER = "example.org"


def rule(text: str) -> Recurrence:
    parsed = parse_when(text, tz=BRUSSELS, now=NOW).rule
    assert parsed is not None
    return parsed


def sessions() -> list[CalendarSession]:
    weekly = rule("tous les jeudis à 14h")
    monthly = rule("chaque premier mardi à 10h")
    fortnightly = rule("toutes les deux semaines le mercredi à 10h")
    return [
        CalendarSession(
            id=1,
            title="Mobilité et permis",
            start=parse_when("jeudi prochain 14h", tz=BRUSSELS, now=NOW).start,
            duration=timedelta(hours=2),
            location="#ts-charleroi:example.org, #ts-namur:example.org",
            description="Échanges entre CPAS; MIRE, et \\ les autres.\nDeuxième ligne.",
            organizer="@alice:example.org",
        ),
        CalendarSession(7, "Santé mentale", weekly.start, timedelta(minutes=90), recurrence=weekly),
        CalendarSession(
            8, "Budget et dettes", monthly.start, timedelta(hours=1), recurrence=monthly
        ),
        CalendarSession(
            9, "Numérique", fortnightly.start, timedelta(hours=1), recurrence=fortnightly
        ),
        CalendarSession(
            id=12,
            title="Logement (annulée)",
            start=datetime(2026, 12, 10, 9, 30, tzinfo=BRUSSELS),
            duration=timedelta(hours=1),
            cancelled=True,
            sequence=2,
        ),
    ]


@pytest.fixture(scope="module")
def ics() -> bytes:
    return export_ics(sessions(), server_name=SERVER, now=NOW)


def test_calendar_header_and_time_zone(ics: bytes) -> None:
    cal = Calendar.from_ical(ics)
    assert cal["PRODID"] == "-//Tisserand//Sessions focus//FR"
    assert cal["VERSION"] == "2.0"
    zones = [component for component in cal.walk("VTIMEZONE")]
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Brussels"]
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))


def test_events_read_back_with_icalendar(ics: bytes) -> None:
    events = {str(event["UID"]): event for event in Calendar.from_ical(ics).walk("VEVENT")}
    assert set(events) == {f"focus-{n}@example.org" for n in (1, 7, 8, 9, 12)}

    one = events["focus-1@example.org"]
    start = one.decoded("DTSTART")
    assert start == datetime(2026, 11, 26, 14, 0, tzinfo=BRUSSELS)
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Brussels"
    assert one["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert one.decoded("DTEND") - start == timedelta(hours=2)
    assert one.decoded("DTSTAMP") == NOW.astimezone(UTC)
    assert str(one["SUMMARY"]) == "Mobilité et permis"
    assert str(one["DESCRIPTION"]) == sessions()[0].description
    assert str(one["LOCATION"]) == sessions()[0].location
    assert str(one["ORGANIZER"]) == "https://matrix.to/#/@alice:example.org"
    assert str(one["STATUS"]) == "CONFIRMED"
    assert "RRULE" not in one

    assert events["focus-7@example.org"]["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TH"
    assert events["focus-8@example.org"]["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TU"
    assert events["focus-9@example.org"]["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    cancelled = events["focus-12@example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2


def test_events_read_back_with_vobject(ics: bytes) -> None:
    cal = vobject.readOne(ics.decode("utf-8"))
    assert cal.vtimezone.tzid.value == "Europe/Brussels"
    events = {event.uid.value: event for event in cal.vevent_list}
    assert set(events) == {f"focus-{n}@example.org" for n in (1, 7, 8, 9, 12)}
    one = events["focus-1@example.org"]
    assert one.dtstart.value == datetime(2026, 11, 26, 14, 0, tzinfo=BRUSSELS)
    assert one.dtend.value == datetime(2026, 11, 26, 16, 0, tzinfo=BRUSSELS)
    assert one.summary.value == "Mobilité et permis"
    assert one.description.value == sessions()[0].description
    assert events["focus-12@example.org"].status.value == "CANCELLED"


@pytest.mark.parametrize("session_id", [7, 8, 9])
def test_vobject_expands_each_rrule_to_our_dates(ics: bytes, session_id: int) -> None:
    """vobject expands with the exported VTIMEZONE, so this also checks the DST rules in it."""
    cal = vobject.readOne(ics.decode("utf-8"))
    event = next(e for e in cal.vevent_list if e.uid.value == f"focus-{session_id}@example.org")
    expanded = list(itertools.islice(event.getrruleset(), 30))
    ours = next(s for s in sessions() if s.id == session_id)
    assert ours.recurrence is not None
    expected = [ours.start, *ours.recurrence.occurrences(ours.start, 29)]
    assert [moment.astimezone(UTC) for moment in expanded] == [
        moment.astimezone(UTC) for moment in expected
    ]


def test_weekly_export_keeps_local_time_across_the_march_change(ics: bytes) -> None:
    cal = vobject.readOne(ics.decode("utf-8"))
    event = next(e for e in cal.vevent_list if e.uid.value == "focus-7@example.org")
    around_change = [
        moment
        for moment in itertools.islice(event.getrruleset(), 30)
        if datetime(2027, 3, 20, tzinfo=BRUSSELS) <= moment <= datetime(2027, 4, 5, tzinfo=BRUSSELS)
    ]
    assert [m.astimezone(BRUSSELS).hour for m in around_change] == [14, 14]
    assert [m.astimezone(UTC).hour for m in around_change] == [13, 12]


def test_uids_are_stable_across_exports() -> None:
    first = Calendar.from_ical(export_ics(sessions(), server_name=SERVER, now=NOW))
    later = Calendar.from_ical(
        export_ics(sessions(), server_name=SERVER, now=NOW + timedelta(days=3))
    )
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in later.walk("VEVENT")
    ]
    assert session_uid(42, "matrix.reseau.be") == "focus-42@matrix.reseau.be"


def test_times_in_another_zone_are_written_in_the_calendar_zone() -> None:
    session = CalendarSession(
        3, "Emploi", datetime(2026, 12, 2, 13, 0, tzinfo=UTC), timedelta(hours=1)
    )
    event = build_calendar([session], server_name=SERVER, now=NOW).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART").hour == 14


def test_empty_calendar_is_valid() -> None:
    cal = vobject.readOne(export_ics([], server_name=SERVER, now=NOW).decode("utf-8"))
    assert cal.prodid.value == "-//Tisserand//Sessions focus//FR"
    assert not hasattr(cal, "vevent")


def test_naive_start_is_refused() -> None:
    naive = CalendarSession(4, "Formation", datetime(2026, 12, 2, 13, 0), timedelta(hours=1))
    with pytest.raises(ValueError, match="naive"):
        export_ics([naive], server_name=SERVER)


def test_vtimezone_uses_yearly_rules(ics: bytes) -> None:
    zone = Calendar.from_ical(ics).walk("VTIMEZONE")[0]
    parts = {part.name: part for part in zone.subcomponents}
    assert parts["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert parts["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert parts["DAYLIGHT"].decoded("DTSTART") == datetime(2025, 3, 30, 2, 0)
    assert parts["STANDARD"].decoded("DTSTART") == datetime(2025, 10, 26, 3, 0)
    assert b"RDATE" not in ics


def test_other_zones_get_their_own_rules() -> None:
    new_york = yearly_rule_timezone(ZoneInfo("America/New_York"), 2026, 2027)
    assert new_york is not None
    rules = sorted(part["RRULE"].to_ical() for part in new_york.subcomponents)
    assert rules == [b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"]
    tokyo = yearly_rule_timezone(ZoneInfo("Asia/Tokyo"), 2026, 2027)
    assert tokyo is not None and [part.name for part in tokyo.subcomponents] == ["STANDARD"]
    # Morocco's changes follow Ramadan: no yearly rule, the listed form is used instead.
    assert yearly_rule_timezone(ZoneInfo("Africa/Casablanca"), 2026, 2027) is None
    casablanca = ZoneInfo("Africa/Casablanca")
    session = CalendarSession(
        5, "Langue", datetime(2027, 1, 7, 14, tzinfo=casablanca), timedelta(1)
    )
    cal = Calendar.from_ical(export_ics([session], server_name=SERVER, tz=casablanca, now=NOW))
    assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Africa/Casablanca"]
