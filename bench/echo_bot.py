"""The baseline for latency: the least a bot can do, done the way Tisserand does it.

It reads ``/sync`` as raw JSON through the same filter as Tisserand (`bot.matrix.sync.sync_filter`),
with one keep-alive HTTP session, and answers every message with a rich reply sent by a raw
``PUT``: no database, journal, parsing or catalogue. The difference from Tisserand's latency on
the same homeserver is then Tisserand's own cost, not the cost of a heavier client library.

For fan-out it is also the least a relaying bot can do: ``!relayer TEXT`` posts TEXT to every
other room it has joined, all at once, as Tisserand's ``!envoyer`` posts a request to its rooms.
It answers only commands (``!…``), so that the posts it sees in those rooms do not make it talk.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.matrix.sync import sync_filter

TIMELINE_LIMIT = 50
RELAY = "!relayer "
# A reply the bench wants sent as is (``TISSERAND_ECHO_REPLY``: a JSON file of the content the
# bot sent for the same command), so that the echo's event weighs what the bot's weighs.
REPLY_FILE = "TISSERAND_ECHO_REPLY"


class Echo:
    """One account on one keep-alive session: its ``/sync``, its sends, its joined rooms."""

    def __init__(self, http: aiohttp.ClientSession, base: str, user_id: str, token: str) -> None:
        self.http, self.base, self.user_id = http, base, user_id
        self.headers = {"Authorization": f"Bearer {token}"}
        self.filter_text = json.dumps(sync_filter(TIMELINE_LIMIT))
        self.numbers = itertools.count()
        self.tasks: set[asyncio.Task[Any]] = set()
        self.joined: set[str] = set()
        self._canned: tuple[int, dict[str, Any]] | None = None

    async def sync(self, since: str | None, timeout_ms: int) -> dict[str, Any]:
        params = {"filter": self.filter_text, "timeout": str(timeout_ms)}
        if since:
            params["since"] = since
        url = f"{self.base}/_matrix/client/v3/sync"
        async with self.http.get(url, params=params, headers=self.headers) as response:
            return dict(await response.json())

    async def send(self, room_id: str, content: dict[str, Any]) -> None:
        path = f"/rooms/{quote(room_id)}/send/m.room.message/echo-{next(self.numbers)}"
        url = f"{self.base}/_matrix/client/v3{path}"
        async with self.http.put(url, json=content, headers=self.headers) as response:
            await response.read()

    async def join(self, room_id: str) -> None:
        url = f"{self.base}/_matrix/client/v3/join/{quote(room_id)}"
        async with self.http.post(url, json={}, headers=self.headers) as response:
            await response.read()

    async def relay(self, origin: str, text: str) -> None:
        content = {"msgtype": "m.text", "body": text}
        await asyncio.gather(*(self.send(r, content) for r in self.joined if r != origin))

    def answer(self, room_id: str, event: dict[str, Any]) -> None:
        body = str(event.get("content", {}).get("body", ""))
        if body.startswith(RELAY):
            self.spawn(self.relay(room_id, body.removeprefix(RELAY)))
        elif body.startswith("!"):
            reply = {**self.canned(), "msgtype": "m.notice"}
            reply["m.relates_to"] = {"m.in_reply_to": {"event_id": event["event_id"]}}
            self.spawn(self.send(room_id, reply))

    def canned(self) -> dict[str, Any]:
        """The content to answer with: « écho », or the bot's own reply once the bench wrote
        it (read again when the file changes)."""
        path = os.environ.get(REPLY_FILE)
        if not path or not os.path.exists(path):
            return {"body": "écho"}
        stamp = os.stat(path).st_mtime_ns
        if self._canned is None or self._canned[0] != stamp:
            with open(path, encoding="utf-8") as file:
                self._canned = (stamp, dict(json.load(file)))
        return dict(self._canned[1])

    def spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def handle(self, response: dict[str, Any]) -> None:
        rooms = response.get("rooms", {})
        for room_id in rooms.get("invite", {}):
            self.spawn(self.join(room_id))
        self.joined.difference_update(rooms.get("leave", {}))
        for room_id, room in rooms.get("join", {}).items():
            self.joined.add(room_id)
            for event in room.get("timeline", {}).get("events", []):
                if event.get("type") == "m.room.message" and event.get("sender") != self.user_id:
                    self.answer(room_id, event)


async def main() -> None:
    base = os.environ["TISSERAND_HOMESERVER_URL"].rstrip("/")
    user_id = os.environ["TISSERAND_USER_ID"]
    async with aiohttp.ClientSession() as http:
        login = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user_id},
            "password": os.environ["TISSERAND_PASSWORD"],
        }
        async with http.post(f"{base}/_matrix/client/v3/login", json=login) as response:
            token = (await response.json())["access_token"]
        echo = Echo(http, base, user_id, token)
        token_since = (await echo.sync(None, 0))["next_batch"]
        print("first start: echo ready", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        while not stop.is_set():
            try:
                response = await echo.sync(token_since, 30_000)
            except (aiohttp.ClientError, ValueError):
                await asyncio.sleep(0.5)
                continue
            token_since = response.get("next_batch", token_since)
            echo.handle(response)


if __name__ == "__main__":
    asyncio.run(main())
