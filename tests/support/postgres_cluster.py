"""A throw-away PostgreSQL server of a test's own, to stop and restart at will.

The shared test server (``TISSERAND_TEST_POSTGRES_URL``) must not be restarted under other
tests, so a fault test starts its own cluster with Debian's binaries (``initdb``, ``pg_ctl``) on
a free loopback port, in a temporary directory, as the ``postgres`` user when run as root
(PostgreSQL refuses to run as root). `available()` says whether the binaries are there.
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import socket
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def available() -> bool:
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        return False
    return os.geteuid() != 0 or shutil.which("runuser") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, "no PostgreSQL binaries under /usr/lib/postgresql"
        self.bin_dir = bin_dir
        self.directory = Path(tempfile.mkdtemp(prefix="tisserand-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    async def _run(self, program: str, *arguments: str) -> None:
        command = [str(self.bin_dir / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        process = await asyncio.create_subprocess_exec(
            *command,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=self.directory,
        )
        output, _ = await process.communicate()
        if process.returncode != 0:
            raise AssertionError(f"{program} failed: {output.decode(errors='replace')}")

    async def start(self) -> None:
        if not self.data.exists():
            await self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")
        await self._pg_ctl("start")

    async def start_in_recovery(self) -> None:
        """Start the server as a standby that accepts no connection ("the database system is
        starting up"), as during a long crash recovery; `promote` ends it."""
        (self.data / "standby.signal").touch()
        if os.geteuid() == 0:
            shutil.chown(self.data / "standby.signal", "postgres", "postgres")
        await self._pg_ctl("start", extra_options="-c hot_standby=off", wait=False)

    async def promote(self) -> None:
        await self._pg_ctl("promote")

    async def stop(self) -> None:
        await self._pg_ctl("stop", "-m", "fast")

    async def _pg_ctl(
        self, action: str, *extra: str, extra_options: str = "", wait: bool = True
    ) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        options = f"{options} {extra_options}".strip()
        await self._run(
            "pg_ctl",
            action,
            *extra,
            "-w" if wait else "-W",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )

    async def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            await self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
