"""Timers against a real homeserver: on time, late within grace, skipped beyond, never twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.app import Application
from bot.framework.timers import TimerCall
from bot.matrix.formatting import plain_message
from storage.models import utcnow
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration


def install_echo_timer(app, kind: str = "test.echo") -> None:
    async def echo(call: TimerCall) -> None:
        await call.send(call.payload["room"], plain_message(call.payload["text"]))

    app.timers.handle(kind, echo)


async def test_timer_fires_once_and_survives_a_restart(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    app = bot.app
    alice = await matrix_user("alice")
    room = await alice.create_dm(bot.user_id)
    install_echo_timer(app)

    await app.timers.schedule(
        "t:now", "test.echo", utcnow() + timedelta(seconds=1), {"room": room, "text": "à l'heure"}
    )
    await alice.wait_for(lambda e: e.body == "à l'heure", what="the timer message")

    # Due while the bot is down: within grace it is sent late, once; beyond grace, skipped.
    await app.timers.schedule(
        "t:late",
        "test.echo",
        utcnow() + timedelta(seconds=2),
        {"room": room, "text": "en retard"},
        grace=timedelta(minutes=5),
    )
    await app.timers.schedule(
        "t:missed",
        "test.echo",
        utcnow() + timedelta(seconds=2),
        {"room": room, "text": "trop tard"},
        grace=timedelta(seconds=1),
    )
    await app.timers.schedule(
        "t:cancelled",
        "test.echo",
        utcnow() + timedelta(seconds=2),
        {"room": room, "text": "annulé"},
    )
    assert await app.timers.cancel("t:cancelled") == 1
    await bot.stop()
    await asyncio.sleep(4)
    bot.app = None
    bot.app = app = Application(bot.settings(), bot.layout)
    install_echo_timer(app)
    await app.start()
    await alice.wait_for(lambda e: e.body == "en retard", what="the late timer message")
    await asyncio.sleep(2)
    bodies = [e.body for e in alice.messages(room)]
    assert bodies.count("à l'heure") == 1 and bodies.count("en retard") == 1
    assert "trop tard" not in bodies and "annulé" not in bodies
    assert (await app.timers.repository.get("t:missed")).state == "skipped"
    assert (await app.timers.repository.get("t:late")).state == "done"
