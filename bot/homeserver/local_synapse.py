"""A real Synapse homeserver on loopback, started as a subprocess.

Two users: the integration test suite, which needs a genuine homeserver (rate limits, room
versions, admin API) rather than a mock, and ``tisserand demo``, which gives people trying the
bot a homeserver without any setup. Both want the same thing: a self-contained directory holding
the configuration, signing key, SQLite database, media and logs; one HTTP listener on 127.0.0.1;
accounts created through the shared-secret admin API (public registration stays closed).

The configuration is written by this module rather than by ``--generate-config``, so every
setting that matters (rate limits, room version, no federation, no presence) is explicit. A
directory that already holds a ``homeserver.yaml`` is reused as it is: its server name, port and
shared secret win, which is what lets the demo keep its data between runs and lets a stopped
homeserver come back on the same address.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

import aiohttp
import yaml

from bot.homeserver.config import (
    CONFIG_FILE,
    DEFAULT_BCRYPT_ROUNDS,
    DEFAULT_ROOM_VERSION,
    DEMO_PORT,
    LOG_CONFIG_FILE,
    LOG_FILE,
    MEDIA_DIR,
    OUTPUT_FILE,
    SIGNING_KEY_FILE,
    STARTUP_TIMEOUT,
    STOP_TIMEOUT,
    free_port,
    homeserver_config,
    log_config,
    port_is_free,
    registration_mac,
    signing_key_line,
)
from config.yaml_files import load_yaml

# registration_mac is part of this module's interface (tests and benchmarks sign with it).
__all__ = ["LocalSynapse", "LocalSynapseError", "registration_mac"]

log = logging.getLogger(__name__)


class LocalSynapseError(RuntimeError):
    """The homeserver could not be started, stopped or asked to register an account."""


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return f"({path.name}: absent)"
    return f"--- {path.name} (last {lines} lines) ---\n" + "\n".join(text.splitlines()[-lines:])


def _die_with_parent_hook() -> Callable[[], None] | None:
    """A pre-exec hook so that a homeserver never outlives the process that started it.

    Linux only (``prctl(PR_SET_PDEATHSIG)``). libc is loaded here, in the parent, because the
    hook runs between fork and exec where importing or loading libraries is unsafe.
    """
    if sys.platform != "linux":
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, int(signal.SIGTERM))

    return hook


class LocalSynapse:
    """One Synapse homeserver living in ``directory``, reachable at ``url``.

    Use as ``async with LocalSynapse(path) as synapse: ...``, or call ``start``/``stop``
    explicitly. Stopping keeps the directory, so a later ``start`` brings back the same
    accounts, rooms and port: that is how outages are simulated.
    """

    def __init__(
        self,
        directory: Path,
        *,
        server_name: str = "localhost",
        port: int | None = None,
        default_rate_limits: bool = False,
        room_version: str = DEFAULT_ROOM_VERSION,
        bcrypt_rounds: int = DEFAULT_BCRYPT_ROUNDS,
        startup_timeout: float = STARTUP_TIMEOUT,
        extra_config: dict[str, Any] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.startup_timeout = startup_timeout
        self._process: asyncio.subprocess.Process | None = None
        self._output: BinaryIO | None = None
        self.last_startup_seconds: float | None = None
        self.directory.mkdir(parents=True, exist_ok=True)
        # Only a port picked automatically for a brand-new directory may change at start-up;
        # afterwards clients know the address, and a restart must keep it.
        self._may_move_port = port is None and not self.config_path.exists()
        if not self.config_path.exists():
            self._write_fresh_config(
                server_name=server_name,
                port=port if port is not None else free_port(),
                room_version=room_version,
                default_rate_limits=default_rate_limits,
                bcrypt_rounds=bcrypt_rounds,
                extra_config=extra_config or {},
            )
        self._load_config(server_name=server_name, port=port)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def for_demo(cls, data_dir: Path, *, port: int | None = None) -> LocalSynapse:
        """A persistent homeserver for ``tisserand demo``: created once, reused on later runs.

        A new demo listens on port 8008 when it is free (the port Matrix clients suggest for a
        local homeserver), otherwise on any free port; the choice is kept in the directory.
        """
        data_dir = Path(data_dir)
        if port is None and not (data_dir / CONFIG_FILE).exists():
            port = DEMO_PORT if port_is_free(DEMO_PORT) else None
        return cls(data_dir, port=port)

    @property
    def config_path(self) -> Path:
        return self.directory / CONFIG_FILE

    @property
    def log_path(self) -> Path:
        return self.directory / LOG_FILE

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def user_id(self, localpart: str) -> str:
        return f"@{localpart}:{self.server_name}"

    def _write_fresh_config(
        self,
        *,
        server_name: str,
        port: int,
        room_version: str,
        default_rate_limits: bool,
        bcrypt_rounds: int,
        extra_config: dict[str, Any],
    ) -> None:
        (self.directory / MEDIA_DIR).mkdir(exist_ok=True)
        key_path = self.directory / SIGNING_KEY_FILE
        if not key_path.exists():
            key_path.write_text(signing_key_line(), encoding="ascii")
            key_path.chmod(0o600)
        (self.directory / LOG_CONFIG_FILE).write_text(
            yaml.safe_dump(log_config(self.log_path), sort_keys=False), encoding="utf-8"
        )
        config = homeserver_config(
            self.directory,
            server_name=server_name,
            port=port,
            shared_secret=secrets.token_urlsafe(32),
            room_version=room_version,
            default_rate_limits=default_rate_limits,
            bcrypt_rounds=bcrypt_rounds,
        )
        config.update(extra_config)  # e.g. encryption_enabled_by_default_for_room_type
        self._save_config(config)

    def _save_config(self, config: dict[str, Any]) -> None:
        tmp = self.config_path.with_suffix(".yaml.tmp")
        tmp.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(self.config_path)

    def _load_config(self, *, server_name: str, port: int | None) -> None:
        config = load_yaml(self.config_path.read_text(encoding="utf-8"))
        if config["server_name"] != server_name:
            raise LocalSynapseError(
                f"{self.config_path} belongs to server {config['server_name']!r}, "
                f"not {server_name!r}: the data in it cannot change server name"
            )
        if port is not None and config["listeners"][0]["port"] != port:
            self._set_port(config, port)
        self.server_name: str = config["server_name"]
        self.port: int = int(config["listeners"][0]["port"])
        self.room_version: str = str(config.get("default_room_version", DEFAULT_ROOM_VERSION))
        self._shared_secret: str = config["registration_shared_secret"]

    def _set_port(self, config: dict[str, Any], port: int) -> None:
        config["listeners"][0]["port"] = port
        config["public_baseurl"] = f"http://127.0.0.1:{port}/"
        self._save_config(config)
        self.port = port

    # -- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def start(self) -> None:
        """Start the homeserver and return once its client API answers."""
        if self.running:
            return
        began = time.monotonic()
        try:
            await self._spawn_and_wait()
        except LocalSynapseError as error:
            # Another process may have taken an automatically chosen port between the
            # moment it was picked and Synapse binding it: pick another one, once.
            if not self._may_move_port or "Address already in use" not in str(error):
                raise
            config = load_yaml(self.config_path.read_text(encoding="utf-8"))
            self._set_port(config, free_port())
            await self._spawn_and_wait()
        self._may_move_port = False
        self.last_startup_seconds = time.monotonic() - began
        log.info("Synapse up at %s in %.1f s", self.url, self.last_startup_seconds)

    async def _spawn_and_wait(self) -> None:
        # The output file is only written at start-up (tracebacks before logging is set up).
        self._output = (self.directory / OUTPUT_FILE).open("ab")
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "synapse.app.homeserver",
            "--config-path",
            str(self.config_path.resolve()),
            cwd=self.directory,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._output,
            stderr=self._output,
            env=env,
            preexec_fn=_die_with_parent_hook(),
        )
        deadline = time.monotonic() + self.startup_timeout
        async with aiohttp.ClientSession() as session:
            while True:
                if self._process.returncode is not None:
                    code = self._process.returncode
                    await self._reap()
                    raise LocalSynapseError(
                        f"Synapse exited with code {code} while starting\n{self._logs()}"
                    )
                if await self._answers(session):
                    return
                if time.monotonic() > deadline:
                    await self.stop()
                    raise LocalSynapseError(
                        f"Synapse did not answer on {self.url} within "
                        f"{self.startup_timeout:.0f} s\n{self._logs()}"
                    )
                await asyncio.sleep(0.1)

    def _logs(self) -> str:
        return "\n".join((_tail(self.directory / OUTPUT_FILE), _tail(self.log_path)))

    async def _answers(self, session: aiohttp.ClientSession) -> bool:
        try:
            async with session.get(
                f"{self.url}/_matrix/client/versions",
                timeout=aiohttp.ClientTimeout(total=2),
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def is_up(self) -> bool:
        """Whether the client API answers right now."""
        async with aiohttp.ClientSession() as session:
            return await self._answers(session)

    async def stop(self) -> None:
        """Stop gracefully (SIGTERM), killing the process if it lingers. Data is kept."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                log.warning("Synapse ignored SIGTERM for %.0f s: killing it", STOP_TIMEOUT)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        await self._reap()

    async def _reap(self) -> None:
        if self._process is not None and self._process.returncode is None:
            await self._process.wait()
        self._process = None
        if self._output is not None:
            self._output.close()
            self._output = None

    async def restart(self) -> None:
        """Stop then start again: same port, same accounts and rooms."""
        await self.stop()
        await self.start()

    @contextlib.asynccontextmanager
    async def outage(self) -> AsyncIterator[None]:
        """``async with synapse.outage(): ...`` keeps the homeserver down for the block."""
        await self.stop()
        try:
            yield
        finally:
            await self.start()

    # -- accounts -------------------------------------------------------------------------

    async def register(
        self,
        localpart: str,
        password: str,
        *,
        admin: bool = False,
        displayname: str | None = None,
    ) -> str:
        """Create an account with the shared secret; an existing account is left as it is.

        Returns the full user id. The nonce must be fetched first and is single-use, which is
        why each registration makes two requests.
        """
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        async with aiohttp.ClientSession() as session:
            async with session.get(endpoint) as response:
                if response.status != 200:
                    raise LocalSynapseError(
                        f"nonce request failed: {response.status} {await response.text()}"
                    )
                nonce = (await response.json())["nonce"]
            body: dict[str, Any] = {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": registration_mac(
                    self._shared_secret, nonce, localpart, password, admin=admin
                ),
            }
            if displayname is not None:
                body["displayname"] = displayname
            async with session.post(endpoint, json=body) as response:
                payload = await response.json()
                if response.status == 200:
                    return str(payload["user_id"])
                if payload.get("errcode") == "M_USER_IN_USE":
                    return self.user_id(localpart)
                raise LocalSynapseError(
                    f"registering {localpart!r} failed: {response.status} {payload}"
                )
