"""Focus sessions against a real Synapse: planned in French, confirmed, announced, RSVP by 👍,
reminders on time and exactly once across a restart, moved, cancelled (SPEC §6)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.focus.planning import reminder_key
from bot.services.provisioning import room_key
from bot.text.when import format_french_date
from storage.database import Database
from storage.models import utcnow
from storage.repositories.focus import FocusRepository
from storage.repositories.timers import TimerRepository
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration

BRUSSELS = ZoneInfo("Europe/Brussels")
PLAN = "!focus planifier après-demain 10h | Mobilité et permis | nord | CPAS, MIRE"


async def member(
    matrix_user: MatrixUserFactory, bot: BotHarness, name: str, bassin: str = "nord"
) -> tuple[MatrixUser, str, str]:
    """A registered professional who joined their travailleurs-sociaux room: (user, dm, room)."""
    assert bot.app is not None
    user = await matrix_user(name)
    dm = await user.create_dm(bot.user_id)
    await user.ask(dm, f"!inscription {bassin} travailleurs-sociaux")
    room = await bot.app.rooms.by_key(room_key(bassin, "travailleurs-sociaux"))
    assert room is not None
    await user.wait_for(
        lambda e: e.room_id == room.room_id and e.membership == "invite",
        what="the invite to the bassin room",
    )
    await user.join(room.room_id)
    return user, dm, room.room_id


def bodies_with(user: MatrixUser, room_id: str, text: str) -> list[str]:
    return [e.body for e in user.messages(room_id) if text in e.body]


async def plan_and_confirm_by_reaction(alice: MatrixUser, dm: str, room: str) -> tuple[int, str]:
    """Plan with a French date, confirm with ✅; returns (session id, announcement event id)."""
    echo = await alice.ask(dm, PLAN)
    in_two_days = format_french_date(datetime.now(tz=BRUSSELS).date() + timedelta(days=2))
    assert f"{in_two_days} à 10 h 00" in echo.body
    assert "Mobilité et permis" in echo.body and "CPAS, MIRE" in echo.body
    mark = alice.mark()
    await alice.react(dm, echo.event_id, "✅")
    confirmed = await alice.wait_for(
        lambda e: e.room_id == dm and "confirmée" in e.body, after=mark, what="the confirmation"
    )
    assert "3 salons" in confirmed.body
    announcement = await alice.wait_for(
        lambda e: e.room_id == room and "Session focus #" in e.body, what="the announcement"
    )
    assert f"{in_two_days} à 10 h 00" in announcement.body and "CPAS, MIRE" in announcement.body
    assert "participer" in announcement.body
    session_id = int(announcement.body.split("Session focus #", 1)[1].split(" ", 1)[0])
    return session_id, announcement.event_id


async def test_plan_confirm_rsvp_and_reminders_once_across_a_restart(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot = await bot_factory()
    alice, alice_dm, room = await member(matrix_user, bot, "alice")
    bob, bob_dm, _ = await member(matrix_user, bot, "bob")
    session_id, announcement = await plan_and_confirm_by_reaction(alice, alice_dm, room)

    # The plan survived as a conversation and is now closed: a second ✅ does nothing.
    repository = FocusRepository(bot.app.database)
    session = await repository.get(session_id)
    assert session is not None and session.target == "nord" and len(session.room_ids) == 3

    # Reminders are timers with fixed keys, the day before and one hour before.
    timers = bot.app.timers.repository
    veille = await timers.get(reminder_key(session_id, "veille"))
    heure = await timers.get(reminder_key(session_id, "heure"))
    assert veille is not None and veille.state == "pending"
    assert heure is not None and heure.state == "pending"
    assert veille.due_at == session.starts_at - timedelta(days=1)
    assert heure.due_at == session.starts_at - timedelta(hours=1)
    assert heure.grace_seconds == 3600 and veille.grace_seconds > 3600

    # RSVP with a 👍 on the announcement: told in DM, listed with a pill.
    mark = bob.mark()
    await bob.react(room, announcement, "👍")
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "vous participez" in e.body,
        after=mark,
        what="the RSVP confirmation",
    )
    assert await repository.participants(session_id) == [bob.user_id]
    details = await alice.ask(alice_dm, f"!focus #{session_id}")
    assert f"https://matrix.to/#/{bob.user_id}" in (details.formatted_body or "")
    assert "Participant·e·s (1)" in details.body
    listing = await bob.ask(bob_dm, "!focus liste")
    assert f"#{session_id}" in listing.body and "1 participant" in listing.body
    again = await bob.ask(bob_dm, f"!focus participer {session_id}")
    assert "déjà inscrit" in again.body

    # The day-before reminder on time: the session moved to one day and a few seconds ahead.
    await bot.app.focus.reminders.reschedule(session_id, utcnow() + timedelta(days=1, seconds=3))
    await alice.wait_for(
        lambda e: e.room_id == room and "Rappel" in e.body and "demain" in e.body,
        what="the day-before reminder in the room",
    )
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "Rappel" in e.body and "demain" in e.body,
        what="the day-before reminder in the participant's DM",
    )
    # The organiser is reminded too, in their DM, although they never said they would come.
    await alice.wait_for(
        lambda e: e.room_id == alice_dm and "Rappel" in e.body and "demain" in e.body,
        what="the day-before reminder in the organiser's DM",
    )

    # The hour-before reminder falls due while the bot is stopped: sent late, once.
    await bot.app.focus.reminders.reschedule(session_id, utcnow() + timedelta(hours=1, seconds=15))
    await bot.stop()
    assert (await _timer_state(bot, reminder_key(session_id, "heure"))) == "pending"
    await asyncio.sleep(16)
    await bot.start()
    await alice.wait_for(
        lambda e: e.room_id == room and "dans une heure" in e.body,
        what="the late hour-before reminder in the room",
    )
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "dans une heure" in e.body,
        what="the late hour-before reminder in the DM",
    )
    await bot.restart()  # a second restart must not send it again
    await asyncio.sleep(2)
    assert len(bodies_with(alice, room, "dans une heure")) == 1
    assert len(bodies_with(bob, bob_dm, "dans une heure")) == 1
    assert len(bodies_with(alice, alice_dm, "dans une heure")) == 1
    assert len(bodies_with(alice, room, "a lieu demain")) == 1
    assert len(bodies_with(alice, room, "Session focus #")) == 1
    assert (await _timer_state(bot, reminder_key(session_id, "heure"))) == "done"

    # The report is kept with the session and found by search.
    saved = await alice.ask(
        alice_dm, f"!focus compte-rendu {session_id} Pistes : covoiturage et auto-école sociale"
    )
    assert "enregistré" in saved.body
    assert "covoiturage" in (await alice.ask(alice_dm, f"!focus #{session_id}")).body
    found = await bot.app.focus.repository.search_reports("covoiturage")
    assert [hit.session.id for hit in found] == [session_id]


async def _timer_state(bot: BotHarness, key: str) -> str | None:
    """A timer's state read straight from the database, whether the bot runs or not."""
    database = Database(bot.settings().effective_database_url)
    try:
        timer = await TimerRepository(database).get(key)
        return None if timer is None else timer.state
    finally:
        await database.close()


async def test_move_and_cancel_tell_participants_and_cancel_reminders(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot = await bot_factory()
    alice, alice_dm, room = await member(matrix_user, bot, "alice")
    bob, bob_dm, _ = await member(matrix_user, bot, "bob")

    # Ten days ahead whatever today is: both reminders are scheduled, then the move brings the
    # session within a day (a fixed date fails the day before it, when « la veille » is past).
    day = datetime.now(tz=BRUSSELS).date() + timedelta(days=10)
    when = format_french_date(day)
    echo = await alice.ask(
        alice_dm,
        f"!focus planifier le {day.day} {when.split()[-2]} {day.year} à 9h30 | Logement | nord",
    )
    assert when in echo.body and "9 h 30" in echo.body
    confirmed = await alice.ask(alice_dm, "!focus confirmer")
    assert "confirmée" in confirmed.body
    session_id = int(confirmed.body.split("#", 1)[1].split(" ", 1)[0])
    assert "vous participez" in (await bob.ask(bob_dm, f"!focus participer {session_id}")).body

    refused = await bob.ask(bob_dm, f"!focus annuler {session_id}")
    assert "auteur" in refused.body

    moved = await alice.ask(alice_dm, f"!focus deplacer {session_id} dans 3 heures")
    assert "déplacée" in moved.body
    assert "un seul rappel, une heure avant" in moved.body  # less than a day ahead now
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "déplacée" in e.body, what="the move notice"
    )
    timers = bot.app.timers.repository
    session = await FocusRepository(bot.app.database).get(session_id)
    assert session is not None and session.sequence == 1
    heure = await timers.get(reminder_key(session_id, "heure"))
    assert heure is not None and heure.due_at == session.starts_at - timedelta(hours=1)
    veille = await timers.get(reminder_key(session_id, "veille"))
    assert veille is not None and veille.state == "cancelled"  # less than a day ahead now

    cancelled = await alice.ask(alice_dm, f"!focus annuler {session_id}")
    assert "annulée" in cancelled.body
    await bob.wait_for(
        lambda e: e.room_id == bob_dm and "annulée" in e.body, what="the cancel notice"
    )
    await alice.wait_for(
        lambda e: e.room_id == room and "annulée" in e.body, what="the notice in the room"
    )
    assert (await timers.get(reminder_key(session_id, "heure"))).state == "cancelled"
    assert not bot.app.scheduler.get_job(reminder_key(session_id, "heure"))
    assert "annulée" in (await alice.ask(alice_dm, f"!focus annuler {session_id}")).body


async def test_wrong_dates_targets_and_recurring_series(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot = await bot_factory()
    alice, alice_dm, room = await member(matrix_user, bot, "alice")

    past = await alice.ask(alice_dm, "!focus planifier hier 10h | Logement")
    assert "déjà passé" in past.body and "Exemple" in past.body
    vague = await alice.ask(alice_dm, "!focus planifier bientôt | Logement")
    assert "jeudi prochain 14h" in vague.body
    unknown = await alice.ask(alice_dm, "!focus planifier demain 10h | Logement | atlantide")
    assert "atlantide" in unknown.body and "nord, sud" in unknown.body
    missing = await alice.ask(alice_dm, "!focus planifier demain 10h")
    assert "thème" in missing.body

    # Without a target, the sender's bassin; a recurring series keeps its RRULE.
    echo = await alice.ask(alice_dm, "!focus planifier chaque premier mardi à 10h | Santé")
    assert "chaque premier mardi du mois à 10 h 00" in echo.body and "nord" in echo.body
    confirmed = await alice.ask(alice_dm, "!focus confirmer")
    session_id = int(confirmed.body.split("#", 1)[1].split(" ", 1)[0])
    repository = FocusRepository(bot.app.database)
    session = await repository.get(session_id)
    assert session is not None and session.rrule == "FREQ=MONTHLY;BYDAY=1TU"
    first = session.starts_at

    # After an occurrence, the series moves on and the next reminders are scheduled.
    suite = f"focus:{session_id}:suite:{first.strftime('%Y%m%dT%H%M')}"
    assert await bot.app.timers.fire_now(suite)
    session = await repository.get(session_id)
    assert session is not None and session.starts_at > first + timedelta(days=27)
    assert session.starts_at.astimezone(BRUSSELS).weekday() == 1
    veille = await bot.app.timers.repository.get(reminder_key(session_id, "veille"))
    assert veille is not None and veille.state == "pending"
    assert veille.due_at == session.starts_at - timedelta(days=1)
    assert len(bodies_with(alice, room, "Session focus #")) == 1


async def test_short_notice_reminders_search_and_every_sub_command_listed(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot = await bot_factory()
    alice, alice_dm, _ = await member(matrix_user, bot, "alice")

    # `!commandes focus` lists every sub-command, not only `!focus [#numero]`.
    help_text = (await alice.ask(alice_dm, "!commandes focus")).body
    for name in (
        "planifier",
        "confirmer",
        "participer",
        "liste",
        "annuler",
        "deplacer",
        "compte-rendu",
        "chercher",
    ):
        assert f"!focus {name}" in help_text, name
    assert "!focus planifier jeudi prochain 14h | Mobilité et permis | nord" in help_text

    # Less than a day ahead: one reminder, and the confirmation says so.
    await alice.ask(alice_dm, "!focus planifier dans 3 heures | Logement | nord")
    soon = await alice.ask(alice_dm, "!focus confirmer")
    assert "un seul rappel, une heure avant" in soon.body and "la veille" not in soon.body
    soon_id = int(soon.body.split("#", 1)[1].split(" ", 1)[0])
    timers = bot.app.timers.repository
    assert await timers.get(reminder_key(soon_id, "veille")) is None
    assert (await timers.get(reminder_key(soon_id, "heure"))).state == "pending"

    # Less than an hour ahead: no reminder at all, and none promised.
    await alice.ask(alice_dm, "!focus planifier dans 30 minutes | Emploi | nord")
    sooner = await alice.ask(alice_dm, "!focus confirmer")
    assert "pas de rappel" in sooner.body and "la veille" not in sooner.body
    sooner_id = int(sooner.body.split("#", 1)[1].split(" ", 1)[0])
    assert await timers.get(reminder_key(sooner_id, "heure")) is None
    joined = await alice.ask(alice_dm, f"!focus participer {sooner_id}")
    assert "pas de rappel" in joined.body and "la veille" not in joined.body

    # A report is found by `!focus chercher`, with the words around the match.
    await alice.ask(
        alice_dm, f"!focus compte-rendu {soon_id} Pistes : garantie locative et covoiturage"
    )
    found = await alice.ask(alice_dm, "!focus chercher covoiturage")
    assert "Logement" in found.body and "garantie locative et covoiturage" in found.body
    assert f"#{sooner_id}" not in found.body
    nothing = await alice.ask(alice_dm, "!focus chercher licorne")
    assert "Aucune session focus" in nothing.body and "licorne" in nothing.body
