"""The scheduled pruning on every backend: what ended long ago goes, the rest stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.housekeeping import Housekeeping
from storage.database import Database
from storage.models import AppliedEffect, Conversation, ReceivedEvent, Timer, utcnow
from storage.repositories.conversations import ConversationRepository
from storage.repositories.journal import JournalRepository
from storage.repositories.timers import TimerRepository
from storage.unit_of_work import UnitOfWork

NOW = utcnow()
OLD = NOW - timedelta(days=31)
RECENT = NOW - timedelta(days=29)


def event(event_id: str, status: str, received_at: object) -> ReceivedEvent:
    return ReceivedEvent(
        event_id=event_id,
        room_id="!r:x",
        sender="@a:x",
        event_type="m.room.message",
        origin_server_ts=0,
        status=status,
        seq=len(event_id),
        received_at=received_at,
    )


def timer(key: str, state: str, due_at: object) -> Timer:
    return Timer(key=key, kind="k", due_at=due_at, grace_seconds=60, payload={}, state=state)


def conversation(kind: str, active: bool, created_at: object, expires_at: object) -> Conversation:
    return Conversation(
        user_id="@a:x",
        kind=kind,
        room_id="!r:x",
        data={},
        created_at=created_at,
        expires_at=expires_at,
        active=active,
    )


async def test_prune_forgets_what_ended_before_the_retention(database: Database) -> None:
    async with database.transaction() as session:
        session.add_all(
            [
                event("$old-done", "done", OLD),
                event("$old-pending", "pending", OLD),
                event("$recent-done", "done", RECENT),
                timer("old-done", "done", OLD),
                timer("old-cancelled", "cancelled", OLD),
                timer("old-pending", "pending", OLD),
                timer("recent-done", "done", RECENT),
                conversation("old-finished", False, OLD, None),
                conversation("old-expired", True, OLD, OLD),
                conversation("old-open", True, OLD, NOW + timedelta(days=1)),
                conversation("recent-finished", False, RECENT, None),
                AppliedEffect(event_id="$old", workflow="w", result={}, applied_at=OLD),
                AppliedEffect(event_id="$recent", workflow="w", result={}, applied_at=RECENT),
            ]
        )
    housekeeping = Housekeeping(
        JournalRepository(database),
        TimerRepository(database),
        ConversationRepository(database),
        UnitOfWork(database),
        timedelta(days=30),
        clock=lambda: NOW,
    )
    counts = await housekeeping.prune()
    assert counts == {"events": 1, "timers": 2, "conversations": 2, "claims": 1}
    async with database.sessions() as session:
        assert set(await session.scalars(select(ReceivedEvent.event_id))) == {
            "$old-pending",
            "$recent-done",
        }
        assert set(await session.scalars(select(Timer.key))) == {"old-pending", "recent-done"}
        assert set(await session.scalars(select(Conversation.kind))) == {
            "old-open",
            "recent-finished",
        }
        assert set(await session.scalars(select(AppliedEffect.event_id))) == {"$recent"}
    assert await housekeeping.prune() == {"events": 0, "timers": 0, "conversations": 0, "claims": 0}
