"""Fiches under SIGKILL: a crash right after a reply never doubles the effect (issue 11, #2).

The real bot process is killed as soon as the user sees the reply, before it has written that
the event was handled; on restart it handles the event again from its journal. Each workflow
must then find the work already done: no second fiche, no answer stored in the wrong field, no
second contact room. The command sent after the restart is a barrier: one user's events in
one room are handled in order, so once it is answered the replayed event has been handled.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from bot.homeserver.local_synapse import LocalSynapse
from storage.database import Database, sqlite_url
from storage.models import AuditEntry, Conversation
from storage.models.fiches import Fiche
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot_process import BotProcess

pytestmark = pytest.mark.integration

TRIALS = 5


def database_of(bot: BotProcess) -> Database:
    return Database(sqlite_url(bot.directory / "data" / "tisserand.db"))


async def fiche_rows(bot: BotProcess) -> list[Fiche]:
    database = database_of(bot)
    try:
        async with database.sessions() as session:
            return list(await session.scalars(select(Fiche).order_by(Fiche.id)))
    finally:
        await database.close()


async def crash_and_restart(bot: BotProcess) -> None:
    await bot.kill()
    await bot.start(ready="provisioning:")


async def registered(user: MatrixUser, bot: BotProcess) -> str:
    dm = await user.create_dm(bot.user_id, timeout=30)
    reply = await user.ask(dm, "!inscription b1 travailleurs-sociaux", timeout=30)
    assert "Bassin" in reply.body, reply.body
    return dm


async def barrier(user: MatrixUser, dm: str) -> None:
    """Answered only after every earlier event of this user in this room was handled."""
    reply = await user.ask(dm, "!fiche mes", timeout=60)
    assert "fiche" in reply.body.lower(), reply.body


async def test_a_one_message_fiche_is_created_once_whatever_the_crash(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    bot = BotProcess(synapse, tmp_path / "bot")
    await bot.start(ready="first start")
    try:
        alice = await matrix_user("crashfiche")
        dm = await registered(alice, bot)
        doubled: list[str] = []
        for trial in range(1, TRIALS + 1):
            title = f"Atelier vélo numéro {trial}"
            reply = await alice.ask(
                dm,
                f"!fiche nouvelle\nTitre: {title}\nContexte: pas de bus le dimanche",
                timeout=30,
            )
            await bot.kill()  # as soon as the user sees the reply
            assert "enregistrée" in reply.body and title in reply.body, reply.body
            await bot.start(ready="provisioning:")
            await barrier(alice, dm)
            titles = [fiche.titre for fiche in await fiche_rows(bot)]
            if titles.count(title) != 1:
                doubled.append(f"trial {trial}: {titles.count(title)} fiches")
        rows = await fiche_rows(bot)
        print(f"{len(rows)} fiches for {TRIALS} commands; doubled: {doubled}")  # read with -s
        assert not doubled, doubled
        assert len(rows) == TRIALS
        assert "Traceback" not in bot.log_text()
    finally:
        await bot.stop()


GUIDED = ["Garage solidaire", "Les voitures en panne", "passer", "passer"]
GUIDED_TAIL = ["passer"] * 5  # déroulé, moyens, résultats, contact, thèmes


async def test_the_guided_form_survives_crashes_after_any_answer(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    """Killed after the title answer, then after the last one: the title is not stored again
    as the context (the replayed answer is not taken for the next question's), and the last
    answer creates one fiche."""
    bot = BotProcess(synapse, tmp_path / "bot")
    await bot.start(ready="first start")
    try:
        alice = await matrix_user("crashform")
        dm = await registered(alice, bot)
        created = 0
        for trial in range(1, TRIALS + 1):
            question = await alice.ask(dm, "!fiche nouvelle", timeout=30)
            assert "titre" in question.body
            reply = await alice.ask(dm, f"Garage solidaire {trial}", timeout=30)
            assert "Problème / contexte" in reply.body, reply.body
            await crash_and_restart(bot)
            for answer in [f"Les voitures en panne {trial}", *GUIDED[2:], *GUIDED_TAIL[:-1]]:
                reply = await alice.ask(dm, answer, timeout=60)
                assert "Fiche" not in reply.body, reply.body
            done = await alice.ask(dm, GUIDED_TAIL[-1], timeout=30)
            await bot.kill()
            assert "enregistrée" in done.body, done.body
            created += 1
            await bot.start(ready="provisioning:")
            await barrier(alice, dm)
        rows = await fiche_rows(bot)
        print(f"{len(rows)} fiches for {created} forms")  # read with -s
        assert [(f.titre, f.contexte) for f in rows] == [
            (f"Garage solidaire {n}", f"Les voitures en panne {n}") for n in range(1, created + 1)
        ]
        assert "Traceback" not in bot.log_text()
    finally:
        await bot.stop()


async def audit_entries(bot: BotProcess) -> int:
    database = database_of(bot)
    try:
        async with database.sessions() as session:
            query = select(func.count()).where(AuditEntry.action == "fiche_edit")
            return int(await session.scalar(query) or 0)
    finally:
        await database.close()


async def test_a_moderated_edit_is_audited_once_whatever_the_crash(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    """An edit by someone else than the author is written with its audit entry: a replay
    must not audit it twice (the field itself would be set to the same value again)."""
    dave = await matrix_user("crashmoderator")
    admins = {"TISSERAND_ADMINS": json.dumps([dave.user_id])}
    bot = BotProcess(synapse, tmp_path / "bot", extra_env=admins)
    await bot.start(ready="first start")
    try:
        alice = await matrix_user("crashedited")
        alice_dm = await registered(alice, bot)
        dave_dm = await dave.create_dm(bot.user_id, timeout=30)
        created = await alice.ask(alice_dm, "!fiche nouvelle\nTitre: Repair café\nContexte: x")
        assert "Fiche #1" in created.body, created.body
        for trial in range(1, TRIALS + 1):
            edited = await dave.ask(dave_dm, f"!fiche modifier #1 public groupe {trial}", 30)
            await bot.kill()
            assert "mise à jour" in edited.body, edited.body
            await bot.start(ready="provisioning:")
            await barrier(dave, dave_dm)
        audited = await audit_entries(bot)
        print(f"{audited} audit entries for {TRIALS} moderated edits")  # read with -s
        assert audited == TRIALS
        assert [fiche.public for fiche in await fiche_rows(bot)] == [f"groupe {TRIALS}"]
    finally:
        await bot.stop()


async def contact_rooms(admin: MatrixUser) -> list[str]:
    """Every room named like a contact room on the homeserver (Synapse's admin API)."""
    path = "/_synapse/admin/v1/rooms?limit=500&search_term=" + quote("Compagnonnage")
    headers = {"Authorization": f"Bearer {admin.client.access_token}"}
    response = await admin.client.send("GET", path, headers=headers)
    assert response.status == 200, await response.text()
    body = json.loads(await response.text())
    return [room["room_id"] for room in body["rooms"]]


async def contact_requests(bot: BotProcess) -> int:
    database = database_of(bot)
    try:
        async with database.sessions() as session:
            query = select(func.count()).where(Conversation.kind.startswith("fiche_contact"))
            return int(await session.scalar(query) or 0)
    finally:
        await database.close()


async def test_contact_requests_and_rooms_are_made_once_whatever_the_crash(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    bot = BotProcess(synapse, tmp_path / "bot")
    await bot.start(ready="first start")
    try:
        alice = await matrix_user("crashauthor")
        oscar = await matrix_user("crashadmin", admin=True)
        alice_dm = await registered(alice, bot)
        before = set(await contact_rooms(oscar))
        for trial in range(1, TRIALS + 1):
            created = await alice.ask(
                alice_dm, f"!fiche nouvelle\nTitre: Entraide {trial}\nContexte: seul·e"
            )
            found = re.search(r"Fiche #(\d+)", created.body)
            assert found is not None, created.body
            bob = await matrix_user(f"crashasker{trial}-")
            bob_dm = await registered(bob, bot)
            mark = alice.mark()
            sent = await bob.ask(bob_dm, f"!fiche contact #{found.group(1)}", timeout=30)
            await crash_and_restart(bot)
            assert "transmis" in sent.body, sent.body
            await barrier(bob, bob_dm)
            wanted = f"Entraide {trial}"
            question = await alice.wait_for(
                lambda e, wanted=wanted: (
                    e.room_id == alice_dm and "compagnonnage" in e.body and wanted in e.body
                ),
                after=mark,
                what="the contact request",
            )
            number = question.body.split("n°", 1)[1].split()[0].strip("*,.:")
            accepted = await alice.ask(alice_dm, f"!fiche accepter {number}", timeout=60)
            await bot.kill()
            assert "Compagnonnage" in accepted.body or "salon" in accepted.body, accepted.body
            await bot.start(ready="provisioning:")
            await barrier(alice, alice_dm)
        rooms = set(await contact_rooms(oscar)) - before
        requests = await contact_requests(bot)
        adopted = bot.log_text().count("adopted: its acceptance was handled before")
        print(
            f"{len(rooms)} contact rooms, {requests} requests for {TRIALS} contacts; "
            f"{adopted} replayed acceptances adopted their room"
        )
        assert requests == TRIALS
        assert len(rooms) == TRIALS
        assert "Traceback" not in bot.log_text()  # a replayed acceptance adopts its room
    finally:
        await bot.stop()
