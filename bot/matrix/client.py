"""The one wrapper around matrix-nio: every request the bot makes to its homeserver goes here.

Why a wrapper: sends must be idempotent (a transaction id chosen *before* the first attempt, so a
retry after a lost response never posts twice); every request follows one retry policy
(`bot.matrix.retry.RetryPolicy`; nio's own retries are switched off); a room creation whose
answer was lost is looked up before it is tried again, so it never leaves two rooms. Handlers
never see nio's response/error unions: they get a value or a `MatrixError`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
import nio
from nio import AsyncClient, AsyncClientConfig
from nio.store import SqliteStore

from bot.matrix.crypto import ENCRYPTED, Crypto
from bot.matrix.formatting import Message
from bot.matrix.retry import Backoff, Failure, MatrixError, RetryPolicy

__all__ = ["Backoff", "MatrixClient", "MatrixError", "new_transaction_id"]

log = logging.getLogger(__name__)

# A state event put in every room the bot creates, carrying a key chosen before the request:
# after an ambiguous failure, the room (if it was created) is found by this key.
CREATION_MARKER = "org.tisserand.creation"

# Threads whose latest event is kept in memory (the oldest forgotten first).
_THREADS_REMEMBERED = 10_000


def new_transaction_id() -> str:
    return f"tis-{uuid.uuid4().hex}"


class MatrixClient:
    """The bot's connection to its homeserver."""

    def __init__(
        self,
        homeserver: str,
        user_id: str,
        *,
        device_name: str = "Tisserand",
        backoff: Backoff | None = None,
        request_timeout: float = 60,
        outage_patience: float = 900,
        crypto_store: Path | None = None,
        crypto_pickle_key: str = "tisserand",
    ) -> None:
        config = AsyncClientConfig(
            # nio retries nothing: every 429, timeout and outage goes through `_retry`.
            max_limit_exceeded=0,
            max_timeouts=0,
            request_timeout=request_timeout,
            store_sync_tokens=False,
            encryption_enabled=crypto_store is not None,
            store=SqliteStore,
            pickle_key=crypto_pickle_key,
        )
        store_path = ""
        if crypto_store is not None:
            # The bot's keys: readable by its user only, like the rest of the data directory.
            crypto_store.mkdir(mode=0o700, parents=True, exist_ok=True)
            crypto_store.chmod(0o700)
            store_path = str(crypto_store)
        self.nio = AsyncClient(homeserver, user_id, config=config, store_path=store_path)
        # Encryption, when a crypto store is given: events sent to encrypted rooms go through it.
        self.crypto = Crypto(self) if crypto_store is not None else None
        self.device_name = device_name
        # Capped low: once the homeserver is back, nothing should wait long to notice.
        self.retry_policy = RetryPolicy(backoff or Backoff(maximum=5.0), outage_patience)
        self.user_id = user_id
        self.request_timeout = request_timeout
        self.outage_patience = outage_patience
        self._thread_latest: dict[str, str] = {}

    @property
    def homeserver(self) -> str:
        return self.nio.homeserver

    @property
    def server_name(self) -> str:
        return self.user_id.split(":", 1)[1]

    # ----------------------------------------------------------------- session
    async def login(self, password: str) -> tuple[str, str]:
        """Log in with the password; returns (device_id, access_token) to be kept."""
        response = await self._retry("login", lambda: self.nio.login(password, self.device_name))
        return response.device_id, response.access_token

    def restore(self, device_id: str, access_token: str) -> None:
        self.nio.restore_login(self.user_id, device_id, access_token)

    async def whoami(self) -> str:
        response = await self._retry("whoami", self.nio.whoami)
        return response.user_id

    async def whoami_device(self) -> str:
        """The device of the access token in use."""
        response = await self._retry("whoami", self.nio.whoami)
        return str(response.device_id or "")

    async def close(self) -> None:
        await self.nio.close()

    # ----------------------------------------------------------------- sending
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
        data = await self._request("send", "PUT", path, content)
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
        crypto = self.crypto
        if reason is not None and crypto is not None and await crypto.is_encrypted(room_id):
            # The homeserver must read a redaction to apply it, so it cannot be encrypted: in an
            # encrypted room its reason (a text about someone's message) is left out.
            reason = None
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/redact/"
            f"{quote(event_id, safe='')}/{quote(txn, safe='')}"
        )
        data = await self._request(
            "redact", "PUT", path, {} if reason is None else {"reason": reason}
        )
        return str(data.get("event_id", ""))

    async def send_file(
        self,
        room_id: str,
        uri: str,
        filename: str,
        mimetype: str,
        size: int,
        *,
        txn_id: str | None = None,
    ) -> str:
        """Post a file already uploaded (``uri`` is its ``mxc://`` address)."""
        content = {
            "msgtype": "m.file",
            "body": filename,
            "filename": filename,
            "url": uri,
            "info": {"mimetype": mimetype, "size": size},
        }
        return await self.send(room_id, content, txn_id=txn_id)

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

    # ----------------------------------------------------------------- rooms
    async def create_room(self, **kwargs: Any) -> str:
        """Create a room (nio's ``room_create`` arguments) exactly once.

        A lost answer (timeout, 5xx) does not say whether the room exists: before trying again,
        the bot's rooms are searched for the creation marker this attempt carried, and a room
        found there is the answer (its invites are sent again in case they were not)."""
        key = new_transaction_id()
        marker = {"type": CREATION_MARKER, "state_key": "", "content": {"key": key}}
        kwargs["initial_state"] = [*kwargs.get("initial_state", ()), marker]

        async def created_already() -> str | None:
            room_id = await self._room_with_marker(key)
            if room_id is not None:
                for user_id in kwargs.get("invite", ()):
                    with contextlib.suppress(MatrixError):
                        await self.invite(room_id, user_id)
            return room_id

        response = await self._retry(
            "create room", lambda: self.nio.room_create(**kwargs), before_retry=created_already
        )
        room_id = response if isinstance(response, str) else str(response.room_id)
        if self.crypto is not None and any(
            state.get("type") == "m.room.encryption" for state in kwargs.get("initial_state", ())
        ):
            self.crypto.mark_encrypted(room_id)
        return room_id

    async def _room_with_marker(self, key: str) -> str | None:
        for room_id in await self.joined_rooms():
            marker = await self.get_state(room_id, CREATION_MARKER)
            if marker is not None and marker.get("key") == key:
                return room_id
        return None

    async def join(self, room_id_or_alias: str) -> str:
        response = await self._retry("join", lambda: self.nio.join(room_id_or_alias))
        return response.room_id

    async def leave(self, room_id: str) -> None:
        await self._retry("leave", lambda: self.nio.room_leave(room_id))

    async def invite(self, room_id: str, user_id: str) -> None:
        await self._retry("invite", lambda: self.nio.room_invite(room_id, user_id))

    async def kick(self, room_id: str, user_id: str, reason: str | None = None) -> None:
        await self._retry("kick", lambda: self.nio.room_kick(room_id, user_id, reason))

    async def ban(self, room_id: str, user_id: str, reason: str | None = None) -> None:
        await self._retry("ban", lambda: self.nio.room_ban(room_id, user_id, reason))

    async def unban(self, room_id: str, user_id: str) -> None:
        await self._retry("unban", lambda: self.nio.room_unban(room_id, user_id))

    async def resolve_alias(self, alias: str) -> str | None:
        response = await self._retry(
            "resolve alias", lambda: self.nio.room_resolve_alias(alias), missing_ok=True
        )
        return None if response is None else response.room_id

    async def put_state(
        self, room_id: str, event_type: str, content: dict[str, Any], state_key: str = ""
    ) -> str:
        response = await self._retry(
            "put state",
            lambda: self.nio.room_put_state(room_id, event_type, content, state_key=state_key),
        )
        return response.event_id

    async def get_state(
        self, room_id: str, event_type: str, state_key: str = ""
    ) -> dict[str, Any] | None:
        response = await self._retry(
            "get state",
            lambda: self.nio.room_get_state_event(room_id, event_type, state_key),
            missing_ok=True,
        )
        return None if response is None else dict(response.content)

    async def get_event(self, room_id: str, event_id: str) -> dict[str, Any] | None:
        """One event of a room as raw JSON (e.g. the message a command replies to)."""
        response = await self._retry(
            "get event", lambda: self.nio.room_get_event(room_id, event_id), missing_ok=True
        )
        return None if response is None else dict(response.event.source)

    async def fetch_event(self, room_id: str, event_id: str) -> dict[str, Any] | None:
        """An event as raw JSON, as the homeserver serves it now (a redacted one comes back with
        empty content); None when it is gone or no longer visible to the bot.

        Raw, unlike `get_event`: nio validates the event against its own schemas, and an event
        it cannot parse would be lost instead of skipped by the caller's own checks.
        """
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/event/{quote(event_id, safe='')}"
        )
        try:
            return await self._request("fetch event", "GET", path, None)
        except MatrixError as exc:
            if exc.errcode in ("M_NOT_FOUND", "M_FORBIDDEN"):
                return None
            raise

    async def joined_members(self, room_id: str) -> list[str]:
        response = await self._retry("members", lambda: self.nio.joined_members(room_id))
        return [member.user_id for member in response.members]

    async def joined_rooms(self) -> list[str]:
        response = await self._retry("joined rooms", self.nio.joined_rooms)
        return list(response.rooms)

    async def room_messages(
        self, room_id: str, start: str, *, limit: int = 100
    ) -> nio.RoomMessagesResponse:
        return await self._retry(
            "messages",
            lambda: self.nio.room_messages(
                room_id, start, direction=nio.MessageDirection.back, limit=limit
            ),
        )

    async def sync(
        self, *, since: str | None, timeout_ms: int, sync_filter: dict[str, Any]
    ) -> dict[str, Any]:
        """One ``/sync`` request, returned as the raw JSON document.

        nio's own ``sync`` validates every response against a JSON schema and builds objects for
        every event, which costs more CPU than everything else the bot does per command; the
        sync loop only needs a few fields and validates each event itself (bot/matrix/events.py).
        Errors are raised (`MatrixError`, `aiohttp.ClientError`, `TimeoutError`): the caller owns
        the retry policy.
        """
        params = {
            "timeout": str(timeout_ms),
            "filter": json.dumps(sync_filter, separators=(",", ":")),
        }
        if since is not None:
            params["since"] = since
        status, data = await self.api(
            "GET",
            f"/_matrix/client/v3/sync?{urlencode(params)}",
            time_limit=timeout_ms / 1000 + self.request_timeout,
        )
        if status != 200 or not isinstance(data.get("next_batch"), str):
            raise MatrixError("sync", data.get("errcode"), str(data.get("error", status)))
        return data

    # ----------------------------------------------------------------- raw API
    async def api(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        time_limit: float | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """A request the nio API does not cover (sync, capabilities, admin API): status, JSON."""
        headers = {
            "Authorization": f"Bearer {self.nio.access_token}",
            "Content-Type": "application/json",
        }
        data = None if body is None else json.dumps(body)
        response = await self.nio.send(method, path, data, headers, timeout=time_limit)
        async with response:
            try:
                payload = await response.json(content_type=None)
            except ValueError:
                payload = {}
            return response.status, payload if isinstance(payload, dict) else {}

    async def default_room_version(self) -> str:
        status, data = await self.api("GET", "/_matrix/client/v3/capabilities")
        if status != 200:
            return "10"
        versions = data.get("capabilities", {}).get("m.room_versions", {})
        return str(versions.get("default", "10"))

    async def override_own_rate_limit(self) -> bool:
        """Lift the bot's own rate limit when it is a server admin (Synapse admin API)."""
        path = f"/_synapse/admin/v1/users/{quote(self.user_id)}/override_ratelimit"
        status, _ = await self.api("POST", path, {"messages_per_second": 0, "burst_count": 0})
        return status == 200

    # ----------------------------------------------------------------- retries
    async def _request(
        self, action: str, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A raw request (sends and redactions, whose paths carry their transaction id)."""

        async def attempt() -> dict[str, Any] | Failure:
            status, data = await self.api(method, path, body)
            if status == 200:
                return data
            retry_after = data.get("retry_after_ms")
            return Failure(
                status,
                data.get("errcode"),
                str(data.get("error", status)),
                retry_after if isinstance(retry_after, int | float) else None,
            )

        return await self._retry(action, attempt)

    async def _retry(
        self,
        action: str,
        call: Callable[[], Awaitable[Any]],
        *,
        missing_ok: bool = False,
        before_retry: Callable[[], Awaitable[Any]] | None = None,
    ) -> Any:
        return await self.retry_policy.run(
            action, call, missing_ok=missing_ok, before_retry=before_retry
        )
