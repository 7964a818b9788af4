"""``!oubli`` and ``!mes-donnees`` on the real models, on every backend.

A member's id is written in every table that can hold it, the way the workflows write it (as a
column, inside JSON details, stored workflow results and timer payloads, in a timer's key); after
``forget`` a scan of every column of every table must not find it anywhere. A guard test makes a
new table with a member column fail here until it is seeded, hence until ``forget`` handles it.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from storage.database import Database
from storage.models import (
    AppliedEffect,
    AuditEntry,
    Base,
    BassinChange,
    CalendarFeed,
    Conversation,
    DirectRoom,
    FaqEdit,
    FaqEntry,
    Fiche,
    FocusGuest,
    FocusParticipant,
    FocusSession,
    HelpRequest,
    Member,
    Partner,
    ReceivedEvent,
    RequestAnswer,
    RoleAssignment,
    Structure,
    Timer,
    WebLoginLink,
    WebSession,
    utcnow,
)
from storage.repositories.personal_data import PersonalDataRepository

ALICE = "@alice.oubli:example.org"
BOB = "@bob:example.org"
NOW = utcnow()
# Columns that name a member, whatever the table: a new one must be seeded below.
MEMBER_COLUMNS = {
    "user_id",
    "author",
    "author_id",
    "actor",
    "target",
    "requester",
    "sender",
    "invited_by",
    "granted_by",
    "changed_by",
    "editor_id",
    "referent",
    "report_author",
}
# The bot's own account is not a member.
NOT_MEMBERS = {"bot_session"}


def seeded_rows() -> list[Any]:
    later = NOW + timedelta(days=30)
    return [
        Member(user_id=ALICE, bassin="nord", groupe="ts", structure="EFT Les Ateliers"),
        RoleAssignment(user_id=ALICE, role="moderator", bassin="nord", granted_by=BOB),
        RoleAssignment(user_id=BOB, role="moderator", bassin=None, granted_by=ALICE),
        AuditEntry(actor=ALICE, action="faq_edit", target=BOB, details={"author": ALICE}),
        AuditEntry(actor=BOB, action="partner_invite", target=ALICE, details={ALICE: "x"}),
        BassinChange(slug="sud", name="Sud", status="added", changed_by=ALICE),
        CalendarFeed(user_id=ALICE, secret_hash="f" * 64),
        Conversation(user_id=ALICE, kind="aide", room_id="!dm:x", data={"text": "[PERSONNE]"}),
        Conversation(user_id=BOB, kind="confirm", room_id="!dm2:x", data={"target": ALICE}),
        DirectRoom(user_id=ALICE, room_id="!dm:x"),
        FaqEntry(id=1, question="q", answer="a", contributors=[ALICE, BOB], author_id=ALICE),
        FaqEdit(entry_id=1, editor_id=ALICE, field="answer", old_value="a", new_value="b"),
        Fiche(titre="Atelier vélo", author_id=ALICE, attachments=[{"sender": ALICE}]),
        FocusSession(
            id=1,
            author_id=ALICE,
            theme="Logement",
            target="nord",
            starts_at=later,
            timezone="Europe/Brussels",
            report_author=ALICE,
        ),
        FocusGuest(session_id=1, user_id=ALICE, invited_by=BOB),
        FocusGuest(session_id=1, user_id="@carol:example.org", invited_by=ALICE),
        FocusParticipant(session_id=1, user_id=ALICE),
        HelpRequest(id=1, requester=ALICE, dm_room_id="!dm:x", text="[PERSONNE] cherche"),
        RequestAnswer(
            request_id=1, number=1, event_id="$a", room_id="!r:x", author=ALICE, text="a"
        ),
        Partner(user_id=ALICE, structure="CPAS", themes=["logement"], invited_by=BOB, until=later),
        Partner(user_id=BOB, structure="MIRE", themes=["emploi"], invited_by=ALICE),
        ReceivedEvent(
            event_id="$e",
            room_id="!dm:x",
            sender=ALICE,
            event_type="m.room.message",
            origin_server_ts=1,
            status="handled",
            seq=1,
        ),
        Structure(source_id="s1", source="test", nom="AIS Namur", referent=ALICE),
        Timer(key=f"partner:{ALICE}:1:end", kind="partner.end", due_at=later, payload={"u": ALICE}),
        Timer(key="focus:1:guests", kind="focus.guests", due_at=later, payload={"who": [ALICE]}),
        AppliedEffect(event_id="$f", workflow="focus.guests", result={"added": [ALICE]}),
        WebLoginLink(token_hash="a" * 64, user_id=ALICE, expires_at=later),
        WebSession(token_hash="b" * 64, user_id=ALICE, csrf="c" * 32, expires_at=later),
    ]


async def seed(database: Database) -> None:
    rows = seeded_rows()
    parents = [row for row in rows if isinstance(row, FaqEntry | FocusSession | HelpRequest)]
    async with database.transaction() as session:
        session.add_all(parents)
        await session.flush()  # the rows below refer to these by id, without relationships
        session.add_all([row for row in rows if row not in parents])


async def places_naming(database: Database, user_id: str) -> list[str]:
    """Every ``table.column`` whose value, as text, contains ``user_id``."""
    found = []
    async with database.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for column, value in row.items():
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    if user_id in text:
                        found.append(f"{table.name}.{column}")
    return found


def test_every_table_with_a_member_column_is_seeded() -> None:
    seeded = {row.__table__.name for row in seeded_rows()}
    naming = {
        table.name
        for table in Base.metadata.sorted_tables
        if MEMBER_COLUMNS & set(table.columns.keys())
    }
    assert naming - NOT_MEMBERS <= seeded, sorted(naming - NOT_MEMBERS - seeded)


async def test_the_copy_holds_every_kind_of_data(database: Database) -> None:
    await seed(database)
    copy = await PersonalDataRepository(database).export(ALICE)
    assert copy["profile"]["structure"] == "EFT Les Ateliers"
    assert copy["partner"][0]["structure"] == "CPAS"
    assert copy["focus_guest_of"] == [1]
    assert copy["structures_known"] == [
        {"id": copy["structures_known"][0]["id"], "nom": "AIS Namur"}
    ]
    assert len(copy["web"]["sessions"]) == 1 and len(copy["web"]["sign_in_links"]) == 1
    assert copy["web"]["calendar_feed"] is not None
    assert "b" * 64 not in json.dumps(copy)  # secrets are not part of the copy


async def test_forgetting_leaves_the_member_id_nowhere(database: Database) -> None:
    await seed(database)
    assert len(await places_naming(database, ALICE)) > 20
    await PersonalDataRepository(database).forget(ALICE, NOW)
    assert await places_naming(database, ALICE) == []
    # The network's content stays, without the member.
    async with database.sessions() as session:
        entry = await session.get(FaqEntry, 1)
        others = list(await session.scalars(select(Partner.user_id)))
    assert entry is not None and entry.contributors == [BOB]
    assert others == [BOB]
