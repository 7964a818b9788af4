"""Bounded state: what is no longer useful is forgotten on a schedule.

Handled events in the sync journal, timers that ended, finished or expired conversations and
the unit of work's claims (``applied_effect``) are only needed for a while: to recognise an
event met again (a replay after a crash, a back-fill), to answer "that preview expired". After
`Housekeeping.retention` they are deleted, so the database does not grow with every message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from storage.database import describe_error
from storage.models import utcnow
from storage.repositories.conversations import ConversationRepository
from storage.repositories.journal import JournalRepository
from storage.repositories.timers import TimerRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PRUNE_EVERY = timedelta(hours=6)


class Housekeeping:
    def __init__(
        self,
        journal: JournalRepository,
        timers: TimerRepository,
        conversations: ConversationRepository,
        work: UnitOfWork,
        retention: timedelta,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.journal = journal
        self.timers = timers
        self.conversations = conversations
        self.work = work
        self.retention = retention
        self.clock = clock

    async def prune(self) -> dict[str, int]:
        """Delete what is older than the retention; returns how many rows of each kind."""
        cutoff = self.clock() - self.retention
        counts = {
            "events": await self.journal.prune(cutoff),
            "timers": await self.timers.prune(cutoff),
            "conversations": await self.conversations.prune(cutoff),
            "claims": await self.work.prune(cutoff),
        }
        log.info("housekeeping: pruned %s", ", ".join(f"{n} {k}" for k, n in counts.items()))
        return counts

    async def scheduled_prune(self) -> None:
        """The scheduler's job: a failure (database unreachable) waits for the next run."""
        try:
            await self.prune()
        except Exception as exc:
            log.warning(
                "housekeeping failed (%s); next run in %s", describe_error(exc), PRUNE_EVERY
            )
