"""Start-up at scale: time from `Application.start` to the first answer, 200 community rooms.

The network is provisioned once; then the bot is started twice on the same data, the way a
restart goes, and a member's ``!commandes`` is timed from the start. Same-run baseline: the
former start-up, which mirrored power levels room after room (two requests each) before the
sync loop began; now the bot answers at once and reconciles in the background.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp

from bench.harness import Person, bench_synapse, line, reply_target, work_dir
from bench.provisioning import provision_once
from bot.app import Application
from bot.services.provisioning import desired_rooms
from config.layout import Layout, parse_layout
from config.settings import Settings

BASSINS = 67  # × 3 groupes: 201 rooms, plus 67 spaces and the network's own rooms
GOAL_SECONDS = 2.0


def layout() -> Layout:
    return parse_layout(
        {
            "network": {"slug": "reseau", "name": "Réseau", "alias_prefix": "st-"},
            "groupes": [
                {"slug": "travailleurs-sociaux", "short": "ts", "name": "Travailleurs sociaux"},
                {"slug": "responsables", "short": "resp", "name": "Responsables"},
                {"slug": "encadrants", "short": "enc", "name": "Encadrants techniques"},
            ],
            "bassins": [
                {"slug": f"b{i:03d}", "name": f"Bassin {i:03d}"} for i in range(1, BASSINS + 1)
            ],
            "themes": [],
        }
    )


class FormerStart(Application):
    """The start-up before: every room's power levels mirrored, in a row, before syncing."""

    async def prepare(self) -> None:
        await super().prepare()
        await self.power_levels.stop_background()
        await self.power_levels.mirror_all(concurrency=1)


async def first_answer(app: Application, person: Person, dm: str) -> tuple[float, float]:
    """(seconds to the first answer, seconds until the background reconciliation is done)."""
    began = time.perf_counter()
    await app.start()
    sent = await person.send(dm, "!commandes")
    while True:  # polled over HTTP: no event to wait on across processes
        if any(reply_target(e) == sent for e in await person.recent(dm, 10)):
            break
        await asyncio.sleep(0.05)
    answered = time.perf_counter() - began
    background = app.power_levels._background
    if background is not None:
        await background
    reconciled = time.perf_counter() - began
    await app.stop()
    return answered, reconciled


async def run() -> list[str]:
    async with bench_synapse() as synapse, aiohttp.ClientSession() as session:
        with work_dir() as directory:
            member = await Person.register(synapse, session, "startmember")
            await synapse.register("startbot", "startbot-secret", admin=True)
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                homeserver_url=synapse.url,
                user_id=synapse.user_id("startbot"),
                password="startbot-secret",
                data_dir=Path(directory),
                admins=[member.user_id],
                sync_timeout_ms=5_000,
            )
            rooms = len(desired_rooms(layout()))
            await provision_once(settings, layout())
            warm = Application(settings, layout())
            await warm.start()
            dm = await member.open_dm(settings.user_id or "")
            await warm.stop()
            before, _ = await first_answer(FormerStart(settings, layout()), member, dm)
            after, reconciled = await first_answer(Application(settings, layout()), member, dm)
    return [
        line(
            "start-up to first answer",
            f"{rooms} rooms and spaces: {after:.2f} s (power levels reconciled in the "
            f"background by {reconciled:.2f} s) vs former start-up {before:.2f} s "
            f"(same run); {before / after:.1f}× sooner",
            f"≤ {GOAL_SECONDS} s",
            after <= GOAL_SECONDS,
        )
    ]


def main() -> None:
    for text in asyncio.run(run()):
        print(text)


if __name__ == "__main__":
    main()
