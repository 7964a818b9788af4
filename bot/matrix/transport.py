"""The bot's line to its homeserver: nio's client configured once, raw requests, one retry policy.

Why its own layer: every request goes through `RetryPolicy` (nio's own retries are switched off)
and handlers never see nio's response/error unions, only a value or a `MatrixError`. The room,
sending and media requests (bot/matrix/rooms.py, sending.py, media.py) are built on it.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from nio import AsyncClient, AsyncClientConfig
from nio.store import SqliteStore

from bot.matrix.crypto import Crypto
from bot.matrix.retry import Backoff, Failure, MatrixError, RetryPolicy


def new_transaction_id() -> str:
    return f"tis-{uuid.uuid4().hex}"


class Transport:
    """nio's client, the retry policy and the requests nio does not cover."""

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
            # nio retries nothing: every 429, timeout and outage goes through `retry_policy`.
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

    @property
    def homeserver(self) -> str:
        return self.nio.homeserver

    @property
    def server_name(self) -> str:
        return self.user_id.split(":", 1)[1]

    async def in_encrypted_room(self, room_id: str) -> bool:
        """Whether what the bot sends to ``room_id`` must be encrypted."""
        return self.crypto is not None and await self.crypto.is_encrypted(room_id)

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

    async def request(
        self, action: str, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A raw request under the retry policy (sends and redactions, whose paths carry their
        transaction id, so that a retry is deduplicated by the homeserver)."""

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

        result: dict[str, Any] = await self.retry_policy.run(action, attempt)
        return result

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
