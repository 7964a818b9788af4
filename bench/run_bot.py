"""The bot as ``tisserand run`` runs it, plus a statistics report for benchmarks.

On SIGUSR1 (and at the end) it writes its CPU time (``time.process_time``) and resident
memory to the file named by ``TISSERAND_BENCH_STATS``, so a benchmark measures the bot alone,
not the clients that load it.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import logging
import os
import resource
import signal
import time
from pathlib import Path

from bot.app import Application
from config.layout import load_layout
from config.settings import Settings


def resident_kib() -> int:
    """Current resident set size, from /proc (``ru_maxrss`` is only the peak)."""
    try:
        for row in Path("/proc/self/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                return int(row.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def write_stats(path: Path) -> None:
    stats = {
        "cpu_seconds": time.process_time(),
        "rss_kib": resident_kib(),
        "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(stats))
    tmp.replace(path)


class ProfiledWindow:
    """A profile started at the first statistics report and written at the second."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state = "waiting"
        self.profiler = cProfile.Profile()

    def step(self) -> None:
        if self.state == "waiting":
            self.state = "running"
            self.profiler.enable()
        else:
            self.close()

    def close(self) -> None:
        if self.state == "running":
            self.profiler.disable()
            self.profiler.dump_stats(self.path)
        self.state = "written"


async def main() -> None:
    settings = Settings()
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("nio").setLevel(logging.WARNING)
    stats = Path(os.environ["TISSERAND_BENCH_STATS"])
    app = Application(settings, load_layout(settings.layout_file))
    # TISSERAND_BENCH_PROFILE=file.prof: a cProfile of what the bot does from its first
    # statistics report to the second (a benchmark's measured window) or to the end, for
    # finding CPU costs.
    profile_path = os.environ.get("TISSERAND_BENCH_PROFILE")
    window = ProfiledWindow(Path(profile_path)) if profile_path else None
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(app.run())

    def report() -> None:
        write_stats(stats)
        if window is not None:
            window.step()

    loop.add_signal_handler(signal.SIGUSR1, report)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        pass
    finally:
        await app.stop()
        write_stats(stats)
        if window is not None:
            window.close()


if __name__ == "__main__":
    asyncio.run(main())
