"""The directory of structures in Matrix (issue 15): ``!structures``, ``!structure #N``, the
``!aide`` preview's « Structures qui peuvent aider », ``#S1`` in a relayed answer, and the
figures of ``!mod stats``."""

from __future__ import annotations

import json

import pytest

from bot.cli.web import free_listen
from bot.services.provisioning import room_key
from config.layout import parse_layout
from tests.integration.test_aide import register
from tests.support import MatrixUserFactory
from tests.support.bot import small_layout
from tests.support.structures import FICTIONAL_STRUCTURES

pytestmark = pytest.mark.integration

RECORDS = [
    *FICTIONAL_STRUCTURES,
    {"source": "test", "id": "test--bad", "nom": "Mauvaise", "date_maj": "hier"},
]


async def test_structures_in_commands_preview_and_answers(
    bot_factory, matrix_user: MatrixUserFactory
):
    data = small_layout("st-").model_dump(mode="json")
    data["thematiques"] = {"logement-hebergement": ["logement"]}
    alice, bob, admin = [await matrix_user(n) for n in ("alice", "bob", "admin")]
    bot = await bot_factory(
        layout=parse_layout(data), admins=[admin.user_id], web_listen=free_listen("127.0.0.1:0")
    )
    app = bot.app
    assert app is not None
    report = await app.directory.import_text(json.dumps(RECORDS), "json")
    assert report.structures == 1 and [p.field for p in report.problems] == ["date_maj"]
    alice_dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    await register(bot, bob, "nord", "travailleurs-sociaux")

    found = await alice.ask(alice_dm, "!structures logement nord")
    assert "#S1 Toit du Nord (fictif)" in found.body and "Rue du Test 1" in found.body
    assert "Revenus modestes" in found.body and "familles" in found.body
    card = await alice.ask(alice_dm, "!structure #1")
    assert "Aide à la garantie locative" in card.body
    page = f"{app.web_access.base_url}/structures/1"
    assert page in card.body and f'href="{page}"' in card.formatted_body  # its web page
    none = await alice.ask(alice_dm, "!structures logement sud")
    assert "Aucune structure" in none.body

    preview = await alice.ask(
        alice_dm,
        "!aide Son propriétaire refuse de rendre la garantie du bail et augmente le loyer.",
    )
    assert "Structures qui peuvent aider" in preview.body and "#S1" in preview.body
    await alice.ask(alice_dm, "!envoyer")
    ts_nord = (await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))).room_id
    post = await bob.wait_for(
        lambda e: e.room_id == ts_nord and "Demande #1" in e.body, what="the post"
    )
    await bob.send(ts_nord, "Contactez #S1, ils avancent la garantie.", thread_root=post.event_id)
    relay = await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, what="relay")
    assert "Toit du Nord (fictif)" in relay.body and "+3281000009" in relay.body
    assert page in relay.body

    admin_dm = await admin.create_dm(bot.user_id)
    stats = await admin.ask(admin_dm, "!mod stats")
    assert "annuaire — structures : 1, services : 1" in stats.body
    assert "Partenaires en ce moment : 0" in stats.body.replace("**", "")

    # !commandes covers it: the directory for members, partners' and guests' commands for
    # moderators and organisers.
    listing = (await alice.ask(alice_dm, "!commandes")).body
    assert "Les structures" in listing and "!structures" in listing, listing
    focus = (await alice.ask(alice_dm, "!commandes focus")).body
    assert "!focus inviter" in focus and "!focus salon" in focus, focus
    moderation = (await admin.ask(admin_dm, "!commandes mod")).body
    for name in ("!mod partenaire inviter", "!mod partenaire retirer", "!mod partenaires"):
        assert name in moderation, name
