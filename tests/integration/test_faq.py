"""The FAQ on a real Synapse: search in chat, moderators' guided entry, edits logged (SPEC §4)."""

from __future__ import annotations

import pytest

from bot.services.provisioning import FAQ_KEY
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration


async def test_faq_from_guided_entry_to_search(bot_factory, matrix_user: MatrixUserFactory):
    moderator = await matrix_user("modo")
    member = await matrix_user("membre")
    bot = await bot_factory(admins=[moderator.user_id])
    app = bot.app
    mod_dm = await moderator.create_dm(bot.user_id)
    member_dm = await member.create_dm(bot.user_id)
    await member.ask(member_dm, "!inscription nord encadrants")
    faq_room = (await app.rooms.by_key(FAQ_KEY)).room_id
    await member.wait_for(
        lambda e: e.room_id == faq_room and e.membership == "invite", what="the FAQ room invite"
    )
    await member.join(faq_room)

    refused = await member.ask(member_dm, "!faq ajouter")
    assert "réservée" in refused.body

    assert "question" in (await moderator.ask(mod_dm, "!faq ajouter")).body
    await moderator.ask(
        mod_dm, "Comment financer le permis de conduire d'un travailleur en article 60 ?"
    )
    asked = await moderator.ask(
        mod_dm,
        "Le CPAS peut accorder une aide ; le Forem rembourse une partie des heures d'auto-école.",
    )
    assert "thèmes" in asked.body
    added = await moderator.ask(mod_dm, "mobilite, emploi")
    assert "#1" in added.body
    announced = await member.wait_for(
        lambda e: e.room_id == faq_room and "Nouvelle entrée de la FAQ : #1" in e.body,
        what="the announcement in the FAQ room",
    )
    assert "auto-école" in announced.body

    # French-aware search: other words, no accents, plurals, everyday words.
    for query in ("payer les cours de conduite", "auto ecoles", "financement permis", "bagnole"):
        found = await member.ask(member_dm, f"!faq {query}")
        assert "#1" in found.body, query
    shown = await member.ask(member_dm, "!faq #1")
    assert "article 60" in shown.body and "Mobilité" in shown.body
    assert "Mobilité" in (await member.ask(member_dm, "!faq themes")).body
    assert "#1" in (await member.ask(member_dm, "!faq theme mobilité")).body
    assert "Rien dans la FAQ" in (await member.ask(member_dm, "!faq cryptomonnaie")).body

    changed = await moderator.ask(mod_dm, "!faq modifier #1 themes mobilite")
    assert "modifiée" in changed.body
    assert "réservée" in (await member.ask(member_dm, "!faq supprimer #1")).body
    assert "supprimée" in (await moderator.ask(mod_dm, "!faq supprimer #1 doublon")).body
    assert "Rien dans la FAQ" in (await member.ask(member_dm, "!faq permis")).body
    history = await app.faq.history(1)
    assert {edit.field for edit in history} >= {"themes", "deleted"}
    actions = [entry.action for entry in await app.audit.latest(10)]
    assert "faq_add" in actions and "faq_delete" in actions
