"""Incoming Matrix events, validated once: handlers never touch raw, possibly hostile, dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.repositories.journal import JournalEvent

HANDLED_TYPES = ("m.room.message", "m.reaction", "m.room.encrypted")


@dataclass(frozen=True)
class IncomingEvent:
    event_id: str
    room_id: str
    sender: str
    type: str
    origin_server_ts: int
    content: dict[str, Any] = field(repr=False)

    @classmethod
    def from_raw(cls, room_id: str, raw: Any) -> IncomingEvent | None:
        """Build from a raw event dict, or ``None`` when it is malformed in any way."""
        if not isinstance(raw, dict):
            return None
        event_id, sender, etype = raw.get("event_id"), raw.get("sender"), raw.get("type")
        content, ts = raw.get("content"), raw.get("origin_server_ts", 0)
        if not (isinstance(event_id, str) and isinstance(sender, str) and isinstance(etype, str)):
            return None
        if not (event_id and etype and sender.startswith("@") and ":" in sender):
            return None
        if not isinstance(content, dict) or not isinstance(ts, int) or isinstance(ts, bool):
            return None
        return cls(event_id, room_id, sender, etype, ts, content)

    def to_journal(self) -> JournalEvent:
        return JournalEvent(
            self.event_id,
            self.room_id,
            self.sender,
            self.type,
            self.origin_server_ts,
        )

    @property
    def relates_to(self) -> dict[str, Any]:
        value = self.content.get("m.relates_to")
        return value if isinstance(value, dict) else {}

    @property
    def is_text(self) -> bool:
        return (
            self.type == "m.room.message"
            and self.content.get("msgtype") in ("m.text", "m.notice", "m.emote")
            and isinstance(self.content.get("body"), str)
            and self.relates_to.get("rel_type") != "m.replace"
        )

    @property
    def is_notice(self) -> bool:
        return self.content.get("msgtype") == "m.notice"

    @property
    def body(self) -> str:
        body = self.content.get("body")
        return body if isinstance(body, str) else ""

    @property
    def command_text(self) -> str:
        """The body without the quoted fallback a reply carries (lines starting with '> ')."""
        text = self.body
        if self.in_reply_to is not None and text.startswith("> "):
            lines = text.split("\n")
            while lines and lines[0].startswith(">"):
                lines.pop(0)
            while lines and not lines[0].strip():
                lines.pop(0)
            text = "\n".join(lines)
        return text.strip()

    @property
    def thread_root(self) -> str | None:
        if self.relates_to.get("rel_type") == "m.thread":
            root = self.relates_to.get("event_id")
            return root if isinstance(root, str) else None
        return None

    @property
    def in_reply_to(self) -> str | None:
        reply = self.relates_to.get("m.in_reply_to")
        if isinstance(reply, dict) and isinstance(reply.get("event_id"), str):
            return reply["event_id"]
        return None

    @property
    def reaction(self) -> tuple[str, str] | None:
        """(target event id, key) for an ``m.reaction`` annotation."""
        if self.type != "m.reaction" or self.relates_to.get("rel_type") != "m.annotation":
            return None
        target, key = self.relates_to.get("event_id"), self.relates_to.get("key")
        if isinstance(target, str) and isinstance(key, str):
            return target, key
        return None

    @property
    def attachment(self) -> Attachment | None:
        """The file of a file, image, audio or video message: clear (``url``) or encrypted
        (``file``, whose key material is a secret)."""
        msgtype = self.content.get("msgtype")
        if msgtype not in ("m.file", "m.image", "m.audio", "m.video"):
            return None
        encrypted = self.content.get("file")
        if isinstance(encrypted, dict):
            url = encrypted.get("url")
            if not _encrypted_file(encrypted):
                return None
        else:
            url, encrypted = self.content.get("url"), None
        if not isinstance(url, str) or not url.startswith("mxc://"):
            return None
        info = as_dict(self.content.get("info"))
        kept = {k: info[k] for k in ("mimetype", "size") if isinstance(info.get(k), str | int)}
        return Attachment(url, self.body or "fichier", str(msgtype), encrypted, kept)


@dataclass(frozen=True)
class Attachment:
    url: str
    name: str
    msgtype: str
    # The ``file`` object of an encrypted file (key, iv, hashes): never logged.
    encrypted: dict[str, Any] | None = field(default=None, repr=False)
    info: dict[str, Any] = field(default_factory=dict)  # mimetype and size, when given


def _encrypted_file(file: dict[str, Any]) -> bool:
    """Whether ``file`` has what decrypting needs (AES-CTR JWK key, iv, SHA-256 hash)."""
    key, hashes = as_dict(file.get("key")), as_dict(file.get("hashes"))
    return (
        isinstance(key.get("k"), str)
        and isinstance(file.get("iv"), str)
        and isinstance(hashes.get("sha256"), str)
    )


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
