"""FAQ, moderation and inscription workflows: all of a workflow's rows or none, once per event.

A repository that fails right after its real write stands for a crash or a database error in
the middle of the workflow: the transaction must take back every row written before it (the
form closed, the entry archived, the role granted) and the event's claim, so that the replayed
event runs the workflow again from the start. A replay after success writes nothing more.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from bot.framework.permissions import Grants, Permissions
from bot.matrix.client import MatrixClient
from bot.services.faq import FaqWorkflows
from bot.services.faq_room import FaqRoom
from bot.services.inscription import KIND, Registrations
from bot.services.moderation import LayoutHolder, PowerLevels
from bot.services.moderation.scope import Actor
from bot.services.moderation.service import Moderation
from bot.services.provisioning import Provisioner
from storage.database import Database
from storage.models import AppliedEffect, AuditEntry, FaqEntry, Member, RoleAssignment
from storage.repositories.conversations import ConversationRepository
from storage.repositories.faq import FaqRepository
from storage.repositories.members import MemberRepository
from storage.repositories.moderation import BassinChangeRepository
from storage.repositories.roles import AuditRepository, RoleRepository
from storage.repositories.rooms import RoomRepository
from storage.search import SearchIndex
from storage.unit_of_work import UnitOfWork
from tests.support.bot import small_layout

GLOBAL = Grants("@mod:x", admin=False, global_moderator=True, bassins=frozenset())


class Broken(RuntimeError):
    pass


class AuditThatFails(AuditRepository):
    """Writes its row, then fails: the workflow's transaction must take everything back."""

    async def record(self, *args: Any, **kwargs: Any) -> AuditEntry:
        await super().record(*args, **kwargs)
        raise Broken


class MembersThatFail(MemberRepository):
    async def upsert(self, *args: Any, **kwargs: Any) -> Member:
        await super().upsert(*args, **kwargs)
        raise Broken


async def count(database: Database, model: type) -> int:
    async with database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest_asyncio.fixture
async def client() -> AsyncIterator[MatrixClient]:
    # Never reached by these workflows' transactions: no FAQ room, no rooms to mirror into.
    client = MatrixClient("http://127.0.0.1:9", "@bot:x")
    yield client
    await client.close()


def faq_workflows(database: Database, client: MatrixClient, audit: AuditRepository) -> FaqWorkflows:
    layouts = LayoutHolder(small_layout("t-"))
    rooms = RoomRepository(database)
    return FaqWorkflows(
        work=UnitOfWork(database),
        faq=FaqRepository(database, SearchIndex(database, "faq")),
        audit=audit,
        conversations=ConversationRepository(database),
        faq_room=FaqRoom(client, rooms, layouts, language="fr", prefix="!"),
        layouts=layouts,
    )


async def test_faq_add_half_way_failure_leaves_the_form_open_and_no_entry(
    database: Database, client: MatrixClient
) -> None:
    conversations = ConversationRepository(database)
    form = await conversations.start("@mod:x", "faq_add", "!dm:x", {"step": "themes"})
    workflows = faq_workflows(database, client, AuditThatFails(database))
    with pytest.raises(Broken):
        await workflows.add(Actor("$e1", "!dm:x", GLOBAL), form.id, "Q ?", "R.", "auto")
    assert await count(database, FaqEntry) == 0
    assert await count(database, AuditEntry) == 0
    assert await count(database, AppliedEffect) == 0
    assert await conversations.current("@mod:x", "!dm:x", "faq_add") is not None

    # The replayed event then archives the entry, once however often it comes back.
    workflows = faq_workflows(database, client, AuditRepository(database))
    actor = Actor("$e1", "!dm:x", GLOBAL)
    first = await workflows.add(actor, form.id, "Q ?", "R.", "auto")
    again = await workflows.add(actor, form.id, "Q ?", "R.", "auto")
    assert first is not None and again == first
    assert (await count(database, FaqEntry), await count(database, AuditEntry)) == (1, 1)


async def test_faq_entry_of_a_bassin_moderator_belongs_to_their_bassin(
    database: Database, client: MatrixClient
) -> None:
    conversations = ConversationRepository(database)
    form = await conversations.start("@sud:x", "faq_add", "!dm:x", {"step": "themes"})
    workflows = faq_workflows(database, client, AuditRepository(database))
    sud = Grants("@sud:x", admin=False, global_moderator=False, bassins=frozenset({"sud"}))
    entry_id = await workflows.add(Actor("$e2", "!dm:x", sud), form.id, "Q ?", "R.", "auto")
    assert entry_id is not None
    entry = await workflows.faq.get(entry_id)
    assert entry is not None and entry.bassin == "sud"


async def test_promotion_half_way_failure_grants_nothing(
    database: Database, client: MatrixClient
) -> None:
    rooms, roles = RoomRepository(database), RoleRepository(database)
    moderation = Moderation(
        client=client,
        work=UnitOfWork(database),
        rooms=rooms,
        roles=roles,
        audit=AuditThatFails(database),
        conversations=ConversationRepository(database),
        bassin_changes=BassinChangeRepository(database),
        power=PowerLevels(client, rooms, roles, Permissions(roles, [])),
        provisioner=Provisioner(client, rooms),
        layouts=LayoutHolder(small_layout("t-")),
        admins=[],
    )
    with pytest.raises(Broken):
        await moderation.promote(Actor("$e3", "!dm:x", GLOBAL), "@new:x", "nord")
    assert await count(database, RoleAssignment) == 0
    assert await count(database, AuditEntry) == 0
    assert await roles.of("@new:x") == []


async def test_inscription_half_way_failure_keeps_the_form_and_registers_nobody(
    database: Database, client: MatrixClient
) -> None:
    conversations = ConversationRepository(database)
    form = await conversations.start("@new:x", KIND, "!dm:x", {"step": "structure"})
    registrations = Registrations(
        work=UnitOfWork(database),
        members=MembersThatFail(database),
        rooms=RoomRepository(database),
        conversations=conversations,
        client=client,
    )
    with pytest.raises(Broken):
        await registrations.register("$e4", "@new:x", "nord", "responsables", "CPAS", form=form.id)
    assert await count(database, Member) == 0
    assert await count(database, AppliedEffect) == 0
    assert await conversations.current("@new:x", "!dm:x", KIND) is not None
