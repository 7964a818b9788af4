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

        async def post(room_id: str, text: str) -> None:
            path = f"/rooms/{quote(room_id)}/send/m.room.message/echo-{next(numbers)}"
            url = f"{base}/_matrix/client/v3{path}"
            body = {"msgtype": "m.text", "body": text}
            async with http.put(url, json=body, headers=headers) as response:
                await response.read()

        async def relay(origin: str, text: str) -> None:
            await asyncio.gather(*(post(room, text) for room in joined if room != origin))

        def answer(room_id: str, event: dict[str, Any]) -> None:
            body = str(event.get("content", {}).get("body", ""))
            if body.startswith(RELAY):
                spawn(relay(room_id, body.removeprefix(RELAY)))
            elif body.startswith("!"):
                spawn(reply(room_id, event["event_id"]))

        def spawn(work: Any) -> None:
            task = asyncio.ensure_future(work)
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        joined: set[str] = set()
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
            joined.difference_update(rooms.get("leave", {}))
            for room_id, room in rooms.get("join", {}).items():
                joined.add(room_id)
                for event in room.get("timeline", {}).get("events", []):
                    if event.get("type") == "m.room.message" and event.get("sender") != user_id:
                        answer(room_id, event)


if __name__ == "__main__":
    asyncio.run(main())
