"""The sync journal: the sync token and every received event, written in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database
from storage.models import BotSession, ReceivedEvent, SyncState, utcnow
from storage.repositories.upsert import dialect_insert_for, rows_affected, table_of

NEXT_BATCH = "next_batch"


@cache
def _statements(dialect: str) -> tuple[Any, Any]:
    """The batch's two statements, built once per dialect so that SQLAlchemy compiles each
    once (an ``INSERT … VALUES`` of literal rows is compiled again for every batch): the
    events' insert, run with one parameter set per event (the driver's "insert many values"
    turns them into multi-row INSERTs that keep ``RETURNING``), and the token's upsert."""
    table, state = table_of(ReceivedEvent), table_of(SyncState)
    events = dialect_insert_for(dialect, table).on_conflict_do_nothing().returning(table.c.event_id)
    token = dialect_insert_for(dialect, state).values(key=NEXT_BATCH, value=bindparam("token"))
    token = token.on_conflict_do_update(
        index_elements=[state.c.key], set_={"value": token.excluded.value}
    )
    return events, token


@dataclass(frozen=True)
class JournalEvent:
    """What the journal keeps of an event: enough to fetch it again, never its content."""

    event_id: str
    room_id: str
    sender: str
    event_type: str
    origin_server_ts: int


class JournalRepository:
    """The sync token and the received events.

    Handled events are marked in batches: `mark` only notes the outcome, and the notes are
    written with the next sync batch or by `flush` (the sync loop flushes every few hundred
    milliseconds and on shutdown). One transaction per sync batch instead of one per event is
    what keeps the bot's cost per command low. An event whose mark was not written yet when the
    process died is handled again after the restart (fetched from the homeserver: the journal
    never holds content); its replies reuse their transaction ids, so the homeserver does not
    post them twice. A batch with nothing to write (no new event, no outcome) writes nothing:
    its token waits for the next write, or for `flush` at shutdown.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._outcomes: dict[str, str] = {}
        self._seq: int | None = None
        # The token of batches that had nothing to write, saved with the next write.
        self._unsaved_token: str | None = None
        self._token_stored = False

    async def next_batch(self) -> str | None:
        async with self.database.sessions() as session:
            row = await session.get(SyncState, NEXT_BATCH)
        self._token_stored = self._token_stored or row is not None
        return None if row is None else row.value

    async def record(
        self, events: list[JournalEvent], next_batch: str, *, status: str = "pending"
    ) -> list[JournalEvent]:
        """Record a sync batch and its token atomically; return the events never seen before.

        Written in as few statements as the guarantee allows (each is a round trip to the
        driver, on SQLite a hand-over to its thread): one ``INSERT … ON CONFLICT DO NOTHING
        RETURNING`` that says which events are new, and one upsert of the token, on a Core
        connection (no ORM unit of work to flush). The outcomes of handled events are not
        written here but by `flush`, a few times a second: they would delay this batch's
        handlers, and losing one only makes its event be handled again after a crash, where
        its effects are claimed once.
        """
        if not events and self._token_stored:
            # Nothing to journal (the bot's own replies coming back, a membership change):
            # the token waits for the next write. A restart from the older token only sees
            # such batches again, and every event they hold is either known or not handled.
            # (The very first token is always written: without it a restart would take
            # everything since as history and skip it.)
            self._unsaved_token = next_batch
            return []
        async with self.database.engine.begin() as connection:
            fresh = await self._insert_new(connection, events, status) if events else []
            await self._save_token(connection, next_batch)
        self._unsaved_token, self._token_stored = None, True
        return fresh

    async def _save_token(self, connection: AsyncConnection, next_batch: str) -> None:
        await connection.execute(_statements(connection.dialect.name)[1], {"token": next_batch})

    async def _insert_new(
        self, connection: AsyncConnection, events: list[JournalEvent], status: str
    ) -> list[JournalEvent]:
        """Insert the events not journaled yet; the database, not a prior read, says which
        were new (the ids it returns), so a batch costs one statement."""
        if self._seq is None:
            self._seq = (await connection.scalar(select(func.max(ReceivedEvent.seq)))) or 0
        unique = list({event.event_id: event for event in events}.values())
        now = utcnow()
        rows = [
            {
                "event_id": event.event_id,
                "room_id": event.room_id,
                "sender": event.sender,
                "event_type": event.event_type,
                "origin_server_ts": event.origin_server_ts,
                "status": status,
                "seq": self._seq + position,
                "received_at": now,
            }
            for position, event in enumerate(unique, start=1)
        ]
        # Known events leave gaps in the sequence, which only orders pending events.
        self._seq += len(rows)
        statement = _statements(connection.dialect.name)[0]
        result = await connection.execute(statement, rows[0] if len(rows) == 1 else rows)
        inserted = set(result.scalars())
        return [event for event in unique if event.event_id in inserted]

    def mark(self, event_id: str, status: str) -> None:
        """Note how an event ended (written with the next batch or `flush`)."""
        self._outcomes[event_id] = status

    async def flush(self, *, final: bool = False) -> None:
        """Write the outcomes noted so far (with the token when one waits); ``final`` (on
        shutdown) writes a waiting token even without outcomes."""
        token = self._unsaved_token
        if not self._outcomes and not (final and token is not None):
            return
        outcomes = self._take_outcomes()
        try:
            async with self.database.engine.begin() as connection:
                await self._write_outcomes(connection, outcomes)
                if token is not None:
                    await self._save_token(connection, token)
        except BaseException:
            self._give_back(outcomes)
            raise
        if self._unsaved_token == token:
            self._unsaved_token = None

    def _take_outcomes(self) -> dict[str, str]:
        outcomes, self._outcomes = self._outcomes, {}
        return outcomes

    def _give_back(self, outcomes: dict[str, str]) -> None:
        """Outcomes whose transaction failed or was cancelled are written next time: losing
        one would make its event be handled again after a restart."""
        self._outcomes = {**outcomes, **self._outcomes}

    async def _write_outcomes(self, connection: AsyncConnection, outcomes: dict[str, str]) -> None:
        by_status: dict[str, list[str]] = {}
        for event_id, status in outcomes.items():
            by_status.setdefault(status, []).append(event_id)
        now = utcnow()
        for status, event_ids in by_status.items():
            await connection.execute(
                update(ReceivedEvent)
                .where(ReceivedEvent.event_id.in_(event_ids))
                .values(status=status, handled_at=now)
            )

    async def known(self, event_ids: list[str]) -> set[str]:
        if not event_ids:
            return set()
        async with self.database.sessions() as session:
            return set(
                await session.scalars(
                    select(ReceivedEvent.event_id).where(ReceivedEvent.event_id.in_(event_ids))
                )
            )

    async def pending(self) -> list[JournalEvent]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(ReceivedEvent)
                .where(ReceivedEvent.status == "pending")
                .order_by(ReceivedEvent.seq)
            )
            return [_to_event(row) for row in rows]

    async def counts(self) -> dict[str, int]:
        async with self.database.sessions() as session:
            rows = await session.execute(
                select(ReceivedEvent.status, func.count()).group_by(ReceivedEvent.status)
            )
            return {status: count for status, count in rows.all()}

    async def prune(self, older_than: datetime) -> int:
        """Forget handled events received before the date (pending ones are kept). Older
        events are beyond any back-fill: the bot would have been away longer than that."""
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(ReceivedEvent).where(
                    ReceivedEvent.status != "pending", ReceivedEvent.received_at < older_than
                )
            )
            return rows_affected(result)


class SessionRepository:
    """The bot's own Matrix session (access token and device id)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def load(self, user_id: str, homeserver: str) -> BotSession | None:
        async with self.database.sessions() as session:
            row = await session.get(BotSession, user_id)
            if row is None or row.homeserver != homeserver:
                return None
            return row

    async def save(self, user_id: str, homeserver: str, device_id: str, token: str) -> None:
        async with self.database.transaction() as session:
            await session.merge(
                BotSession(
                    user_id=user_id, homeserver=homeserver, device_id=device_id, access_token=token
                )
            )

    async def forget(self, user_id: str) -> None:
        async with self.database.transaction() as session:
            row = await session.get(BotSession, user_id)
            if row is not None:
                await session.delete(row)


def _to_event(row: ReceivedEvent) -> JournalEvent:
    return JournalEvent(
        event_id=row.event_id,
        room_id=row.room_id,
        sender=row.sender,
        event_type=row.event_type,
        origin_server_ts=row.origin_server_ts,
    )
