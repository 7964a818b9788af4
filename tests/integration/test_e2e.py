"""End-to-end encryption on a Synapse that encrypts every new room (issue 13).

The human side is nio with its own key store, as Element would be: it only ever sees what it
can decrypt, so an answer read here proves the bot decrypted the command and encrypted its reply.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import pytest
import pytest_asyncio

from bot.homeserver.local_synapse import LocalSynapse
from tests.support import MatrixUser
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration

FORCED = {"encryption_enabled_by_default_for_room_type": "all"}
_numbers = itertools.count(1)


@pytest_asyncio.fixture(scope="module")
async def forced(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LocalSynapse]:
    pytest.importorskip("synapse", reason="matrix-synapse is not installed")
    homeserver = LocalSynapse(
        tmp_path_factory.mktemp("forced-synapse"), bcrypt_rounds=4, extra_config=FORCED
    )
    await homeserver.start()
    try:
        yield homeserver
    finally:
        await homeserver.stop()


@pytest_asyncio.fixture
async def people(
    forced: LocalSynapse, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Any]:
    """``await people("alice")``: a user of the forced homeserver whose client encrypts."""
    made: list[MatrixUser] = []

    async def make(prefix: str) -> MatrixUser:
        localpart = f"{prefix}{next(_numbers)}"
        store = tmp_path_factory.mktemp(f"keys-{localpart}")
        user = await MatrixUser.create(forced, localpart, key_store=store)
        made.append(user)
        return user

    try:
        yield make
    finally:
        for user in made:
            await user.close()


async def encrypted_dm(user: MatrixUser, bot: BotHarness) -> str:
    dm = await user.create_dm(bot.user_id)
    assert user.client.rooms[dm].encrypted
    return dm


async def test_commands_in_an_encrypted_dm(bot_factory, forced: LocalSynapse, people: Any):
    bot = await bot_factory(homeserver=forced)
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)

    reply = await alice.ask(dm, "!commandes", timeout=20)
    assert "inscription" in reply.body
    assert await on_server(alice, dm, reply.event_id) == "m.room.encrypted"


async def on_server(user: MatrixUser, room_id: str, event_id: str) -> str:
    """The type the homeserver stores for an event (``m.room.encrypted`` when encrypted)."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/event/{quote(event_id)}"
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    response = await user.client.send("GET", path, None, headers)
    async with response:
        return str((await response.json())["type"])
