"""French "when" phrases: one-off dates, recurrences, refusals, and the French echo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.framework.catalogue import catalogue, placeholders
from bot.text.when import (
    Frequency,
    Recurrence,
    When,
    WhenError,
    format_french,
    format_french_date,
    parse_when,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
# A Monday morning, so that "demain", "mardi" and "jeudi prochain" are easy to check by hand.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS)


def parse(text: str, **kwargs: object) -> When:
    return parse_when(text, tz=BRUSSELS, now=NOW, **kwargs)  # type: ignore[arg-type]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


ONE_OFF = [
    ("demain 10h", local(2026, 11, 24, 10, 0)),
    ("demain à 10 h 30", local(2026, 11, 24, 10, 30)),
    ("jeudi prochain 14h", local(2026, 11, 26, 14, 0)),
    ("le 3 décembre à 9h30", local(2026, 12, 3, 9, 30)),
    ("3/12 9h30", local(2026, 12, 3, 9, 30)),
    ("mardi 14h", local(2026, 11, 24, 14, 0)),
    ("dans 2 semaines à 10h", local(2026, 12, 7, 10, 0)),
    ("lundi 7 décembre 2026 à 14:00", local(2026, 12, 7, 14, 0)),
    ("après-demain 9h", local(2026, 11, 25, 9, 0)),
    ("apres demain 9h", local(2026, 11, 25, 9, 0)),
    ("Jeudi Prochain 14H", local(2026, 11, 26, 14, 0)),
    ("jeudi à 14 heures", local(2026, 11, 26, 14, 0)),
    ("jeudi 14h00", local(2026, 11, 26, 14, 0)),
    ("mercredi 10h15", local(2026, 11, 25, 10, 15)),
    ("lundi 10 h", local(2026, 11, 30, 10, 0)),  # today's Monday is meant as the next one
    ("le 3 déc. à 9h30", local(2026, 12, 3, 9, 30)),
    ("le 3 decembre a 9h30", local(2026, 12, 3, 9, 30)),
    ("jeudi 3 décembre 14h", local(2026, 12, 3, 14, 0)),
    ("le premier décembre à 9h", local(2026, 12, 1, 9, 0)),
    ("le 3 à 10h", local(2026, 12, 3, 10, 0)),
    ("vendredi 4 à 10h", local(2026, 12, 4, 10, 0)),
    ("3.12 9h30", local(2026, 12, 3, 9, 30)),
    ("3/12/2026 à 9h30", local(2026, 12, 3, 9, 30)),
    ("le 15 janvier à 11h", local(2027, 1, 15, 11, 0)),  # no year: the next 15 January
    ("ce soir 20h", local(2026, 11, 23, 20, 0)),
    ("demain soir 8h", local(2026, 11, 24, 20, 0)),
    ("demain 3h de l'après-midi", local(2026, 11, 24, 15, 0)),
    ("demain midi", local(2026, 11, 24, 12, 0)),
    ("14h", local(2026, 11, 23, 14, 0)),
    ("9h", local(2026, 11, 24, 9, 0)),  # today's 9:00 is over: tomorrow
    ("10h et demie demain", local(2026, 11, 24, 10, 30)),
    ("mardi en huit 10h", local(2026, 12, 1, 10, 0)),
    ("le 3 décembre prochain à 9h", local(2026, 12, 3, 9, 0)),
    ("dimanche prochain 10h", local(2026, 11, 29, 10, 0)),
    ("dans 2 heures", local(2026, 11, 23, 12, 0)),
    ("dans 30 minutes", local(2026, 11, 23, 10, 30)),
    ("  demain   10h  ", local(2026, 11, 24, 10, 0)),
    ("demain 10h.", local(2026, 11, 24, 10, 0)),
]


@pytest.mark.parametrize(("text", "expected"), ONE_OFF)
def test_one_off_phrases(text: str, expected: datetime) -> None:
    when = parse(text)
    assert when.rule is None
    assert when.start == expected
    assert when.start.tzinfo == BRUSSELS
    assert when.start > NOW


def test_a_range_gives_a_duration() -> None:
    for text in ("demain de 14h à 16h", "demain 14h-16h"):
        when = parse(text)
        assert when.start == local(2026, 11, 24, 14, 0)
        assert when.duration == timedelta(hours=2)
    assert parse("demain 14h").duration is None


RECURRING = [
    (
        "chaque premier mardi à 10h",
        "FREQ=MONTHLY;BYDAY=1TU",
        local(2026, 12, 1, 10, 0),
        "chaque premier mardi du mois à 10 h 00",
    ),
    (
        "le premier mardi de chaque mois à 10h",
        "FREQ=MONTHLY;BYDAY=1TU",
        local(2026, 12, 1, 10, 0),
        "chaque premier mardi du mois à 10 h 00",
    ),
    (
        "tous les jeudis à 14h",
        "FREQ=WEEKLY;BYDAY=TH",
        local(2026, 11, 26, 14, 0),
        "chaque jeudi à 14 h 00",
    ),
    (
        "chaque lundi à 9h",
        "FREQ=WEEKLY;BYDAY=MO",
        local(2026, 11, 30, 9, 0),
        "chaque lundi à 9 h 00",
    ),
    (
        "toutes les deux semaines le mercredi à 10h",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        local(2026, 11, 25, 10, 0),
        "toutes les deux semaines le mercredi à 10 h 00",
    ),
    (
        "un jeudi sur deux à 14h",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        local(2026, 11, 26, 14, 0),
        "toutes les deux semaines le jeudi à 14 h 00",
    ),
    (
        "tous les 15 jours le mercredi à 10h",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        local(2026, 11, 25, 10, 0),
        "toutes les deux semaines le mercredi à 10 h 00",
    ),
    (
        "le dernier vendredi du mois à 16h",
        "FREQ=MONTHLY;BYDAY=-1FR",
        local(2026, 11, 27, 16, 0),
        "chaque dernier vendredi du mois à 16 h 00",
    ),
    (
        "chaque 15 du mois à 11h",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        local(2026, 12, 15, 11, 0),
        "chaque 15 du mois à 11 h 00",
    ),
    (
        "chaque mois le 15 à 11h",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        local(2026, 12, 15, 11, 0),
        "chaque 15 du mois à 11 h 00",
    ),
    (
        "le 1er de chaque mois à 9h",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        local(2026, 12, 1, 9, 0),
        "chaque 1er du mois à 9 h 00",
    ),
    (
        "chaque dernier jour du mois à 17h",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        local(2026, 11, 30, 17, 0),
        "chaque dernier jour du mois à 17 h 00",
    ),
    (
        "tous les lundis et jeudis à 9h",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        local(2026, 11, 26, 9, 0),
        "chaque lundi et jeudi à 9 h 00",
    ),
    (
        "le troisième mercredi de chaque mois à 9h30",
        "FREQ=MONTHLY;BYDAY=3WE",
        local(2026, 12, 16, 9, 30),
        "chaque troisième mercredi du mois à 9 h 30",
    ),
    (
        "tous les deux mois le premier jeudi à 14h",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TH",
        local(2026, 12, 3, 14, 0),
        "le premier jeudi du mois, tous les deux mois, à 14 h 00",
    ),
    (
        "chaque mardi à 10h à partir du 5 janvier",
        "FREQ=WEEKLY;BYDAY=TU",
        local(2027, 1, 5, 10, 0),
        "chaque mardi à 10 h 00",
    ),
]


@pytest.mark.parametrize(("text", "rrule", "first", "description"), RECURRING)
def test_recurring_phrases(text: str, rrule: str, first: datetime, description: str) -> None:
    when = parse(text)
    assert when.rule is not None
    assert when.rule.rrule_string() == rrule
    assert when.start == first == when.rule.start
    assert when.rule.describe_french() == description
    assert when.describe_french() == f"{description}, à partir du {format_french_date(first)}"


def test_daily_is_refused_unless_allowed() -> None:
    with pytest.raises(WhenError) as caught:
        parse("tous les jours à 8h30")
    assert caught.value.key == "dates.error.daily"
    when = parse("tous les jours à 8h30", allow_daily=True)
    assert when.rule is not None and when.rule.frequency is Frequency.DAILY
    assert when.start == local(2026, 11, 24, 8, 30)
    assert when.rule.rrule_string() == "FREQ=DAILY"
    assert when.rule.describe_french() == "tous les jours à 8 h 30"


def test_until_bounds_the_occurrences() -> None:
    when = parse("chaque mardi à 10h jusqu'au 15 décembre")
    assert when.rule is not None
    assert when.rule.until == date(2026, 12, 15)
    assert when.rule.rrule_string() == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T225959Z"
    assert when.rule.occurrences(NOW, 10) == [
        local(2026, 11, 24, 10, 0),
        local(2026, 12, 1, 10, 0),
        local(2026, 12, 8, 10, 0),
        local(2026, 12, 15, 10, 0),
    ]
    assert when.describe_french() == (
        "chaque mardi à 10 h 00, à partir du mardi 24 novembre 2026, "
        "jusqu'au mardi 15 décembre 2026"
    )


WRONG = [
    ("hier 10h", "dates.error.past"),
    ("3 décembre 2025 10h", "dates.error.past"),
    ("jeudi", "dates.error.missing_time"),
    ("le 3 décembre", "dates.error.missing_time"),
    ("n'importe quand", "dates.error.vague"),
    ("la semaine prochaine 10h", "dates.error.vague"),
    ("32 décembre 10h", "dates.error.invalid_date"),
    ("30 février 10h", "dates.error.invalid_date"),
    ("3/13 10h", "dates.error.invalid_date"),
    ("", "dates.error.empty"),
    ("   ", "dates.error.empty"),
    ("25h", "dates.error.invalid_time"),
    ("demain 10h70", "dates.error.invalid_time"),
    ("blabla 10h", "dates.error.not_understood"),
    ("demain 10h blabla", "dates.error.not_understood"),
    ("lundi 8 décembre 2026 à 14:00", "dates.error.weekday_mismatch"),
    ("3 décembre 2030 10h", "dates.error.too_far"),
    ("demain de 16h à 14h", "dates.error.bad_range"),
    ("demain 9h 10h 11h", "dates.error.several_times"),
    ("chaque mardi", "dates.error.recurrence_missing_time"),
    ("chaque mois à 10h", "dates.error.recurrence_incomplete"),
    ("toutes les semaines à 10h", "dates.error.recurrence_incomplete"),
    ("chaque 31 du mois à 10h", "dates.error.month_day_too_late"),
    ("chaque mardi sauf en août à 10h", "dates.error.recurrence_not_understood"),
    ("tous les jours à 8h30", "dates.error.daily"),
]


@pytest.mark.parametrize(("text", "key"), WRONG)
def test_wrong_phrases_get_a_clear_message_with_an_example(text: str, key: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse(text)
    error = caught.value
    assert error.key == key
    message = error.text()
    assert "xemple" in message  # "Exemple(s)" or "par exemple"
    assert message.count("«") >= 1 and message.count("»") >= 1
    english = error.text("en")
    assert "example" in english.lower()


def test_error_messages_name_what_was_understood() -> None:
    with pytest.raises(WhenError) as caught:
        parse("le 3 décembre")
    assert "jeudi 3 décembre 2026" in caught.value.text()
    with pytest.raises(WhenError) as caught:
        parse("hier 10h")
    assert "dimanche 22 novembre 2026 à 10 h 00" in caught.value.text()
    with pytest.raises(WhenError) as caught:
        parse("lundi 8 décembre 2026 à 14:00")
    assert "le 8 décembre 2026 est un mardi, pas un lundi" in caught.value.text()
    with pytest.raises(WhenError) as caught:
        parse("demain *gras* 10h")
    message = caught.value.message()
    assert "<strong>" not in message.html and "<em>" not in message.html


def test_the_time_today_already_past_is_refused_when_the_day_is_named() -> None:
    with pytest.raises(WhenError) as caught:
        parse("le 23 novembre à 9h")
    assert caught.value.key == "dates.error.past"


def test_now_defaults_to_the_clock_and_naive_now_is_local() -> None:
    assert parse_when("demain 10h", tz=BRUSSELS).start > datetime.now(BRUSSELS)
    naive = parse_when("demain 10h", tz=BRUSSELS, now=NOW.replace(tzinfo=None))
    assert naive.start == local(2026, 11, 24, 10, 0)


def test_other_time_zone() -> None:
    paris_noon = parse_when("demain 10h", tz=ZoneInfo("America/Montreal"), now=NOW)
    assert paris_noon.start.utcoffset() == timedelta(hours=-5)
    assert (paris_noon.start.year, paris_noon.start.day, paris_noon.start.hour) == (2026, 24, 10)


def test_weekly_stays_at_local_time_across_daylight_saving_changes() -> None:
    when = parse("tous les jeudis à 14h")
    assert when.rule is not None
    late_march = when.rule.occurrences(local(2027, 3, 20), 3)
    assert [moment.date() for moment in late_march] == [
        date(2027, 3, 25),
        date(2027, 4, 1),
        date(2027, 4, 8),
    ]
    assert all((moment.hour, moment.minute) == (14, 0) for moment in late_march)
    assert late_march[0].utcoffset() == timedelta(hours=1)
    assert late_march[1].utcoffset() == timedelta(hours=2)
    assert [m.astimezone(UTC).hour for m in late_march] == [13, 12, 12]
    october = when.rule.occurrences(local(2027, 10, 25), 2)
    assert [m.date() for m in october] == [date(2027, 10, 28), date(2027, 11, 4)]
    assert [m.astimezone(UTC).hour for m in october] == [12, 13]


def test_monthly_rules_give_the_next_dates() -> None:
    first_tuesday = parse("chaque premier mardi à 10h").rule
    last_friday = parse("le dernier vendredi du mois à 16h").rule
    assert first_tuesday is not None and last_friday is not None
    assert [m.date() for m in first_tuesday.occurrences(NOW, 4)] == [
        date(2026, 12, 1),
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 3, 2),
    ]
    assert [m.date() for m in last_friday.occurrences(NOW, 3)] == [
        date(2026, 11, 27),
        date(2026, 12, 25),
        date(2027, 1, 29),
    ]
    assert first_tuesday.next_after(local(2026, 12, 1, 10, 0)) == local(2027, 1, 5, 10, 0)


def test_every_two_weeks_keeps_its_rhythm() -> None:
    rule = parse("toutes les deux semaines le mercredi à 10h").rule
    assert rule is not None
    dates = [m.date() for m in rule.occurrences(NOW, 3)]
    assert dates == [date(2026, 11, 25), date(2026, 12, 9), date(2026, 12, 23)]


def test_rrule_string_round_trip() -> None:
    for text, *_ in RECURRING:
        rule = parse(text).rule
        assert rule is not None
        assert Recurrence.from_rrule_string(rule.rrule_string(), rule.start) == rule
    bounded = parse("chaque mardi à 10h jusqu'au 15 décembre").rule
    assert bounded is not None
    assert Recurrence.from_rrule_string("RRULE:" + bounded.rrule_string(), bounded.start) == bounded
    with pytest.raises(ValueError, match="unsupported"):
        Recurrence.from_rrule_string("FREQ=WEEKLY;BYDAY=TU;COUNT=3", NOW)


def test_recurrence_refuses_inconsistent_rules() -> None:
    with pytest.raises(ValueError, match="ZoneInfo"):
        Recurrence(Frequency.WEEKLY, datetime(2026, 11, 26, 14, tzinfo=UTC).replace(tzinfo=None))
    with pytest.raises(ValueError, match="weekday"):
        Recurrence(Frequency.WEEKLY, NOW)
    with pytest.raises(ValueError, match="monthly"):
        Recurrence(Frequency.MONTHLY, NOW)
    with pytest.raises(ValueError, match="interval"):
        Recurrence(Frequency.WEEKLY, NOW, interval=0, weekdays=(3,))


def test_moved_to_keeps_the_rule() -> None:
    rule = parse("chaque premier mardi à 10h").rule
    assert rule is not None
    moved = rule.moved_to(local(2027, 1, 5, 10, 0))
    assert moved.rrule_string() == rule.rrule_string()
    assert moved.next_after(NOW) == local(2027, 1, 5, 10, 0)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 12, 1, 9, 0), "mardi 1er décembre 2026 à 9 h 00"),
        (local(2025, 12, 1, 9, 0), "lundi 1er décembre 2025 à 9 h 00"),
        (local(2026, 12, 3, 14, 0), "jeudi 3 décembre 2026 à 14 h 00"),
        (local(2026, 8, 15, 0, 5), "samedi 15 août 2026 à 0 h 05"),
        (local(2027, 2, 28, 23, 59), "dimanche 28 février 2027 à 23 h 59"),
        (datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "mercredi 1er juillet 2026 à 0 h 30"),
    ],
)
def test_format_french(moment: datetime, expected: str) -> None:
    assert format_french(moment, BRUSSELS) == expected


def test_format_french_without_zone_keeps_the_datetime_zone() -> None:
    assert format_french(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == (
        "mardi 30 juin 2026 à 22 h 30"
    )


def test_catalogues_have_the_same_date_messages() -> None:
    french, english = catalogue("fr"), catalogue("en")
    keys = {key for key in french.texts if key.startswith("dates.")}
    assert keys == {key for key in english.texts if key.startswith("dates.")}
    for key in keys:
        assert placeholders(french.texts[key]) == placeholders(english.texts[key]), key


def test_on_a_thursday_next_thursday_is_a_week_away() -> None:
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=BRUSSELS)
    for text in ("jeudi prochain à 14h", "jeudi 14h"):
        assert parse_when(text, tz=BRUSSELS, now=thursday).start == local(2026, 12, 3, 14, 0)
    weekly = parse_when("tous les jeudis à 14h", tz=BRUSSELS, now=thursday)
    assert weekly.start == local(2026, 11, 26, 14, 0)  # later today is the first one


def test_a_time_skipped_by_the_spring_change_moves_forward() -> None:
    when = parse("le 28 mars à 2h30")
    assert when.start == local(2027, 3, 28, 3, 30)
    assert when.start.utcoffset() == timedelta(hours=2)


def test_a_paragraph_is_not_read_as_a_date() -> None:
    with pytest.raises(WhenError) as caught:
        parse("demain 10h " + "et puis " * 40)
    assert caught.value.key == "dates.error.not_understood"
