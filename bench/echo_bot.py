"""The baseline for latency: a bare nio client answering every message with a rich reply.

It does the least a bot can do (sync, send), with no database, journal or parsing, so the
difference from Tisserand's latency on the same homeserver is Tisserand's own cost.
"""

from __future__ import annotations

import asyncio
import os
import signal

import nio


async def main() -> None:
    user_id = os.environ["TISSERAND_USER_ID"]
    client = nio.AsyncClient(os.environ["TISSERAND_HOMESERVER_URL"], user_id)
    await client.login(os.environ["TISSERAND_PASSWORD"])
    tasks: set[asyncio.Task[object]] = set()

    def spawn(work: object) -> None:
        task = asyncio.ensure_future(work)  # type: ignore[call-overload]
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    first = await client.sync(timeout=0)
    assert isinstance(first, nio.SyncResponse)
    token = first.next_batch
    print("first start: echo ready", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        response = await client.sync(timeout=30_000, since=token)
        if not isinstance(response, nio.SyncResponse):
            await asyncio.sleep(0.5)
            continue
        token = response.next_batch
        for room_id in response.rooms.invite:
            spawn(client.join(room_id))
        for room_id, room in response.rooms.join.items():
            for event in room.timeline.events:
                if isinstance(event, nio.RoomMessageText) and event.sender != user_id:
                    content = {
                        "msgtype": "m.notice",
                        "body": "écho",
                        "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
                    }
                    spawn(client.room_send(room_id, "m.room.message", content))
    await client.close()


if __name__ == "__main__":
    asyncio.run(main())
