"""Timers that survive restarts, on top of APScheduler 3.

The database is the source of truth (table ``timer``); APScheduler only holds in-memory date
jobs, rebuilt at every start with the timer key as job id and ``replace_existing``. When a timer
fires it is first *claimed* (``pending`` → ``firing``) so it can never run twice; its sends use
transaction ids derived from its key, so if the bot dies mid-way and fires it again after the
restart, the homeserver drops the repeats. A timer missed while the bot was down is fired late,
once, when within its grace time; beyond that it is skipped and logged.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from bot.matrix.client import MatrixClient
from bot.matrix.formatting import Message
from storage.models import Timer, utcnow
from storage.repositories.timers import TimerRepository

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=1)


@dataclass
class TimerCall:
    """What a timer handler receives: the timer, and idempotent ways to send."""

    timer: Timer
    client: MatrixClient
    late: bool
    _sends: int = field(default=0, repr=False)

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.timer.payload or {})

    def next_txn(self) -> str:
        self._sends += 1
        digest = hashlib.sha256(self.timer.key.encode()).hexdigest()[:32]
        return f"tis-timer-{digest}-{self._sends}"

    async def send(self, room_id: str, message: Message, **kwargs: Any) -> str:
        return await self.client.send_message(room_id, message, txn_id=self.next_txn(), **kwargs)


TimerHandler = Callable[[TimerCall], Awaitable[None]]


class Timers:
    def __init__(
        self,
        repository: TimerRepository,
        scheduler: AsyncIOScheduler,
        client: MatrixClient,
        *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.repository = repository
        self.scheduler = scheduler
        self.client = client
        self.now = now
        self._handlers: dict[str, TimerHandler] = {}
        self.fired: list[str] = []  # keys fired since start, for figures and tests

    def handle(self, kind: str, handler: TimerHandler) -> None:
        self._handlers[kind] = handler

    async def schedule(
        self,
        key: str,
        kind: str,
        due_at: datetime,
        payload: dict[str, Any] | None = None,
        *,
        grace: timedelta = DEFAULT_GRACE,
    ) -> None:
        if kind not in self._handlers:
            raise ValueError(f"no handler for timers of kind {kind!r}")
        await self.repository.put(key, kind, due_at, payload or {}, int(grace.total_seconds()))
        self._add_job(key, due_at)

    async def cancel(self, key_prefix: str) -> int:
        keys = await self.repository.cancel(key_prefix)
        self.disarm(keys)
        return len(keys)

    async def schedule_in(
        self,
        session: AsyncSession,
        key: str,
        kind: str,
        due_at: datetime,
        payload: dict[str, Any] | None = None,
        *,
        grace: timedelta = DEFAULT_GRACE,
    ) -> None:
        """`schedule`'s row, written in a workflow's transaction; `arm` it after the commit
        (if the bot dies in between, `restore` arms it at the next start)."""
        if kind not in self._handlers:
            raise ValueError(f"no handler for timers of kind {kind!r}")
        await self.repository.put_in(
            session, key, kind, due_at, payload or {}, int(grace.total_seconds())
        )

    def arm(self, key: str, due_at: datetime) -> None:
        self._add_job(key, due_at)

    async def cancel_in(self, session: AsyncSession, key_prefix: str) -> list[str]:
        """`cancel`'s rows, in a workflow's transaction; `disarm` the keys after the commit."""
        return await self.repository.cancel_in(session, key_prefix)

    def disarm(self, keys: list[str]) -> None:
        for key in keys:
            if self.scheduler.get_job(key) is not None:
                self.scheduler.remove_job(key)

    async def restore(self) -> None:
        """Rebuild the scheduler from the database (at start, before the scheduler runs)."""
        now = self.now()
        for timer in await self.repository.unfinished():
            if timer.state == "firing":
                # Claimed by a run that died mid-way: finish it; repeated sends are deduplicated.
                self._add_job(timer.key, now, claimed=True)
            elif timer.due_at <= now:
                if now - timer.due_at <= timedelta(seconds=timer.grace_seconds):
                    self._add_job(timer.key, now)
                else:
                    log.warning(
                        "timer %s missed by %s (grace %ss): skipped",
                        timer.key,
                        now - timer.due_at,
                        timer.grace_seconds,
                    )
                    await self.repository.set_state(timer.key, "skipped")
            else:
                self._add_job(timer.key, timer.due_at)

    def _add_job(self, key: str, when: datetime, *, claimed: bool = False) -> None:
        self.scheduler.add_job(
            self._fire,
            DateTrigger(run_date=max(when, self.now())),
            args=[key, claimed],
            id=key,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def fire_now(self, key: str) -> bool:
        """Run a timer at once (``!relancer``); False when it is not pending."""
        if self.scheduler.get_job(key) is not None:
            self.scheduler.remove_job(key)
        return await self._fire(key, False)

    async def _fire(self, key: str, claimed: bool) -> bool:
        timer = await self.repository.get(key) if claimed else await self.repository.claim(key)
        if timer is None or timer.state != "firing":
            return False
        handler = self._handlers.get(timer.kind)
        if handler is None:
            log.error("timer %s has no handler for kind %s", key, timer.kind)
            await self.repository.set_state(key, "skipped")
            return False
        late = self.now() - timer.due_at > timedelta(seconds=60)
        try:
            await handler(TimerCall(timer, self.client, late))
        except Exception:
            log.exception("timer %s failed", key)
            await self.repository.set_state(key, "failed")
            return False
        await self.repository.set_state(key, "done")
        self.fired.append(key)
        return True
