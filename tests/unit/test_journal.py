"""The journal's batch write: which events are new, in their order, with the token, in one go."""

from __future__ import annotations

from storage.database import Database
from storage.repositories.journal import JournalEvent, JournalRepository


def event(number: int) -> JournalEvent:
    return JournalEvent(f"$e{number}", "!room:x", "@someone:x", "m.room.message", number)


async def test_a_batch_returns_only_events_never_seen_in_their_order(database: Database) -> None:
    journal = JournalRepository(database)
    assert await journal.record([event(1), event(2)], "t1") == [event(1), event(2)]
    # Known events, and an event twice in one batch, are returned once at most.
    fresh = await journal.record([event(3), event(2), event(3), event(1), event(4)], "t2")
    assert fresh == [event(3), event(4)]
    assert await journal.next_batch() == "t2"
    assert [e.event_id for e in await journal.pending()] == ["$e1", "$e2", "$e3", "$e4"]


async def test_outcomes_are_written_by_the_flush_not_by_the_next_batch(
    database: Database,
) -> None:
    """A batch's transaction carries no outcome (it would delay the batch's handlers); the
    flush writes them, with a token that waits."""
    journal = JournalRepository(database)
    await journal.record([event(1), event(2)], "t1")
    journal.mark("$e1", "done")
    journal.mark("$e2", "failed")
    assert await journal.record([event(3)], "t2") == [event(3)]
    assert await journal.counts() == {"pending": 3}
    assert await journal.record([], "t3") == []
    await journal.flush()
    assert await journal.counts() == {"done": 1, "failed": 1, "pending": 1}
    assert await journal.next_batch() == "t3"


async def test_a_restarted_journal_goes_on_numbering_after_the_last_event(
    database: Database,
) -> None:
    await JournalRepository(database).record([event(1), event(2)], "t1")
    again = JournalRepository(database)  # a new process: the sequence is read back
    assert await again.record([event(3)], "t2") == [event(3)]
    assert [e.event_id for e in await again.pending()] == ["$e1", "$e2", "$e3"]


async def test_a_large_batch_is_written_in_chunks(database: Database) -> None:
    journal = JournalRepository(database)
    many = [event(number) for number in range(1_200)]
    assert await journal.record(many, "t1") == many
    assert await journal.record(many, "t2") == []
    assert len(await journal.pending()) == 1_200


async def test_the_first_token_is_written_even_without_events(database: Database) -> None:
    journal = JournalRepository(database)
    await journal.record([], "t0", status="skipped")
    # Without it a restart would take everything since as history and skip it.
    assert await JournalRepository(database).next_batch() == "t0"


async def test_a_batch_with_nothing_to_write_waits_for_the_next_write(database: Database) -> None:
    journal = JournalRepository(database)
    await journal.record([event(1)], "t1")
    assert await journal.record([], "t2") == []  # the bot's own reply coming back
    assert await JournalRepository(database).next_batch() == "t1"
    journal.mark("$e1", "done")
    await journal.flush()  # an outcome to write: the waiting token goes with it
    assert await JournalRepository(database).next_batch() == "t2"
    await journal.record([], "t3")
    await journal.flush()
    assert await JournalRepository(database).next_batch() == "t2"
    await journal.flush(final=True)  # shutdown
    assert await JournalRepository(database).next_batch() == "t3"


async def test_a_resumed_journal_defers_empty_batches_too(database: Database) -> None:
    await JournalRepository(database).record([event(1)], "t1")
    resumed = JournalRepository(database)
    assert await resumed.next_batch() == "t1"
    await resumed.record([], "t2")
    assert await JournalRepository(database).next_batch() == "t1"
    assert await resumed.record([event(2)], "t3") == [event(2)]
    assert await JournalRepository(database).next_batch() == "t3"
