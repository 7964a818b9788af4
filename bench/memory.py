"""Memory: the bot's resident memory with 1 000 joined rooms and 2 000 people in them.

The rooms are created by the bot's own account before it starts (so no invite has to be
accepted one by one), people join a subset, then the bot starts, syncs, answers a command, and
reports its RSS. The baseline is the same bot on an empty account, measured in the same run.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp

from bench.harness import (
    Person,
    bench_synapse,
    bot_process,
    bot_stats,
    bounded,
    line,
    people,
    reply_target,
    work_dir,
)
from bot.homeserver.bot_process import BotProcess, register_with_token

ROOMS = 1_000
PEOPLE = 2_000


async def measured(bot: BotProcess, asker: Person) -> dict[str, float]:
    """Start the bot, check it answers, and read its memory."""
    await bot.start(ready="first start", within=600)
    dm = await asker.open_dm(bot.user_id)
    sent = await asker.send(dm, "!commandes")
    deadline = time.monotonic() + 60
    while not any(reply_target(e) == sent for e in await asker.recent(dm, 10)):
        if time.monotonic() > deadline:
            raise RuntimeError("the bot did not answer")
        await asyncio.sleep(0.3)
    await asyncio.sleep(1)
    stats = await bot_stats(bot)
    await bot.stop()
    return stats


async def run() -> list[str]:
    async with bench_synapse() as synapse, aiohttp.ClientSession() as session:
        with work_dir() as directory:
            asker = (await people(synapse, session, "asker", 1))[0]
            empty = bot_process(synapse, Path(directory) / "empty")
            baseline = await measured(empty, asker)

            loaded = bot_process(synapse, Path(directory) / "loaded")
            # The bot's account, registered now so its rooms can be made before it starts.
            user_id, token, _ = await register_with_token(synapse, loaded.localpart)
            loaded.starts = 1  # already registered: log in with that registration's password
            loaded.password = f"{loaded.localpart}-password"
            owner = Person(synapse, user_id, token, session)
            began = time.monotonic()
            rooms = await bounded(
                (owner.create_room(preset="public_chat", name=f"Salle {i}") for i in range(ROOMS)),
                limit=8,
            )
            crowd = await people(synapse, session, "crowd", PEOPLE)
            # Every person joins one room: the first half of the rooms get four people each.
            await bounded(
                (person.join(rooms[i % (ROOMS // 2)]) for i, person in enumerate(crowd)), limit=16
            )
            setup = time.monotonic() - began
            synced_at = time.monotonic()
            stats = await measured(loaded, asker)
            first_sync = time.monotonic() - synced_at
    extra = (stats["rss_kib"] - baseline["rss_kib"]) / 1024
    return [
        line(
            "memory",
            f"RSS {stats['rss_kib'] / 1024:.0f} MiB with {ROOMS} rooms and {PEOPLE} people "
            f"(peak {stats['max_rss_kib'] / 1024:.0f} MiB) vs {baseline['rss_kib'] / 1024:.0f} MiB "
            f"on an empty account: +{extra:.0f} MiB; start to first answer {first_sync:.0f} s "
            f"(setup {setup:.0f} s)",
        )
    ]


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
