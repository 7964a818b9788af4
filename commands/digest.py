"""The weekly digest's timer (SPEC §8): each run posts the digest and schedules the next one.

The chain is started at start-up by `schedule_next_digest` (idempotent: the key is
``digest:<ISO week>``), and each run schedules the following week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.framework.registry import listener
from bot.framework.timers import TimerCall
from bot.services.digest import DIGEST_TIMER, run_weekly

if TYPE_CHECKING:
    from bot.app import Application


@listener("timer", DIGEST_TIMER)
async def weekly_digest(app: Application, call: TimerCall) -> None:
    await run_weekly(app, call.timer.due_at)
