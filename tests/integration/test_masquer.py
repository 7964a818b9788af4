"""The requester sees what might still identify, on a real Synapse (issue 12, point 2).

Surnames that are also French words ("Boulanger", "Meunier") and a small business ("Ateliers
Gribouille") pass the anonymiser; the preview lists them « À vérifier », ``!masquer 1``,
``!masquer Marie`` and a 1️⃣ reaction mask them in the stored text, and the groupe room's post
has none of them. The FAQ draft of the resolved request gets the same check: ``!annuler`` drops
it (the request stays open), ``!masquer 1`` removes the answer's name, ✅ publishes it, and the
FAQ room's announcement and the entry hold no masked word.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from bot.services.provisioning import FAQ_KEY, room_key
from storage.models import FaqEntry
from tests.integration.test_aide import assert_not_in_database, register
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration

SITUATION = (
    "Le dossier Boulanger traîne à la CAF de Namur ; marie attend depuis mars. "
    # (« fait le ménage pour les Ateliers X » alone names her workplace: [EMPLOYEUR].)
    "Elle fait le ménage le soir et des dons pour les Ateliers Gribouille."
)
ANSWER = "La CAF de Namur a un médiateur : demandez Meunier au guichet 3, il débloque ces dossiers."
MASKED_WORDS = ["Boulanger", "Gribouille", "Meunier"]
CONTEXT = ["CAF de Namur", "depuis mars", "ménage"]


def _quoted(body: str) -> str:
    """The quoted text of a preview (the instructions name « masquer Marie » themselves)."""
    return "\n".join(line for line in body.split("\n") if line.startswith(">"))


def _has_word(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


async def _faq_count(app) -> int:
    async with app.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(FaqEntry)) or 0)


async def test_words_to_check_are_masked_before_the_request_and_its_faq_entry_leave(
    bot_database: dict[str, str], bot_factory, matrix_user: MatrixUserFactory
):
    # bot_database first: torn down last, once the bot has stopped writing to it.
    bot = await bot_factory(**bot_database)
    app = bot.app
    alice, bob = await matrix_user("alice"), await matrix_user("bob")
    dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    await register(bot, bob, "nord", "travailleurs-sociaux")
    ts_nord = (await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))).room_id
    faq_room = (await app.rooms.by_key(FAQ_KEY)).room_id
    await bob.join(faq_room)

    # 1. The preview lists what the anonymiser kept and might identify, numbered.
    preview = await alice.ask(dm, f"!aide {SITUATION}")
    assert "À vérifier" in preview.body, preview.body
    assert "1. Boulanger" in preview.body and "2. Ateliers Gribouille" in preview.body
    for item in CONTEXT:
        assert item in preview.body

    # 2. By number: shown again without it, the list renumbered.
    masked = await alice.ask(dm, "!masquer 1")
    assert "Boulanger" not in masked.body and "[MASQUÉ]" in masked.body, masked.body
    assert "1. Ateliers Gribouille" in masked.body
    assert "1 mot masqué" in masked.body

    # 3. By word, every occurrence, any casing (it was not listed: "marie" is also a word).
    by_word = await alice.ask(dm, "!masquer Marie")
    assert not _has_word("marie", _quoted(by_word.body)) and "[PERSONNE] attend" in by_word.body

    # 4. By reaction on the preview shown: 1️⃣ masks the (new) first word to check.
    start = alice.mark()
    await alice.react(dm, by_word.event_id, "1️⃣")
    reacted = await alice.wait_for(
        lambda e: e.room_id == dm and e.sender == bot.user_id and "Aperçu" in e.body,
        after=start,
        what="the preview after the reaction",
    )
    assert "Gribouille" not in reacted.body and "À vérifier" not in reacted.body, reacted.body
    assert "pour les [MASQUÉ]" in reacted.body

    # 5. Sent as checked: the groupe room's post holds no masked word, the context stays.
    sent = await alice.ask(dm, "!envoyer")
    assert "Demande #1" in sent.body
    post = await bob.wait_for(
        lambda e: e.room_id == ts_nord and "Demande #1" in e.body, what="the post in ts-nord"
    )
    for word in ("Boulanger", "Gribouille", "marie"):
        assert not _has_word(word, post.body), post.body
    for item in CONTEXT:
        assert item in post.body
    await assert_not_in_database(app, ["Boulanger", "Gribouille"])

    # 6. The FAQ draft: shown with its words to check, nothing published; dropped, still open.
    await bob.send(ts_nord, ANSWER, thread_root=post.event_id)
    await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, what="the relay")
    draft = await alice.ask(dm, "!resolu 1")
    assert "Brouillon pour la FAQ" in draft.body and "1. Meunier" in draft.body, draft.body
    assert await _faq_count(app) == 0
    bare = await alice.ask(dm, "masquer 1")  # typed without the prefix while the draft waits
    assert "Meunier" not in bare.body and "[MASQUÉ]" in bare.body, bare.body
    dropped = await alice.ask(dm, "!annuler")
    assert "reste ouverte" in dropped.body
    request = await app.requests.get(1)
    assert request is not None and request.state == "open"
    assert await _faq_count(app) == 0

    # 7. Again, masked, then published with ✅: one entry, one announcement, no masked word.
    await alice.ask(dm, "!resolu 1")
    checked = await alice.ask(dm, "!masquer 1")
    assert "Meunier" not in checked.body and "demandez [MASQUÉ] au guichet 3" in checked.body
    start = alice.mark()
    await alice.react(dm, checked.event_id, "✅")
    done = await alice.wait_for(
        lambda e: e.room_id == dm and e.sender == bot.user_id and "est close" in e.body,
        after=start,
        what="the reply to ✅ on the FAQ draft",
    )
    assert "FAQ" in done.body, done.body
    announced = await bob.wait_for(
        lambda e: e.room_id == faq_room and "Nouvelle entrée de la FAQ" in e.body,
        what="the announcement",
    )
    for word in [*MASKED_WORDS, "marie"]:
        assert not _has_word(word, announced.body), announced.body
    assert "médiateur" in announced.body or "Demande #1" in announced.body
    async with app.database.sessions() as session:
        entries = list(await session.scalars(select(FaqEntry)))
    assert len(entries) == 1 and entries[0].source_request_id == 1
    for word in MASKED_WORDS:
        assert word not in entries[0].question and word not in entries[0].answer
    assert "guichet 3" in entries[0].answer
    request = await app.requests.get(1)
    assert request is not None and request.state == "resolved"


async def test_publier_without_a_draft_says_so_and_commandes_lists_both(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    nothing = await alice.ask(dm, "!publier")
    assert "pas de brouillon" in nothing.body
    none_here = await alice.ask(dm, "!masquer 1")
    assert "pas de demande en attente" in none_here.body
    listing = await alice.ask(dm, "!commandes")
    assert "!masquer" in listing.body and "!publier" in listing.body, listing.body
    details = await alice.ask(dm, "!commandes masquer")
    assert "À vérifier" in details.body, details.body
