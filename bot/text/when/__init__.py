"""French "when" phrases for focus sessions: one-off dates, recurrences, and their French echo.

``parse_when("chaque premier mardi à 10h", tz=..., now=...)`` gives a :class:`When` whose
``start`` is the next occurrence and whose ``rule`` (a :class:`Recurrence`) yields later ones and
the iCalendar RRULE. Errors are :class:`WhenError`, carrying a ``dates.error.*`` catalogue key.
"""

from __future__ import annotations

from bot.text.when.errors import WhenError
from bot.text.when.french_format import format_french, format_french_date, format_french_time
from bot.text.when.parser import DEFAULT_TIME_ZONE, When, parse_when, parse_when_in_thread
from bot.text.when.recurrence import Frequency, Recurrence

__all__ = [
    "DEFAULT_TIME_ZONE",
    "Frequency",
    "Recurrence",
    "When",
    "WhenError",
    "format_french",
    "format_french_date",
    "format_french_time",
    "parse_when",
    "parse_when_in_thread",
]
