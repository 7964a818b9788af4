"""Moderation by command against a real Synapse (SPEC §7): rights, layout, people, rooms, log."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import pytest

from bot.app import Application
from bot.services.moderation import effective_layout
from bot.services.provisioning import ANNOUNCEMENTS_KEY, bassin_key, room_key
from storage.repositories.requests import RequestRepository
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness
from tests.support.matrix_user import Event

pytestmark = pytest.mark.integration

REFUSAL = "réservée"


def app_of(bot: BotHarness) -> Application:
    assert bot.app is not None
    return bot.app


async def bot_messages(app: Application, room_id: str) -> list[dict[str, Any]]:
    """The bot's messages in a room, read from the server (newest first)."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/messages?dir=b&limit=100"
    status, data = await app.client.api("GET", path)
    assert status == 200, data
    return [
        event
        for event in data.get("chunk", [])
        if event.get("type") == "m.room.message" and event.get("sender") == app.client.user_id
    ]


async def membership(app: Application, room_id: str, user_id: str) -> str | None:
    content = await app.client.get_state(room_id, "m.room.member", user_id)
    return None if content is None else content.get("membership")


async def enter(app: Application, user: MatrixUser, *keys: str) -> list[str]:
    """Bring a user into community rooms (invited by the bot, then joined)."""
    joined = []
    for key in keys:
        row = await app.rooms.by_key(key)
        assert row is not None, key
        await app.client.invite(row.room_id, user.user_id)
        joined.append(await user.join(row.room_id))
    return joined


async def ask_in_reply(user: MatrixUser, room_id: str, text: str, reply_to: str) -> Event:
    start = user.mark()
    sent = await user.send(room_id, text, reply_to=reply_to)
    return await user.wait_for(
        lambda e: e.is_message and e.sender != user.user_id and e.in_reply_to == sent,
        after=start,
        what=f"a reply to {text!r}",
    )


async def test_permission_matrix(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    app = app_of(bot)
    member = await matrix_user("membre")
    sud_mod = await matrix_user("modsud")
    nord_mod = await matrix_user("modnord", displayname="Nadia Modératrice")
    spoofer = await matrix_user("usurpateur", displayname="Nadia Modératrice")
    outsider = await matrix_user("tiers")
    await app.roles.grant(sud_mod.user_id, "moderator", "sud", "tests")
    await app.roles.grant(nord_mod.user_id, "moderator", "nord", "tests")

    nord_room = room_key("nord", "encadrants")
    for user in (member, sud_mod, nord_mod, spoofer):
        await enter(app, user, bassin_key("nord"), nord_room)
    room = (await app.rooms.by_key(nord_room)).room_id  # type: ignore[union-attr]
    topic_before = await app.client.get_state(room, "m.room.topic")
    victim_message = await member.send(room, "un message à modérer")

    target = outsider.user_id
    dm_commands = [
        "!mod bassin ajouter ouest Bassin Ouest",
        "!mod bassin archiver nord",
        "!mod provisionner",
        f"!mod inviter {target} nord",
        f"!mod inviter {target} nord encadrants",
        f"!mod retirer {target} nord",
        f"!mod retirer {target}",
        f"!mod bannir {target} publicité",
        f"!mod debannir {target}",
        f"!mod promouvoir {target} nord",
        f"!mod promouvoir {target}",
        f"!mod retrograder {nord_mod.user_id}",
        "!mod annonce tous Bonjour à toutes et tous",
        "!mod annonce nord Bonjour le nord",
        "!mod annonce nord/encadrants Bonjour les encadrants",
        "!mod annonce encadrants Bonjour les encadrants",
    ]
    room_commands = ["!mod sujet Un sujet usurpé"]
    member_only = ["!mod demandes", "!mod journal", "!mod stats", "!confirmer"]

    async def refused_everywhere(user: MatrixUser, commands: list[str]) -> None:
        dm = await user.create_dm(bot.user_id)
        for text in commands:
            reply = await user.ask(dm, text)
            assert REFUSAL in reply.body, (user.user_id, text, reply.body)
        for text in room_commands:
            reply = await user.ask(room, text)
            assert REFUSAL in reply.body, (user.user_id, text, reply.body)
        reply = await ask_in_reply(user, room, "!mod supprimer spam", victim_message)
        assert REFUSAL in reply.body, reply.body

    await refused_everywhere(member, dm_commands + member_only)
    await refused_everywhere(spoofer, dm_commands + member_only)
    await refused_everywhere(sud_mod, dm_commands)

    # One refusal each, and nothing changed.
    await asyncio.sleep(1)
    for user in (member, spoofer, sud_mod):
        sent_ids = {e.event_id for e in user.events if e.sender == user.user_id and e.is_message}
        replies = [e for e in user.messages() if e.sender == bot.user_id and e.in_reply_to]
        per_command: dict[str, int] = {}
        for reply in replies:
            if reply.in_reply_to in sent_ids:
                per_command[reply.in_reply_to or ""] = (
                    per_command.get(reply.in_reply_to or "", 0) + 1
                )
        assert per_command and set(per_command.values()) == {1}, per_command
    assert await app.audit.latest(50) == []
    assert {r.user_id for r in await app.roles.all()} == {sud_mod.user_id, nord_mod.user_id}
    assert [b.slug for b in app.layout.bassins] == ["nord", "sud"]
    assert await app.rooms.by_key(bassin_key("ouest")) is None
    assert await membership(app, room, target) is None
    assert await app.client.get_state(room, "m.room.topic") == topic_before
    redactable = await app.client.api(
        "GET", f"/_matrix/client/v3/rooms/{quote(room)}/event/{quote(victim_message)}"
    )
    assert redactable[1]["content"].get("body") == "un message à modérer"

    # The right moderator: every command of their bassin works.
    dm = await nord_mod.create_dm(bot.user_id)
    assert "invité" in (await nord_mod.ask(dm, f"!mod inviter {target} nord encadrants")).body
    assert await membership(app, room, target) == "invite"
    assert "retiré" in (await nord_mod.ask(dm, f"!mod retirer {target} nord")).body
    assert await membership(app, room, target) == "leave"
    promoted = await nord_mod.ask(dm, f"!mod promouvoir {target} nord")
    assert "modérateur" in promoted.body
    assert "n'est plus" in (await nord_mod.ask(dm, f"!mod retrograder {target}")).body
    assert "1 salon" in (await nord_mod.ask(dm, "!mod annonce nord/encadrants Réunion")).body
    assert "3 salon" in (await nord_mod.ask(dm, "!mod annonce nord Réunion du bassin")).body
    assert "mis à jour" in (await nord_mod.ask(room, "!mod sujet Entraide du nord")).body
    assert await app.client.get_state(room, "m.room.topic") == {"topic": "Entraide du nord"}
    redacted = await ask_in_reply(nord_mod, room, "!mod supprimer hors sujet", victim_message)
    assert "supprimé" in redacted.body and member.user_id in redacted.body
    status, event = await app.client.api(
        "GET", f"/_matrix/client/v3/rooms/{quote(room)}/event/{quote(victim_message)}"
    )
    assert status == 200 and event["content"] == {}
    for text in ("!mod demandes", "!mod journal", "!mod stats"):
        assert REFUSAL not in (await nord_mod.ask(dm, text)).body
    # What reaches the whole network stays refused to a bassin moderator.
    assert REFUSAL in (await nord_mod.ask(dm, "!mod annonce tous Bonjour")).body
    actions = [entry.action for entry in await app.audit.latest(50)]
    assert sorted(actions) == sorted(
        ["invite", "remove", "promote", "demote", "announce", "announce", "topic", "redact"]
    )


async def test_bassin_added_live_then_archived(bot_factory, matrix_user: MatrixUserFactory):
    admin = await matrix_user("admin")
    bot = await bot_factory(admins=[admin.user_id])
    app = app_of(bot)
    dm = await admin.create_dm(bot.user_id)

    reply = await admin.ask(dm, "!mod bassin ajouter ouest Bassin de l'Ouest", timeout=30)
    assert "Bassin de l'Ouest" in reply.body and "ajouté" in reply.body
    space = await app.rooms.by_key(bassin_key("ouest"))
    assert space is not None and not space.archived
    rooms = [await app.rooms.by_key(room_key("ouest", g.slug)) for g in app.layout.groupes]
    assert all(r is not None and not r.archived and r.parent_key == space.key for r in rooms)
    assert len(rooms) == 3
    for row in [space, *rooms]:
        assert row is not None
        assert await app.client.resolve_alias(row.alias or "") == row.room_id
        # The admin of the settings gets power level 100 in the new rooms too.
        levels = await app.client.get_state(row.room_id, "m.room.power_levels")
        assert levels is not None and levels["users"].get(admin.user_id) == 100
    assert app.layout.bassin("ouest") is not None

    # Kept across restarts: the layout a restart provisions changes nothing.
    merged = await effective_layout(app.database, bot.layout)
    assert (await app.provisioner.plan(merged)).empty
    assert "existe déjà" in (await admin.ask(dm, "!mod bassin ajouter ouest Ouest")).body
    assert "identifiant" in (await admin.ask(dm, "!mod bassin ajouter Ouest! Ouest")).body

    question = await admin.ask(dm, "!mod bassin archiver ouest")
    assert "Archiver" in question.body and "✅" in question.body
    assert await app.rooms.by_key(bassin_key("ouest")) is not None
    done = await admin.ask(dm, "!confirmer", timeout=30)
    assert "archivé" in done.body
    archived = await app.rooms.all(include_archived=True)
    assert sum(1 for r in archived if r.bassin == "ouest" and r.archived) == 4
    assert app.layout.bassin("ouest") is None
    merged = await effective_layout(app.database, bot.layout)
    assert merged.bassin("ouest") is None and (await app.provisioner.plan(merged)).empty
    assert "Aucune action" in (await admin.ask(dm, "!confirmer")).body

    journal = await admin.ask(dm, "!mod journal")
    assert "ajout de bassin" in journal.body and "archivage de bassin" in journal.body


async def test_ban_confirmed_by_reaction_after_a_restart(
    bot_factory, matrix_user: MatrixUserFactory
):
    admin = await matrix_user("admin")
    victim = await matrix_user("spammeur")
    bot = await bot_factory(admins=[admin.user_id])
    app = app_of(bot)
    await enter(app, victim, bassin_key("nord"), room_key("nord", "responsables"))
    dm = await admin.create_dm(bot.user_id)

    question = await admin.ask(dm, f"!mod bannir {victim.user_id} publicité répétée")
    assert "Bannir" in question.body and "✅" in question.body
    rows = await app.rooms.all(include_archived=True)
    assert "ban" not in [await membership(app, r.room_id, victim.user_id) for r in rows]

    app = await bot.restart()
    start = admin.mark()
    await admin.react(dm, question.event_id, "✅")
    done = await admin.wait_for(
        lambda e: e.is_message and e.sender == bot.user_id and e.in_reply_to == question.event_id,
        after=start,
        what="the ban's result",
    )
    assert "banni" in done.body and "publicité répétée" in done.body
    for row in rows:
        assert await membership(app, row.room_id, victim.user_id) == "ban", row.key
    # Another confirmation does nothing more.
    await admin.react(dm, question.event_id, "✔️")
    await asyncio.sleep(1)
    assert len([e for e in admin.messages(dm) if e.in_reply_to == question.event_id]) == 1

    assert "débanni" in (await admin.ask(dm, f"!mod debannir {victim.user_id}")).body
    assert "ban" not in [await membership(app, r.room_id, victim.user_id) for r in rows]

    journal = await admin.ask(dm, "!mod journal 5")
    assert "bannissement" in journal.body and "publicité répétée" in journal.body
    assert "débannissement" in journal.body and victim.user_id in journal.body
    assert " à " in journal.body and "/20" in journal.body  # local time, French format


async def test_announcement_reaches_every_bassin_room_once(
    bot_factory, matrix_user: MatrixUserFactory
):
    moderator = await matrix_user("modglobal")
    bot = await bot_factory()
    app = app_of(bot)
    await app.roles.grant(moderator.user_id, "moderator", None, "tests")
    dm = await moderator.create_dm(bot.user_id)

    reply = await moderator.ask(dm, "!mod annonce tous Journée du réseau le **12 mars**")
    groupe_rooms = [r for r in await app.rooms.all() if r.kind == "groupe"]
    assert len(groupe_rooms) == 6
    assert f"{len(groupe_rooms) + 1} salon" in reply.body
    announcements = await app.rooms.by_key(ANNOUNCEMENTS_KEY)
    assert announcements is not None
    for row in [*groupe_rooms, announcements]:
        posted = [
            m
            for m in await bot_messages(app, row.room_id)
            if "Journée du réseau" in m["content"]["body"]
        ]
        assert len(posted) == 1, row.key
        assert "<strong>12 mars</strong>" in posted[0]["content"]["formatted_body"]
    space_messages = await bot_messages(app, (await app.rooms.by_key(bassin_key("nord"))).room_id)  # type: ignore[union-attr]
    assert not space_messages
    assert "cible" in (await moderator.ask(dm, "!mod annonce atlantide Bonjour")).body


async def test_one_refusing_room_does_not_stop_an_announcement(
    bot_factory, matrix_user: MatrixUserFactory
):
    """Issue 11: the bot may no longer post in one room; the others still get the
    announcement, and the moderator is told which room refused it."""
    moderator = await matrix_user("modrefus")
    bot = await bot_factory()
    app = app_of(bot)
    await app.roles.grant(moderator.user_id, "moderator", None, "tests")
    refusing = await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))
    assert refusing is not None
    levels = await app.client.get_state(refusing.room_id, "m.room.power_levels")
    assert levels is not None
    users = {**levels.get("users", {}), app.client.user_id: 0}
    await app.client.put_state(
        refusing.room_id,
        "m.room.power_levels",
        {**levels, "users": users, "events_default": 50},
    )
    dm = await moderator.create_dm(bot.user_id)

    reply = await moderator.ask(dm, "!mod annonce nord Réunion du bassin")
    assert "2 salons" in reply.body and refusing.name in reply.body, reply.body
    for key in (room_key("nord", "responsables"), room_key("nord", "encadrants")):
        row = await app.rooms.by_key(key)
        assert row is not None
        bodies = [m["content"]["body"] for m in await bot_messages(app, row.room_id)]
        assert sum("Réunion du bassin" in b for b in bodies) == 1, key
    assert [e.action for e in await app.audit.latest(5)] == ["announce"]


async def test_promotion_mirrors_power_levels(bot_factory, matrix_user: MatrixUserFactory):
    admin = await matrix_user("admin")
    helper = await matrix_user("aidant")
    bot = await bot_factory(admins=[admin.user_id])
    app = app_of(bot)
    dm = await admin.create_dm(bot.user_id)

    reply = await admin.ask(dm, f"!mod promouvoir {helper.user_id} nord")
    assert "Bassin Nord" in reply.body and "4 salon" in reply.body
    for row in await app.rooms.all():
        levels = await app.client.get_state(row.room_id, "m.room.power_levels")
        assert levels is not None
        expected = 50 if row.bassin == "nord" else None
        assert levels["users"].get(helper.user_id) == expected, row.key
        assert levels["users"].get(bot.user_id) == 100  # the rest is kept as it was
        assert levels["kick"] == 50
    assert (await app.permissions.grants(helper.user_id)).can_moderate("nord")
    assert "déjà" in (await admin.ask(dm, f"!mod promouvoir {helper.user_id} nord")).body

    # The new moderator can now act in their bassin, and only there.
    helper_dm = await helper.create_dm(bot.user_id)
    assert REFUSAL not in (await helper.ask(helper_dm, "!mod annonce nord Bonjour")).body
    assert REFUSAL in (await helper.ask(helper_dm, "!mod annonce sud Bonjour")).body

    assert "n'est plus" in (await admin.ask(dm, f"!mod retrograder {helper.user_id}")).body
    for row in await app.rooms.all():
        levels = await app.client.get_state(row.room_id, "m.room.power_levels")
        assert levels is not None and helper.user_id not in levels["users"]
    assert REFUSAL in (await helper.ask(helper_dm, "!mod annonce nord Bonjour")).body
    assert "admin" in (await admin.ask(dm, f"!mod retrograder {admin.user_id}")).body


async def test_open_requests_and_figures_for_moderators(
    bot_factory, matrix_user: MatrixUserFactory
):
    moderator = await matrix_user("modnord")
    bot = await bot_factory()
    app = app_of(bot)
    await app.roles.grant(moderator.user_id, "moderator", "nord", "tests")
    requests = RequestRepository(app.database)
    answered = await requests.create(
        requester="@a:x", dm_room_id="!a:x", bassin="nord", text="Logement d'urgence à Namur ?"
    )
    await requests.add_answer(answered.id, "$answer", "!room:x", "@b:x", "Le CPAS")
    waiting = await requests.create(
        requester="@c:x", dm_room_id="!c:x", bassin="nord", text="Permis de conduire et ACI"
    )
    elsewhere = await requests.create(
        requester="@d:x", dm_room_id="!d:x", bassin="sud", text="Question du sud"
    )
    await app.members.upsert(moderator.user_id, bassin="nord", groupe="encadrants")
    dm = await moderator.create_dm(bot.user_id)

    listing = (await moderator.ask(dm, "!mod demandes")).body
    assert f"#{waiting.id}" in listing and f"#{answered.id}" in listing
    assert listing.index(f"#{waiting.id}") < listing.index(f"#{answered.id}")  # unanswered first
    assert f"#{elsewhere.id}" not in listing and "Question du sud" not in listing

    figures = (await moderator.ask(dm, "!mod stats")).body
    assert "Membres inscrits : 1" in figures
    assert "ouvertes : 3" in figures and "33 %" in figures
