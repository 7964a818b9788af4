"""How a fiche's attached files go into an export and come back from an import.

A file attached in an encrypted room is ciphertext on the homeserver: its ``file`` object (key,
iv, hashes) is the only way to read it. An export carries that object only when asked
(``with_keys``), and such an export is then a secret file. Otherwise the attachment is flagged
``"encrypted": true``, without its key, and an import refuses it: a fiche pointing at bytes
nobody can open would look whole and serve nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from storage.database import Database
from storage.models import Fiche

MSGTYPES = ("m.file", "m.image", "m.audio", "m.video")
MISSING_KEY = (
    "attachment {n} is encrypted but its key was not exported "
    "(export with --with-keys, or remove the attachment)"
)


def is_encrypted(item: Mapping[str, Any]) -> bool:
    return isinstance(item.get("file"), Mapping)


async def encrypted_count(database: Database) -> int:
    """Files attached from encrypted rooms: an export without their keys cannot open them."""
    async with database.sessions() as session:
        rows = await session.scalars(sa.select(Fiche.attachments))
        return sum(is_encrypted(item) for items in rows for item in items or [])


def exported(item: Mapping[str, Any], *, with_keys: bool) -> dict[str, Any]:
    """An attachment as an export line holds it; the key only ``with_keys``."""
    record: dict[str, Any] = {"url": item.get("url"), "name": item.get("name")}
    if item.get("msgtype", "m.file") != "m.file":
        record["msgtype"] = item["msgtype"]
    if is_encrypted(item):
        record["encrypted"] = True
        if with_keys:
            record.update(file=dict(item["file"]), info=dict(item.get("info") or {}))
    return record


def markdown_line(item: Mapping[str, Any]) -> str:
    """A Markdown list item: a link for a clear file; an encrypted file's address alone opens
    nothing, so it is only named."""
    name = item.get("name", "fichier")
    if is_encrypted(item):
        return f"- {name} (fichier chiffré)"
    return f"- [{name}]({item.get('url', '')})"


def imported(position: int, raw: Mapping[str, Any]) -> dict[str, Any]:
    """An attachment of an import line, as the fiche keeps it. Raises `ValueError` (with the
    reason) for an encrypted attachment without its key or with a malformed ``file`` object."""
    msgtype = raw.get("msgtype", "m.file")
    item: dict[str, Any] = {
        "url": raw["url"],
        "name": str(raw.get("name") or "fichier")[:255],
        "msgtype": msgtype if msgtype in MSGTYPES else "m.file",
    }
    secret = raw.get("file")
    if secret is None:
        if raw.get("encrypted"):
            raise ValueError(MISSING_KEY.format(n=position))
        return item
    if not _well_formed(secret, raw["url"]):
        raise ValueError(f"attachment {position}: 'file' must hold url, key.k, iv, hashes.sha256")
    info = raw.get("info")
    item.update(file=dict(secret), info=dict(info) if isinstance(info, Mapping) else {})
    return item


def _well_formed(secret: Any, url: str) -> bool:
    """The fields decryption needs, and the same address as the attachment's."""
    if not isinstance(secret, Mapping) or secret.get("url") != url:
        return False
    key, hashes = secret.get("key"), secret.get("hashes")
    return (
        isinstance(key, Mapping)
        and isinstance(key.get("k"), str)
        and isinstance(secret.get("iv"), str)
        and isinstance(hashes, Mapping)
        and isinstance(hashes.get("sha256"), str)
    )
