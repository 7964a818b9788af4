"""Fiches actions end to end on a real Synapse (SPEC §5).

Alice (nord) writes fiches, Bob asks to talk with her about one, Carol asks about another
and is politely declined, Dave moderates the bassin nord.
"""

from __future__ import annotations

import asyncio
import io
import re

import pytest
from nio import UploadResponse
from sqlalchemy import select

from storage.models import Conversation
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration

GUIDED_ANSWERS = [
    ("Garage solidaire", "Problème / contexte"),
    ("Les voitures en panne empêchent d'aller travailler sur les chantiers.", "Public"),
    # <- the bot restarts here, in the middle of the form
    ("passer", "Objectifs"),
    ("Remettre les véhicules en état à prix coûtant.", "Déroulé"),
    ("Diagnostic\nÉtape 2 : réparation par des stagiaires", "Moyens et partenaires"),
    ("Un atelier prêté par la commune, la mission locale", "Résultats"),
    ("passer", "Contact"),
    ("passer", "Thèmes"),
]


async def registered(bot: BotHarness, user: MatrixUser, bassin: str = "nord") -> str:
    dm = await user.create_dm(bot.user_id)
    reply = await user.ask(dm, f"!inscription {bassin} travailleurs-sociaux")
    assert "Bassin" in reply.body, reply.body
    return dm


async def test_guided_form_survives_a_restart_then_search_and_show(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await registered(bot, alice)

    reply = await alice.ask(dm, "!fiche nouvelle")
    assert "titre" in reply.body
    for number, (answer, next_question) in enumerate(GUIDED_ANSWERS):
        if number == 2:
            await bot.restart()
        reply = await alice.ask(dm, answer)
        assert next_question in reply.body, (answer, reply.body)
    done = await alice.ask(dm, "passer")
    assert "Fiche #1 enregistrée" in done.body, done.body
    assert "Mobilité" in done.body  # "voitures" is a keyword of the theme
    assert "Bassin Nord" in done.body

    # Found with other words, accents and case than the ones written.
    for query in ("garages solidaires", "VOITURE en panne", "reparation", "chantier"):
        found = await alice.ask(dm, f"!fiche {query}")
        assert "#1" in found.body and "Garage solidaire" in found.body, (query, found.body)
    nothing = await alice.ask(dm, "!fiche colocation étudiante")
    assert "Aucune fiche" in nothing.body

    shown = await alice.ask(dm, "!fiche #1")
    for text in (
        "Fiche #1 — Garage solidaire",
        "Les voitures en panne",
        "Remettre les véhicules",
        "Étape 2 : réparation",
        "mission locale",
        "Mobilité",
        "Bassin Nord",
    ):
        assert text in shown.body, (text, shown.body)
    assert "Public" not in shown.body  # skipped fields are not shown empty
    assert shown.formatted_body is not None and "<h3>" in shown.formatted_body
    assert f"https://matrix.to/#/{alice.user_id}" in shown.formatted_body

    cancelled = await alice.ask(dm, "!fiche nouvelle")
    assert "titre" in cancelled.body
    stopped = await alice.ask(dm, "annuler")
    assert "rien n'a été enregistré" in stopped.body


async def test_one_message_fiche_attachment_edits_and_contact(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    app = bot.app
    assert app is not None
    alice, bob, carol, dave = [await matrix_user(n) for n in ("alice", "bob", "carol", "dave")]
    alice_dm = await registered(bot, alice)
    bob_dm = await registered(bot, bob, "sud")
    carol_dm = await carol.create_dm(bot.user_id)
    dave_dm = await dave.create_dm(bot.user_id)
    await app.roles.grant(dave.user_id, "moderator", "nord", "@admin:test")

    # 1. One message of "Champ: valeur" lines, labels in any case and accents, multi-line values.
    created = await alice.ask(
        alice_dm,
        "!fiche nouvelle\n"
        "TITRE : Permis accompagné\n"
        "problème/contexte: Sans permis de conduire, pas d'emploi en zone rurale.\n"
        "Public cible: jeunes de 18 à 25 ans\n"
        "Déroulement:\n"
        "Étape 1 : code en groupe\n"
        "Étape 2 : conduite avec un moniteur\n"
        "Moyens et partenaires: auto-école sociale",
    )
    assert "Fiche #1 enregistrée" in created.body, created.body
    assert "Mobilité" in created.body
    missing = await alice.ask(alice_dm, "!fiche nouvelle\nPublic: personne")
    assert "Titre" in missing.body and "obligatoires" in missing.body
    found = await bob.ask(bob_dm, "!fiche conduire permis")
    assert "#1" in found.body and "Permis accompagné" in found.body
    second = await alice.ask(
        alice_dm, "!fiche nouvelle\nTitre: Colocation jeunes\nContexte: loyers trop chers"
    )
    assert "Fiche #2" in second.body and "Logement" in second.body
    mine = await alice.ask(alice_dm, "!fiche mes")
    assert "#1" in mine.body and "#2" in mine.body

    # 2. A file attached by replying to it.
    upload, _ = await alice.client.upload(
        io.BytesIO(b"%PDF-1.4 plan"),
        content_type="application/pdf",
        filename="plan.pdf",
        filesize=13,
    )
    assert isinstance(upload, UploadResponse)
    file_event = await alice.send_event(
        alice_dm,
        "m.room.message",
        {"msgtype": "m.file", "body": "plan.pdf", "url": upload.content_uri},
    )
    mark = alice.mark()
    command = await alice.send(alice_dm, "!fiche joindre #1", reply_to=file_event)
    attached = await alice.wait_for(
        lambda e: e.is_message and e.in_reply_to == command, after=mark, what="attach reply"
    )
    assert "plan.pdf" in attached.body and "#1" in attached.body
    not_a_file = await alice.ask(alice_dm, "!fiche joindre #1")
    assert "Répondez au message" in not_a_file.body
    shown = await alice.ask(alice_dm, "!fiche #1")
    assert upload.content_uri in shown.body
    assert shown.formatted_body is not None
    assert "/_matrix/client/v1/media/download/" in shown.formatted_body

    # 3. Edits: refused to someone else, allowed to the author and to a moderator (audited).
    refused = await bob.ask(bob_dm, "!fiche modifier #1 public tout le monde")
    assert "Seul·e l'auteur·e" in refused.body
    fiche = await app.fiches.get(1)
    assert fiche is not None and fiche.public == "jeunes de 18 à 25 ans"
    own = await alice.ask(alice_dm, "!fiche modifier #1 public jeunes NEET")
    assert "mise à jour" in own.body
    moderated = await dave.ask(dave_dm, "!fiche modifier #1 résultats 12 permis obtenus")
    assert "mise à jour" in moderated.body
    fiche = await app.fiches.get(1)
    assert fiche is not None and fiche.public == "jeunes NEET"
    assert fiche.resultats == "12 permis obtenus"
    audit = await app.audit.latest(10)
    edits = [entry for entry in audit if entry.target == "#1" and "fiche" in entry.action]
    assert [entry.actor for entry in edits] == [dave.user_id]
    unknown = await alice.ask(alice_dm, "!fiche modifier #1 couleur bleu")
    assert "couleur" in unknown.body and "titre" in unknown.body

    # 4. Compagnonnage accepted: one room, both joined, with an introduction.
    mark = alice.mark()
    sent = await bob.ask(bob_dm, "!fiche contact #1")
    assert "transmis" in sent.body
    again = await bob.ask(bob_dm, "!fiche contact #1")
    assert "attend déjà" in again.body
    question = await alice.wait_for(
        lambda e: e.room_id == alice_dm and "Demande de compagnonnage" in e.body,
        after=mark,
        what="the contact request",
    )
    assert bob.user_id in question.body and "Permis accompagné" in question.body
    bob_mark = bob.mark()
    await alice.react(alice_dm, question.event_id, "✅")
    room_id = await alice.wait_for_invite(sender=bot.user_id, after=mark)
    assert await bob.wait_for_invite(sender=bot.user_id, after=bob_mark) == room_id
    await alice.join(room_id)
    await bob.join(room_id)
    intro = await bob.wait_for(
        lambda e: e.room_id == room_id and e.is_message and "Permis accompagné" in e.body,
        what="the introduction",
    )
    assert alice.user_id in intro.body and bob.user_id in intro.body
    members = await app.client.joined_members(room_id)
    assert {alice.user_id, bob.user_id} <= set(members)
    name = await app.client.get_state(room_id, "m.room.name")
    assert name == {"name": "Compagnonnage : Permis accompagné"}
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "Bonne nouvelle" in e.body, what="acceptance"
    )
    hello = await bob.send(room_id, "Bonjour Alice, merci !")
    await alice.wait_for(lambda e: e.event_id == hello, what="Bob's hello")

    # 5. Compagnonnage declined: the requester is told politely, no room is made.
    mark = alice.mark()
    await carol.ask(carol_dm, "!fiche contact #2")
    question = await alice.wait_for(
        lambda e: e.room_id == alice_dm and "Colocation jeunes" in e.body,
        after=mark,
        what="the second contact request",
    )
    found_number = re.search(r"n°(\d+)", question.body)
    assert found_number is not None
    number = found_number.group(1)
    declined = await alice.ask(alice_dm, f"!fiche refuser {number}")
    assert "C'est noté" in declined.body
    told = await carol.wait_for(
        lambda e: e.room_id == carol_dm and "pas disponible" in e.body, what="the refusal"
    )
    assert "#2" in told.body
    stale = await alice.ask(alice_dm, f"!fiche accepter {number}")
    assert "pas de demande de contact" in stale.body
    assert carol.pending_invites == []


async def test_a_contact_asked_from_two_rooms_at_once_asks_the_author_once(
    bot_factory, matrix_user: MatrixUserFactory, bot_database: dict[str, str]
):
    """Two rooms are handled concurrently: both commands must not find "no request yet"."""
    bot = await bot_factory(**bot_database)
    alice, bob = [await matrix_user(n) for n in ("alice", "bob")]
    alice_dm = await registered(bot, alice)
    bob_dm = await registered(bot, bob, "sud")
    other_dm = await bob.create_dm(bot.user_id)
    created = await alice.ask(alice_dm, "!fiche nouvelle\nTitre: Jardin partagé\nContexte: friches")
    assert "Fiche #1" in created.body, created.body
    mark = bob.mark()
    sent = await asyncio.gather(
        *(bob.send(room, "!fiche contact #1") for room in (bob_dm, other_dm))
    )
    replies = [
        await bob.wait_for(lambda e, s=s: e.in_reply_to == s, after=mark, what="a reply")
        for s in sent
    ]
    transmitted = [reply for reply in replies if "transmis" in reply.body]
    assert len(transmitted) == 1, [reply.body for reply in replies]
    assert any("attend déjà" in reply.body for reply in replies)
    app = bot.app
    assert app is not None
    async with app.database.sessions() as session:
        kinds = list(await session.scalars(select(Conversation.kind)))
    assert len([kind for kind in kinds if kind.startswith("fiche_contact")]) == 1
