"""Command latency: a person's command to the bot's reply, against a bare echo client.

Both bots run in their own process on the same homeserver; samples are interleaved (bot, echo,
bot, echo…) so that noise hits both alike. The figure is the homeserver's time between the
command and the reply (``origin_server_ts``); the client-observed round trip is shown too.
"""

from __future__ import annotations

import asyncio
import json
import time
from functools import partial
from pathlib import Path
from typing import Any

import commands
from bench.harness import (
    bench_synapse,
    bot_and_echo,
    interleaved,
    line,
    median,
    ratio_line,
    work_dir,
)
from bot.framework.registry import CommandRegistry
from bot.homeserver.bot_process import token_user
from bot.homeserver.matrix_user import MatrixUser

SAMPLES = 60
GOAL_RATIO = 1.15


async def sample(user: MatrixUser, room_id: str, text: str) -> tuple[float, float]:
    """(server-side ms, client-side ms) for one command and its reply."""
    server, observed, _ = await sample_with_reply(user, room_id, text)
    return server, observed


async def sample_with_reply(
    user: MatrixUser, room_id: str, text: str
) -> tuple[float, float, dict[str, Any]]:
    """The timings and the reply's content."""
    start = user.mark()
    began = time.perf_counter()
    sent = await user.send(room_id, text)
    reply = await user.wait_for(lambda e: e.in_reply_to == sent, 30, after=start)
    observed = (time.perf_counter() - began) * 1000
    command = await user.wait_for(lambda e: e.event_id == sent, 30, after=start)
    server = float(reply.source["origin_server_ts"]) - float(command.source["origin_server_ts"])
    return server, observed, dict(reply.content)


def same_reply(directory: Path, content: dict[str, Any]) -> None:
    """Have the echo answer with the bot's own reply (its text and HTML, no relation)."""
    kept = {key: content[key] for key in ("body", "format", "formatted_body") if key in content}
    (directory / "echo" / "reply.json").write_text(json.dumps(kept), encoding="utf-8")


async def run() -> list[str]:
    lines: list[str] = []
    has_faq = CommandRegistry.from_package(commands).get("faq") is not None
    async with bench_synapse() as synapse:
        with work_dir() as directory:
            bot, echo = await bot_and_echo(synapse, directory)
            user = await token_user(synapse, "latency")
            try:
                bot_dm = await user.create_dm(bot.user_id, timeout=30)
                echo_dm = await user.create_dm(echo.user_id, timeout=30)
                texts = ["!commandes"] + (["!faq logement loyer impayé"] if has_faq else [])
                for text in texts:
                    for _ in range(3):  # warm-up: caches, connections, first queries
                        await sample(user, bot_dm, text)
                        await sample(user, echo_dm, "!commandes")
                    ours, base = await interleaved(
                        partial(sample, user, bot_dm, text),
                        partial(sample, user, echo_dm, text),
                        SAMPLES,
                    )
                    lines += report(text, ours, base)
                    # The same, against an echo whose reply weighs what the bot's does: the
                    # homeserver's cost of a long answer is then in both figures.
                    *_, content = await sample_with_reply(user, bot_dm, text)
                    same_reply(directory, content)
                    ours, base = await interleaved(
                        partial(sample, user, bot_dm, text),
                        partial(sample, user, echo_dm, text),
                        SAMPLES,
                    )
                    (directory / "echo" / "reply.json").unlink()
                    lines += report(text, ours, base, same=len(content.get("body", "")))
                if not has_faq:
                    lines.append(line("latency !faq", "skipped (no faq command registered)"))
            finally:
                await user.close()
                await bot.stop()
                await echo.stop()
    return lines


def report(
    text: str, ours: list[tuple[float, float]], base: list[tuple[float, float]], same: int = 0
) -> list[str]:
    server = [s for s, _ in ours]
    echo = [s for s, _ in base]
    name = f"latency {text.split()[0]}"
    if same:
        name += f", echo sending the bot's own reply ({same} characters)"
    return [
        ratio_line(name, ("server-side", server), ("echo", echo), GOAL_RATIO),
        line(
            f"{name} (client round trip)",
            f"median {median([o for _, o in ours]):.0f} ms vs echo "
            f"{median([o for _, o in base]):.0f} ms",
        ),
    ]


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
