"""Burst: 200 people send 5 commands each within seconds, in their direct chats with the bot.

Each person asks for the help of five command families, one after the other
(``!commandes inscription``, ``!commandes aide``…): commands the bot knows, answered with the
help it renders from its declarations.

Checked: every command answered exactly once. Measured: throughput, p50/p99 latency (from the
homeserver's timestamps) and the bot's own CPU time per command, read from the bot process.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import aiohttp

from bench.harness import (
    Person,
    bench_synapse,
    bot_process,
    bot_stats,
    bounded,
    line,
    people,
    percentile,
    reply_target,
    work_dir,
)

PEOPLE = 200
COMMANDS_EACH = 5
COMMANDS = tuple(
    f"!commandes {family}" for family in ("inscription", "aide", "faq", "fiche", "annuaire")
)
GOAL_CPU_MS = 2.0


async def collect(
    person: Person, room_id: str, sent: set[str], bot_id: str
) -> tuple[Counter[str], list[float]]:
    """Replies per command and their latencies, read back from the room."""
    events = await person.recent(room_id, limit=4 * len(sent) + 20)
    times = {e["event_id"]: e["origin_server_ts"] for e in events}
    counts: Counter[str] = Counter()
    latencies: list[float] = []
    for event in events:
        target = reply_target(event)
        if event.get("sender") == bot_id and target in sent:
            counts[target] += 1
            latencies.append(float(event["origin_server_ts"] - times[target]))
    return counts, latencies


async def run() -> list[str]:
    async with bench_synapse() as synapse, aiohttp.ClientSession() as session:
        with work_dir() as directory:
            bot = bot_process(synapse, directory / "bot")
            await bot.start(ready="first start", within=120)
            try:
                crowd = await people(synapse, session, "burst", PEOPLE)
                dms = await bounded((p.open_dm(bot.user_id) for p in crowd), limit=16)
                await asyncio.sleep(1)
                before = await bot_stats(bot)
                sent: list[set[str]] = [set() for _ in crowd]

                async def send_all(index: int) -> None:
                    for i in range(COMMANDS_EACH):
                        command = COMMANDS[i % len(COMMANDS)]
                        sent[index].add(await crowd[index].send(dms[index], command))

                began = time.monotonic()
                await asyncio.gather(*(send_all(i) for i in range(PEOPLE)))
                sending = time.monotonic() - began
                total = PEOPLE * COMMANDS_EACH
                deadline = time.monotonic() + 300
                while True:
                    await asyncio.sleep(2)
                    results = await bounded(
                        (
                            collect(p, d, s, bot.user_id)
                            for p, d, s in zip(crowd, dms, sent, strict=True)
                        ),
                        limit=8,
                    )
                    answered = sum(len(c) for c, _ in results)
                    if answered >= total or time.monotonic() > deadline:
                        break
                after = await bot_stats(bot)
                await asyncio.sleep(2)
                results = await bounded(
                    (
                        collect(p, d, s, bot.user_id)
                        for p, d, s in zip(crowd, dms, sent, strict=True)
                    ),
                    limit=8,
                )
            finally:
                await bot.stop()
    counts = Counter[int]()
    latencies: list[float] = []
    for replies, times in results:
        latencies += times
        counts.update(replies.values())
    answered = sum(counts.values())
    exactly_once = counts.get(1, 0)
    # Throughput: commands answered per second of wall time, from the first command sent.
    span = max(latencies) / 1000 if latencies else float("nan")
    cpu_ms = (after["cpu_seconds"] - before["cpu_seconds"]) * 1000 / total
    return [
        line(
            "burst answers",
            f"{exactly_once}/{total} answered exactly once, {total - answered} unanswered, "
            f"{sum(n for k, n in counts.items() if k > 1)} answered twice or more; "
            f"sent in {sending:.1f} s by {PEOPLE} people",
            "every command answered exactly once, sent within 10 s",
            exactly_once == total and sending <= 10,
        ),
        line(
            "burst latency",
            f"p50 {percentile(latencies, 50):.0f} ms, p99 {percentile(latencies, 99):.0f} ms, "
            f"max {max(latencies, default=0):.0f} ms; throughput ≈ "
            f"{total / max(sending, span):.0f} commands/s",
        ),
        line(
            "burst bot CPU",
            f"{cpu_ms:.2f} ms per command ({after['cpu_seconds'] - before['cpu_seconds']:.2f} s "
            f"for {total})",
            f"≤ {GOAL_CPU_MS} ms",
            cpu_ms <= GOAL_CPU_MS,
        ),
    ]


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
