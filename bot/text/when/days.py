"""Turning the date words of a French phrase ("jeudi prochain", "le 3/12") into a calendar day.

dateparser does the reading; this module prepares its input (it cannot read "jeudi prochain",
"après demain" or "3.12") and checks its output, because it quietly turns an impossible
"32 décembre" into a year and "le 3" into a day already past.
"""

from __future__ import annotations

import calendar
import contextlib
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from bot.text.when.errors import WhenError
from bot.text.when.french_format import format_french_date
from bot.text.when.vocabulary import MONTH_PATTERN, WEEKDAY_PATTERN, WEEKDAYS

_VAGUE = re.compile(
    r"^(?:la |cette )?semaine(?: prochaine)?$|^(?:le |ce )?mois(?: prochain)?$"
    r"|^(?:bientot|plus tard|un jour|prochainement|n'importe quand|quand tu veux)$"
)
_WEEKDAY_NEXT = re.compile(rf"\b(?:ce )?({WEEKDAY_PATTERN})(?: prochain| qui vient|-ci)\b")
_THIS_WEEKDAY = re.compile(rf"\bce ({WEEKDAY_PATTERN})\b")
_WEEKDAY_EN_HUIT = re.compile(rf"^(?:le )?({WEEKDAY_PATTERN}) en huit$")
_DAY_ONLY = re.compile(rf"^(?:le )?(?:({WEEKDAY_PATTERN}) )?(?:le )?(\d{{1,2}})(?:er)?$")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er)? ({MONTH_PATTERN})(?: (\d{{4}}))?(?!\w)")
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?(?![\d.])")
_WEEKDAY_WORD = re.compile(rf"\b({WEEKDAY_PATTERN})\b")
_MONTH_PREFIXES = (
    "jan", "fev", "mar", "avr", "mai", "juin", "juil", "aou", "sep", "oct", "nov", "dec",
)  # fmt: skip


@dataclass(frozen=True)
class Day:
    """A resolved day; ``implicit`` when the phrase named none (a bare "14h" means today)."""

    value: date
    implicit: bool = False


def normalise(rest: str) -> str:
    """Rewrite date words into forms dateparser reads correctly."""
    text = rest
    text = re.sub(r"\baujourd ?hui\b", "aujourd'hui", text)
    text = re.sub(r"\bapres demain\b", "apres-demain", text)
    text = re.sub(r"\b(?:ce|cet) (?:soir|matin|apres-midi|apres midi|aprem)\b", "aujourd'hui", text)
    text = re.sub(r"\b(?:au )?(?:matin|soir|apres-midi|apres midi|aprem)\b", " ", text)
    text = _WEEKDAY_NEXT.sub(r"\1", text)
    text = _THIS_WEEKDAY.sub(r"\1", text)
    text = re.sub(rf"\b(?:le )?premier ({MONTH_PATTERN})", r"1er \1", text)
    text = re.sub(rf"({MONTH_PATTERN}) prochain\b", r"\1", text)
    text = _DOTTED.sub(lambda m: "/".join(g for g in m.groups() if g), text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def resolve_day(rest: str, now: datetime, original: str) -> Day:
    """The day named by ``rest`` (already without its times), seen from local naive ``now``."""
    text = normalise(rest)
    today = now.date()
    if not text:
        return Day(today, implicit=True)
    if _VAGUE.match(text):
        raise WhenError("dates.error.vague", text=original)
    if match := _WEEKDAY_EN_HUIT.match(text):
        ahead = (WEEKDAYS.index(match.group(1)) - today.weekday()) % 7 or 7
        return Day(today + timedelta(days=ahead + 7))
    if match := _DAY_ONLY.match(text):
        day = _next_month_day(int(match.group(2)), today, original)
    else:
        _check_numbers(text, today, original)
        day = _dateparser_day(text, now, original)
    _check_weekday(text, day, original)
    return Day(day)


def _dateparser_day(text: str, now: datetime, original: str) -> date:
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    with warnings.catch_warnings():
        # dateparser's own deprecation notices are no concern of the user typing a date.
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = dateparser.parse(text, languages=["fr"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        raise WhenError("dates.error.not_understood", text=original)
    day = parsed.date()
    # dateparser sends today's date ("le 23 novembre" on 23 November) to next year; today is
    # meant, and a time already past is then refused as such.
    if not re.search(r"\d{4}|/\d{1,2}/\d{2}", text) and day.year == now.year + 1:
        with contextlib.suppress(ValueError):
            if day.replace(year=now.year) == now.date():
                return now.date()
    return day


def _next_month_day(number: int, today: date, original: str) -> date:
    """The next day numbered ``number`` ("le 3"), today included, skipping short months."""
    if not 1 <= number <= 31:
        raise WhenError("dates.error.invalid_date", text=original)
    year, month = today.year, today.month
    for _ in range(13):
        if number <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, number)
            if candidate >= today:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise WhenError("dates.error.invalid_date", text=original)  # pragma: no cover


def _check_numbers(text: str, today: date, original: str) -> None:
    """Refuse impossible days and months that dateparser would bend into something else."""
    for match in _DAY_MONTH.finditer(text):
        month = _month_number(match.group(2))
        _check_day(int(match.group(1)), month, match.group(3), today, original)
    for match in _NUMERIC.finditer(text):
        _check_day(int(match.group(1)), int(match.group(2)), match.group(3), today, original)


def _check_day(day: int, month: int, year_text: str | None, today: date, original: str) -> None:
    if not 1 <= month <= 12:
        raise WhenError("dates.error.invalid_date", text=original)
    # Without a year, 2028 (a leap year) stands for "some year to come": 29 février exists.
    year = 2028 if year_text is None else int(year_text) + (2000 if len(year_text) == 2 else 0)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise WhenError("dates.error.invalid_date", text=original)


def _check_weekday(text: str, day: date, original: str) -> None:
    """ "lundi 8 décembre 2026" is a contradiction (a Tuesday): say so rather than guess."""
    named = _WEEKDAY_WORD.search(text)
    has_number = re.search(r"\d", text) is not None
    if named and has_number and WEEKDAYS.index(named.group(1)) != day.weekday():
        raise WhenError(
            "dates.error.weekday_mismatch",
            text=original,
            given=named.group(1),
            actual=WEEKDAYS[day.weekday()],
            date=format_french_date(day).split(" ", 1)[1],
        )


def _month_number(word: str) -> int:
    for number, prefix in enumerate(_MONTH_PREFIXES, start=1):
        if word.startswith(prefix):
            return number
    raise ValueError(word)  # pragma: no cover - MONTH_PATTERN only matches known months
