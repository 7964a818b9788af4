"""One room refusing the bot never hides the others' success: the weekly digest and focus
session notices go on to every other room (issue: partial fan-out is a normal outcome)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.services.digest import post_digest
from bot.services.provisioning import room_key
from storage.models import FocusAnnouncement
from tests.integration.test_aide import register
from tests.integration.test_digest import _fill_nord
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness
from tests.support.refusing_rooms import room_made_by, take_voice

pytestmark = pytest.mark.integration


async def _bot_with_a_refusing_room(
    bot_factory, matrix_user: MatrixUserFactory
) -> tuple[BotHarness, MatrixUser, str]:
    """A bot whose « encadrants · nord » room was made by Dora, who then took its voice."""
    dora = await matrix_user("dora")
    bot = await bot_factory(start=False, admins=[dora.user_id])
    await bot.register()
    room_id = await room_made_by(dora, bot, "enc-nord", "Encadrants · Nord")
    app = await bot.start()
    adopted = await app.rooms.by_key(room_key("nord", "encadrants"))
    assert adopted is not None and adopted.room_id == room_id
    await take_voice(dora, room_id, bot.user_id)
    return bot, dora, room_id


async def test_the_digest_goes_on_past_a_refusing_room(bot_factory, matrix_user):
    bot, _, refusing = await _bot_with_a_refusing_room(bot_factory, matrix_user)
    app = bot.app
    assert app is not None
    await _fill_nord(app)
    report = await post_digest(app)
    assert report.refused == [refusing]
    nord = {
        (await app.rooms.by_key(room_key("nord", g))).room_id  # type: ignore[union-attr]
        for g in ("travailleurs-sociaux", "responsables")
    }
    assert nord <= set(report.posted)
    again = await post_digest(app)  # the refused room is tried again next time, not recorded
    assert again.refused == [refusing] and again.posted == []


async def test_a_focus_announcement_goes_on_past_a_refusing_room(bot_factory, matrix_user):
    bot, _, refusing = await _bot_with_a_refusing_room(bot_factory, matrix_user)
    app = bot.app
    assert app is not None
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    echo = await alice.ask(dm, "!focus planifier jeudi prochain 14h | Mobilité | nord")
    assert "Désolé" not in echo.body, echo.body
    done = await alice.ask(dm, "!focus confirmer")
    assert "Désolé" not in done.body, done.body
    ts_nord = await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))
    assert ts_nord is not None
    await alice.wait_for(
        lambda e: e.room_id == ts_nord.room_id and "Mobilité" in e.body, what="the announcement"
    )
    async with app.database.sessions() as session:
        announced = set(await session.scalars(select(FocusAnnouncement.room_id)))
    assert ts_nord.room_id in announced and refusing not in announced
