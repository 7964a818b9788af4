"""Provisioning at scale: 100 bassins × 3 groupes, against raw loops of ``createRoom`` calls.

The raw loop creates the same rooms with the same initial state and the same concurrency
(parents first, since children name their space), without anything else the provisioner does
(alias check, space links, database). A second raw loop also lists each room in its space
(``m.space.child``, one state event per room): a space needs it for clients to show its rooms,
so it is the least a competitor building the same community sends. The bot runs last, on the
homeserver the loops filled. The second run finds everything and must change nothing.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from bench.harness import Person, bench_synapse, bounded, line, work_dir
from bot.app import Application
from bot.homeserver.bot_process import register_with_token
from bot.services.provisioning import Provisioner, desired_rooms
from config.layout import Layout, parse_layout
from config.settings import Settings

BASSINS = 100
GOAL_RATIO = 1.3
GOAL_SECOND_RUN = 2.0


def big_layout(prefix: str) -> Layout:
    return parse_layout(
        {
            "network": {"slug": "reseau", "name": "Réseau", "alias_prefix": prefix},
            "groupes": [
                {"slug": "travailleurs-sociaux", "short": "ts", "name": "Travailleurs sociaux"},
                {"slug": "responsables", "short": "resp", "name": "Responsables"},
                {"slug": "encadrants", "short": "enc", "name": "Encadrants techniques"},
            ],
            "bassins": [
                {"slug": f"b{i:03d}", "name": f"Bassin {i:03d}"} for i in range(1, BASSINS + 1)
            ],
            "themes": [{"slug": "logement", "label": "Logement", "room": True}],
        }
    )


async def raw_loop(
    person: Person, layout: Layout, concurrency: int, *, linked: bool = False
) -> float:
    """The same rooms and initial state with bare ``createRoom`` requests; ``linked``: each
    room also listed in its space (``m.space.child``), as a space needs for clients to show
    it, which the bot does too."""
    provisioner = Provisioner(_Shim(person.user_id), rooms=None)  # type: ignore[arg-type]
    provisioner._room_version = "10"
    created: dict[str, str] = {}
    began = time.perf_counter()
    targets = desired_rooms(layout)
    for level in (0, 1, 2):

        async def create(target: Any) -> None:
            parent = created.get(target.parent_key) if target.parent_key else None
            arguments = await provisioner._create_arguments(target, parent)
            body = {
                "room_alias_name": arguments["alias"],
                "name": arguments["name"],
                "topic": arguments["topic"],
                "room_version": arguments["room_version"],
                "preset": arguments["preset"].value,
                "initial_state": arguments["initial_state"],
                "power_level_content_override": arguments["power_level_override"],
            }
            if arguments["space"]:
                body["creation_content"] = {"type": "m.space"}
            created[target.key] = room_id = await person.create_room(**body)
            if linked and parent is not None:
                path = (
                    f"/_matrix/client/v3/rooms/{quote(parent)}/state/m.space.child/{quote(room_id)}"
                )
                content = {"via": [person.user_id.split(":", 1)[1]], "suggested": True}
                await person.request("PUT", path, content)

        await bounded((create(t) for t in targets if t.level == level), limit=concurrency)
    return time.perf_counter() - began


class _Shim:
    """What `Provisioner._create_arguments` reads from its client."""

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.server_name = user_id.split(":", 1)[1]


async def provision_once(settings: Settings, layout: Layout) -> tuple[float, Any]:
    app = Application(settings, layout)
    try:
        await app.database.migrate()
        await app.login()
        began = time.perf_counter()
        report = await app.provision()
        return time.perf_counter() - began, report
    finally:
        await app.client.close()
        await app.database.close()


async def run() -> list[str]:
    async with bench_synapse() as synapse, aiohttp.ClientSession() as session:
        with work_dir() as directory:
            user_id, token, _ = await register_with_token(synapse, "rawloop", admin=True)
            raw = Person(synapse, user_id, token, session)
            await synapse.register("provbot", "provbot-secret", admin=True)
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                homeserver_url=synapse.url,
                user_id=synapse.user_id("provbot"),
                password="provbot-secret",
                data_dir=Path(directory),
            )
            rooms = len(desired_rooms(big_layout("x-")))
            concurrency = Provisioner(None, None).concurrency  # type: ignore[arg-type]
            raw_seconds = await raw_loop(raw, big_layout("raw-"), concurrency)
            linked_seconds = await raw_loop(raw, big_layout("lnk-"), concurrency, linked=True)
            first, report = await provision_once(settings, big_layout("bot-"))
            second, again = await provision_once(settings, big_layout("bot-"))
    ratio = first / raw_seconds
    return [
        line(
            "provisioning first run",
            f"{rooms} rooms and spaces ({report.created} created) in {first:.1f} s vs raw "
            f"createRoom loop {raw_seconds:.1f} s (same concurrency {concurrency}); "
            f"ratio {ratio:.2f}",
            f"≤ {GOAL_RATIO}× raw",
            ratio <= GOAL_RATIO,
        ),
        line(
            "provisioning first run, against the raw loop that also lists each room in its space",
            f"{first:.1f} s vs {linked_seconds:.1f} s; ratio {first / linked_seconds:.2f}",
            f"≤ {GOAL_RATIO}× raw",
            first / linked_seconds <= GOAL_RATIO,
        ),
        line(
            "provisioning second run",
            f"{second:.2f} s, {again.created} created, {again.updated} updated",
            f"< {GOAL_SECOND_RUN} s, nothing changed",
            second < GOAL_SECOND_RUN and again.created == again.updated == 0,
        ),
    ]


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
