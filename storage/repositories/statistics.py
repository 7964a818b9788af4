"""The community's figures, read from the real models (SPEC §7, §8).

One implementation of each figure, used by ``!mod stats``, ``tisserand stats`` and the weekly
digest: a renamed column fails these queries (and their tests) loudly instead of silently
dropping a line. Periods are half-open, ``since <= t < until``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from storage.database import Database
from storage.models import (
    FaqEntry,
    Fiche,
    FocusGuest,
    FocusSession,
    HelpRequest,
    Partner,
    RequestAnswer,
    Structure,
    StructureService,
)


@dataclass(frozen=True)
class AnswerFigures:
    """Requests sent in a period, how many got a first answer, and the median delay to it."""

    requests: int
    answered: int
    median_first_answer: timedelta | None

    @property
    def rate(self) -> float | None:
        """answered / sent; None when nothing was sent."""
        return self.answered / self.requests if self.requests else None

    @property
    def median_minutes(self) -> float | None:
        delay = self.median_first_answer
        return None if delay is None else delay.total_seconds() / 60


def answer_figures_of(requests: Sequence[tuple[datetime, datetime | None]]) -> AnswerFigures:
    """The one computation of answer rate and median time to first answer, from each
    request's ``(created, first answered)`` (the web's charts group requests first)."""
    delays = [(answered - created).total_seconds() for created, answered in requests if answered]
    median = timedelta(seconds=statistics.median(delays)) if delays else None
    return AnswerFigures(len(requests), len(delays), median)


def _period(column: Any, since: datetime | None, until: datetime | None) -> list[Any]:
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


class StatisticsRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def _count(self, query: Any) -> int:
        async with self.database.sessions() as session:
            return int(await session.scalar(query) or 0)

    async def requests_by_state(self, bassin: str | None = None) -> dict[str, int]:
        """Help requests per state (``open``, ``resolved``, ``abandoned``), all time."""
        query = select(HelpRequest.state, func.count()).group_by(HelpRequest.state)
        if bassin is not None:
            query = query.where(HelpRequest.bassin == bassin)
        async with self.database.sessions() as session:
            return {state: int(n) for state, n in (await session.execute(query)).all()}

    async def requests_resolved(
        self, bassin: str | None, since: datetime | None = None, until: datetime | None = None
    ) -> int:
        """Requests resolved (closed as such) in the period."""
        query = (
            select(func.count())
            .select_from(HelpRequest)
            .where(HelpRequest.state == "resolved", *_period(HelpRequest.closed_at, since, until))
        )
        if bassin is not None:
            query = query.where(HelpRequest.bassin == bassin)
        return await self._count(query)

    async def answer_figures(
        self,
        bassin: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AnswerFigures:
        """Answer rate and median time to first answer of the requests sent in the period."""
        query = select(HelpRequest.created_at, HelpRequest.first_answer_at).where(
            *_period(HelpRequest.created_at, since, until)
        )
        if bassin is not None:
            query = query.where(HelpRequest.bassin == bassin)
        async with self.database.sessions() as session:
            rows = (await session.execute(query)).all()
        return answer_figures_of([(created, answered) for created, answered in rows])

    async def faq_entries(
        self,
        bassin: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """Live FAQ entries created in the period; for a bassin, entries without a bassin
        (network-wide) count too."""
        query = (
            select(func.count())
            .select_from(FaqEntry)
            .where(FaqEntry.deleted.is_(False), *_period(FaqEntry.created_at, since, until))
        )
        if bassin is not None:
            query = query.where(or_(FaqEntry.bassin == bassin, FaqEntry.bassin.is_(None)))
        return await self._count(query)

    async def fiches(
        self,
        bassin: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        query = (
            select(func.count()).select_from(Fiche).where(*_period(Fiche.created_at, since, until))
        )
        if bassin is not None:
            query = query.where(Fiche.bassin == bassin)
        return await self._count(query)

    async def focus_sessions(self) -> int:
        return await self._count(select(func.count()).select_from(FocusSession))

    async def beyond_the_network(self) -> dict[str, int]:
        """Partners (now, and ever invited), answers they gave while partners, focus guests,
        structures and services of the directory (issue 15)."""
        while_partner = (
            select(Partner.id)
            .where(
                Partner.user_id == RequestAnswer.author,
                Partner.invited_at <= RequestAnswer.created_at,
                or_(Partner.ended_at.is_(None), Partner.ended_at >= RequestAnswer.created_at),
            )
            .exists()
        )
        count = func.count()
        return {
            "partners": await self._count(
                select(count).select_from(Partner).where(Partner.ended_at.is_(None))
            ),
            "partners_ever": await self._count(select(func.count(func.distinct(Partner.user_id)))),
            "partner_answers": await self._count(
                select(count).select_from(RequestAnswer).where(while_partner)
            ),
            "guests": await self._count(select(count).select_from(FocusGuest)),
            "structures": await self._count(select(count).select_from(Structure)),
            "services": await self._count(select(count).select_from(StructureService)),
        }
