"""A room someone made by hand, adopted by the bot, whose maker then takes the bot's voice.

Partial fan-out is a normal outcome: the tests of the digest, focus notices and help requests
all need one room that refuses the bot's posts while the others accept them.
"""

from __future__ import annotations

from nio import RoomCreateResponse, RoomPreset, RoomPutStateResponse

from bot.homeserver.matrix_user import MatrixUser
from tests.support.bot import BotHarness


async def room_made_by(maker: MatrixUser, bot: BotHarness, alias: str, name: str) -> str:
    """The layout's room ``alias``, created by ``maker`` before the bot starts (it adopts it),
    the maker at power 100 and the bot at 50; its room id."""
    created = await maker.client.room_create(
        alias=bot.layout.alias_localpart(alias),
        name=name,
        preset=RoomPreset.private_chat,
        invite=[bot.user_id],
        power_level_override={"users": {maker.user_id: 100, bot.user_id: 50}},
    )
    assert isinstance(created, RoomCreateResponse), created
    return created.room_id


async def take_voice(maker: MatrixUser, room_id: str, bot_user_id: str) -> None:
    """The maker lowers the bot to 0 where messages need 50: its posts there are refused."""
    levels = await maker.client.room_get_state_event(room_id, "m.room.power_levels")
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), bot_user_id: 0}
    content["events"] = {**content.get("events", {}), "m.room.message": 50}
    changed = await maker.client.room_put_state(room_id, "m.room.power_levels", content)
    assert isinstance(changed, RoomPutStateResponse), changed
