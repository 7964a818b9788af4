"""What every benchmark needs: a throw-away Synapse, the bot in its own process, and people.

People are light: a token from the shared-secret registration (no password login) and a few
raw client-server requests, so hundreds of them cost little next to what is measured. Latencies
are read from the homeserver's own timestamps (``origin_server_ts`` of a command and of its
reply), which leaves the benchmark's own client out of the figure.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
if str(REPOSITORY_ROOT) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_ROOT))

from bot.homeserver.bot_process import BotProcess, register_with_token  # noqa: E402
from bot.homeserver.local_synapse import LocalSynapse  # noqa: E402

T = TypeVar("T")
BENCH_BCRYPT_ROUNDS = 4


@contextlib.asynccontextmanager
async def bench_synapse(**options: Any) -> AsyncIterator[LocalSynapse]:
    """A fresh homeserver in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="tisserand-bench-") as directory:
        options.setdefault("bcrypt_rounds", BENCH_BCRYPT_ROUNDS)
        synapse = LocalSynapse(Path(directory) / "synapse", **options)
        await synapse.start()
        try:
            yield synapse
        finally:
            await synapse.stop()


@contextlib.contextmanager
def work_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tisserand-bench-bot-") as directory:
        yield Path(directory)


async def bounded(coroutines: Iterable[Awaitable[T]], limit: int = 16) -> list[T]:
    """``gather`` with at most ``limit`` requests in flight."""
    semaphore = asyncio.Semaphore(limit)

    async def one(work: Awaitable[T]) -> T:
        async with semaphore:
            return await work

    return list(await asyncio.gather(*(one(c) for c in coroutines)))


@dataclass
class Person:
    """A registered account talking to the homeserver with raw requests."""

    synapse: LocalSynapse
    user_id: str
    token: str
    session: aiohttp.ClientSession
    _txn: int = 0

    @classmethod
    async def register(
        cls, synapse: LocalSynapse, session: aiohttp.ClientSession, localpart: str
    ) -> Person:
        user_id, token, _ = await register_with_token(synapse, localpart)
        return cls(synapse, user_id, token, session)

    async def request(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        for attempt in range(20):
            async with self.session.request(
                method, self.synapse.url + path, json=body, headers=headers
            ) as response:
                data = await response.json(content_type=None)
                if response.status == 429:
                    await asyncio.sleep(data.get("retry_after_ms", 500) / 1000)
                    continue
                if response.status >= 500 and attempt < 19:
                    await asyncio.sleep(0.2)
                    continue
                if response.status != 200:
                    raise RuntimeError(f"{method} {path}: {response.status} {data}")
                return data if isinstance(data, dict) else {}
        raise RuntimeError(f"{method} {path}: still rate-limited")

    async def send(self, room_id: str, body: str) -> str:
        self._txn += 1
        txn = f"bench-{time.monotonic_ns()}-{self._txn}"
        path = f"/_matrix/client/v3/rooms/{quote(room_id)}/send/m.room.message/{txn}"
        data = await self.request("PUT", path, {"msgtype": "m.text", "body": body})
        return str(data["event_id"])

    async def create_room(self, **body: Any) -> str:
        data = await self.request("POST", "/_matrix/client/v3/createRoom", body)
        return str(data["room_id"])

    async def join(self, room_id: str) -> None:
        await self.request("POST", f"/_matrix/client/v3/join/{quote(room_id)}", {})

    async def open_dm(self, other: str, within: float = 120) -> str:
        """A direct chat with ``other``, returned once they have joined it."""
        room_id = await self.create_room(
            invite=[other], is_direct=True, preset="trusted_private_chat"
        )
        deadline = time.monotonic() + within
        while True:
            data = await self.request(
                "GET", f"/_matrix/client/v3/rooms/{quote(room_id)}/joined_members"
            )
            if other in data.get("joined", {}):
                return room_id
            if time.monotonic() > deadline:
                raise RuntimeError(f"{other} never joined {room_id}")
            await asyncio.sleep(0.3)

    async def recent(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The room's latest events, newest first."""
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id)}/messages?dir=b&limit={limit}"
            "&filter=" + quote(json.dumps({"types": ["m.room.message"]}))
        )
        data = await self.request("GET", path)
        return list(data.get("chunk", []))

    async def event(self, room_id: str, event_id: str) -> dict[str, Any]:
        path = f"/_matrix/client/v3/rooms/{quote(room_id)}/event/{quote(event_id)}"
        return await self.request("GET", path)


def reply_target(event: dict[str, Any]) -> str | None:
    relates = event.get("content", {}).get("m.relates_to") or {}
    reply = relates.get("m.in_reply_to") or {}
    value = reply.get("event_id")
    return value if isinstance(value, str) else None


async def people(
    synapse: LocalSynapse, session: aiohttp.ClientSession, prefix: str, count: int
) -> list[Person]:
    return await bounded(
        (Person.register(synapse, session, f"{prefix}{i}") for i in range(count)), limit=16
    )


def bot_process(synapse: LocalSynapse, directory: Path, **options: Any) -> BotProcess:
    """The bot in a subprocess (``bench.run_bot``), reporting its CPU time and memory."""
    options.setdefault("module", "bench.run_bot")
    options.setdefault("arguments", ())
    options.setdefault("sync_timeout_ms", 30_000)
    report = directory / "stats.json"
    extra = dict(options.pop("extra_env", {}))
    extra["TISSERAND_BENCH_STATS"] = str(report)
    # The bot's environment keeps no TISSERAND_ variable of the caller's: the profile hook of
    # bench/run_bot.py is passed on by name.
    if profile := os.environ.get("TISSERAND_BENCH_PROFILE"):
        extra["TISSERAND_BENCH_PROFILE"] = profile
    return BotProcess(synapse, directory, extra_env=extra, **options)


async def bot_and_echo(
    synapse: LocalSynapse, directory: Path, **options: Any
) -> tuple[BotProcess, BotProcess]:
    """The bot and the bare echo client (the fair baseline), each in its own process, started."""
    bot = bot_process(synapse, directory / "bot", **options)
    echo = bot_process(
        synapse,
        directory / "echo",
        module="bench.echo_bot",
        extra_env={"TISSERAND_ECHO_REPLY": str(directory / "echo" / "reply.json")},
    )
    await bot.start(ready="first start", within=120)
    await echo.start(ready="first start", within=60)
    return bot, echo


async def interleaved(
    ours: Callable[[], Awaitable[T]], base: Callable[[], Awaitable[T]], samples: int
) -> tuple[list[T], list[T]]:
    """``samples`` of each, alternating (ours, base, ours…) so that noise hits both alike."""
    mine: list[T] = []
    theirs: list[T] = []
    for _ in range(samples):
        mine.append(await ours())
        theirs.append(await base())
    return mine, theirs


def ratio_line(
    name: str, ours: tuple[str, list[float]], base: tuple[str, list[float]], goal: float
) -> str:
    """The line comparing medians and 95th percentiles of two interleaved series (in ms)."""
    (label, mine), (base_label, theirs) = ours, base
    ratio = median(mine) / max(median(theirs), 0.001)
    return line(
        name,
        f"{label} median {median(mine):.0f} ms, p95 {percentile(mine, 95):.0f} ms; "
        f"{base_label} median {median(theirs):.0f} ms, p95 {percentile(theirs, 95):.0f} ms; "
        f"ratio {ratio:.2f} ({len(mine)} samples each, interleaved)",
        f"median ratio ≤ {goal}",
        ratio <= goal,
    )


async def bot_stats(bot: BotProcess, within: float = 10) -> dict[str, float]:
    """Ask the running bot (SIGUSR1) for its CPU time and resident memory."""
    import signal

    path = Path(bot.extra_env["TISSERAND_BENCH_STATS"])
    await asyncio.to_thread(path.unlink, missing_ok=True)
    assert bot.process is not None
    bot.process.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + within
    while not await asyncio.to_thread(path.exists):
        if time.monotonic() > deadline:
            raise RuntimeError("the bot did not report its statistics")
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.05)
    return dict(json.loads(await asyncio.to_thread(path.read_text)))


# -- figures -----------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def line(name: str, text: str, goal: str = "", ok: bool | None = None) -> str:
    """One summary line per figure: ``name: figures [goal: … OK/MISSED] (load …)``, with the
    machine's load average over the last minute: the machine is shared, and a figure taken
    under load is read with it."""
    verdict = "" if ok is None else (" OK" if ok else " MISSED")
    suffix = f"  [goal {goal}{verdict}]" if goal else ""
    out = f"{name}: {text}{suffix}  (load {os.getloadavg()[0]:.1f})"
    print(out, flush=True)
    return out


def machine() -> str:
    memory = "?"
    with contextlib.suppress(OSError):
        for row in Path("/proc/meminfo").read_text().splitlines():
            if row.startswith("MemTotal"):
                memory = f"{int(row.split()[1]) / 1024 / 1024:.1f} GiB"
    commit = "?"
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPOSITORY_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')} · commit {commit} · nproc {os.cpu_count()} · "
        f"memory {memory} · Python {platform.python_version()}"
    )


Bench = Callable[[], Awaitable[list[str]]]
