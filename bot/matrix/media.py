"""Files: uploads to the media repository, and file messages, encrypted in encrypted rooms.

In an encrypted room a file is encrypted before it is uploaded (nio's attachment helpers,
AES-CTR with a fresh key) and its message carries a ``file`` object (address, key, iv, hashes)
instead of a clear ``url``: the key travels only inside the Megolm-encrypted event. That
``file`` object is a secret (whoever holds it reads the file): it is kept, never logged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from nio.crypto.attachments import encrypt_attachment

from bot.matrix.retry import MatrixError
from bot.matrix.sending import Sending

FILE_MSGTYPES = ("m.file", "m.image", "m.audio", "m.video")


class Media(Sending):
    """Uploading files and posting them."""

    async def upload(self, data: bytes, mimetype: str, filename: str) -> str:
        """Put a file in the homeserver's media repository; its ``mxc://`` address."""
        path = f"/_matrix/media/v3/upload?filename={quote(filename)}"
        headers = {"Authorization": f"Bearer {self.nio.access_token}", "Content-Type": mimetype}
        response = await self.nio.send("POST", path, data, headers)
        async with response:
            payload = await response.json(content_type=None)
        uri = payload.get("content_uri") if isinstance(payload, dict) else None
        if response.status != 200 or not isinstance(uri, str):
            raise MatrixError("upload", None, f"status {response.status}")
        return uri

    async def post_file(
        self,
        room_id: str,
        data: bytes,
        mimetype: str,
        filename: str,
        *,
        txn_id: str | None = None,
    ) -> str:
        """Upload ``data`` and post it in ``room_id``: encrypted when the room is."""
        if not await self.in_encrypted_room(room_id):
            uri = await self.upload(data, mimetype, filename)
            return await self.send_file(room_id, uri, filename, mimetype, len(data), txn_id=txn_id)
        ciphertext, keys = encrypt_attachment(data)
        uri = await self.upload(ciphertext, "application/octet-stream", filename)
        encrypted = {**keys, "url": uri, "mimetype": mimetype}
        return await self.send_file(
            room_id, uri, filename, mimetype, len(data), encrypted=encrypted, txn_id=txn_id
        )

    async def send_file(
        self,
        room_id: str,
        uri: str,
        filename: str,
        mimetype: str,
        size: int,
        *,
        msgtype: str = "m.file",
        encrypted: dict[str, Any] | None = None,
        txn_id: str | None = None,
    ) -> str:
        """Post a file already uploaded (``uri`` is its ``mxc://`` address); ``encrypted`` is
        the ``file`` object of an encrypted upload, sent only into an encrypted room."""
        content: dict[str, Any] = {
            "msgtype": msgtype,
            "body": filename,
            "filename": filename,
            "info": {"mimetype": mimetype, "size": size},
        }
        if encrypted is None:
            content["url"] = uri
        elif await self.in_encrypted_room(room_id):
            content["file"] = {**encrypted, "url": uri}
        else:
            # The key would sit in clear on the homeserver, beside the file it opens.
            raise MatrixError("send file", None, "an encrypted file's key goes to encrypted rooms")
        return await self.send(room_id, content, txn_id=txn_id)
