"""The local homeserver the integration tests and ``tisserand demo`` rely on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from bot.homeserver.local_synapse import LocalSynapse, LocalSynapseError
from tests.support import MatrixUser, MatrixUserFactory, SynapseFactory

pytestmark = pytest.mark.integration


async def whoami_is_admin(synapse: LocalSynapse, user: MatrixUser) -> bool:
    """Ask the admin API about the user itself: only server admins may."""
    url = f"{synapse.url}/_synapse/admin/v2/users/{user.user_id}"
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        return response.status == 200


async def test_shared_homeserver_answers(synapse: LocalSynapse) -> None:
    assert await synapse.is_up()
    assert synapse.url == f"http://127.0.0.1:{synapse.port}"
    assert synapse.server_name == "localhost"


async def test_registration_by_shared_secret(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory
) -> None:
    admin = await matrix_user("admin", admin=True, displayname="Admin")
    plain = await matrix_user("plain")

    assert admin.user_id.endswith(":localhost")
    assert await whoami_is_admin(synapse, admin)
    assert not await whoami_is_admin(synapse, plain)
    profile = await admin.client.get_displayname(admin.user_id)
    assert getattr(profile, "displayname", None) == "Admin"


async def test_registering_twice_returns_the_same_account(synapse: LocalSynapse) -> None:
    first = await synapse.register("twice", "secret-one")
    second = await synapse.register("twice", "another-password")
    assert first == second == "@twice:localhost"


async def test_rooms_use_the_configured_room_version(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory
) -> None:
    alice = await matrix_user("alice")
    room_id = await alice.create_room(name="version")
    create = await alice.wait_for(
        lambda e: e.room_id == room_id and e.type == "m.room.create", what="the create event"
    )
    assert create.content.get("room_version") == synapse.room_version == "10"


async def test_two_people_talk_and_ask_gets_the_reply(matrix_user: MatrixUserFactory) -> None:
    alice = await matrix_user("alice")
    bob = await matrix_user("bob")
    room_id = await alice.create_room(name="chat", invite=[bob.user_id])
    assert await bob.wait_for_invite(sender=alice.user_id) == room_id
    assert await bob.accept_invites() == [room_id]
    await alice.wait_for(lambda e: e.state_key == bob.user_id and e.membership == "join")

    async def bob_answers() -> None:
        question = await bob.wait_for(
            lambda e: e.is_message and e.body == "ping ?", what="the question"
        )
        await bob.send(room_id, "unrelated chatter")
        await bob.send(room_id, "pong !", reply_to=question.event_id)

    answering = asyncio.create_task(bob_answers())
    reply = await alice.ask(room_id, "ping ?")
    await answering

    assert reply.sender == bob.user_id
    assert reply.body == "pong !"
    assert [m.body for m in alice.messages(room_id)] == ["ping ?", "unrelated chatter", "pong !"]
    await alice.react(room_id, reply.event_id, "👍")
    reaction = await bob.wait_for(lambda e: e.reacts_to == reply.event_id)
    assert reaction.reaction_key == "👍"
    assert room_id in await bob.joined_rooms()


async def test_thread_messages_carry_their_root(matrix_user: MatrixUserFactory) -> None:
    alice = await matrix_user("alice")
    room_id = await alice.create_room(name="threads")
    root = await alice.send(room_id, "root")
    answer = await alice.send(room_id, "in thread", thread_root=root)
    event = await alice.wait_for(lambda e: e.event_id == answer)
    assert event.thread_root == root
    assert event.in_reply_to == root


async def test_create_dm_waits_for_the_other_side(matrix_user: MatrixUserFactory) -> None:
    alice = await matrix_user("alice")
    bob = await matrix_user("bob")

    async def bob_accepts() -> str:
        room_id = await bob.wait_for_invite(sender=alice.user_id)
        await bob.accept_invites()
        return room_id

    accepting = asyncio.create_task(bob_accepts())
    room_id = await alice.create_dm(bob.user_id)
    assert await accepting == room_id
    invite = next(e for e in bob.events if e.room_id == room_id and e.membership == "invite")
    assert invite.content.get("is_direct") is True


async def test_ask_without_answer_fails_with_what_was_received(
    matrix_user: MatrixUserFactory,
) -> None:
    alice = await matrix_user("alice")
    room_id = await alice.create_room(name="silence")
    with pytest.raises(AssertionError, match=r"waited 0\.5 s for a reply.*'anyone \?'"):
        await alice.ask(room_id, "anyone ?", timeout=0.5)


async def test_stop_and_start_keep_accounts_rooms_and_port(
    synapse_factory: SynapseFactory, matrix_user: MatrixUserFactory
) -> None:
    homeserver = await synapse_factory()
    alice = await matrix_user("alice", homeserver=homeserver)
    room_id = await alice.create_room(name="durable")
    sent = await alice.send(room_id, "before the outage")
    port = homeserver.port

    async with homeserver.outage():
        assert not await homeserver.is_up()
        await asyncio.sleep(0.5)

    assert homeserver.port == port
    assert await homeserver.is_up()
    assert await homeserver.register("alice-again", "pw") == "@alice-again:localhost"
    # The existing client (and its access token) carries on after the restart.
    after = await alice.send(room_id, "after the outage")
    await alice.wait_for(lambda e: e.event_id == after)
    assert room_id in await alice.joined_rooms()
    assert sent in [m.event_id for m in alice.messages(room_id)]

    await homeserver.restart()
    assert room_id in await alice.joined_rooms()


async def test_existing_directory_is_reused(tmp_path: Path) -> None:
    pytest.importorskip("synapse")
    first = LocalSynapse(tmp_path / "hs")
    second = LocalSynapse(tmp_path / "hs")
    assert second.port == first.port
    with pytest.raises(LocalSynapseError, match="cannot change server name"):
        LocalSynapse(tmp_path / "hs", server_name="elsewhere.test")

    async with LocalSynapse.for_demo(tmp_path / "hs") as demo:
        assert demo.port == first.port
        assert await demo.is_up()
    assert not await demo.is_up()


async def test_default_rate_limits_apply_when_asked(synapse_factory: SynapseFactory) -> None:
    homeserver = await synapse_factory(default_rate_limits=True)
    config = (homeserver.directory / "homeserver.yaml").read_text(encoding="utf-8")
    assert "rc_message" not in config
    assert await homeserver.is_up()
