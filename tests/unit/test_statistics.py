"""Statistics from the real models, on every backend: one answer rate, one median (SPEC §7, §8).

``!mod stats``, ``tisserand stats`` and the weekly digest all read these queries, so a column
renamed in a model fails here instead of silently dropping a line of a figure.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import yaml

from bot.services.statistics import compute_stats
from storage.database import Database, sqlite_url
from storage.models import FaqEntry, Fiche, FocusSession, HelpRequest, utcnow
from storage.repositories.statistics import StatisticsRepository
from tests.support.bot import small_layout
from tests.support.bot_process import REPOSITORY_ROOT, small_layout_data

NOW = utcnow()


def request(bassin: str, state: str, *, age: timedelta, answered_after: timedelta | None = None):
    created = NOW - age
    return HelpRequest(
        requester="@r:x",
        dm_room_id="!dm:x",
        bassin=bassin,
        text="q",
        state=state,
        created_at=created,
        first_answer_at=None if answered_after is None else created + answered_after,
        closed_at=created + timedelta(hours=1) if state != "open" else None,
    )


async def seed(database: Database) -> None:
    async with database.transaction() as session:
        session.add_all(
            [
                request(
                    "nord", "resolved", age=timedelta(days=2), answered_after=timedelta(hours=1)
                ),
                request("nord", "open", age=timedelta(days=3), answered_after=timedelta(hours=3)),
                request("nord", "open", age=timedelta(days=4)),
                request(
                    "nord", "abandoned", age=timedelta(days=40), answered_after=timedelta(hours=9)
                ),
                request(
                    "sud", "resolved", age=timedelta(days=1), answered_after=timedelta(minutes=30)
                ),
                FaqEntry(
                    question="q", answer="a", bassin="nord", created_at=NOW - timedelta(days=1)
                ),
                FaqEntry(question="q", answer="a", bassin=None, created_at=NOW - timedelta(days=2)),
                FaqEntry(
                    question="q", answer="a", bassin="sud", created_at=NOW - timedelta(days=2)
                ),
                FaqEntry(question="q", answer="a", bassin="nord", deleted=True, created_at=NOW),
                FaqEntry(
                    question="q", answer="a", bassin="nord", created_at=NOW - timedelta(days=30)
                ),
                Fiche(titre="t", bassin="nord", created_at=NOW - timedelta(days=1)),
                Fiche(titre="t", bassin="sud", created_at=NOW - timedelta(days=20)),
                FocusSession(
                    author_id="@a:x",
                    theme="Logement",
                    target="nord",
                    starts_at=NOW + timedelta(days=2),
                    timezone="Europe/Paris",
                ),
            ]
        )


async def test_answer_rate_and_median_of_a_period_and_a_bassin(database: Database) -> None:
    await seed(database)
    figures = StatisticsRepository(database)
    nord = await figures.answer_figures("nord", NOW - timedelta(days=28), NOW)
    assert (nord.requests, nord.answered) == (3, 2)
    assert nord.rate == 2 / 3
    assert nord.median_first_answer == timedelta(hours=2)
    everything = await figures.answer_figures()
    assert (everything.requests, everything.answered) == (5, 4)
    assert everything.median_minutes == 120  # 30 min, 1 h, 3 h, 9 h
    empty = await figures.answer_figures("est")
    assert (empty.rate, empty.median_first_answer) == (None, None)


async def test_counts_per_state_period_and_bassin(database: Database) -> None:
    await seed(database)
    figures = StatisticsRepository(database)
    assert await figures.requests_by_state() == {"open": 2, "resolved": 2, "abandoned": 1}
    assert await figures.requests_by_state("nord") == {"open": 2, "resolved": 1, "abandoned": 1}
    week = NOW - timedelta(days=7)
    assert await figures.requests_resolved("nord", week, NOW) == 1
    assert await figures.requests_resolved(None) == 2
    # Live entries; a bassin's count includes the network-wide ones (no bassin).
    assert await figures.faq_entries() == 4
    assert await figures.faq_entries("nord", week, NOW) == 2
    assert await figures.faq_entries("sud", week, NOW) == 2
    assert await figures.fiches("nord", week, NOW) == 1
    assert await figures.fiches() == 2
    assert await figures.focus_sessions() == 1


async def test_mod_stats_reads_the_same_figures(database: Database) -> None:
    await seed(database)
    stats = await compute_stats(database, small_layout("t-"))
    assert (stats.requests_open, stats.requests_resolved, stats.requests_abandoned) == (2, 2, 1)
    assert stats.requests_answered == 4 and stats.answer_rate == 4 / 5
    assert stats.median_first_answer_minutes == 120
    assert (stats.faq_entries, stats.fiches, stats.focus_sessions) == (4, 2, 1)


async def test_tisserand_stats_prints_the_same_figures(tmp_path: Path) -> None:
    """``tisserand stats --json`` on a deployment's data directory: the repository's figures."""
    data = tmp_path / "data"
    data.mkdir()
    database = Database(sqlite_url((data / "tisserand.db").resolve()))
    try:
        await database.migrate()
        await seed(database)
    finally:
        await database.close()
    layout_file = tmp_path / "layout.yaml"
    layout_file.write_text(yaml.safe_dump(small_layout_data("t-")), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TISSERAND_")}
    env.update(
        TISSERAND_DATA_DIR=str(data),
        TISSERAND_LAYOUT_FILE=str(layout_file),
        PYTHONPATH=str(REPOSITORY_ROOT),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "stats",
        "--json",
        env=env,
        cwd=REPOSITORY_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    figures = json.loads(out)
    assert (figures["requests_open"], figures["requests_resolved"]) == (2, 2)
    assert figures["answer_rate"] == 4 / 5 and figures["median_first_answer_minutes"] == 120
    assert (figures["faq_entries"], figures["fiches"], figures["focus_sessions"]) == (4, 2, 1)
