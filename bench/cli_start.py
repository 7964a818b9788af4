"""How fast the command line is ready: three everyday commands beside ``python -c pass``.

Each command runs as a new process, as an operator or a script runs it, on a fresh data
directory whose schema is already current (the first run, which creates it, is not counted).
The baseline is the interpreter starting and doing nothing, in the same run.
"""

from __future__ import annotations

import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time

from bench.harness import REPOSITORY_ROOT, line, median

RUNS = 7
GOAL_SECONDS = 0.6
COMMANDS = {
    "anonymise": (["anonymise"], "Marie Dupont, 0478 11 22 33, cherche un logement.\n"),
    "faq search": (["faq", "search", "loyer impayé"], ""),
    "check-config": (["check-config"], ""),
}


def _seconds(arguments: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU time says less about the machine's load)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        arguments, input=stdin, env=env, cwd=REPOSITORY_ROOT, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return median([wall for wall, _ in runs]), median([cpu for _, cpu in runs])


def run_sync() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="tisserand-cli-") as directory:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TISSERAND_")}
        env["TISSERAND_DATA_DIR"] = directory
        tisserand = [sys.executable, "-m", "bot.cli"]
        _seconds([*tisserand, "faq", "search", "amorce"], "", env)  # creates the schema
        baseline, baseline_cpu = _medians(
            [_seconds([sys.executable, "-c", "pass"], "", env) for _ in range(RUNS)]
        )
        lines = []
        for name, (arguments, stdin) in COMMANDS.items():
            seconds, cpu = _medians(
                [_seconds([*tisserand, *arguments], stdin, env) for _ in range(RUNS)]
            )
            lines.append(
                line(
                    f"cli {name}",
                    f"ready in {seconds:.2f} s, CPU {cpu:.2f} s (medians of {RUNS}); "
                    f"python -c pass {baseline:.2f} s, CPU {baseline_cpu:.2f} s",
                    f"≤ {GOAL_SECONDS} s",
                    seconds <= GOAL_SECONDS,
                )
            )
        return lines


async def run() -> list[str]:
    return await asyncio.to_thread(run_sync)


if __name__ == "__main__":
    run_sync()
