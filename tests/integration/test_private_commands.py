"""A command whose text may name the person accompanied never stays in a community room, even
when it is refused (wrong place, not allowed, malformed): the dispatcher redacts it first."""

from __future__ import annotations

import pytest

from bot.services.provisioning import room_key
from tests.integration.test_aide import register
from tests.support import MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration


async def test_refused_private_commands_are_taken_out_of_the_room(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot: BotHarness = await bot_factory()
    app = bot.app
    assert app is not None
    alice = await matrix_user("alice")
    await register(bot, alice, "nord", "travailleurs-sociaux")
    room = await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))
    assert room is not None
    for text in (
        "!modifier Mme Odette Vandersmissen a perdu son logement",  # a DM-only command
        "!masquer Vandersmissen",  # a DM-only command
        "!repondre x Vandersmissen a rappelé",  # malformed: the number is missing
    ):
        sent = await alice.send(room.room_id, text)
        refusal = await alice.wait_for(
            lambda e, sent=sent: e.in_reply_to == sent, what=f"the answer to {text!r}"
        )
        assert "Vandersmissen" not in refusal.body
        redacted = await alice.client.room_get_event(room.room_id, sent)
        assert "body" not in redacted.event.source.get("content", {}), text
