"""``parse_when``: a French "when" phrase, one-off or repeating, to the next session date."""

from __future__ import annotations

import asyncio
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

from bot.text.when.days import resolve_day
from bot.text.when.errors import WhenError
from bot.text.when.french_format import format_french, format_french_date
from bot.text.when.recurrence import Recurrence, first_occurrence, localize
from bot.text.when.recurrence_parser import looks_recurring, read_rule, split_bounds
from bot.text.when.times import extract_times
from bot.text.when.vocabulary import NUMBER_PATTERN, fold

DEFAULT_TIME_ZONE = ZoneInfo("Europe/Brussels")
# Far enough for any real planning; beyond it a date is more likely a misreading than a plan.
MAX_AHEAD = timedelta(days=2 * 366)
# A date phrase is a few words; a paragraph is something else typed in the wrong place.
MAX_LENGTH = 120
_RELATIVE = re.compile(
    rf"^dans (?:{NUMBER_PATTERN}|une demi) ?(?:h|heures?|min|minutes?)"
    rf"(?: et (?:{NUMBER_PATTERN}|demie?|quart)(?: minutes?)?)?$"
)


@dataclass(frozen=True)
class When:
    """A parsed phrase: the next (or only) start, aware; the rule when it repeats.

    ``duration`` is set when the phrase gave a range ("de 14h à 16h").
    """

    start: datetime
    rule: Recurrence | None = None
    duration: timedelta | None = None

    def describe_french(self) -> str:
        """What the bot echoes before confirming, e.g. ``jeudi 3 décembre 2026 à 14 h 00``."""
        if self.rule is None:
            return format_french(self.start)
        return self.rule.describe_french(since=self.start.date())


async def parse_when_in_thread(
    text: str,
    *,
    tz: ZoneInfo = DEFAULT_TIME_ZONE,
    now: datetime | None = None,
    allow_daily: bool = False,
) -> When:
    """`parse_when` in a worker thread (dateparser on a long text would stall the event loop)."""
    return await asyncio.to_thread(parse_when, text, tz=tz, now=now, allow_daily=allow_daily)


def parse_when(
    text: str,
    *,
    tz: ZoneInfo = DEFAULT_TIME_ZONE,
    now: datetime | None = None,
    allow_daily: bool = False,
) -> When:
    """Read ``text`` ("jeudi prochain 14h", "chaque premier mardi à 10h") as seen at ``now``.

    Raises :class:`WhenError` (a ``dates.error.*`` catalogue key) when the phrase has no time,
    names a past or impossible date, or cannot be read. Daily repetition is refused unless
    ``allow_daily``: a session every day would flood the rooms with announcements.
    """
    if now is None:
        current = datetime.now(tz)
    elif now.tzinfo is None:
        current = now.replace(tzinfo=tz)
    else:
        current = now.astimezone(tz)
    folded = fold(text)
    original = text.strip()
    if not folded:
        raise WhenError("dates.error.empty")
    if len(folded) > MAX_LENGTH:
        raise WhenError("dates.error.not_understood", text=original[:MAX_LENGTH] + "…")
    if _RELATIVE.match(folded):
        return When(_relative(folded, current, original))
    if looks_recurring(folded):
        return _parse_recurring(folded, original, tz=tz, now=current, allow_daily=allow_daily)
    return _parse_once(folded, original, tz=tz, now=current)


def _parse_once(folded: str, original: str, *, tz: ZoneInfo, now: datetime) -> When:
    found = extract_times(folded)
    naive_now = now.replace(tzinfo=None)
    if not found.times:
        # Say which day was understood, so the user only has to add the hour.
        day = resolve_day(found.rest, naive_now, original)
        if day.implicit:
            raise WhenError("dates.error.not_understood", text=original)
        raise WhenError(
            "dates.error.missing_time", text=original, date=format_french_date(day.value)
        )
    if len(found.times) > 2:
        raise WhenError("dates.error.several_times", text=original)
    day = resolve_day(found.rest, naive_now, original)
    start = localize(datetime.combine(day.value, found.times[0]), tz)
    if start <= now and day.implicit:
        start = localize(datetime.combine(day.value + timedelta(days=1), found.times[0]), tz)
    if start <= now:
        raise WhenError("dates.error.past", text=original, date=format_french(start))
    if start - now > MAX_AHEAD:
        raise WhenError("dates.error.too_far", text=original, date=format_french(start))
    return When(start, duration=_duration(found.times, original))


def _parse_recurring(
    folded: str, original: str, *, tz: ZoneInfo, now: datetime, allow_daily: bool
) -> When:
    found = extract_times(folded)
    if not found.times:
        raise WhenError("dates.error.recurrence_missing_time", text=original)
    if len(found.times) > 2:
        raise WhenError("dates.error.several_times", text=original)
    bounds = split_bounds(found.rest)
    words = read_rule(bounds.rest, original, allow_daily=allow_daily)
    naive_now = now.replace(tzinfo=None)
    not_before = until = None
    if bounds.from_words is not None:
        not_before = resolve_day(bounds.from_words, naive_now, original).value
    if bounds.until_words is not None:
        until = resolve_day(bounds.until_words, naive_now, original).value
    rule = first_occurrence(
        words.frequency,
        after=now,
        at=found.times[0],
        tz=tz,
        interval=words.interval,
        weekdays=words.weekdays,
        ordinal=words.ordinal,
        month_day=words.month_day,
        until=until,
        not_before=not_before,
    )
    if rule is None:
        raise WhenError("dates.error.no_occurrence", text=original)
    return When(rule.start, rule, _duration(found.times, original))


def _duration(times: tuple[time, ...], original: str) -> timedelta | None:
    if len(times) < 2:
        return None
    begin, end = (datetime.combine(datetime.min, moment) for moment in times)
    if end <= begin:
        raise WhenError("dates.error.bad_range", text=original)
    return end - begin


def _relative(folded: str, now: datetime, original: str) -> datetime:
    """ "dans 2 heures": dateparser reads these well; seconds are dropped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = dateparser.parse(
            folded,
            languages=["fr"],
            settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"},
        )
    if parsed is None or parsed.replace(tzinfo=None) <= now.replace(tzinfo=None):
        raise WhenError("dates.error.not_understood", text=original)
    return localize(parsed.replace(tzinfo=None, second=0, microsecond=0), now.tzinfo)  # type: ignore[arg-type]
