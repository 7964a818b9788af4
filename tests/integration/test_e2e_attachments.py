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

from bot.cli.fiches import export_fiches, import_fiches
from bot.homeserver.local_synapse import LocalSynapse
from bot.matrix.crypto import ENCRYPTION_STATE
from bot.web.site import WebSite
from storage.models import Fiche
from storage.repositories.fiches import FicheImportError
from tests.support import MatrixUser
from tests.support.bot import small_layout
from tests.support.e2e import encrypted_dm, on_server, raw_event
from tests.support.web import client_for, log_in

pytestmark = pytest.mark.integration


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


async def test_an_encrypted_attachment_is_only_named_in_a_clear_room(
    bot_factory, synapse: LocalSynapse, people: Any, matrix_user: Any
):
    """On a homeserver that does not force encryption: the file's key never goes into a clear
    DM; the member is told to ask in an encrypted room."""
    bot = await bot_factory()
    alice = await people("alice", synapse)
    alice_dm = await alice.create_dm(bot.user_id)
    await alice.client.room_put_state(alice_dm, "m.room.encryption", ENCRYPTION_STATE)
    await alice.wait_for(lambda e: e.room_id == alice_dm and e.type == "m.room.encryption", 20)
    reply = await alice.ask(alice_dm, "!inscription nord travailleurs-sociaux", timeout=20)
    assert "Bassin Nord" in reply.body
    await alice.ask(alice_dm, "!fiche nouvelle\nTitre: Garage solidaire\nContexte: pannes", 20)
    file_event = await send_encrypted_file(alice, alice_dm, os.urandom(500), "plan.pdf")
    mark = alice.mark()
    command = await alice.send(alice_dm, "!fiche joindre #1", reply_to=file_event)
    await alice.wait_for(
        lambda e: e.in_reply_to == command and "plan.pdf" in e.body, 20, after=mark
    )

    bob = await matrix_user("bob")  # a client without encryption, in a clear DM
    bob_dm = await bob.create_dm(bot.user_id)
    await bob.ask(bob_dm, "!inscription nord travailleurs-sociaux")
    shown = await bob.ask(bob_dm, "!fiche #1")
    assert "plan.pdf" in shown.body and "salon chiffré" in shown.body, shown.body
    await bob.ask(bob_dm, "!commandes")  # later than any file the bot would have sent
    assert not [e for e in bob.messages(bob_dm) if e.msgtype == "m.file" or "file" in e.content]
    stored = await bot.app.fiches.get(1) if bot.app is not None else None
    assert stored is not None and stored.attachments[0]["file"]["key"]["k"] not in str(
        [e.source for e in bob.events]
    )


async def test_the_web_site_serves_an_encrypted_attachment_decrypted_to_members_only(
    bot_factory, forced: LocalSynapse, people: Any, caplog: pytest.LogCaptureFixture
):
    """Fiches are public on this site, but a file from an encrypted room is not: an anonymous
    visitor gets the sign-in page, a member the original bytes (hash checked), never cached."""
    caplog.set_level(logging.DEBUG)
    layout = small_layout(f"pub{os.getpid()}-", policy={"web_public": True})
    bot = await bot_factory(homeserver=forced, layout=layout)
    assert bot.app is not None
    alice = await people("alice")
    dm = await encrypted_dm(alice, bot)
    await alice.ask(dm, "!inscription nord travailleurs-sociaux", timeout=20)
    await alice.ask(dm, "!fiche nouvelle\nTitre: Garage solidaire\nContexte: pannes", 20)
    original, name = b"%PDF-1.4 " + os.urandom(3000), "plan d'accès.pdf"
    file_event = await send_encrypted_file(alice, dm, original, name)
    mark = alice.mark()
    command = await alice.send(dm, "!fiche joindre #1", reply_to=file_event)
    await alice.wait_for(lambda e: e.in_reply_to == command and name in e.body, 20, after=mark)
    stored = await bot.app.fiches.get(1)
    assert stored is not None
    secret = stored.attachments[0]["file"]

    site = WebSite.of_bot(bot.app)
    client = await client_for(site)
    try:
        anonymous = await client.get("/fiches/1/pieces/1")
        assert anonymous.status == 401 and original[9:] not in await anonymous.read()
        listed = await (await client.get("/fiches/1")).text()
        assert "Garage solidaire" in listed and "/fiches/1/pieces/1" not in listed

        assert await log_in(client, await site.access.create_link(alice.user_id)) == 303
        page = await (await client.get("/fiches/1")).text()
        assert 'href="/fiches/1/pieces/1"' in page and secret["key"]["k"] not in page
        served = await client.get("/fiches/1/pieces/1")
        assert served.status == 200 and await served.read() == original
        assert served.headers["Content-Type"] == "application/pdf"
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        assert served.headers["Content-Disposition"] == disposition
        assert served.headers["Cache-Control"] == "private, no-store"
        assert secret["key"]["k"] not in str(served.headers)

        # Exported with the keys and imported again (a move), the file still opens; without
        # the keys the import refuses it rather than keep a file nobody can read.
        with_keys, without = io.StringIO(), io.StringIO()
        await export_fiches(bot.app.database, with_keys, fmt="jsonl", with_keys=True)
        await export_fiches(bot.app.database, without, fmt="jsonl")
        with pytest.raises(FicheImportError):
            await import_fiches(bot.app.database, without.getvalue().splitlines())
        assert await import_fiches(bot.app.database, with_keys.getvalue().splitlines()) == [2]
        moved = await client.get("/fiches/2/pieces/1")
        assert moved.status == 200 and await moved.read() == original

        # What the homeserver returns is not what was attached (another hash): nothing served.
        other = {**secret, "hashes": {"sha256": secret["hashes"]["sha256"][::-1]}}
        async with bot.app.database.transaction() as session:
            fiche = await session.get(Fiche, 1)
            assert fiche is not None
            fiche.attachments = [{**stored.attachments[0], "file": other}]
        refused = await client.get("/fiches/1/pieces/1")
        assert refused.status == 502 and original[9:] not in await refused.read()
    finally:
        await client.close()
    assert secret["key"]["k"] not in caplog.text
