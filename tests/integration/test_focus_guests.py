"""Guests of a focus session on a real Synapse (issue 15): invited from outside the network,
they get the announcement, the calendar file and the reminders in their DM, can RSVP, join the
session's own room, and lose their access once the session is over (the service's clock is
moved past the end, nobody sleeps)."""

from __future__ import annotations

import asyncio
import copy
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.framework.catalogue import catalogue
from bot.services.focus.guests import end_key, session_end
from bot.services.focus.planner import Origin
from bot.services.focus.planning import reminder_key
from storage.models import AuditEntry
from tests.integration.test_focus import member, plan_and_confirm_by_reaction
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration


async def test_a_guest_is_reminded_joins_the_room_and_leaves_with_the_session(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    admin = await matrix_user("admin")
    bot = await bot_factory(admins=[admin.user_id])
    app = bot.app
    assert app is not None and app.focus.guests is not None
    alice, alice_dm, room = await member(matrix_user, bot, "alice")
    marc = await matrix_user("marc")  # from a CPAS, not a member of the network
    marc_dm = await marc.create_dm(bot.user_id)
    session_id, _ = await plan_and_confirm_by_reaction(alice, alice_dm, room)

    # Invited: the announcement and the .ics file in the guest's DM.
    invited = await alice.ask(alice_dm, f"!focus inviter {session_id} {marc.user_id}")
    assert marc.user_id in invited.body
    await marc.wait_for(
        lambda e: e.room_id == marc_dm and f"session focus #{session_id}" in e.body,
        what="the invitation in the guest's DM",
    )
    ics = await marc.wait_for(
        lambda e: e.room_id == marc_dm and e.content.get("msgtype") == "m.file",
        what="the calendar file",
    )
    assert ics.body.endswith(".ics")
    rsvp = await marc.ask(marc_dm, f"!focus participer {session_id}")
    assert "participez" in rsvp.body
    stats = await admin.ask(await admin.create_dm(bot.user_id), "!mod stats")
    assert "invité·e·s aux sessions focus : 1" in stats.body.replace("**", ""), stats.body

    # Only the organiser (or moderation) invites.
    refused = await marc.ask(marc_dm, f"!focus inviter {session_id} {alice.user_id}")
    assert "organisateur" in refused.body

    # The session's own room, on demand: the guest is invited there.
    opened = await alice.ask(alice_dm, f"!focus salon {session_id}")
    assert "ouvert" in opened.body
    focus_room = await app.focus.guests.guests.room(session_id)
    assert focus_room is not None
    assert await marc.wait_for_invite(sender=bot.user_id) in (focus_room.room_id, marc_dm)
    await marc.join(focus_room.room_id)

    # The day-before reminder reaches the guest's DM.
    assert await app.timers.fire_now(reminder_key(session_id, "veille"))
    await marc.wait_for(
        lambda e: e.room_id == marc_dm and "Rappel" in e.body and "demain" in e.body,
        what="the reminder in the guest's DM",
    )

    # Too early, the end timer does nothing; past the session's end, the guest is removed.
    row = await app.focus.repository.get(session_id)
    assert row is not None
    assert not await app.focus.guests.end(end_key(session_id), session_id, None)
    over = session_end(row) + timedelta(minutes=1)
    app.focus.guests.clock = lambda: over
    assert await app.timers.fire_now(end_key(session_id))
    await marc.wait_for(
        lambda e: (
            e.room_id == focus_room.room_id
            and e.membership == "leave"
            and e.state_key == marc.user_id
        ),
        what="the guest removed from the session's room",
    )
    assert await app.focus.guests.guests.guests(session_id) == []
    name = await app.client.get_state(focus_room.room_id, "m.room.name")
    assert name is not None and name["name"].startswith("[archivé]")
    async with app.database.sessions() as session:
        actions = list(
            await session.scalars(
                select(AuditEntry.action).where(AuditEntry.target == marc.user_id)
            )
        )
    assert actions == ["focus.guest_invite", "focus.guest_end"]


async def test_two_salon_commands_at_once_open_one_room(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    """Sent from the organiser's DM and from the bassin room at the same moment (the bot handles
    two rooms concurrently), ``!focus salon N`` creates one room, and both answers link to it."""
    bot = await bot_factory()
    app = bot.app
    assert app is not None and app.focus.guests is not None
    alice, alice_dm, room = await member(matrix_user, bot, "alice")
    session_id, _ = await plan_and_confirm_by_reaction(alice, alice_dm, room)
    before = set(await app.client.joined_rooms())

    replies = await asyncio.gather(
        alice.ask(alice_dm, f"!focus salon {session_id}"),
        alice.ask(room, f"!focus salon {session_id}"),
    )
    assert all("ouvert" in reply.body for reply in replies), [r.body for r in replies]
    focus_room = await app.focus.guests.guests.room(session_id)
    assert focus_room is not None
    assert all(focus_room.room_id in reply.body for reply in replies)
    created = set(await app.client.joined_rooms()) - before
    assert created == {focus_room.room_id}


async def test_two_processes_opening_the_room_keep_one(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    """A second service on the same database (as a second bot process would run it, with its
    own lock) opens the room at the same moment: one room is recorded, the other process
    leaves the room it created, and both answer with the recorded one."""
    bot = await bot_factory()
    app = bot.app
    assert app is not None and app.focus.guests is not None
    alice, alice_dm, room = await member(matrix_user, bot, "alice")
    session_id, _ = await plan_and_confirm_by_reaction(alice, alice_dm, room)
    other = copy.copy(app.focus.guests)
    other._room_locks = defaultdict(asyncio.Lock)  # another process shares no lock
    grants = await app.permissions.grants(alice.user_id)
    lang = catalogue("fr")
    before = set(await app.client.joined_rooms())

    answers = await asyncio.gather(
        app.focus.guests.open_room(
            Origin("$one", alice.user_id, alice_dm, lang), session_id, grants
        ),
        other.open_room(Origin("$two", alice.user_id, room, lang), session_id, grants),
    )
    recorded = await app.focus.guests.guests.room(session_id)
    assert recorded is not None
    assert all(recorded.room_id in answer.body for answer in answers)
    assert set(await app.client.joined_rooms()) - before == {recorded.room_id}
