"""Events a crash left pending are fetched from the homeserver again, the journal keeping no
content (issue 12): the real sync loop, a real Synapse, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from sqlalchemy import inspect

from bot.homeserver.local_synapse import LocalSynapse
from bot.matrix.client import MatrixClient
from bot.matrix.events import IncomingEvent
from bot.matrix.sync import SyncLoop
from storage.database import Database
from storage.repositories.journal import JournalEvent, JournalRepository
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration

_numbers = itertools.count(1)


async def test_pending_events_are_fetched_again_and_their_content_never_stored(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, database: Database
):
    await database.migrate()
    async with database.engine.connect() as conn:
        columns = await conn.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns("received_event")}
        )
    assert "content" not in columns

    localpart = f"replaybot{next(_numbers)}x{id(database) % 10**6}"
    await synapse.register(localpart, f"{localpart}-pw")
    client = MatrixClient(synapse.url, synapse.user_id(localpart))
    await client.login(f"{localpart}-pw")
    alice = await matrix_user("replayalice")
    try:
        room = await alice.create_room(invite=[client.user_id])
        await client.join(room)
        kept = await alice.send(room, "!aide Mme Ysaline Quertinmont cherche un logement.")
        reaction = await alice.react(room, kept, "✅")
        redacted = await alice.send(room, "un message effacé avant la reprise")
        await alice.client.room_redact(room, redacted)
        first = await client.sync(since=None, timeout_ms=0, sync_filter={})
        journal = JournalRepository(database)
        entries = [
            JournalEvent(event_id, room, alice.user_id, kind, 0)
            for event_id, kind in (
                (kept, "m.room.message"),
                (reaction, "m.reaction"),
                (redacted, "m.room.message"),
                ("$gone:localhost", "m.room.message"),
            )
        ]
        await journal.record(entries, first["next_batch"])

        handled: list[IncomingEvent] = []
        all_handled = asyncio.Event()

        async def on_event(event: IncomingEvent) -> None:
            handled.append(event)
            if len(handled) == 3:
                all_handled.set()

        async def on_invite(room_id: str, inviter: str, is_direct: bool) -> None:
            return None

        stop = asyncio.Event()
        loop = SyncLoop(client, journal, on_event, on_invite, timeout_ms=1000)
        running = asyncio.create_task(loop.run(stop))
        await asyncio.wait_for(all_handled.wait(), 30)
        stop.set()
        await asyncio.wait_for(running, 30)

        by_id = {event.event_id: event for event in handled}
        assert [e.event_id for e in handled] == [kept, reaction, redacted]  # journal order
        assert by_id[kept].body.startswith("!aide Mme Ysaline")  # from the homeserver
        assert by_id[reaction].reaction == (kept, "✅")
        assert by_id[redacted].body == ""  # redacted meanwhile: nothing left to handle
        assert await journal.counts() == {"done": 3, "skipped": 1}
    finally:
        await client.close()
