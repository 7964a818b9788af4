"""``python -m bench``: every benchmark, one after the other, each on its own local Synapse.

Each benchmark prints one summary line per figure; the lines of this run are also appended to
``bench/RESULTS.md`` under the machine, date and commit, so figures are never compared across
machines by mistake. ``python -m bench latency burst`` runs only the named ones.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench import (
    anonymiser,
    burst,
    cli_start,
    encryption,
    fanout,
    latency,
    memory,
    provisioning,
    startup,
    web,
)
from bench.harness import REPOSITORY_ROOT, line, machine

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BENCHES: dict[str, Callable[[], Awaitable[list[str]]]] = {
    "latency": latency.run,
    "encryption": encryption.run,
    "burst": burst.run,
    "provisioning": provisioning.run,
    "start-up": startup.run,
    "memory": memory.run,
    "fan-out": fanout.run,
    "anonymiser": anonymiser.run,
    "cli": cli_start.run,
    "web": web.run,
}


def run_search() -> list[str]:
    """The FAQ search benchmark, when present, runs as its own process and prints its lines."""
    if not (Path(__file__).resolve().parent / "search.py").exists():
        return [line("search", "skipped (bench/search.py absent)")]
    done = subprocess.run(
        [sys.executable, "-m", "bench.search"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [row for row in done.stdout.splitlines() if row.strip()]
    for row in lines:
        print(row, flush=True)
    if done.returncode != 0:
        lines.append(line("search", f"failed (exit {done.returncode}): {done.stderr[-300:]}"))
    return lines


def main(argv: list[str]) -> int:
    chosen = argv or [*BENCHES, "search"]
    began = time.monotonic()
    lines: list[str] = []
    for name in chosen:
        if name == "search":
            lines += run_search()
        else:
            try:
                lines += asyncio.run(BENCHES[name]())
            except Exception as exc:  # a failed benchmark must not hide the others' figures
                lines.append(line(name, f"FAILED: {type(exc).__name__}: {exc}"[:400]))
    lines.append(line("total", f"{time.monotonic() - began:.0f} s"))
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(f"\n### Run of {machine()}\n\n")
        results.write("\n".join(f"- {row}" for row in lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
