"""The focus repository on every backend, and the iCalendar export of stored sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.cli.focus import upcoming_ics
from bot.text.when import parse_when
from storage.database import Database
from storage.repositories.focus import FocusRepository
from storage.repositories.rooms import RoomRepository

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
BRUSSELS = ZoneInfo("Europe/Brussels")


async def _session(repository: FocusRepository, start: datetime, **fields: object):
    values: dict[str, object] = {
        "author_id": "@alice:example.org",
        "theme": "Mobilité et permis",
        "target": "nord",
        "bassins": ["nord"],
        "room_ids": ["!a:example.org", "!b:example.org"],
        "guests": "CPAS, MIRE",
        "starts_at": start,
        "duration_minutes": 90,
        "timezone": "Europe/Brussels",
    }
    values.update(fields)
    return await repository.create(**values)


async def test_sessions_announcements_participants(database: Database) -> None:
    repository = FocusRepository(database)
    first = await _session(repository, NOW + timedelta(days=3))
    second = await _session(repository, NOW + timedelta(days=1), theme="Logement")
    await _session(repository, NOW - timedelta(days=1), theme="Passée")

    assert [s.id for s in await repository.upcoming(NOW)] == [second.id, first.id]
    await repository.add_announcement(first.id, "!a:example.org", "$ev1")
    await repository.add_announcement(first.id, "!a:example.org", "$ev1")  # replayed: no error
    found = await repository.by_announcement("$ev1")
    assert found is not None and found.id == first.id
    assert await repository.by_announcement("$nope") is None

    assert await repository.add_participant(first.id, "@bob:example.org")
    assert not await repository.add_participant(first.id, "@bob:example.org")
    assert await repository.participants(first.id) == ["@bob:example.org"]
    assert await repository.participant_counts([first.id, second.id]) == {first.id: 1, second.id: 0}

    moved = await repository.move(first.id, NOW + timedelta(days=5), None, 60)
    assert moved is not None and moved.sequence == 1
    assert await repository.cancel(first.id)
    assert not await repository.cancel(first.id)  # only one caller acts
    cancelled = await repository.get(first.id)
    assert cancelled is not None and cancelled.status == "cancelled" and cancelled.sequence == 2
    assert [s.id for s in await repository.upcoming(NOW)] == [second.id]


async def test_digest_posts_are_recorded_once(database: Database) -> None:
    repository = FocusRepository(database)
    assert not await repository.digest_posted("!a:example.org", "2026-W48")
    await repository.record_digest("!a:example.org", "2026-W48", "nord", "$d1")
    await repository.record_digest("!a:example.org", "2026-W48", "nord", "$d1")
    assert await repository.digest_posted("!a:example.org", "2026-W48")
    assert not await repository.digest_posted("!a:example.org", "2026-W49")


async def test_ics_export_of_upcoming_sessions(database: Database) -> None:
    repository = FocusRepository(database)
    once = await _session(repository, datetime(2026, 12, 3, 13, 0, tzinfo=UTC))
    when = parse_when("chaque premier mardi à 10h", now=NOW)
    assert when.rule is not None
    series = await _session(
        repository,
        when.start.astimezone(UTC),
        theme="Santé mentale",
        rrule=when.rule.rrule_string(),
    )
    cancelled = await _session(repository, datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    await repository.cancel(cancelled.id)
    await _session(repository, NOW - timedelta(days=2), theme="Passée")

    content = await upcoming_ics(
        database,
        server_name="example.org",
        tz=when.start.tzinfo,
        now=NOW,  # type: ignore[arg-type]
    )
    calendar = Calendar.from_ical(content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"focus-{once.id}@example.org",
        f"focus-{series.id}@example.org",
        f"focus-{cancelled.id}@example.org",
    }
    first = events[f"focus-{once.id}@example.org"]
    assert str(first["summary"]) == "Mobilité et permis"
    assert first.decoded("dtstart").hour == 14  # 13:00 UTC is 14:00 in Brussels
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=90)
    recurring = events[f"focus-{series.id}@example.org"]
    assert recurring["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TU"
    assert str(events[f"focus-{cancelled.id}@example.org"]["status"]) == "CANCELLED"
    assert b"BEGIN:VTIMEZONE" in content and b"\r\n" in content


def test_cli_writes_an_ics_file(tmp_path, monkeypatch) -> None:
    import argparse

    from bot.cli.focus import add_commands

    monkeypatch.setenv("TISSERAND_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TISSERAND_USER_ID", "@tisserand:example.org")
    monkeypatch.chdir(tmp_path)  # no .env file around
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    output = tmp_path / "focus.ics"
    args = parser.parse_args(["focus", "ics", "--output", str(output)])
    assert args.func(args) == 0
    calendar = Calendar.from_ical(output.read_bytes())
    assert str(calendar["prodid"]).startswith("-//Tisserand")
    assert calendar.walk("VEVENT") == []


async def test_ics_location_names_the_rooms_and_links_them(database: Database) -> None:
    rooms = RoomRepository(database)
    await rooms.save(
        "room:nord:travailleurs-sociaux",
        room_id="!a:example.org",
        kind="groupe",
        alias="#ts-nord:example.org",
        name="Travailleurs sociaux · Nord",
        bassin="nord",
        groupe="travailleurs-sociaux",
    )
    await rooms.save(
        "room:nord:responsables",
        room_id="!b:example.org",
        kind="groupe",
        name="Responsables · Nord",  # no alias: linked by its id
        bassin="nord",
        groupe="responsables",
    )
    row = await _session(FocusRepository(database), NOW + timedelta(days=2))
    content = await upcoming_ics(database, server_name="example.org", tz=BRUSSELS, now=NOW)
    event = next(e for e in Calendar.from_ical(content).walk("VEVENT"))
    assert str(event["uid"]) == f"focus-{row.id}@example.org"
    assert str(event["location"]) == (
        "Travailleurs sociaux · Nord (https://matrix.to/#/#ts-nord:example.org); "
        "Responsables · Nord (https://matrix.to/#/!b:example.org)"
    )
    assert str(event["description"]) == "Cible : nord\nPartenaires invités : CPAS, MIRE"


async def test_reports_are_kept_and_found_with_an_excerpt(database: Database) -> None:
    repository = FocusRepository(database)
    first = await _session(repository, NOW + timedelta(days=2))
    other = await _session(repository, NOW + timedelta(days=3), theme="Logement")
    async with database.transaction() as session:
        await repository.save_report(
            first,
            "Présents : 12. Pistes : covoiturage et auto-école sociale.",
            "@bob:x",
            session=session,
        )
    await repository.save_report(other, "Garantie locative, bail glissant.", "@bob:x")
    found = await repository.search_reports("covoiturage")
    assert [hit.session.id for hit in found] == [first.id]
    assert "covoiturage" in found[0].excerpt
    stored = await repository.get(first.id)
    assert stored is not None and stored.report_author == "@bob:x"
