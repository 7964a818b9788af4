"""End-to-end encryption on a Synapse that encrypts every new room (issue 13).

The human side is nio with its own key store, as Element would be: it only ever sees what it
can decrypt, so an answer read here proves the bot decrypted the command and encrypted its reply.
The homeserver and the people are the fixtures of ``tests/integration/conftest.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from typing import Any
from urllib.parse import quote

import pytest
from nio.events import RoomKeyRequest
from vodozemac import Ed25519PublicKey, Ed25519Signature, SignatureException

from bot.homeserver.local_synapse import LocalSynapse
from bot.matrix.client import MatrixClient
from bot.matrix.cross_signing import canonical_json
from bot.matrix.crypto import device_has_keys
from storage.database import Database
from storage.repositories.journal import JournalEvent, JournalRepository
from tests.support import MatrixUser
from tests.support.bot import BotHarness, small_layout
from tests.support.e2e import encrypted_dm, numbers, on_server, raw_event

pytestmark = pytest.mark.integration


async def test_commands_in_an_encrypted_dm(bot_factory, forced: LocalSynapse, people: Any):
    bot = await bot_factory(homeserver=forced)
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)

    reply = await alice.ask(dm, "!commandes", timeout=20)
    assert "inscription" in reply.body
    assert await on_server(alice, dm, reply.event_id) == "m.room.encrypted"


async def test_inscription_and_help_request_in_encrypted_rooms(
    bot_factory, forced: LocalSynapse, people: Any, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    bot = await bot_factory(homeserver=forced)
    assert bot.app is not None
    alice, bob = await people("alice"), await people("bob")
    alice_dm, bob_dm = await encrypted_dm(alice, bot), await encrypted_dm(bob, bot)
    for user, dm in ((alice, alice_dm), (bob, bob_dm)):
        reply = await user.ask(dm, "!inscription nord travailleurs-sociaux", timeout=20)
        assert "Bassin Nord" in reply.body
    room = await bot.app.rooms.by_key("room:nord:travailleurs-sociaux")
    assert room is not None
    for user in (alice, bob):
        await user.wait_for(
            lambda e: e.room_id == room.room_id and e.membership == "invite", what="invite"
        )
        await user.join(room.room_id)

    preview = await alice.ask(alice_dm, "!aide Mme Claire Dubois cherche un logement à Namur.")
    assert "Claire" not in preview.body and "Namur" in preview.body
    sent = await alice.ask(alice_dm, "!envoyer", timeout=20)
    assert "Demande #1" in sent.body
    post = await bob.wait_for(
        lambda e: e.room_id == room.room_id and "Demande #1" in e.body, 20, what="the post"
    )
    assert await on_server(bob, room.room_id, post.event_id) == "m.room.encrypted"
    assert await on_server(alice, alice_dm, sent.event_id) == "m.room.encrypted"

    # A request typed in the (encrypted) room is taken out: the redaction cannot be encrypted
    # (the homeserver must read it), so it carries no reason.
    typed = await alice.send(room.room_id, "!aide Mme Sophie Lambert cherche un logement.")
    await alice.wait_for(lambda e: e.in_reply_to == typed, 20, what="the move to the DM")
    redacted = await raw_event(bob, room.room_id, typed)  # redacted before the bot replies
    because = redacted["unsigned"]["redacted_because"]
    assert redacted["content"] == {} and "reason" not in because["content"]

    # The decrypted raw text is neither logged nor written anywhere in the data directory
    # (database, crypto store, cross-signing file).
    await bot.stop()
    assert "Dubois" not in caplog.text
    for path in bot.directory.rglob("*"):
        if path.is_file():
            assert b"Dubois" not in path.read_bytes(), path


async def test_commands_sent_while_stopped_are_answered_once(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced)
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)
    await alice.ask(dm, "!commandes", timeout=20)

    await bot.stop()
    sent = [await alice.send(dm, f"!commandes inscription {i}") for i in range(2)]
    await bot.start()
    for event_id in sent:
        await alice.wait_for(lambda e, i=event_id: e.in_reply_to == i, 20, what="a reply")
    await alice.ask(dm, "!commandes")  # later than any duplicate of the answers above
    replies = [e for e in alice.messages(dm) if e.in_reply_to in sent]
    assert sorted(e.in_reply_to for e in replies) == sorted(sent)


async def test_a_pending_encrypted_command_is_decrypted_after_a_restart(
    bot_database: dict[str, str], bot_factory: Any, forced: LocalSynapse, people: Any
):
    """The batch was committed (event pending in the journal), then the bot died: on restart the
    event is fetched again, still encrypted, and decrypted with the room key kept on disk (a
    SQLite file in the data directory, whichever database the bot uses). ``bot_database``
    comes first so that its database is dropped only after the bot has stopped."""
    bot = await bot_factory(homeserver=forced, **bot_database)
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)
    await alice.ask(dm, "!commandes", timeout=20)
    await bot.stop()

    sent = await alice.send(dm, "!commandes inscription")
    database = Database(bot.settings().effective_database_url)
    try:
        journal = JournalRepository(database)
        token = await journal.next_batch()
        assert token is not None
        entry = JournalEvent(sent, dm, alice.user_id, "m.room.encrypted", 0)
        assert await journal.record([entry], token)  # what a crash after the commit leaves
    finally:
        await database.close()
    await bot.start()
    await alice.wait_for(lambda e: e.in_reply_to == sent, 20, what="the answer")
    await alice.ask(dm, "!commandes")  # later than any duplicate
    assert len([e for e in alice.messages(dm) if e.in_reply_to == sent]) == 1


async def test_a_late_room_key_is_requested_and_awaited(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced)
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)
    await alice.ask(dm, "!commandes", timeout=20)

    # A message under a new room key that Alice's client sends the bot only once asked.
    olm = alice.client.olm
    assert olm is not None and bot.app is not None
    olm.create_outbound_group_session(dm)
    session = olm.outbound_group_sessions[dm]
    room_key = {
        "algorithm": "m.megolm.v1.aes-sha2",
        "room_id": dm,
        "session_id": session.id,
        "session_key": session.session_key,  # from index 0, taken before the message
    }
    session.shared = True
    content = olm.group_encrypt(
        dm, {"type": "m.room.message", "content": {"msgtype": "m.text", "body": "!commandes"}}
    )
    start = alice.mark()
    sent = await put_event(alice, dm, "m.room.encrypted", content)
    request = await wait_for_key_request(alice, session.id)
    assert request.sender == bot.user_id
    device = olm.device_store[bot.user_id][bot.app.client.nio.device_id]
    olm_session = olm.session_store.get(device.curve25519)
    payload = olm._olm_encrypt(olm_session, device, "m.room_key", room_key)
    await put_to_device(alice, "m.room.encrypted", {bot.user_id: {device.id: payload}})
    reply = await alice.wait_for(lambda e: e.in_reply_to == sent, 20, after=start, what="reply")
    assert "inscription" in reply.body


async def test_a_lost_bot_store_gives_a_new_device_and_the_user_is_told(
    bot_factory, forced: LocalSynapse, people: Any
):
    alice = await people("alice")
    bot = await bot_factory(homeserver=forced, key_wait_seconds=2, admins=[alice.user_id])
    assert bot.app is not None
    old_device = bot.app.client.nio.device_id
    dm = await encrypted_dm(alice, bot)
    await alice.ask(dm, "!commandes", timeout=20)
    await bot.stop()

    shutil.rmtree(bot.directory / "crypto")
    sent = await alice.send(dm, "!commandes")  # encrypted for the lost device only
    app = await bot.start()
    assert app.client.nio.device_id != old_device
    assert not await device_has_keys(app.client, old_device)  # the lost device was removed
    announced = await alice.wait_for(
        lambda e: e.room_id == dm and str(app.client.nio.device_id) in e.body, 20, what="news"
    )
    assert "nouvel appareil" in announced.body
    told = await alice.wait_for(lambda e: e.in_reply_to == sent, 30, what="the resend request")
    assert "renvoyer" in told.body
    # The new device is announced to Alice's client through the device lists: a new message
    # is encrypted for it too, and answered.
    again = await alice.ask(dm, "!commandes", timeout=30)
    assert "inscription" in again.body


async def put_event(user: MatrixUser, room_id: str, event_type: str, content: Any) -> str:
    path = (
        f"/_matrix/client/v3/rooms/{quote(room_id)}/send/{event_type}/"
        f"late-{next(numbers)}-{user.user_id}"
    )
    headers = {
        "Authorization": f"Bearer {user.client.access_token}",
        "Content-Type": "application/json",
    }
    response = await user.client.send("PUT", path, json.dumps(content), headers)
    async with response:
        return str((await response.json())["event_id"])


async def put_to_device(user: MatrixUser, event_type: str, messages: Any) -> None:
    path = f"/_matrix/client/v3/sendToDevice/{event_type}/late-{next(numbers)}"
    headers = {
        "Authorization": f"Bearer {user.client.access_token}",
        "Content-Type": "application/json",
    }
    response = await user.client.send("PUT", path, json.dumps({"messages": messages}), headers)
    async with response:
        assert response.status == 200


async def wait_for_key_request(user: MatrixUser, session_id: str, within: float = 20) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        for event in user.to_device:
            if isinstance(event, RoomKeyRequest) and event.session_id == session_id:
                return event
        await asyncio.sleep(0.2)  # polling what the user's sync loop collected
    raise AssertionError(f"no room key request for {session_id}")


async def test_the_device_is_signed_by_the_self_signing_key_signed_by_the_master_key(
    bot_factory, forced: LocalSynapse, people: Any
):
    bot = await bot_factory(homeserver=forced, cross_signing_secret="un secret de test")
    assert bot.app is not None
    await assert_cross_signed(bot, await people("alice"))
    first = bot.app.client.nio.device_id

    # A new device (lost store) is signed again, with the same kept keys.
    await bot.stop()
    shutil.rmtree(bot.directory / "crypto" / "devices", ignore_errors=True)
    for path in (bot.directory / "crypto").glob("*.db"):
        path.unlink()
    app = await bot.start()
    assert app.client.nio.device_id != first
    await assert_cross_signed(bot, await people("bob"))


async def assert_cross_signed(bot: BotHarness, user: MatrixUser) -> None:
    """Checked as another user's client does, through ``/keys/query``."""
    assert bot.app is not None
    device_id = bot.app.client.nio.device_id
    path = "/_matrix/client/v3/keys/query"
    headers = {
        "Authorization": f"Bearer {user.client.access_token}",
        "Content-Type": "application/json",
    }
    body = json.dumps({"device_keys": {bot.user_id: []}})
    response = await user.client.send("POST", path, body, headers)
    async with response:
        data = await response.json()
    master = data["master_keys"][bot.user_id]
    ssk = data["self_signing_keys"][bot.user_id]
    device = data["device_keys"][bot.user_id][device_id]
    ((master_id, master_key),) = master["keys"].items()
    ((ssk_id, ssk_key),) = ssk["keys"].items()
    assert verified(ssk, bot.user_id, master_id, master_key)
    assert verified(device, bot.user_id, ssk_id, ssk_key)


def verified(obj: dict[str, Any], user_id: str, key_id: str, key: str) -> bool:
    signature = obj.get("signatures", {}).get(user_id, {}).get(key_id)
    if signature is None:
        return False
    unsigned = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    try:
        Ed25519PublicKey.from_base64(key).verify_signature(
            canonical_json(unsigned), Ed25519Signature.from_base64(signature)
        )
    except SignatureException:
        return False
    return True


async def test_a_layout_asks_for_encrypted_community_rooms(
    bot_factory, synapse: LocalSynapse, people: Any
):
    """On a homeserver that does not force encryption, ``encrypted: true`` in the layout's
    network makes provisioning create the community rooms encrypted."""
    plain = small_layout(f"enc{next(numbers)}-")
    layout = plain.model_copy(
        update={"network": plain.network.model_copy(update={"encrypted": True})}
    )
    bot = await bot_factory(layout=layout)
    assert bot.app is not None
    room = await bot.app.rooms.by_key("room:nord:travailleurs-sociaux")
    space = await bot.app.rooms.by_key("space:nord")
    assert room is not None and space is not None
    state = await bot.app.client.get_state(room.room_id, "m.room.encryption")
    assert state == {"algorithm": "m.megolm.v1.aes-sha2"}
    assert await bot.app.client.get_state(space.room_id, "m.room.encryption") is None

    alice, bob = await people("alice", synapse), await people("bob", synapse)
    alice_dm = await alice.create_dm(bot.user_id)  # a clear DM: nothing forces encryption
    for user in (alice, bob):
        dm = alice_dm if user is alice else await user.create_dm(bot.user_id)
        await user.ask(dm, "!inscription nord travailleurs-sociaux", timeout=20)
        await user.wait_for(
            lambda e: e.room_id == room.room_id and e.membership == "invite", what="invite"
        )
        await user.join(room.room_id)
    await alice.ask(alice_dm, "!aide Une personne cherche un logement à Namur.")
    await alice.ask(alice_dm, "!envoyer", timeout=20)
    post = await bob.wait_for(
        lambda e: e.room_id == room.room_id and "Demande #1" in e.body, 20, what="the post"
    )
    assert await on_server(bob, room.room_id, post.event_id) == "m.room.encrypted"
    answer = alice.messages(alice_dm)[-1]
    assert await on_server(alice, alice_dm, answer.event_id) == "m.room.message"

    # Someone who joins after the room key was shared reads what is posted after they joined.
    carol = await people("carol", synapse)
    carol_dm = await carol.create_dm(bot.user_id)
    await carol.ask(carol_dm, "!inscription nord travailleurs-sociaux", timeout=20)
    await carol.wait_for(
        lambda e: e.room_id == room.room_id and e.membership == "invite", what="invite"
    )
    await carol.join(room.room_id)
    await alice.ask(alice_dm, "!aide Une personne cherche une formation de cariste.")
    await alice.ask(alice_dm, "!envoyer", timeout=20)
    second = await carol.wait_for(
        lambda e: e.room_id == room.room_id and "Demande #2" in e.body, 20, what="post #2"
    )
    assert "cariste" in second.body


async def test_a_bot_given_only_an_access_token_encrypts_too(
    bot_factory, forced: LocalSynapse, people: Any
):
    """The device comes with the token: the crypto store is opened for it."""
    bot = await bot_factory(homeserver=forced, start=False)
    await bot.register()
    login = MatrixClient(forced.url, bot.user_id)
    try:
        device_id, token = await login.login(bot.password)
    finally:
        await login.close()
    bot.overrides.update(password=None, access_token=token)
    app = await bot.start()
    assert app.client.nio.device_id == device_id
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)
    assert "inscription" in (await alice.ask(dm, "!commandes", timeout=20)).body
