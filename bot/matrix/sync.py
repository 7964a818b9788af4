"""A sync loop that never loses nor replays an event.

matrix-nio's ``sync_forever`` saves its token before callbacks run and stops on a callback
error, so Tisserand drives ``/sync`` itself:

1. each batch's events are written to the journal *in the same transaction* as the new token,
   so a crash after the token is saved loses nothing (the events are in the journal, pending;
   without their content, which may be a help request's raw text: a pending event is fetched
   from the homeserver again before it is handled);
2. handlers work from the journal: an event id already there is never handled again;
3. on the very first start the history is recorded as ``skipped``: old commands are never
   answered;
4. a ``limited`` timeline is back-filled from ``prev_batch`` until a known event;
5. every failure (homeserver outage, locked or restarting database, a malformed answer) is
   logged without message text and retried with capped exponential backoff and jitter; only the
   stop event ends `SyncLoop.run`, and `Health` writes one log line when the bot becomes
   degraded and one when it has recovered;
6. membership changes are watched so that a direct chat the other person left is left too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.matrix.client import Backoff, MatrixClient
from bot.matrix.crypto import Crypto
from bot.matrix.events import IncomingEvent
from bot.matrix.health import Health
from bot.matrix.sync_response import backfill, departures, invites, sync_filter, timeline_events
from storage.database import describe_error, is_unavailable
from storage.repositories.journal import JournalEvent, JournalRepository

log = logging.getLogger(__name__)

EventHandler = Callable[[IncomingEvent], Awaitable[None]]
InviteHandler = Callable[[str, str, bool], Awaitable[None]]
# (room id, user id) of someone who left or was removed from a room the bot is in.
DepartureHandler = Callable[[str, str], Awaitable[None]]

REPLAY_FETCH_CONCURRENCY = 8
OUTCOME_FLUSH_SECONDS = 0.2
# A handler that failed because the database was unreachable is tried again this many times
# (about a minute and a half with the loop's backoff) before its event is marked failed.
HANDLER_ATTEMPTS = 20
MAX_UNHANDLED_INVITES = 100


class SyncLoop:
    def __init__(
        self,
        client: MatrixClient,
        journal: JournalRepository,
        on_event: EventHandler,
        on_invite: InviteHandler,
        *,
        on_departure: DepartureHandler | None = None,
        timeout_ms: int = 30_000,
        timeline_limit: int = 50,
        max_concurrency: int = 64,
        backoff: Backoff | None = None,
        crypto: Crypto | None = None,
    ) -> None:
        self.client = client
        self.crypto = crypto
        self.journal = journal
        self.on_event = on_event
        self.on_invite = on_invite
        self.on_departure = on_departure
        self.timeout_ms = timeout_ms
        self.timeline_limit = timeline_limit
        self.backoff = backoff or Backoff(initial=0.5, maximum=5)
        self._semaphore = asyncio.Semaphore(max_concurrency)
        # One lock per (room, sender) with events in flight, and how many events hold it.
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.synced = asyncio.Event()
        self.batches = 0
        self.health = Health()
        self._unhandled_invites: dict[str, tuple[str, bool]] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Sync until ``stop`` is set; nothing else ends it."""
        token = await self._resume(stop)
        if token is None:
            return
        writer = asyncio.create_task(self._write_outcomes(stop), name="journal-outcomes")
        failures = 0
        while not stop.is_set():
            try:
                # The first request returns at once with what happened while the bot was away.
                catching_up = not self.synced.is_set()
                response = await self._sync_or_stop(token, stop, 0 if catching_up else None)
                if response is None:
                    break
                token = await self._record(response, token)
                failures = 0
                self.health.ok("sync")
                self.synced.set()
            except Exception as exc:
                failures = await self._failed("sync", exc, failures, stop)
        await self.drain()
        await writer  # it writes the last outcomes and ends, the stop being set

    async def _replay_pending(self) -> None:
        """Handle the events a crash left pending, in their order.

        The journal never stored their content (a message may be a help request's raw text):
        each is fetched from the homeserver again. One that is gone or no longer visible is
        skipped; a redacted one comes back empty and is ignored by the dispatcher.
        """
        pending = await self.journal.pending()
        limit = asyncio.Semaphore(REPLAY_FETCH_CONCURRENCY)

        async def fetch(entry: JournalEvent) -> IncomingEvent | None:
            async with limit:
                raw = await self.client.fetch_event(entry.room_id, entry.event_id)
            return None if raw is None else IncomingEvent.from_raw(entry.room_id, raw)

        events = await asyncio.gather(*(fetch(entry) for entry in pending))
        for entry, event in zip(pending, events, strict=True):
            if event is None or event.event_id != entry.event_id:
                log.warning("pending event %s could not be fetched again: skipped", entry.event_id)
                self.journal.mark(entry.event_id, "skipped")
            else:
                self._dispatch(event)
        if pending:
            log.info("%d pending events fetched again to be handled", len(pending))

    async def _resume(self, stop: asyncio.Event) -> str | None:
        """The token to sync from: the journal's (its pending events handled again), or the end
        of history on the very first start. ``None`` when stopped before it could be read."""
        failures = 0
        while not stop.is_set():
            try:
                token = await self.journal.next_batch()
                if token is None:
                    token = await self._first_sync()
                else:
                    await self._replay_pending()
                self.health.ok("sync")
                return token
            except Exception as exc:
                failures = await self._failed("sync", exc, failures, stop)
        return None

    async def _failed(self, part: str, error: Exception, failures: int, stop: asyncio.Event) -> int:
        """Log a failure without message text and wait the backoff; returns the new count."""
        delay = self.backoff.delay(failures)
        self.health.failed(part, error)
        log.info("%s failed (%s); retrying in %.1fs", part, describe_error(error), delay)
        await _sleep_or_stop(delay, stop)
        return failures + 1

    async def _write_outcomes(self, stop: asyncio.Event) -> None:
        """Write handled events' outcomes a few times a second (when no sync batch did)."""
        while not stop.is_set():
            await _sleep_or_stop(OUTCOME_FLUSH_SECONDS, stop)
            try:
                await self.journal.flush()
                self.health.ok("outcomes")
            except Exception as exc:
                self.health.failed("outcomes", exc)

    async def drain(self, within: float = 10) -> None:
        """Wait for handlers in flight (used on shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=within)
        try:
            await self.journal.flush(final=True)
        except Exception as exc:
            # Not lost: those events are handled again at the next start, their replies
            # deduplicated by their transaction ids and their effects by the unit of work.
            log.warning("outcomes not written at shutdown (%s)", describe_error(exc))

    async def _sync_or_stop(
        self, token: str | None, stop: asyncio.Event, timeout_ms: int | None = None
    ) -> dict[str, Any] | None:
        request = asyncio.ensure_future(
            self.client.sync(
                since=token,
                timeout_ms=self.timeout_ms if timeout_ms is None else timeout_ms,
                sync_filter=sync_filter(self.timeline_limit),
            )
        )
        stopper = asyncio.ensure_future(stop.wait())
        try:
            done, _ = await asyncio.wait({request, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            # Whatever ended the wait (a stop, this task cancelled), the other future is
            # cancelled; one that still ends with an error (the client closing) is read, so
            # that asyncio does not print it as never retrieved.
            for future in (request, stopper):
                if not future.done():
                    future.cancel()
                future.add_done_callback(_retrieve)
        return request.result() if request in done else None

    async def _first_sync(self) -> str:
        """Record where history ends without handling any of it."""
        response = await self.client.sync(since=None, timeout_ms=0, sync_filter=sync_filter(1))
        if self.crypto is not None:
            await self.crypto.on_sync(response)
        events = self._timeline_events(response)
        await self.journal.record(
            [e.to_journal() for e in events], response["next_batch"], status="skipped"
        )
        await self._accept_invites(response)
        log.info("first start: %d earlier events skipped", len(events))
        self.synced.set()
        return str(response["next_batch"])

    async def _record(self, response: dict[str, Any], previous: str | None) -> str:
        if self.crypto is not None:
            # Room keys and device changes first: this batch's encrypted events may need them.
            await self.crypto.on_sync(response)
        events = self._timeline_events(response)
        events += await backfill(response, self.client, self.journal)
        next_batch = str(response["next_batch"])
        fresh = await self.journal.record([e.to_journal() for e in events], next_batch)
        self.batches += 1
        await self._accept_invites(response)
        await self._departures(response)
        by_id = {e.event_id: e for e in events}
        for journal_event in fresh:
            self._dispatch(by_id[journal_event.event_id])
        return next_batch

    async def _departures(self, response: dict[str, Any]) -> None:
        """Tell `on_departure` of everyone who left a room the bot is in (or was removed), and
        of the bot itself for the rooms it was removed from."""
        if self.on_departure is None:
            return
        for room_id, user_id in departures(response, self.client.user_id):
            try:
                await self.on_departure(room_id, user_id)
            except Exception as exc:
                log.warning("departure from %s not handled (%s)", room_id, describe_error(exc))

    async def _accept_invites(self, response: dict[str, Any]) -> None:
        # Invites whose handling met an unreachable database are tried again with each batch
        # (the sync token has moved on: the homeserver will not send them again).
        pending, self._unhandled_invites = self._unhandled_invites, {}
        pending.update(invites(response, self.client.user_id))
        for room_id, (inviter, is_direct) in pending.items():
            try:
                await self.on_invite(room_id, inviter, is_direct)
            except Exception as exc:
                log.warning("invite to %s not handled (%s)", room_id, describe_error(exc))
                if is_unavailable(exc) and len(self._unhandled_invites) < MAX_UNHANDLED_INVITES:
                    self._unhandled_invites[room_id] = (inviter, is_direct)

    def _timeline_events(self, response: dict[str, Any]) -> list[IncomingEvent]:
        return timeline_events(response, self.client.user_id, self.client.saw_in_thread)

    def _dispatch(self, event: IncomingEvent) -> None:
        task = asyncio.create_task(self._handle(event), name=f"event-{event.event_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, event: IncomingEvent) -> None:
        # One user's events in one room are handled in order; everything else runs concurrently.
        # The order lock is taken before a concurrency slot, so that a user's queued events do
        # not hold slots others could use; it is dropped once no event of theirs is in flight.
        key = (event.room_id, event.sender)
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                self.journal.mark(event.event_id, await self._handle_with_retries(event))
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def _handle_with_retries(self, event: IncomingEvent) -> str:
        """Handle ``event``; while the database is unreachable, wait and try again (its replies
        reuse their transaction ids, its effects are claimed once by the unit of work)."""
        try:
            plain = event if self.crypto is None else await self.crypto.decrypt(event)
        except Exception:
            log.exception("event %s could not be decrypted", event.event_id)
            return "failed"
        if plain is None:  # undecryptable: the sender was asked to resend
            return "done"
        for attempt in range(HANDLER_ATTEMPTS):
            async with self._semaphore:
                try:
                    await self.on_event(plain)
                    return "done"
                except Exception as exc:
                    if not is_unavailable(exc) or attempt == HANDLER_ATTEMPTS - 1:
                        log.exception("event %s could not be handled", event.event_id)
                        return "failed"
                    delay = self.backoff.delay(attempt)
                    log.info(
                        "event %s: %s; handling it again in %.1fs",
                        event.event_id,
                        describe_error(exc),
                        delay,
                    )
            await asyncio.sleep(delay)
        return "failed"


async def _sleep_or_stop(delay: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=delay)


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()
