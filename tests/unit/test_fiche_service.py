"""`FicheService` on every backend: a replayed event writes nothing, a failure half-way nothing.

The failures are real database failures: a trigger refuses one kind of write, so the workflow
fails on a statement *after* others of its unit were executed (the claim of the event, the
fiche row before its search entry, the field change before its audit entry). Nothing the
workflow wrote may remain, its event must not be claimed (so that handling it again works),
and once the database accepts the write again the same event completes the workflow once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from bot.framework.errors import CheckFailure
from bot.framework.permissions import Permissions
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms
from bot.services.fiche_contacts import FicheContacts, contact_kind
from bot.services.fiches import FORM_STEPS, FicheService, FormAnswer
from config.layout import parse_layout
from config.settings import Settings
from storage.database import Database
from storage.models import AppliedEffect, AuditEntry, Conversation
from storage.models.fiches import Fiche
from storage.repositories.conversations import ConversationRepository
from storage.repositories.fiches import FicheRepository
from storage.repositories.members import MemberRepository
from storage.repositories.roles import AuditRepository, RoleRepository
from storage.repositories.rooms import DirectRoomRepository, RoomRepository
from storage.unit_of_work import UnitOfWork

LAYOUT = parse_layout(
    {
        "network": {"slug": "reseau", "name": "Réseau", "alias_prefix": "t"},
        "groupes": [{"slug": "encadrants", "short": "enc", "name": "Encadrants"}],
        "bassins": [{"slug": "nord", "name": "Nord"}],
        "themes": [{"slug": "mobilite", "label": "Mobilité", "keywords": ["permis"]}],
    }
)
ANA = "@ana:test"
MODERATOR = "@mod:test"
BOB = "@bob:test"
PERMIS = {"titre": "Permis accompagné", "contexte": "Pas de permis, pas d'emploi"}


@pytest_asyncio.fixture
async def client() -> AsyncIterator[MatrixClient]:
    """A client of no homeserver: none of these workflows may reach one before its commit
    (the DMs the contact workflow needs are recorded beforehand)."""
    client = MatrixClient("http://127.0.0.1:9", "@bot:test")
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def service(database: Database, client: MatrixClient) -> FicheService:
    return FicheService(
        fiches=FicheRepository.build(database, LAYOUT.theme_keywords()),
        members=MemberRepository(database),
        conversations=ConversationRepository(database),
        audit=AuditRepository(database),
        permissions=Permissions(RoleRepository(database), [MODERATOR]),
        client=client,
        work=UnitOfWork(database),
        layout=lambda: LAYOUT,
        prefix="!",
    )


@pytest.fixture
def contacts(database: Database, client: MatrixClient) -> FicheContacts:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, homeserver_url="http://127.0.0.1:9", user_id="@bot:test"
    )
    return FicheContacts(
        fiches=FicheRepository.build(database, LAYOUT.theme_keywords()),
        members=MemberRepository(database),
        conversations=ConversationRepository(database),
        client=client,
        direct_rooms=DirectRooms(client, DirectRoomRepository(database), RoomRepository(database)),
        work=UnitOfWork(database),
        layout=lambda: LAYOUT,
        settings=settings,
    )


async def count(database: Database, model: type, *where: object) -> int:
    async with database.sessions() as session:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int(await session.scalar(query) or 0)


async def refuse(database: Database, table: str, operation: str, when: str = "") -> None:
    """From now on the database refuses that write (a real failure inside a transaction)."""
    if database.dialect == "sqlite":
        condition = f" WHEN {when}" if when else ""
        statements = [
            f"CREATE TRIGGER refuse_{table} BEFORE {operation} ON {table}{condition} "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        ]
    else:
        condition = f" WHEN ({when})" if when else ""
        statements = [
            "CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER refuse_{table} BEFORE {operation} ON {table} FOR EACH ROW"
            f"{condition} EXECUTE FUNCTION refuse_write()",
        ]
    async with database.transaction() as session:
        for statement in statements:
            await session.execute(text(statement))


async def accept(database: Database, table: str) -> None:
    on = "" if database.dialect == "sqlite" else f" ON {table}"
    async with database.transaction() as session:
        await session.execute(text(f"DROP TRIGGER refuse_{table}{on}"))


async def claims(database: Database) -> int:
    return await count(database, AppliedEffect)


# -- replays ---------------------------------------------------------------------------------
async def test_a_replayed_creation_returns_the_first_fiche(
    database: Database, service: FicheService
) -> None:
    first = await service.create("$new", ANA, {**PERMIS, "themes": "mobilité"})
    again = await service.create("$new", ANA, {**PERMIS, "themes": "mobilité"})
    assert again.id == first.id and again.themes == ["mobilite"]
    assert await count(database, Fiche) == 1
    other = await service.create("$other", ANA, PERMIS)
    assert other.id != first.id and other.themes == ["mobilite"]  # detected from "permis"


async def test_a_replayed_form_answer_is_not_taken_for_the_next_question(
    database: Database, service: FicheService
) -> None:
    await service.start_form("$start", ANA, "!dm:test")
    conversation = await ConversationRepository(database).current(ANA, "!dm:test")
    assert conversation is not None
    title = await service.answer_form("$a0", ANA, conversation.id, FormAnswer("Garage"))
    replayed = await service.answer_form("$a0", ANA, conversation.id, FormAnswer("Garage"))
    assert (title.outcome, title.step) == (replayed.outcome, replayed.step) == ("next", 1)
    await service.answer_form("$a1", ANA, conversation.id, FormAnswer("Voitures en panne"))
    for number in range(2, len(FORM_STEPS)):
        step = await service.answer_form(
            f"$a{number}", ANA, conversation.id, FormAnswer("passer", skipped=True)
        )
    assert step.outcome == "created" and step.fiche is not None
    last = f"$a{len(FORM_STEPS) - 1}"
    again = await service.answer_form(last, ANA, conversation.id, FormAnswer("passer", True))
    assert again.outcome == "created" and again.fiche is not None
    assert again.fiche.id == step.fiche.id
    assert (step.fiche.titre, step.fiche.contexte) == ("Garage", "Voitures en panne")
    assert await count(database, Fiche) == 1


# -- failures half-way -----------------------------------------------------------------------
async def test_a_creation_failing_at_its_search_entry_leaves_no_fiche(
    database: Database, service: FicheService
) -> None:
    await refuse(database, "search_document", "INSERT", "NEW.namespace = 'fiche'")
    with pytest.raises(DBAPIError):
        await service.create("$new", ANA, PERMIS)
    assert await count(database, Fiche) == 0
    assert await claims(database) == 0
    await accept(database, "search_document")
    fiche = await service.create("$new", ANA, PERMIS)
    assert [r.fiche.id for r in await service.search("permis", 5)] == [fiche.id]
    assert await count(database, Fiche) == 1


async def test_a_form_failing_at_its_last_answer_stays_open_at_that_question(
    database: Database, service: FicheService
) -> None:
    await service.start_form("$start", ANA, "!dm:test")
    conversation = await ConversationRepository(database).current(ANA, "!dm:test")
    assert conversation is not None
    answers = [FormAnswer("Garage"), FormAnswer("Voitures")]
    answers += [FormAnswer("passer", skipped=True)] * (len(FORM_STEPS) - 2)
    for number, answer in enumerate(answers[:-1]):
        await service.answer_form(f"$a{number}", ANA, conversation.id, answer)
    await refuse(database, "search_document", "INSERT", "NEW.namespace = 'fiche'")
    last = f"$a{len(answers) - 1}"
    with pytest.raises(DBAPIError):
        await service.answer_form(last, ANA, conversation.id, answers[-1])
    assert await count(database, Fiche) == 0
    still = await ConversationRepository(database).current(ANA, "!dm:test")
    assert still is not None and still.data["step"] == len(FORM_STEPS) - 1  # not closed
    await accept(database, "search_document")
    done = await service.answer_form(last, ANA, conversation.id, answers[-1])
    assert done.outcome == "created" and await count(database, Fiche) == 1


async def test_an_edit_failing_at_its_audit_entry_leaves_the_fiche_unchanged(
    database: Database, service: FicheService
) -> None:
    fiche = await service.create("$new", ANA, PERMIS)
    with pytest.raises(CheckFailure):
        await service.edit("$bob", BOB, fiche.id, "public", "tout le monde")
    await refuse(database, "audit_entry", "INSERT")
    with pytest.raises(DBAPIError):
        await service.edit("$edit", MODERATOR, fiche.id, "public", "jeunes")
    unchanged = await service.get(fiche.id)
    assert unchanged.public == "" and unchanged.updated_at == fiche.updated_at
    assert await service.search("jeunes", 5) == []  # the search entry is not changed either
    assert await count(database, AuditEntry) == 0
    await accept(database, "audit_entry")
    await service.edit("$edit", MODERATOR, fiche.id, "public", "jeunes")
    await service.edit("$edit", MODERATOR, fiche.id, "public", "jeunes")  # a replay
    assert (await service.get(fiche.id)).public == "jeunes"
    assert await count(database, AuditEntry) == 1


async def test_contact_workflows_failing_half_way_leave_no_request_and_no_answer(
    database: Database, service: FicheService, contacts: FicheContacts
) -> None:
    fiche = await service.create("$new", ANA, PERMIS)
    await DirectRoomRepository(database).remember(ANA, "!ana-dm:test")
    kind = contact_kind(fiche.id, BOB)
    # Asking: the event is claimed, then inserting the request is refused.
    await refuse(database, "conversation", "INSERT")
    with pytest.raises(DBAPIError):
        await contacts.ask("$ask", BOB, fiche.id)
    assert await count(database, Conversation, Conversation.kind == kind) == 0
    assert await claims(database) == 1  # the creation's only
    await accept(database, "conversation")
    # Answering: the event is claimed, then closing the request is refused; it stays open.
    data = {"fiche": fiche.id, "requester": BOB, "room": "!ana-dm:test"}
    request = await ConversationRepository(database).start(ANA, kind, "", data)
    await refuse(database, "conversation", "UPDATE")
    with pytest.raises(DBAPIError):
        await contacts.answer("$no", ANA, request.id, accept=False)
    row = await ConversationRepository(database).latest(ANA, "", kind)
    assert row is not None and row.active
    assert await claims(database) == 1
