"""Sending events: idempotent by a transaction id fixed before the first attempt, encrypted in
encrypted rooms, with the thread fallbacks clients without threads need."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.matrix.crypto import ENCRYPTED
from bot.matrix.formatting import Message
from bot.matrix.retry import MatrixError
from bot.matrix.transport import Transport, new_transaction_id

# Threads whose latest event is kept in memory (the oldest forgotten first).
_THREADS_REMEMBERED = 10_000


class Sending(Transport):
    """Messages, reactions and redactions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._thread_latest: dict[str, str] = {}

    async def send(
        self,
        room_id: str,
        content: dict[str, Any],
        *,
        event_type: str = "m.room.message",
        txn_id: str | None = None,
    ) -> str:
        """Send an event; the transaction id is fixed before the first attempt."""
        txn = txn_id or new_transaction_id()
        if self.crypto is not None and await self.crypto.is_encrypted(room_id):
            # The same transaction id: a retried encrypted send is still deduplicated.
            content = await self.crypto.encrypt(room_id, event_type, content)
            event_type = ENCRYPTED
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/send/"
            f"{quote(event_type, safe='')}/{quote(txn, safe='')}"
        )
        data = await self.request("send", "PUT", path, content)
        event_id = data.get("event_id")
        if not isinstance(event_id, str):
            raise MatrixError("send", None, "no event id in the answer")
        return event_id

    async def send_message(
        self,
        room_id: str,
        message: Message,
        *,
        msgtype: str = "m.notice",
        reply_to: str | None = None,
        thread_root: str | None = None,
        mentions: Sequence[str] = (),
        txn_id: str | None = None,
    ) -> str:
        """A message, as a reply to ``reply_to`` and/or in the thread of ``thread_root``.

        ``mentions`` are the people the message is for (``m.mentions``: they get notified);
        callers name only people who are in the room. In a thread without a real reply, the
        fallback for clients without threads (``m.in_reply_to``) is the thread's latest event,
        as the spec asks, not its root."""
        content = message.content(msgtype)
        relates: dict[str, Any] = {}
        if thread_root is not None:
            target = reply_to or await self.latest_in_thread(room_id, thread_root)
            relates = {
                "rel_type": "m.thread",
                "event_id": thread_root,
                "is_falling_back": reply_to is None,
                "m.in_reply_to": {"event_id": target},
            }
        elif reply_to is not None:
            relates = {"m.in_reply_to": {"event_id": reply_to}}
        if relates:
            content["m.relates_to"] = relates
        content["m.mentions"] = {"user_ids": sorted(set(mentions))} if mentions else {}
        event_id = await self.send(room_id, content, txn_id=txn_id)
        if thread_root is not None:
            self.saw_in_thread(thread_root, event_id)
        return event_id

    def saw_in_thread(self, thread_root: str, event_id: str) -> None:
        """Remember the latest event of a thread (the sync loop calls it for what it sees)."""
        latest = self._thread_latest
        latest.pop(thread_root, None)
        latest[thread_root] = event_id
        if len(latest) > _THREADS_REMEMBERED:
            del latest[next(iter(latest))]

    async def latest_in_thread(self, room_id: str, thread_root: str) -> str:
        """The latest event of a thread: remembered from sync, else asked once to the
        homeserver (``/relations``, after a restart), else the root."""
        known = self._thread_latest.get(thread_root)
        if known is not None:
            return known
        path = (
            f"/_matrix/client/v1/rooms/{quote(room_id, safe='')}/relations/"
            f"{quote(thread_root, safe='')}/m.thread?limit=1&dir=b"
        )
        try:
            status, data = await self.api("GET", path)
        except (aiohttp.ClientError, TimeoutError, OSError):
            status, data = 0, {}
        chunk = data.get("chunk") if status == 200 else None
        found = chunk[0].get("event_id") if isinstance(chunk, list) and chunk else None
        latest = found if isinstance(found, str) else thread_root
        self.saw_in_thread(thread_root, latest)
        return latest

    async def react(
        self, room_id: str, event_id: str, key: str, *, txn_id: str | None = None
    ) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return await self.send(room_id, content, event_type="m.reaction", txn_id=txn_id)

    async def redact(
        self, room_id: str, event_id: str, reason: str | None = None, *, txn_id: str | None = None
    ) -> str:
        txn = txn_id or new_transaction_id()
        if reason is not None and await self.in_encrypted_room(room_id):
            # The homeserver must read a redaction to apply it, so it cannot be encrypted: in an
            # encrypted room its reason (a text about someone's message) is left out.
            reason = None
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/redact/"
            f"{quote(event_id, safe='')}/{quote(txn, safe='')}"
        )
        data = await self.request(
            "redact", "PUT", path, {} if reason is None else {"reason": reason}
        )
        return str(data.get("event_id", ""))
