"""The network's figures for the web site's charts: requests per month, answer rate and median
time to a first answer per bassin and per groupe, FAQ entries and fiches over time.

Answer rate and median come from `statistics.answer_figures_of`, the same computation as
``!mod stats`` and the digest, per bassin and groupe. Months are computed in Python from the few
columns read: the same code on every backend, and a network's history is a few thousand rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from storage.database import Database
from storage.models import FaqEntry, Fiche, HelpRequest
from storage.repositories.statistics import answer_figures_of


@dataclass(frozen=True)
class AnswerFigures:
    """Requests of one bassin or groupe: how many, how many answered, the median wait."""

    key: str
    requests: int
    answered: int
    median_hours: float | None

    @property
    def rate(self) -> float:
        return self.answered / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Figures:
    requests_per_month: list[tuple[str, int]]
    by_bassin: list[AnswerFigures]
    by_groupe: list[AnswerFigures]
    content_per_month: list[tuple[str, int, int]]  # month, FAQ entries so far, fiches so far


def _month(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m")


def _answers(rows: list[tuple[str | None, datetime, datetime | None]]) -> list[AnswerFigures]:
    groups: dict[str, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for key, created, first in rows:
        groups[key or "—"].append((created, first))
    figures = []
    for key, requests in sorted(groups.items()):
        found = answer_figures_of(requests)
        wait = found.median_first_answer
        hours = round(wait.total_seconds() / 3600, 1) if wait is not None else None
        figures.append(AnswerFigures(key, found.requests, found.answered, hours))
    return figures


class FiguresRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def figures(self, zone: ZoneInfo) -> Figures:
        async with self.database.sessions() as session:
            requests = (
                await session.execute(
                    sa.select(
                        HelpRequest.bassin,
                        HelpRequest.groupe,
                        HelpRequest.created_at,
                        HelpRequest.first_answer_at,
                    )
                )
            ).all()
            faq = await session.scalars(
                sa.select(FaqEntry.created_at).where(FaqEntry.deleted.is_(False))
            )
            faq_months = Counter(_month(at, zone) for at in faq)
            fiches = await session.scalars(sa.select(Fiche.created_at))
            fiche_months = Counter(_month(at, zone) for at in fiches)
        per_month = Counter(_month(row[2], zone) for row in requests)
        content: list[tuple[str, int, int]] = []
        faq_total = fiche_total = 0
        for month in sorted(set(faq_months) | set(fiche_months)):
            faq_total += faq_months[month]
            fiche_total += fiche_months[month]
            content.append((month, faq_total, fiche_total))
        return Figures(
            requests_per_month=sorted(per_month.items()),
            by_bassin=_answers([(r[0], r[2], r[3]) for r in requests]),
            by_groupe=_answers([(r[1], r[2], r[3]) for r in requests]),
            content_per_month=content,
        )
