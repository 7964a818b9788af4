"""One room refusing the bot never hides the others' success: the weekly digest and focus
session notices go on to every other room (issue: partial fan-out is a normal outcome)."""

from __future__ import annotations

import pytest
from nio import RoomCreateResponse, RoomPreset, RoomPutStateResponse
from sqlalchemy import select

from bot.services.digest import post_digest
from bot.services.provisioning import room_key
from storage.models import FocusAnnouncement
from tests.integration.test_aide import register
from tests.integration.test_digest import _fill_nord
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration


async def _bot_with_a_refusing_room(
    bot_factory, matrix_user: MatrixUserFactory
) -> tuple[BotHarness, MatrixUser, str]:
    """A bot whose « encadrants · nord » room was made by Dora, who then took its voice."""
    dora = await matrix_user("dora")
    bot = await bot_factory(start=False, admins=[dora.user_id])
    await bot.register()
    created = await dora.client.room_create(
        alias=bot.layout.alias_localpart("enc-nord"),
        name="Encadrants · Nord",
        preset=RoomPreset.private_chat,
        invite=[bot.user_id],
        power_level_override={"users": {dora.user_id: 100, bot.user_id: 50}},
    )
    assert isinstance(created, RoomCreateResponse), created
    app = await bot.start()
    adopted = await app.rooms.by_key(room_key("nord", "encadrants"))
    assert adopted is not None and adopted.room_id == created.room_id
    levels = await dora.client.room_get_state_event(created.room_id, "m.room.power_levels")
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), bot.user_id: 0}
    content["events"] = {**content.get("events", {}), "m.room.message": 50}
    changed = await dora.client.room_put_state(created.room_id, "m.room.power_levels", content)
    assert isinstance(changed, RoomPutStateResponse), changed
    return bot, dora, created.room_id


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
