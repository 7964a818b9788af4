"""Matrix etiquette and a help that guides, against a real Synapse (issue 16, points 6 and 9).

Replies name their reader in ``m.mentions`` (and only people of the room); a bot message in a
thread falls back, for clients without threads, on the thread's latest event; an answer passed
on to the requester gets a ✅ so its author knows; ``!commandes`` starts newcomers with
``inscription`` and leaves moderation behind ``!commandes mod``.
"""

from __future__ import annotations

import pytest

from bot.services.provisioning import room_key
from tests.integration.test_aide import register
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration


def mentioned(event) -> list[str]:
    return event.content.get("m.mentions", {}).get("user_ids", [])


async def test_help_guides_and_shrinks(bot_factory, matrix_user: MatrixUserFactory, capsys):
    newcomer, member, admin = [await matrix_user(n) for n in ("nina", "marc", "ada")]
    bot = await bot_factory(admins=[admin.user_id])
    lengths = {}
    dms = {newcomer.user_id: await newcomer.create_dm(bot.user_id)}
    for user in (member, admin):
        dms[user.user_id] = await register(bot, user, "nord", "travailleurs-sociaux")
    for name, user in (("new user", newcomer), ("member", member), ("admin", admin)):
        reply = await user.ask(dms[user.user_id], "!commandes")
        lengths[name] = (reply, len(reply.body))
    with capsys.disabled():
        print("\n!commandes body length:", {k: v[1] for k, v in lengths.items()})
    new_body = lengths["new user"][0].body
    assert new_body.split("\n")[1].startswith("Pour commencer : !inscription"), new_body
    assert "Pour commencer" not in lengths["member"][0].body
    admin_body = lengths["admin"][0].body
    assert "!commandes mod" in admin_body and "!mod bannir" not in admin_body
    assert "**" not in admin_body and "<strong>" in lengths["admin"][0].formatted_body
    # The wall was 56 commands: now one line and one example per family.
    assert all(length < 2_000 for _, length in lengths.values()), lengths
    moderation = await admin.ask(dms[admin.user_id], "!commandes mod")
    assert "!mod bannir" in moderation.body and "!faq ajouter" in moderation.body
    refused = await member.ask(dms[member.user_id], "!commandes mod")
    assert "!mod bannir" not in refused.body
    family = await member.ask(dms[member.user_id], "!commandes aide")
    assert "!resolu <numéro> [réponses…]" in family.body and "!envoyer" in family.body


async def request_with_answer(bot_factory, matrix_user: MatrixUserFactory):
    """Alice (sud) asks, Bob (sud) answers in the post's thread: the pieces each test uses."""
    bot = await bot_factory()
    alice, bob = await matrix_user("alice"), await matrix_user("bob")
    alice_dm = await register(bot, alice, "sud", "travailleurs-sociaux")
    await register(bot, bob, "sud", "travailleurs-sociaux")
    ts_sud = (await bot.app.rooms.by_key(room_key("sud", "travailleurs-sociaux"))).room_id
    await alice.ask(alice_dm, "!aide Comment financer un permis de conduire ?")
    await alice.ask(alice_dm, "!envoyer")
    post = await bob.wait_for(lambda e: e.room_id == ts_sud and "Demande #1" in e.body, what="post")
    answer = await bob.send(ts_sud, "Le Forem peut intervenir.", thread_root=post.event_id)
    relay = await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, what="relay")
    return bot, alice, bob, alice_dm, ts_sud, post, answer, relay


async def test_a_reply_mentions_its_reader(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    bob = await matrix_user("bob")
    await register(bot, bob, "sud", "travailleurs-sociaux")
    ts_sud = (await bot.app.rooms.by_key(room_key("sud", "travailleurs-sociaux"))).room_id
    # A reply in a community room notifies the person it answers, and nobody else.
    reply = await bob.ask(ts_sud, "!demandes")
    assert mentioned(reply) == [bob.user_id]


async def test_a_relayed_answer_mentions_the_requester_and_gets_a_tick(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot, alice, bob, _, _, post, answer, relay = await request_with_answer(bot_factory, matrix_user)
    # Relayed to Alice's DM: it mentions Alice (the only other member there), not Bob...
    assert mentioned(relay) == [alice.user_id]
    assert "**" not in relay.body and "d'un·e professionnel·le" in post.body
    # ... and Bob sees a ✅ on his answer, from the bot.
    await bob.wait_for(
        lambda e: e.reacts_to == answer and e.reaction_key == "✅" and e.sender == bot.user_id,
        what="✅ on the relayed answer",
    )


async def test_thread_fallback_points_at_the_latest_event(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot, alice, bob, alice_dm, _, post, answer, _ = await request_with_answer(
        bot_factory, matrix_user
    )
    # The follow-up in the thread falls back on the thread's latest event (Bob's answer).
    await alice.ask(alice_dm, "!repondre 1 Elle a 19 ans.")
    follow = await bob.wait_for(
        lambda e: e.thread_root == post.event_id and "Précision" in e.body, what="follow-up"
    )
    assert follow.in_reply_to == answer, (follow.in_reply_to, answer, post.event_id)

    # After a restart the bot has forgotten it: it asks the homeserver (its own follow-up).
    await bot.restart()
    mark = bob.mark()
    await alice.ask(alice_dm, "!repondre 1 Elle habite à Charleroi.")
    second = await bob.wait_for(
        lambda e: e.thread_root == post.event_id and "Charleroi" in e.body,
        what="second follow-up",
        after=mark,
    )
    assert second.in_reply_to == follow.event_id
