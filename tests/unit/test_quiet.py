from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.services.quiet import is_quiet, next_open
from config.layout import Policy

BRUSSELS = ZoneInfo("Europe/Brussels")
POLICY = Policy()  # quiet 20:00–08:00, Saturdays and Sundays


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BRUSSELS)  # 23 Nov 2026 is a Monday


def test_working_hours_are_open() -> None:
    assert not is_quiet(at(23, 10), POLICY)
    assert next_open(at(23, 10), POLICY) == at(23, 10)


def test_evening_waits_for_the_morning() -> None:
    assert is_quiet(at(23, 21), POLICY)
    assert next_open(at(23, 21), POLICY) == at(24, 8)
    assert next_open(at(24, 6, 30), POLICY) == at(24, 8)


def test_weekend_waits_for_monday() -> None:
    assert is_quiet(at(28, 11), POLICY)  # Saturday
    assert next_open(at(27, 22), POLICY) == at(30, 8)  # Friday night → Monday 8:00


def test_quiet_hours_across_a_time_zone_given_in_utc() -> None:
    utc_evening = datetime(2026, 11, 23, 19, 30, tzinfo=ZoneInfo("UTC"))  # 20:30 in Brussels
    assert is_quiet(utc_evening, POLICY)
