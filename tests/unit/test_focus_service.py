"""The focus service's workflows on every backend: one transaction each, so a failure half-way
leaves nothing behind, and a replayed event writes nothing again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select

from bot.framework.catalogue import catalogue
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms
from bot.services.focus import FocusSessions, FocusSettings, FocusStores, Origin
from bot.services.focus.planning import KIND
from bot.services.provisioning import room_key
from storage.database import Database
from storage.models import AppliedEffect, Conversation, FocusSession, Timer
from storage.repositories.conversations import ConversationRepository
from storage.repositories.focus import FocusRepository
from storage.repositories.members import MemberRepository
from storage.repositories.roles import AuditRepository
from storage.repositories.rooms import DirectRoomRepository, RoomRepository
from storage.repositories.timers import TimerRepository
from storage.unit_of_work import UnitOfWork
from tests.support.bot import small_layout

LAYOUT = small_layout("t-")
ALICE = "@alice:example.org"
DM = "!dm:example.org"


@dataclass
class Setup:
    service: FocusSessions
    conversations: ConversationRepository
    timers: Timers
    database: Database


@pytest_asyncio.fixture
async def setup(database: Database) -> AsyncIterator[Setup]:
    rooms = RoomRepository(database)
    for groupe in LAYOUT.groupes:
        await rooms.save(
            room_key("nord", groupe.slug),
            room_id=f"!{groupe.short}-nord:example.org",
            kind="groupe",
            name=f"{groupe.name} · Nord",
            bassin="nord",
            groupe=groupe.slug,
        )
    # Never contacted: the workflows below fail or end before anything is sent.
    client = MatrixClient("http://127.0.0.1:9", "@tisserand:example.org")
    conversations = ConversationRepository(database)
    # No handler is registered for the reminders' kind: writing their timers fails, half-way
    # through a confirmation (after the plan was closed and the session row was added).
    timers = Timers(TimerRepository(database), AsyncIOScheduler(), client)
    stores = FocusStores(
        sessions=FocusRepository(database),
        conversations=conversations,
        rooms=rooms,
        members=MemberRepository(database),
        audit=AuditRepository(database),
    )
    service = FocusSessions(
        stores=stores,
        client=client,
        direct_rooms=DirectRooms(client, DirectRoomRepository(database), rooms),
        work=UnitOfWork(database),
        timers=timers,
        settings=FocusSettings(lambda: LAYOUT, ZoneInfo("Europe/Brussels"), "fr", "!"),
    )
    try:
        yield Setup(service, conversations, timers, database)
    finally:
        await client.close()


def origin(event_id: str) -> Origin:
    return Origin(event_id, ALICE, DM, catalogue("fr"))


async def count(database: Database, model: type) -> int:
    async with database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_replayed_plan_writes_no_second_conversation(setup: Setup) -> None:
    first = await setup.service.plan(origin("$plan"), "après-demain 10h | Logement | nord")
    again = await setup.service.plan(origin("$plan"), "après-demain 10h | Logement | nord")
    assert again.conversation_id == first.conversation_id
    assert again.echo == first.echo
    assert await count(setup.database, Conversation) == 1


async def test_a_failure_half_way_through_a_confirmation_leaves_no_partial_rows(
    setup: Setup,
) -> None:
    await setup.service.plan(origin("$plan"), "après-demain 10h | Logement | nord")
    with pytest.raises(ValueError, match="no handler"):
        await setup.service.confirm(origin("$confirm"))

    # Rolled back as a whole: no session, no timer, the plan still waiting, the event unclaimed
    # (so handling it again after the fault is fixed confirms it).
    assert await count(setup.database, FocusSession) == 0
    assert await count(setup.database, Timer) == 0
    async with setup.database.sessions() as session:
        claims = await session.scalar(
            select(func.count())
            .select_from(AppliedEffect)
            .where(AppliedEffect.event_id == "$confirm")
        )
    assert claims == 0
    pending = await setup.conversations.current(ALICE, DM, KIND)
    assert pending is not None and pending.active
