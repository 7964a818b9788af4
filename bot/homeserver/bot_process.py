"""Tisserand run as a deployment runs it: a separate process, configured by environment only.

In-process harnesses cannot show what happens when the bot dies without warning; a subprocess
can be killed with SIGKILL mid-burst and started again on the same data directory, which is
the crash a real deployment meets (power loss, OOM killer, ``docker kill``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from nio import AsyncClient, AsyncClientConfig

from bot.homeserver.local_synapse import LocalSynapse, registration_mac
from bot.homeserver.matrix_user import MatrixUser

# The folder holding the ``bot`` package: the repository, or site-packages once installed.
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count(1)


# Posts held back from 20:00 to 08:00 and at weekends would make a run at night or on a
# Saturday wait for the morning: the harness's network is never quiet.
NEVER_QUIET = {"quiet_hours": {"start": "00:00", "end": "00:00"}, "quiet_days": []}


def small_layout_data(alias_prefix: str, bassins: int = 2) -> dict[str, Any]:
    """A layout file's content: ``bassins`` × 3 groupes and one theme (fast to provision),
    with no quiet hours or days (the runs it serves happen at any hour)."""
    slugs = [f"b{i}" for i in range(1, bassins + 1)]
    return {
        "policy": dict(NEVER_QUIET),
        "network": {"slug": "reseau", "name": "Réseau test", "alias_prefix": alias_prefix},
        "groupes": [
            {"slug": "travailleurs-sociaux", "short": "ts", "name": "Travailleurs sociaux"},
            {"slug": "responsables", "short": "resp", "name": "Responsables"},
            {"slug": "encadrants", "short": "enc", "name": "Encadrants techniques"},
        ],
        "bassins": [{"slug": slug, "name": f"Bassin {slug.upper()}"} for slug in slugs],
        "themes": [{"slug": "logement", "label": "Logement", "keywords": ["loyer"]}],
    }


class BotProcess:
    """``python -m bot.cli run`` (or another module) against ``synapse``, killable at will."""

    def __init__(
        self,
        synapse: LocalSynapse,
        directory: Path,
        *,
        layout: dict[str, Any] | None = None,
        module: str = "bot.cli",
        arguments: tuple[str, ...] = ("run",),
        admin: bool = True,
        sync_timeout_ms: int = 5_000,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        number = next(_numbers)
        self.synapse = synapse
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.localpart = f"tisserandp{os.getpid()}x{number}"
        self.password = f"{self.localpart}-secret"
        self.admin = admin
        self.module = module
        self.arguments = arguments
        self.layout_file = self.directory / "layout.yaml"
        data = layout or small_layout_data(f"p{os.getpid()}x{number}-")
        self.layout_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        self.log_file = self.directory / "bot.log"
        self.sync_timeout_ms = sync_timeout_ms
        self.extra_env = extra_env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def user_id(self) -> str:
        return self.synapse.user_id(self.localpart)

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TISSERAND_")}
        env.update(
            {
                "TISSERAND_HOMESERVER_URL": self.synapse.url,
                "TISSERAND_USER_ID": self.user_id,
                "TISSERAND_PASSWORD": self.password,
                "TISSERAND_DATA_DIR": str(self.directory / "data"),
                "TISSERAND_LAYOUT_FILE": str(self.layout_file),
                "TISSERAND_SYNC_TIMEOUT_MS": str(self.sync_timeout_ms),
                "TISSERAND_LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": str(REPOSITORY_ROOT),
            }
        )
        env.update(self.extra_env)
        return env

    def log_text(self) -> str:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    async def start(self, *, ready: str = "", within: float = 60) -> None:
        """Start the process; with ``ready``, return once that text appears in its log."""
        if self.starts == 0:
            await self.synapse.register(self.localpart, self.password, admin=self.admin)
        self.starts += 1
        mark = len(self.log_text())
        with self.log_file.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                self.module,
                *self.arguments,
                cwd=REPOSITORY_ROOT,
                env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        if ready:
            await self.wait_for_log(ready, after=mark, within=within)

    async def wait_for_log(self, text: str, *, after: int = 0, within: float = 60) -> None:
        deadline = time.monotonic() + within
        while text not in self.log_text()[after:]:
            if self.process is not None and self.process.returncode is not None:
                raise AssertionError(
                    f"the bot exited ({self.process.returncode}):\n{self.log_text()[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in the bot's log:\n{self.log_text()[-3000:]}")
            await asyncio.sleep(0.1)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        await self._signal(signal.SIGKILL)

    async def stop(self) -> None:
        """SIGTERM and wait: the bot's own graceful shutdown."""
        await self._signal(signal.SIGTERM)

    async def _signal(self, sig: signal.Signals) -> None:
        process = self.process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(sig)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        self.process = None


async def register_with_token(
    synapse: LocalSynapse, localpart: str, *, admin: bool = False
) -> tuple[str, str, str]:
    """Register through the shared-secret API and keep the token it returns.

    No password login follows, so this works under Synapse's default login rate limit (a few
    logins per address, then one every few minutes) and costs one round trip less per person.
    Returns (user id, access token, device id).
    """
    password = f"{localpart}-password"
    endpoint = f"{synapse.url}/_synapse/admin/v1/register"
    async with aiohttp.ClientSession() as session:
        async with session.get(endpoint) as response:
            nonce = (await response.json())["nonce"]
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": registration_mac(
                synapse._shared_secret, nonce, localpart, password, admin=admin
            ),
        }
        async with session.post(endpoint, json=body) as response:
            payload = await response.json()
            if response.status != 200:
                raise AssertionError(f"registering {localpart} failed: {payload}")
    return str(payload["user_id"]), str(payload["access_token"]), str(payload["device_id"])


async def token_user(synapse: LocalSynapse, localpart: str) -> MatrixUser:
    """A syncing `MatrixUser` created without a password login."""
    user_id, token, device_id = await register_with_token(synapse, localpart)
    config = AsyncClientConfig(max_timeouts=5, request_timeout=30)
    client = AsyncClient(synapse.url, user_id, config=config)
    client.restore_login(user_id, device_id, token)
    user = MatrixUser(synapse, user_id, client)
    await user.start()
    return user
