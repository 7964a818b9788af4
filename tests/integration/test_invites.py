"""Who may bring the bot into a room: a stranger's flood of invites, a moderator's room, a DM
left by its user. Against the real Synapse and the real bot process."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import stat
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from nio import RoomKickResponse, RoomPreset

from bot.homeserver.local_synapse import LocalSynapse
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot_process import BotProcess

pytestmark = pytest.mark.integration


def bot_membership(user: MatrixUser, bot_id: str, room_id: str) -> str | None:
    """The bot's latest membership in ``room_id`` as ``user`` saw it."""
    memberships = [
        e.membership
        for e in user.events
        if e.room_id == room_id and e.membership is not None and e.state_key == bot_id
    ]
    return memberships[-1] if memberships else None


async def wait_decided(user: MatrixUser, bot_id: str, rooms: list[str], within: float = 60) -> None:
    """Until the bot joined or declined each of ``rooms``."""
    deadline = time.monotonic() + within
    while any(bot_membership(user, bot_id, r) not in ("join", "leave") for r in rooms):
        if time.monotonic() > deadline:
            states = [bot_membership(user, bot_id, r) for r in rooms]
            raise AssertionError(f"the bot neither joined nor declined: {states}")
        await asyncio.sleep(0.25)


async def joined_members(admin: MatrixUser, room_id: str) -> list[str]:
    path = f"/_synapse/admin/v1/rooms/{quote(room_id, safe='')}/members"
    headers = {"Authorization": f"Bearer {admin.client.access_token}"}
    response = await admin.client.send("GET", path, None, headers)
    assert response.status == 200, await response.text()
    return list((await response.json())["members"])


def recorded_dm(bot: BotProcess, user_id: str) -> str | None:
    """The DM the bot would use for ``user_id``, read from its database."""
    with sqlite3.connect(bot.directory / "data" / "tisserand.db") as connection:
        row = connection.execute(
            "SELECT room_id FROM direct_room WHERE user_id = ?", (user_id,)
        ).fetchone()
    return None if row is None else str(row[0])


async def until(condition, what: str, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while not await condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.25)


async def test_a_stranger_cannot_pull_the_bot_into_rooms(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    admin = await matrix_user("invadmin", admin=True)
    bot = BotProcess(
        synapse, tmp_path / "bot", extra_env={"TISSERAND_ADMINS": json.dumps([admin.user_id])}
    )
    await bot.start(ready="first start")
    try:
        stranger = await matrix_user("stranger")
        # 20 rooms: 10 named, 10 unnamed ones that hold only the stranger and the bot.
        rooms = [
            await stranger.create_room(name=f"Salon {i}" if i % 2 else None, invite=[bot.user_id])
            for i in range(20)
        ]
        await wait_decided(stranger, bot.user_id, rooms)
        joined = [r for r in rooms if bot_membership(stranger, bot.user_id, r) == "join"]
        print(f"20 group invites from a stranger: {len(joined)} joined")
        assert joined == []

        # Direct chats from a user of the bot's own homeserver are accepted, a few at a time.
        dms = [
            await stranger.create_room(
                invite=[bot.user_id], is_direct=True, preset=RoomPreset.trusted_private_chat
            )
            for _ in range(6)
        ]
        await wait_decided(stranger, bot.user_id, dms)
        accepted = [r for r in dms if bot_membership(stranger, bot.user_id, r) == "join"]
        assert len(accepted) == 3

        # A direct chat from an allowed user still works; a moderator's (admin's) room is joined.
        alice = await matrix_user("invalice")
        dm = await alice.create_dm(bot.user_id, timeout=30)
        assert "inscription" in (await alice.ask(dm, "!commandes", timeout=30)).body
        team = await admin.create_room(name="Équipe", invite=[bot.user_id])
        await wait_decided(admin, bot.user_id, [team])
        assert bot_membership(admin, bot.user_id, team) == "join"
        assert "inscription" in (await admin.ask(team, "!commandes", timeout=30)).body
        await asyncio.sleep(1)
        assert not [e for e in stranger.messages() if e.sender == bot.user_id]

        # Alice leaves her DM: the bot leaves it too and forgets it; a new DM from her works.
        assert recorded_dm(bot, alice.user_id) == dm
        await alice.client.room_leave(dm)

        async def bot_left() -> bool:
            return bot.user_id not in await joined_members(admin, dm)

        await until(bot_left, "the bot stayed in a DM its user left")
        assert recorded_dm(bot, alice.user_id) is None
        again = await alice.create_dm(bot.user_id, timeout=30)
        assert "inscription" in (await alice.ask(again, "!commandes", timeout=30)).body
        assert recorded_dm(bot, alice.user_id) == again

        # Bob removes the bot from his DM (one where it has no power, or he could not kick it):
        # the bot no longer uses it.
        bob = await matrix_user("invbob")
        bobs = await bob.create_room(invite=[bot.user_id], is_direct=True)
        await wait_decided(bob, bot.user_id, [bobs])
        assert "inscription" in (await bob.ask(bobs, "!commandes", timeout=30)).body
        assert recorded_dm(bot, bob.user_id) == bobs
        kicked = await bob.client.room_kick(bobs, bot.user_id)
        assert isinstance(kicked, RoomKickResponse), kicked

        async def forgotten() -> bool:
            return recorded_dm(bot, bob.user_id) is None

        await until(forgotten, "the bot kept a DM it was removed from")
        assert "Traceback" not in bot.log_text()
        # The data directory holds the access token: the bot's user only.
        data = bot.directory / "data"
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        modes = {f: stat.S_IMODE(f.stat().st_mode) for f in data.iterdir()}
        assert {mode for f, mode in modes.items() if f.is_file()} == {0o600}
        assert {mode for f, mode in modes.items() if f.is_dir()} <= {0o700}  # the crypto store
    finally:
        await bot.stop()
