"""What encryption costs: the same commands in an encrypted DM and in a clear DM, one run.

One bot process, two people on one homeserver: one whose client encrypts (nio with its own key
store) in an encrypted DM, one in a clear DM. Samples are interleaved (encrypted, clear,
encrypted…) so that noise hits both alike; the figure is the homeserver's time between the
command and the reply. The bot's CPU per command is read from the process (SIGUSR1) over a
block of each kind.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.harness import (
    bench_synapse,
    bot_process,
    bot_stats,
    interleaved,
    line,
    ratio_line,
    work_dir,
)
from bench.latency import sample
from bot.homeserver.bot_process import BotProcess, token_user
from bot.homeserver.matrix_user import MatrixUser
from bot.matrix.crypto import ENCRYPTION_STATE

SAMPLES = 40
CPU_BLOCK = 30
GOAL_RATIO = 1.3
TEXTS = ("!commandes", "!faq logement loyer impayé")


async def encrypted_dm(user: MatrixUser, bot_id: str) -> str:
    room_id = await user.create_dm(bot_id, timeout=60)
    await user.client.room_put_state(room_id, "m.room.encryption", ENCRYPTION_STATE)
    deadline = time.monotonic() + 30
    while not user.client.rooms.get(room_id) or not user.client.rooms[room_id].encrypted:
        if time.monotonic() > deadline:
            raise RuntimeError("the DM did not become encrypted")
        await asyncio.sleep(0.1)
    return room_id


async def cpu_per_command(bot: BotProcess, user: MatrixUser, room_id: str, text: str) -> float:
    before = await bot_stats(bot)
    for _ in range(CPU_BLOCK):
        await sample(user, room_id, text)
    after = await bot_stats(bot)
    return (after["cpu_seconds"] - before["cpu_seconds"]) * 1000 / CPU_BLOCK


async def run() -> list[str]:
    lines: list[str] = []
    async with bench_synapse() as synapse:
        with work_dir() as directory, tempfile.TemporaryDirectory() as keys:
            bot = bot_process(synapse, directory / "bot")
            await bot.start(ready="first start", within=120)
            secret = await MatrixUser.create(synapse, "crypt", key_store=Path(keys))
            clear = await token_user(synapse, "clear")
            try:
                secret_dm = await encrypted_dm(secret, bot.user_id)
                clear_dm = await clear.create_dm(bot.user_id, timeout=60)
                for text in TEXTS:
                    for _ in range(3):  # warm-up: room keys shared, caches, connections
                        await sample(secret, secret_dm, text)
                        await sample(clear, clear_dm, text)
                    pairs, base_pairs = await interleaved(
                        partial(sample, secret, secret_dm, text),
                        partial(sample, clear, clear_dm, text),
                        SAMPLES,
                    )
                    ours, base = [s for s, _ in pairs], [s for s, _ in base_pairs]
                    cpu_secret = await cpu_per_command(bot, secret, secret_dm, text)
                    cpu_clear = await cpu_per_command(bot, clear, clear_dm, text)
                    lines += report(text, ours, base, cpu_secret, cpu_clear)
            finally:
                await secret.close()
                await clear.close()
                await bot.stop()
    return lines


def report(
    text: str, ours: list[float], base: list[float], cpu_secret: float, cpu_clear: float
) -> list[str]:
    name = f"encryption {text.split()[0]}"
    return [
        ratio_line(name, ("encrypted DM", ours), ("clear DM", base), GOAL_RATIO),
        line(
            f"{name} bot CPU",
            f"{cpu_secret:.2f} ms per command encrypted, {cpu_clear:.2f} ms clear "
            f"({CPU_BLOCK} commands each)",
        ),
    ]


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
