"""Repeating focus sessions: one model that gives both the next dates and an iCalendar RRULE.

Occurrences are computed on local wall-clock time and only then given their zone, so a session
"every Thursday at 14:00" stays at 14:00 in Brussels on both sides of a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from bot.text.when.french_format import format_french_date, format_french_time
from bot.text.when.vocabulary import ORDINAL_WORDS, RRULE_WEEKDAYS, SPELLED_NUMBERS, WEEKDAYS

_DU_FREQ = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY}
_DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)


class Frequency(StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz`` to a wall-clock time; a time skipped by a spring change moves forward."""
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


@dataclass(frozen=True)
class Recurrence:
    """A repeating schedule anchored on its first occurrence ``start`` (the iCalendar DTSTART).

    - ``WEEKLY``: on ``weekdays`` (0 = Monday), every ``interval`` weeks;
    - ``MONTHLY`` with ``ordinal``: the ``ordinal``-th ``weekdays[0]`` of the month (-1: last);
    - ``MONTHLY`` with ``month_day``: that day of the month (-1: last day);
    - ``DAILY``: every ``interval`` days.
    ``until`` is the last day an occurrence may fall on (inclusive, local).
    """

    frequency: Frequency
    start: datetime
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    ordinal: int | None = None
    month_day: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.start.tzinfo, ZoneInfo):
            raise ValueError("a recurrence starts at a datetime with a ZoneInfo time zone")
        if self.interval < 1:
            raise ValueError("interval must be at least 1")
        if any(not 0 <= day <= 6 for day in self.weekdays):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        if self.frequency is Frequency.WEEKLY and not self.weekdays:
            raise ValueError("a weekly recurrence needs at least one weekday")
        if self.frequency is Frequency.MONTHLY:
            by_weekday = self.ordinal is not None and len(self.weekdays) == 1
            by_day = self.month_day is not None and not self.weekdays
            if by_weekday == by_day:
                raise ValueError("a monthly recurrence needs one ordinal weekday or a month day")
            if self.ordinal is not None and self.ordinal not in (1, 2, 3, 4, -1, -2):
                raise ValueError("ordinal must be 1 to 4, -1 or -2")
            if self.month_day is not None and self.month_day not in (*range(1, 32), -1):
                raise ValueError("month_day must be 1 to 31 or -1")

    @property
    def tz(self) -> ZoneInfo:
        assert isinstance(self.start.tzinfo, ZoneInfo)
        return self.start.tzinfo

    # -- dates ---------------------------------------------------------------------------------

    def to_rrule(self) -> du.rrule:
        """A dateutil rule over naive local wall-clock times."""
        kwargs: dict[str, object] = {
            "dtstart": self.start.replace(tzinfo=None),
            "interval": self.interval,
        }
        if self.until is not None:
            kwargs["until"] = datetime.combine(self.until, time(23, 59, 59))
        if self.frequency is Frequency.WEEKLY:
            kwargs["byweekday"] = [_DU_WEEKDAYS[day] for day in self.weekdays]
        elif self.frequency is Frequency.MONTHLY and self.ordinal is not None:
            kwargs["byweekday"] = [_DU_WEEKDAYS[self.weekdays[0]](self.ordinal)]
        elif self.frequency is Frequency.MONTHLY:
            kwargs["bymonthday"] = [self.month_day]
        return du.rrule(_DU_FREQ[self.frequency.value], **kwargs)  # type: ignore[arg-type]

    def next_after(self, moment: datetime) -> datetime | None:
        """The first occurrence strictly after ``moment`` (aware); None once ``until`` is past."""
        naive = moment.astimezone(self.tz).replace(tzinfo=None)
        found = self.to_rrule().after(naive, inc=False)
        return None if found is None else localize(found, self.tz)

    def occurrences(self, after: datetime, count: int) -> list[datetime]:
        """Up to ``count`` occurrences strictly after ``after``."""
        found: list[datetime] = []
        moment = after
        while len(found) < count:
            following = self.next_after(moment)
            if following is None:
                break
            found.append(following)
            moment = following
        return found

    def moved_to(self, start: datetime) -> Recurrence:
        """The same rule anchored on a new first occurrence (e.g. after the first one passed)."""
        return replace(self, start=start)

    # -- iCalendar -----------------------------------------------------------------------------

    def rrule_string(self) -> str:
        """The RFC 5545 RRULE value, e.g. ``FREQ=MONTHLY;BYDAY=1TU`` (DTSTART gives the time)."""
        parts = [f"FREQ={self.frequency.value}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.frequency is Frequency.WEEKLY:
            parts.append("BYDAY=" + ",".join(RRULE_WEEKDAYS[day] for day in self.weekdays))
        elif self.frequency is Frequency.MONTHLY and self.ordinal is not None:
            parts.append(f"BYDAY={self.ordinal}{RRULE_WEEKDAYS[self.weekdays[0]]}")
        elif self.frequency is Frequency.MONTHLY:
            parts.append(f"BYMONTHDAY={self.month_day}")
        if self.until is not None:
            # With a zoned DTSTART, UNTIL must be in UTC (RFC 5545 §3.3.10).
            last = localize(datetime.combine(self.until, time(23, 59, 59)), self.tz)
            parts.append("UNTIL=" + last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
        return ";".join(parts)

    @classmethod
    def from_rrule_string(cls, text: str, start: datetime) -> Recurrence:
        """Read back what :meth:`rrule_string` wrote (as stored with a session)."""
        fields: dict[str, str] = {}
        for part in text.removeprefix("RRULE:").strip().split(";"):
            name, sep, value = part.partition("=")
            if not sep:
                raise ValueError(f"malformed RRULE part {part!r}")
            fields[name.upper()] = value.upper()
        frequency = Frequency(fields.pop("FREQ"))
        interval = int(fields.pop("INTERVAL", "1"))
        fields.pop("WKST", None)
        weekdays: tuple[int, ...] = ()
        ordinal: int | None = None
        month_day: int | None = None
        until: date | None = None
        if "BYDAY" in fields:
            for code in fields.pop("BYDAY").split(","):
                prefix, day = code[:-2], code[-2:]
                weekdays += (RRULE_WEEKDAYS.index(day),)
                if prefix:
                    ordinal = int(prefix)
        if "BYMONTHDAY" in fields:
            month_day = int(fields.pop("BYMONTHDAY"))
        if "UNTIL" in fields:
            moment = datetime.strptime(fields.pop("UNTIL"), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            tz = start.tzinfo
            assert isinstance(tz, ZoneInfo)
            until = moment.astimezone(tz).date()
        if fields:
            raise ValueError(f"unsupported RRULE parts: {', '.join(sorted(fields))}")
        return cls(frequency, start, interval, weekdays, ordinal, month_day, until)

    # -- French --------------------------------------------------------------------------------

    def describe_french(self, *, since: date | None = None) -> str:
        """``chaque premier mardi du mois à 10 h 00`` (``, à partir du …`` given ``since``)."""
        at = f"à {format_french_time(self.start.astimezone(self.tz))}"
        every = SPELLED_NUMBERS.get(self.interval, str(self.interval))
        if self.frequency is Frequency.DAILY:
            text = f"tous les jours {at}" if self.interval == 1 else f"tous les {every} jours {at}"
        elif self.frequency is Frequency.WEEKLY:
            days = _join([WEEKDAYS[day] for day in self.weekdays])
            if self.interval == 1:
                text = f"chaque {days} {at}"
            else:
                text = f"toutes les {every} semaines le {days} {at}"
        else:
            if self.ordinal is not None:
                which = f"{ORDINAL_WORDS[self.ordinal]} {WEEKDAYS[self.weekdays[0]]} du mois"
            elif self.month_day == -1:
                which = "dernier jour du mois"
            else:
                which = f"{'1er' if self.month_day == 1 else self.month_day} du mois"
            if self.interval == 1:
                text = f"chaque {which} {at}"
            else:
                text = f"le {which}, tous les {every} mois, {at}"
        if since is not None:
            text += f", à partir du {format_french_date(since)}"
        if self.until is not None:
            text += f", jusqu'au {format_french_date(self.until)}"
        return text


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def first_occurrence(
    frequency: Frequency,
    *,
    after: datetime,
    at: time,
    tz: ZoneInfo,
    interval: int = 1,
    weekdays: tuple[int, ...] = (),
    ordinal: int | None = None,
    month_day: int | None = None,
    until: date | None = None,
    not_before: date | None = None,
) -> Recurrence | None:
    """The rule anchored on its first occurrence after ``after`` (and on or after ``not_before``).

    The anchor is found with an interval of 1, so "every two months" starts at the next
    matching month rather than two months away. None if ``until`` leaves no occurrence.
    """
    local_after = after.astimezone(tz)
    first_day = local_after.date()
    if not_before is not None and not_before > first_day:
        first_day = not_before
    probe_start = localize(datetime.combine(first_day, at), tz)
    probe = Recurrence(frequency, probe_start, 1, weekdays, ordinal, month_day, until)
    threshold = max(after, probe_start - timedelta(microseconds=1))
    start = probe.next_after(threshold)
    if start is None:
        return None
    return Recurrence(frequency, start, interval, weekdays, ordinal, month_day, until)
