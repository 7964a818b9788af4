"""The bot's one-time keys run out, its fallback key takes over, and both are stocked again
from the next ``/sync`` (issue 13, item 1).

Someone who claims all of a device's one-time keys (many new devices at once, or a person
draining them) must not leave it unreachable: a claim then returns the fallback key, and a new
human can still open an Olm session with the bot and have their command answered.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.homeserver.local_synapse import LocalSynapse
from tests.support import MatrixUser
from tests.support.bot import BotHarness
from tests.support.e2e import encrypted_dm

pytestmark = pytest.mark.integration

MAX_CLAIMS = 200  # the bot keeps at most 50 one-time keys


async def claim(user: MatrixUser, bot: BotHarness, device: str) -> dict[str, Any]:
    """One ``/keys/claim`` of the bot's device: the key it returns (empty when none)."""
    body = {"one_time_keys": {bot.user_id: {device: "signed_curve25519"}}}
    status, data = await api(user, "POST", "/_matrix/client/v3/keys/claim", body)
    assert status == 200, data
    keys = data.get("one_time_keys", {}).get(bot.user_id, {}).get(device, {})
    return dict(next(iter(keys.values()))) if keys else {}


async def api(user: MatrixUser, method: str, path: str, body: Any) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    response = await user.client.send(method, path, json.dumps(body), headers)
    async with response:
        return response.status, dict(await response.json())


async def drain(user: MatrixUser, bot: BotHarness, device: str) -> tuple[int, dict[str, Any]]:
    """Claim one-time keys until the fallback key comes back: (one-time keys taken, it)."""
    for taken in range(MAX_CLAIMS):
        key = await claim(user, bot, device)
        if not key or key.get("fallback") is True:
            return taken, key
    raise AssertionError(f"still one-time keys after {MAX_CLAIMS} claims")


async def test_after_all_one_time_keys_are_claimed_the_fallback_key_opens_a_session(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced)
    alice, mallory = await people("alice"), await people("mallory")
    dm = await encrypted_dm(alice, bot)  # alice has no Olm session with the bot yet
    assert bot.app is not None
    device = str(bot.app.client.nio.device_id)
    await bot.stop()  # nothing tops the keys up while they are drained

    taken, fallback = await drain(mallory, bot, device)
    assert taken > 0
    assert fallback.get("fallback") is True and fallback.get("key"), fallback
    sent = await alice.send(dm, "!commandes")  # alice's client can only claim the fallback key
    assert (await claim(mallory, bot, device)).get("key") == fallback[
        "key"
    ]  # still no one-time key

    await bot.start()
    reply = await alice.wait_for(lambda e: e.in_reply_to == sent, 30, what="the answer")
    assert "inscription" in reply.body
    # Stocked again from the next /sync: one-time keys, and a new fallback key for the used one.
    await bot.stop()
    taken_again, new_fallback = await drain(mallory, bot, device)
    assert taken_again > 0
    assert new_fallback.get("fallback") is True
    assert new_fallback.get("key") not in (None, fallback["key"])
    await bot.start()
    assert "inscription" in (await alice.ask(dm, "!commandes", timeout=20)).body
