"""Where the homeserver encrypts every room (issue 13, item 6): the help-request path with two
answerers and ``!resolu`` (and restarts in its middle), fiche contact rooms, focus sessions and
the weekly digest run unchanged.

Every human here encrypts, as Element does, on a Synapse with
``encryption_enabled_by_default_for_room_type: all``: DMs, bassin rooms, the FAQ room, threads,
contact rooms and the bot's reminders are all ``m.room.encrypted`` on the homeserver.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.homeserver.local_synapse import LocalSynapse
from bot.services.digest import DIGEST_TIMER
from bot.services.provisioning import FAQ_KEY, room_key
from storage.models import utcnow
from tests.support import MatrixUser
from tests.support.bot import BotHarness
from tests.support.e2e import encrypted_dm, on_server

pytestmark = pytest.mark.integration

SITUATION = "Mme Claire Dubois doit déménager de Namur vers Liège pour un emploi. Qui finance ?"
WAIT = 30


async def member(
    people: Any, bot: BotHarness, name: str, bassin: str
) -> tuple[MatrixUser, str, str]:
    """A registered professional in their travailleurs-sociaux room: (user, dm, room)."""
    assert bot.app is not None
    user = await people(name)
    dm = await encrypted_dm(user, bot)
    reply = await user.ask(dm, f"!inscription {bassin} travailleurs-sociaux", timeout=WAIT)
    assert "Bassin" in reply.body, reply.body
    room = await bot.app.rooms.by_key(room_key(bassin, "travailleurs-sociaux"))
    assert room is not None
    await user.wait_for(
        lambda e: e.room_id == room.room_id and e.membership == "invite", WAIT, what="invite"
    )
    await user.join(room.room_id)
    return user, dm, room.room_id


async def encrypted_on_server(user: MatrixUser, room_id: str, event_id: str) -> None:
    assert await on_server(user, room_id, event_id) == "m.room.encrypted"


async def test_help_request_with_two_answerers_and_resolu(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced)
    app = bot.app
    assert app is not None
    alice, alice_dm, _ = await member(people, bot, "alice", "nord")
    bob, _, nord = await member(people, bot, "bob", "nord")
    carol, _, sud = await member(people, bot, "carol", "sud")

    await alice.ask(alice_dm, f"!aide {SITUATION}", timeout=WAIT)
    assert "Demande #1" in (await alice.ask(alice_dm, "!envoyer", timeout=WAIT)).body
    post = await bob.wait_for(lambda e: e.room_id == nord and "Demande #1" in e.body, WAIT)
    await alice.ask(alice_dm, "!relancer 1", timeout=WAIT)
    assert "Bassin Sud" in (await alice.ask(alice_dm, "!relancer 1", timeout=WAIT)).body
    carol_post = await carol.wait_for(lambda e: e.room_id == sud and "Demande #1" in e.body, WAIT)
    await encrypted_on_server(carol, sud, carol_post.event_id)

    await bob.send(
        nord, "La prime d'installation couvre le déménagement.", thread_root=post.event_id
    )
    first = await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, WAIT)
    await carol.send(sud, "Le CPAS de Liège aide (art. 57).", thread_root=carol_post.event_id)
    second = await alice.wait_for(lambda e: "Réponse 2 à la demande #1" in e.body, WAIT)
    assert "prime d'installation" in first.body and carol.user_id in second.body
    await encrypted_on_server(alice, alice_dm, second.event_id)

    await alice.ask(alice_dm, "!repondre 1 Elle a aussi un fils, Kevin Dubois, 12 ans.", WAIT)
    for user, room, root in ((bob, nord, post.event_id), (carol, sud, carol_post.event_id)):
        follow = await user.wait_for(
            lambda e, r=room, t=root: (
                e.room_id == r and e.thread_root == t and "Précision" in e.body
            ),
            WAIT,
            what="the follow-up in the (encrypted) thread",
        )
        assert "Kevin" not in follow.body and "12 ans" in follow.body
        await encrypted_on_server(user, room, follow.event_id)

    draft = await alice.ask(alice_dm, "!resolu 1 1 2", timeout=WAIT)
    assert "Brouillon pour la FAQ" in draft.body and "art. 57" in draft.body
    assert "FAQ" in (await alice.ask(alice_dm, "!publier", timeout=WAIT)).body
    told = await bob.wait_for(lambda e: "demande #1 est résolue" in e.body, WAIT, what="thread")
    assert told.thread_root == post.event_id
    await encrypted_on_server(bob, nord, told.event_id)
    faq_room = await app.rooms.by_key(FAQ_KEY)
    assert faq_room is not None
    await bob.join(faq_room.room_id)
    announced = await bob.wait_for(
        lambda e: e.room_id == faq_room.room_id and "Nouvelle entrée de la FAQ" in e.body,
        WAIT,
        what="the entry in the (encrypted) FAQ room",
    )
    assert "Dubois" not in announced.body and "prime d'installation" in announced.body
    await encrypted_on_server(bob, faq_room.room_id, announced.event_id)
    request = await app.requests.get(1)
    assert request is not None and request.state == "resolved"


async def test_a_fiche_contact_room_is_made_and_encrypted(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced)
    alice, alice_dm, _ = await member(people, bot, "alice", "nord")
    bob, bob_dm, _ = await member(people, bot, "bob", "sud")
    created = await alice.ask(
        alice_dm, "!fiche nouvelle\nTitre: Permis accompagné\nContexte: sans permis", WAIT
    )
    assert "Fiche #1" in created.body, created.body

    mark = alice.mark()
    assert "transmis" in (await bob.ask(bob_dm, "!fiche contact #1", timeout=WAIT)).body
    question = await alice.wait_for(
        lambda e: e.room_id == alice_dm and "Demande de compagnonnage" in e.body, WAIT, after=mark
    )
    bob_mark = bob.mark()
    await alice.react(alice_dm, question.event_id, "✅")  # an encrypted reaction
    room_id = await alice.wait_for_invite(sender=bot.user_id, after=mark)
    assert await bob.wait_for_invite(sender=bot.user_id, after=bob_mark) == room_id
    await alice.join(room_id)
    await bob.join(room_id)
    intro = await bob.wait_for(
        lambda e: e.room_id == room_id and e.is_message and "Permis accompagné" in e.body, WAIT
    )
    assert alice.user_id in intro.body
    await encrypted_on_server(bob, room_id, intro.event_id)
    hello = await bob.send(room_id, "Bonjour Alice, merci !")
    await alice.wait_for(lambda e: e.event_id == hello and "merci" in e.body, WAIT)


async def test_a_focus_session_is_planned_answered_and_reminded(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced)
    app = bot.app
    assert app is not None
    alice, alice_dm, room = await member(people, bot, "alice", "nord")
    bob, bob_dm, _ = await member(people, bot, "bob", "nord")

    plan = "!focus planifier après-demain 10h | Mobilité et permis | nord | CPAS, MIRE"
    echo = await alice.ask(alice_dm, plan, timeout=WAIT)
    assert "Mobilité et permis" in echo.body, echo.body
    mark = alice.mark()
    await alice.react(alice_dm, echo.event_id, "✅")
    await alice.wait_for(
        lambda e: e.room_id == alice_dm and "confirmée" in e.body, WAIT, after=mark
    )
    announcement = await bob.wait_for(
        lambda e: e.room_id == room and "Session focus #" in e.body, WAIT, what="announcement"
    )
    await encrypted_on_server(bob, room, announcement.event_id)
    session_id = int(announcement.body.split("Session focus #", 1)[1].split(" ", 1)[0])

    mark = bob.mark()
    await bob.react(room, announcement.event_id, "👍")  # RSVP by an encrypted reaction
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "vous participez" in e.body, WAIT, after=mark
    )
    assert await app.focus.repository.participants(session_id) == [bob.user_id]

    await app.focus.reminders.reschedule(session_id, utcnow() + timedelta(days=1, seconds=3))
    reminder = await bob.wait_for(
        lambda e: e.room_id == bob_dm and "Rappel" in e.body and "demain" in e.body,
        WAIT,
        what="the day-before reminder in the participant's (encrypted) DM",
    )
    await encrypted_on_server(bob, bob_dm, reminder.event_id)
    await alice.wait_for(
        lambda e: e.room_id == room and "Rappel" in e.body and "demain" in e.body,
        WAIT,
        what="the reminder in the encrypted bassin room",
    )


async def test_restarts_in_the_middle_of_a_request_handle_each_encrypted_step_once(
    bot_factory, forced: LocalSynapse, people: Any
):
    """The bot is down while ``!envoyer`` is sent, then while an answer is written in the
    (encrypted) thread: after each restart the pending encrypted event is handled exactly once."""
    bot = await bot_factory(homeserver=forced)
    alice, alice_dm, _ = await member(people, bot, "alice", "nord")
    bob, _, nord = await member(people, bot, "bob", "nord")
    await alice.ask(alice_dm, f"!aide {SITUATION}", timeout=WAIT)

    await bot.stop()
    sent = await alice.send(alice_dm, "!envoyer")
    await bot.start()
    confirmed = await alice.wait_for(lambda e: e.in_reply_to == sent, WAIT, what="confirmation")
    assert "Demande #1" in confirmed.body
    post = await bob.wait_for(lambda e: e.room_id == nord and "Demande #1" in e.body, WAIT)

    await bot.stop()
    await bob.send(
        nord, "La prime d'installation couvre le déménagement.", thread_root=post.event_id
    )
    await bot.start()
    await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, WAIT, what="answer")
    await alice.ask(alice_dm, "!commandes", timeout=WAIT)  # later than any duplicate
    await bob.ask(nord, "!commandes", timeout=WAIT)
    dm_messages = alice.messages(alice_dm)
    assert len([e for e in dm_messages if e.in_reply_to == sent]) == 1
    assert len([e for e in dm_messages if "Réponse 1 à la demande #1" in e.body]) == 1
    assert not [e for e in dm_messages if "Réponse 2 à la demande #1" in e.body]
    posts = [
        e
        for e in bob.messages(nord)
        if e.sender == bot.user_id and e.thread_root is None and "Demande #1" in e.body
    ]
    assert len(posts) == 1


async def test_the_weekly_digest_is_posted_encrypted(bot_factory, forced: LocalSynapse, people):
    bot = await bot_factory(homeserver=forced)
    app = bot.app
    assert app is not None
    alice, alice_dm, room = await member(people, bot, "alice", "nord")
    created = await alice.ask(
        alice_dm, "!fiche nouvelle\nTitre: Auto-école sociale\nContexte: sans permis", WAIT
    )
    assert "Fiche #1" in created.body, created.body

    await app.timers.schedule("digest:now", DIGEST_TIMER, utcnow(), {})  # the weekly run, due
    digest = await alice.wait_for(
        lambda e: e.room_id == room and "Bassin Nord : la semaine en bref" in e.body,
        WAIT,
        what="the digest in the encrypted bassin room",
    )
    assert "fiches actions : 1" in digest.body, digest.body
    await encrypted_on_server(alice, room, digest.event_id)
