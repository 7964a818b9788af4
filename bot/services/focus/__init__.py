"""Focus sessions: thematic sessions announced in rooms, with RSVPs, reminders and reports.

- `planning`: the pure parts (the plan's text, targets, themes, dates, which reminders apply);
- `parts`: the repositories and settings the parts share;
- `notices`: what is said where, with transaction ids derived from the cause;
- `reminders`: the persistent timers of a session and what happens when they fire;
- `planner`: plan → echo → confirm or drop;
- `service`: `FocusSessions`, every other workflow, and the one object the application builds.
"""

from __future__ import annotations

from bot.services.focus.parts import FocusSettings, FocusStores
from bot.services.focus.planner import Draft, Origin
from bot.services.focus.reminders import NEXT_TIMER, REMINDER_TIMER
from bot.services.focus.service import FocusSessions

__all__ = [
    "NEXT_TIMER",
    "REMINDER_TIMER",
    "Draft",
    "FocusSessions",
    "FocusSettings",
    "FocusStores",
    "Origin",
]
