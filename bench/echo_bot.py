"""The baseline for latency: the least a bot can do, done the way Tisserand does it.

It reads ``/sync`` as raw JSON through the same filter as Tisserand (`bot.matrix.sync.sync_filter`),
with one keep-alive HTTP session, and answers every message with a rich reply sent by a raw
``PUT``: no database, journal, parsing or catalogue. The difference from Tisserand's latency on
the same homeserver is then Tisserand's own cost, not the cost of a heavier client library.
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
        headers = {"Authorization": f"Bearer {token}"}
        filter_text = json.dumps(sync_filter(TIMELINE_LIMIT))
        numbers = itertools.count()
        tasks: set[asyncio.Task[Any]] = set()

        async def sync(since: str | None, timeout_ms: int) -> dict[str, Any]:
            params = {"filter": filter_text, "timeout": str(timeout_ms)}
            if since:
                params["since"] = since
            url = f"{base}/_matrix/client/v3/sync"
            async with http.get(url, params=params, headers=headers) as response:
                return dict(await response.json())

        async def reply(room_id: str, event_id: str) -> None:
            content = {
                "msgtype": "m.notice",
                "body": "écho",
                "m.relates_to": {"m.in_reply_to": {"event_id": event_id}},
            }
            path = f"/rooms/{quote(room_id)}/send/m.room.message/echo-{next(numbers)}"
            url = f"{base}/_matrix/client/v3{path}"
            async with http.put(url, json=content, headers=headers) as response:
                await response.read()

        async def join(room_id: str) -> None:
            url = f"{base}/_matrix/client/v3/join/{quote(room_id)}"
            async with http.post(url, json={}, headers=headers) as response:
                await response.read()

        def spawn(work: Any) -> None:
            task = asyncio.ensure_future(work)
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        token_since = (await sync(None, 0))["next_batch"]
        print("first start: echo ready", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        while not stop.is_set():
            try:
                response = await sync(token_since, 30_000)
            except (aiohttp.ClientError, ValueError):
                await asyncio.sleep(0.5)
                continue
            token_since = response.get("next_batch", token_since)
            rooms = response.get("rooms", {})
            for room_id in rooms.get("invite", {}):
                spawn(join(room_id))
            for room_id, room in rooms.get("join", {}).items():
                for event in room.get("timeline", {}).get("events", []):
                    if event.get("type") == "m.room.message" and event.get("sender") != user_id:
                        spawn(reply(room_id, event["event_id"]))


if __name__ == "__main__":
    asyncio.run(main())
