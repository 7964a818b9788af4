"""Files attached to fiches in encrypted rooms (issue 13, item 5): encrypted attachments.

The homeserver only ever holds ciphertext; the key travels inside Megolm-encrypted events, is
kept with the fiche, and a member who asks for the fiche in an encrypted room receives the file
and decrypts it to the original bytes.
"""

from __future__ import annotations

import io
import logging
import os
from typing import Any
from urllib.parse import quote

import pytest
from nio import UploadResponse
from nio.crypto.attachments import decrypt_attachment

from bot.homeserver.local_synapse import LocalSynapse
from tests.integration.test_e2e import encrypted_dm, forced, on_server, people, raw_event
from tests.support import MatrixUser

pytestmark = pytest.mark.integration
__all__ = ["forced", "people"]  # the fixtures, shared with test_e2e.py


async def download(user: MatrixUser, mxc: str) -> bytes:
    """The stored bytes of ``mxc://server/id`` (authenticated media API)."""
    server, media_id = mxc.removeprefix("mxc://").split("/", 1)
    path = f"/_matrix/client/v1/media/download/{quote(server)}/{quote(media_id)}"
    headers = {"Authorization": f"Bearer {user.client.access_token}"}
    response = await user.client.send("GET", path, None, headers)
    async with response:
        assert response.status == 200, response.status
        return await response.read()


async def send_encrypted_file(user: MatrixUser, room_id: str, data: bytes, name: str) -> str:
    """What Element does for a file in an encrypted room: encrypt, upload, send ``file``."""
    upload, keys = await user.client.upload(
        io.BytesIO(data),
        content_type="application/pdf",
        filename=name,
        encrypt=True,
        filesize=len(data),
    )
    assert isinstance(upload, UploadResponse) and keys is not None
    content = {
        "msgtype": "m.file",
        "body": name,
        "info": {"mimetype": "application/pdf", "size": len(data)},
        "file": {**keys, "url": upload.content_uri},
    }
    return await user.send_event(room_id, "m.room.message", content)


async def test_a_fiche_attachment_from_an_encrypted_room_is_served_encrypted(
    bot_factory, forced: LocalSynapse, people: Any, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    bot = await bot_factory(homeserver=forced)
    alice, bob = await people("alice"), await people("bob")
    alice_dm, bob_dm = await encrypted_dm(alice, bot), await encrypted_dm(bob, bot)
    for user, dm in ((alice, alice_dm), (bob, bob_dm)):
        reply = await user.ask(dm, "!inscription nord travailleurs-sociaux", timeout=20)
        assert "Bassin Nord" in reply.body
    created = await alice.ask(
        alice_dm, "!fiche nouvelle\nTitre: Garage solidaire\nContexte: voitures en panne", 20
    )
    assert "Fiche #1" in created.body, created.body

    original = b"%PDF-1.4 " + os.urandom(3000)
    file_event = await send_encrypted_file(alice, alice_dm, original, "plan.pdf")
    mark = alice.mark()
    command = await alice.send(alice_dm, "!fiche joindre #1", reply_to=file_event)
    attached = await alice.wait_for(
        lambda e: e.is_message and e.in_reply_to == command, 20, after=mark, what="attach reply"
    )
    assert "plan.pdf" in attached.body and "#1" in attached.body, attached.body

    await bot.restart()  # what serves the file again is kept with the fiche, not in memory
    mark = bob.mark()
    shown = await bob.ask(bob_dm, "!fiche #1", timeout=20)
    assert "plan.pdf" in shown.body and "chiffré" in shown.body, shown.body
    sent = await bob.wait_for(
        lambda e: e.room_id == bob_dm and e.sender == bot.user_id and e.msgtype == "m.file",
        20,
        after=mark,
        what="the attachment",
    )
    encrypted = sent.content["file"]
    assert "url" not in sent.content and sent.content["body"] == "plan.pdf"
    ciphertext = await download(bob, encrypted["url"])
    assert ciphertext != original and original[9:40] not in ciphertext
    plain = decrypt_attachment(
        ciphertext, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"]
    )
    assert plain == original
    # The key never sits in clear on the homeserver, nor in the bot's logs.
    assert await on_server(bob, bob_dm, sent.event_id) == "m.room.encrypted"
    assert encrypted["key"]["k"] not in str(await raw_event(bob, bob_dm, sent.event_id))
    assert encrypted["key"]["k"] not in caplog.text
