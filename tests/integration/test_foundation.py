"""The foundation against a real Synapse: help, registration, restarts, errors (SPEC §2, §9)."""

from __future__ import annotations

import asyncio

import pytest

from bot.framework.errors import CommandError
from bot.framework.registry import CommandSpec
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration


async def open_dm(user: MatrixUser, bot: BotHarness) -> str:
    return await user.create_dm(bot.user_id)


async def test_commandes_lists_commands_with_html(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)

    reply = await alice.ask(dm, "!commandes")
    assert "inscription" in reply.body
    assert reply.content["format"] == "org.matrix.custom.html"
    assert "<strong>" in reply.formatted_body
    # In a DM the prefix is optional, and !help is an alias.
    assert "inscription" in (await alice.ask(dm, "commandes")).body
    assert "inscription" in (await alice.ask(dm, "!help")).body
    details = await alice.ask(dm, "!commandes inscription")
    assert "Exemple" in details.body and "namur" in details.body


async def test_unknown_command_gets_a_suggestion(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)
    reply = await alice.ask(dm, "!inscripton nord")
    assert "Vouliez-vous dire" in reply.body and "!inscription" in reply.body
    reply = await alice.ask(dm, "bonjour toi")
    assert "commandes" in reply.body


async def test_inscription_joins_the_right_room(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)
    assert bot.app is not None

    reply = await alice.ask(dm, "!inscription sud encadrants EFT Les Ateliers")
    assert "Bassin Sud" in reply.body and "Encadrants techniques" in reply.body

    room = await bot.app.rooms.by_key("room:sud:encadrants")
    assert room is not None
    await alice.wait_for_invite(sender=bot.user_id)
    await alice.wait_for(
        lambda e: e.room_id == room.room_id and e.membership == "invite",
        what="the invite to the encadrants room",
    )
    await alice.join(room.room_id)
    assert room.room_id in await alice.joined_rooms()
    member = await bot.app.members.get(alice.user_id)
    assert member is not None
    assert (member.bassin, member.groupe, member.structure) == (
        "sud",
        "encadrants",
        "EFT Les Ateliers",
    )

    profile = await alice.ask(dm, "!profil")
    assert "EFT Les Ateliers" in profile.body and "Bassin Sud" in profile.body


async def test_inscription_is_guided_when_arguments_are_missing(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)

    assert "Bassin Nord" in (await alice.ask(dm, "inscription")).body
    unknown = await alice.ask(dm, "Atlantide")
    assert "Atlantide" in unknown.body and "Bassin Sud" in unknown.body
    assert "groupe" in (await alice.ask(dm, "bassin sud")).body
    assert "structure" in (await alice.ask(dm, "ts")).body
    done = await alice.ask(dm, "aucune")
    assert "Travailleurs sociaux" in done.body
    assert bot.app is not None
    member = await bot.app.members.get(alice.user_id)
    assert (
        member is not None and member.groupe == "travailleurs-sociaux" and member.structure is None
    )


async def test_profile_edits(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)
    await alice.ask(dm, "!inscription nord responsables")
    assert "mis à jour" in (await alice.ask(dm, "!profil themes logement, Mobilité")).body
    assert "atlantide" in (await alice.ask(dm, "!profil themes atlantide")).body
    await alice.ask(dm, "!profil annuaire oui")
    english = await alice.ask(dm, "!profil langue en")
    assert "Profile updated" in english.body
    profile = await alice.ask(dm, "!profil")
    assert "Logement, Mobilité" in profile.body and "In the directory: yes" in profile.body


async def test_commands_sent_while_stopped_are_answered_exactly_once(
    bot_factory, matrix_user: MatrixUserFactory, bot_database: dict[str, str]
):
    bot = await bot_factory(**bot_database)
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)
    await alice.ask(dm, "!profil")

    await bot.stop()
    sent = [await alice.send(dm, f"!commandes inscription {i}") for i in range(3)]
    sent += [await alice.send(dm, "!profil")]
    await bot.start()

    for event_id in sent:
        await alice.wait_for(lambda e, i=event_id: e.in_reply_to == i, what=f"reply to {event_id}")
    await asyncio.sleep(2)  # give any duplicate the time to show up
    replies = [e for e in alice.messages(dm) if e.in_reply_to in sent]
    assert sorted(e.in_reply_to for e in replies) == sorted(sent)


async def test_history_before_the_first_start_is_never_answered(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory(start=False)
    await bot.register()
    # The bot's account accepts the DM before Tisserand ever ran with it.
    bot_account = await MatrixUser.create(bot.synapse, bot.localpart, password=bot.password)
    alice = await matrix_user("alice")
    try:
        dm = await alice.create_room(invite=[bot.user_id], is_direct=True)
        await bot_account.wait_for_invite()
        await bot_account.join(dm)
    finally:
        await bot_account.close()
    old = await alice.send(dm, "!commandes")
    await bot.start()

    fresh = await alice.ask(dm, "!commandes")
    assert "inscription" in fresh.body
    await asyncio.sleep(1)
    assert not [e for e in alice.messages(dm) if e.in_reply_to == old]


async def test_a_failing_handler_does_not_stop_the_bot(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    assert bot.app is not None

    async def explode(ctx) -> None:
        raise RuntimeError("boom")

    async def refuse(ctx) -> None:
        raise CommandError("core.permission_denied", command="refus")

    bot.app.registry.add(CommandSpec("explose", handler=explode))
    bot.app.registry.add(CommandSpec("refus", handler=refuse))
    alice = await matrix_user("alice")
    dm = await open_dm(alice, bot)

    apology = await alice.ask(dm, "!explose")
    assert "Désolé" in apology.body and "référence" in apology.body
    assert "réservée" in (await alice.ask(dm, "!refus")).body
    assert "inscription" in (await alice.ask(dm, "!commandes")).body
