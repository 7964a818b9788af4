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


async def main() -> None:
    settings = Settings()
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("nio").setLevel(logging.WARNING)
    stats = Path(os.environ["TISSERAND_BENCH_STATS"])
    app = Application(settings, load_layout(settings.layout_file))
    # TISSERAND_BENCH_PROFILE=file.prof: a cProfile of the whole run, for finding CPU costs.
    profile_path = os.environ.get("TISSERAND_BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_path else None
    if profiler is not None:
        profiler.enable()
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(app.run())
    loop.add_signal_handler(signal.SIGUSR1, write_stats, stats)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        pass
    finally:
        await app.stop()
        write_stats(stats)
        if profiler is not None and profile_path:
            profiler.disable()
            profiler.dump_stats(profile_path)


if __name__ == "__main__":
    asyncio.run(main())
