"""Dates written out in full French, as the bot echoes them before confirming.

Written by hand rather than through ``locale``: the machine's locales are not ours to rely on,
and French wants "1er" for the first of the month and "9 h 00" for times.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from bot.text.when.vocabulary import MONTHS, WEEKDAYS


def format_french_date(day: date) -> str:
    """``mardi 1er décembre 2026``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def format_french_time(moment: time | datetime) -> str:
    """``9 h 00``, ``14 h 30``."""
    return f"{moment.hour} h {moment.minute:02d}"


def format_french(moment: datetime, tz: tzinfo | None = None) -> str:
    """``jeudi 3 décembre 2026 à 14 h 00``, in ``tz`` (or the datetime's own zone)."""
    local = moment.astimezone(tz) if tz is not None else moment
    return f"{format_french_date(local.date())} à {format_french_time(local)}"
