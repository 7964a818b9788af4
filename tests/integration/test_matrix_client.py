"""The Matrix client's retries against the real Synapse, behind a proxy that loses answers."""

from __future__ import annotations

import asyncio

import pytest
from nio import RoomPreset

from bot.homeserver.local_synapse import LocalSynapse
from bot.matrix.client import Backoff, MatrixClient
from tests.support import MatrixUserFactory
from tests.support.lossy_proxy import LossyProxy

pytestmark = pytest.mark.integration


async def test_a_room_whose_creation_answer_was_lost_is_created_once(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory
):
    alice = await matrix_user("roomalice")
    bot_id = await synapse.register("roomcreator", "roomcreator-secret")
    proxy = LossyProxy(synapse.url)
    await proxy.start()
    client = MatrixClient(proxy.url, bot_id, backoff=Backoff(initial=0.1, maximum=0.5))
    try:
        await client.login("roomcreator-secret")
        rooms_before = set(await client.joined_rooms())
        proxy.lose_answers("/createRoom", 2)
        room_id = await client.create_room(
            is_direct=True, invite=[alice.user_id], preset=RoomPreset.trusted_private_chat
        )
        assert proxy.lost["/createRoom"] >= 1
        created = set(await client.joined_rooms()) - rooms_before
        assert created == {room_id}, f"{len(created)} rooms for one creation"
        assert await alice.wait_for_invite(sender=bot_id) == room_id
        await asyncio.sleep(0.5)
        assert {e.room_id for e in alice.events if e.membership == "invite"} == {room_id}
    finally:
        await client.close()
        await proxy.stop()
