"""The anonymiser: p95 time for a 2 KB help request, and throughput on the evaluation sets.

The baseline of the same run is a plain regular-expression pass over the same texts (e-mails
and phone-like digit runs only): what the cheapest possible scrubber costs on this machine, so
the figure reads as "how many plain passes one full anonymisation is worth".
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from bench.harness import line, median, percentile
from bot.text.anonymiser import Anonymiser
from bot.text.anonymiser.evaluation import load_cases

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ("pii_dev.jsonl", "pii_cases.jsonl", "pii_handwritten.jsonl", "pii_blind.jsonl")
GOAL_P95_MS = 50.0
_PLAIN = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d .]{7,}\d")


def two_kilobyte_requests(texts: list[str], count: int = 50) -> list[str]:
    """Realistic 2 KB requests: consecutive cases joined until 2 048 characters."""
    requests, current = [], ""
    index = 0
    while len(requests) < count:
        current += texts[index % len(texts)] + " "
        index += 1
        if len(current) >= 2048:
            requests.append(current[:2048])
            current = ""
    return requests


def timed(function, texts: list[str]) -> list[float]:
    samples = []
    for text in texts:
        began = time.perf_counter()
        function(text)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def run_sync() -> list[str]:
    anonymiser = Anonymiser.default()
    texts = [case.text for name in SETS for case in load_cases(DATA / name)]
    big = two_kilobyte_requests(texts)
    anonymiser.anonymise(big[0])  # warm the caches
    ours = timed(anonymiser.anonymise, big)
    plain = timed(lambda text: _PLAIN.sub("", text), big)
    began = time.perf_counter()
    for text in texts:
        anonymiser.anonymise(text)
    elapsed = time.perf_counter() - began
    p95 = percentile(ours, 95)
    return [
        line(
            "anonymiser 2 KB request",
            f"median {median(ours):.1f} ms, p95 {p95:.1f} ms ({len(big)} requests); plain regex "
            f"pass median {median(plain):.2f} ms",
            f"p95 ≤ {GOAL_P95_MS:.0f} ms",
            p95 <= GOAL_P95_MS,
        ),
        line(
            "anonymiser throughput",
            f"{len(texts) / elapsed:.0f} requests/s over the {len(texts)} evaluation cases "
            f"({sum(map(len, texts)) / elapsed / 1024:.0f} KiB/s)",
        ),
    ]


async def run() -> list[str]:
    return run_sync()


def main() -> None:
    run_sync()


if __name__ == "__main__":
    main()
