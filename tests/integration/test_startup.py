"""Start-up (issue 16, point 2): the bot answers before the power levels of every room are
reconciled, and the reconciliation, done in the background, still reaches every room."""

from __future__ import annotations

import asyncio

import pytest

from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration


async def test_power_levels_reconciled_in_the_background(
    bot_factory, matrix_user: MatrixUserFactory
):
    ada = await matrix_user("ada")
    bot = await bot_factory(admins=[ada.user_id])
    app = bot.app
    dm = await ada.create_dm(bot.user_id)
    await bot.restart()  # a start on a provisioned network, as every later start is
    app = bot.app
    background = app.power_levels._background
    assert background is not None
    reply = await ada.ask(dm, "!commandes")
    assert "commandes mod" in reply.body
    await asyncio.wait_for(asyncio.shield(background), 60)
    for row in await app.rooms.all():
        levels = await app.client.get_state(row.room_id, "m.room.power_levels")
        assert levels is not None and levels["users"].get(ada.user_id) == 100, row.key
