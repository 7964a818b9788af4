"""Long texts are anonymised off the event loop: other users' commands keep being served."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bot.text.anonymiser import Anonymiser
from bot.text.when import WhenError, parse_when_in_thread

SENTENCE = (
    "Madame Dupont habite rue de la Paix 12 à Namur, téléphone 0475 12 34 56, son fils Kevin "
    "a 17 ans et cherche un logement. "
)
LONG_REQUEST = (SENTENCE * 200)[:20_000]


async def longest_pause(work: Callable[[], Awaitable[object]]) -> float:
    """The longest time the event loop could not run a 5 ms ticker while ``work`` ran."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0.02)
    await work()
    done.set()
    await ticker
    return max(gaps)


async def test_a_20000_character_request_does_not_stall_the_loop() -> None:
    anonymiser = Anonymiser.default()
    began = time.perf_counter()
    anonymiser.anonymise(LONG_REQUEST)
    on_the_loop = time.perf_counter() - began  # how long the loop would stall
    result = await anonymiser.anonymise_in_thread(LONG_REQUEST)
    assert "Dupont" not in result.text
    pause = await longest_pause(lambda: anonymiser.anonymise_in_thread(LONG_REQUEST))
    assert pause < on_the_loop / 2, f"loop paused {pause:.3f}s (anonymising: {on_the_loop:.3f}s)"


async def test_dates_are_read_in_a_thread_with_the_same_answers() -> None:
    when = await parse_when_in_thread("demain 10h")
    assert when.start.hour == 10
    try:
        await parse_when_in_thread("n'importe quoi " * 1000)
    except WhenError as error:
        assert error.key.startswith("dates.error.")
    else:
        raise AssertionError("a meaningless text was read as a date")
