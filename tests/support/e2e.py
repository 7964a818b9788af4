"""Helpers of the encryption tests: encrypted DMs, and what the homeserver stores of an event.

The human side is nio with its own key store, as Element would be: it only ever sees what it
can decrypt, so an answer read through these helpers proves the bot decrypted the command and
encrypted its reply.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote

from tests.support.bot import BotHarness
from tests.support.matrix_user import MatrixUser

FORCED = {"encryption_enabled_by_default_for_room_type": "all"}
numbers = itertools.count(1)  # unique localparts, room aliases and transaction ids


async def encrypted_dm(user: MatrixUser, bot: BotHarness) -> str:
    dm = await user.create_dm(bot.user_id)
    assert user.client.rooms[dm].encrypted
    return dm


async def on_server(user: MatrixUser, room_id: str, event_id: str) -> str:
    """The type the homeserver stores for an event (``m.room.encrypted`` when encrypted)."""
    return str((await raw_event(user, room_id, event_id))["type"])


async def raw_event(user: MatrixUser, room_id: str, event_id: str) -> dict[str, Any]:
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/event/{quote(event_id)}"
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    response = await user.client.send("GET", path, None, headers)
    async with response:
        return dict(await response.json())
