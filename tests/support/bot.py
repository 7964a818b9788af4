"""Running Tisserand itself against a test homeserver, stoppable and restartable."""

from __future__ import annotations

import itertools
from pathlib import Path

from bot.app import Application
from bot.homeserver.bot_process import NEVER_QUIET
from bot.homeserver.local_synapse import LocalSynapse
from config.layout import Layout, parse_layout
from config.settings import Settings

_numbers = itertools.count(1)


def small_layout(
    alias_prefix: str,
    *,
    bassins: int = 2,
    themes_with_rooms: int = 1,
    policy: dict[str, object] | None = None,
) -> Layout:
    """A layout small enough to provision in a second: ``bassins`` × 3 groupes, a few themes.

    Its policy has no quiet hours (tests run at any hour) unless ``policy`` says otherwise.
    """
    slugs = ["nord", "sud", "est", "ouest", "centre", "mer"][:bassins]
    return parse_layout(
        {
            "network": {"slug": "reseau", "name": "Réseau test", "alias_prefix": alias_prefix},
            "groupes": [
                {"slug": "travailleurs-sociaux", "short": "ts", "name": "Travailleurs sociaux"},
                {"slug": "responsables", "short": "resp", "name": "Responsables"},
                {"slug": "encadrants", "short": "enc", "name": "Encadrants techniques"},
            ],
            "bassins": [
                {
                    "slug": slug,
                    "name": f"Bassin {slug.capitalize()}",
                    "neighbours": [s for s in slugs if s != slug][:1],
                }
                for slug in slugs
            ],
            "themes": [
                {
                    "slug": "logement",
                    "label": "Logement",
                    "keywords": ["loyer", "appartement", "bail", "déménagement"],
                    "room": themes_with_rooms > 0,
                },
                {
                    "slug": "mobilite",
                    "label": "Mobilité",
                    "keywords": ["permis", "voiture", "bus"],
                    "room": themes_with_rooms > 1,
                },
                {"slug": "emploi", "label": "Emploi", "keywords": ["travail", "boulot", "contrat"]},
            ],
            "policy": {**NEVER_QUIET, **(policy or {})},
        }
    )


class BotHarness:
    """The bot as a deployment runs it: same settings, same database across restarts."""

    def __init__(self, synapse: LocalSynapse, directory: Path, layout: Layout, **overrides: object):
        number = next(_numbers)
        self.synapse = synapse
        self.localpart = f"tisserand{number}"
        self.password = f"{self.localpart}-secret"
        self.layout = layout
        self.directory = directory
        self.overrides = overrides
        self.app: Application | None = None

    @property
    def user_id(self) -> str:
        return self.synapse.user_id(self.localpart)

    async def register(self) -> str:
        return await self.synapse.register(self.localpart, self.password, admin=True)

    def settings(self) -> Settings:
        values: dict[str, object] = {
            "homeserver_url": self.synapse.url,
            "user_id": self.user_id,
            "password": self.password,
            "data_dir": self.directory,
            "sync_timeout_ms": 5_000,
        }
        values.update(self.overrides)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    async def start(self) -> Application:
        await self.register()
        self.app = Application(self.settings(), self.layout)
        await self.app.start()
        await self.app.wait_synced()
        return self.app

    async def stop(self) -> None:
        if self.app is not None:
            await self.app.stop()
            self.app = None

    async def restart(self) -> Application:
        await self.stop()
        return await self.start()
