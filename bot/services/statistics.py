"""Community figures (SPEC §7): the same for ``!mod stats`` and ``tisserand stats``.

Every figure comes from `StatisticsRepository` (or the members' counts), which queries the
real models; the digest reads its figures from the same repository.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.framework.catalogue import Catalogue, Raw
from bot.matrix.formatting import Message, markdown_to_html
from config.layout import Layout
from storage.database import Database
from storage.repositories.members import MemberRepository
from storage.repositories.statistics import StatisticsRepository


@dataclass(frozen=True)
class Stats:
    """Community figures, the same for ``!mod stats`` and ``tisserand stats``."""

    members: dict[str, dict[str, int]] = field(default_factory=dict)
    members_total: int = 0
    requests_open: int = 0
    requests_resolved: int = 0
    requests_abandoned: int = 0
    requests_answered: int = 0
    answer_rate: float | None = None
    median_first_answer_minutes: float | None = None
    faq_entries: int = 0
    fiches: int = 0
    focus_sessions: int = 0
    beyond: dict[str, int] = field(default_factory=dict)  # partners, guests, structures

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Statistics:
    def __init__(self, figures: StatisticsRepository, members: MemberRepository) -> None:
        self.figures = figures
        self.members = members

    async def compute(self, layout: Layout) -> Stats:
        counts = await self.members.counts()
        members: dict[str, dict[str, int]] = {
            b.slug: {g.slug: 0 for g in layout.groupes} for b in layout.bassins
        }
        for (bassin, groupe), number in counts.items():
            if bassin is None:
                continue
            members.setdefault(bassin, {})
            members[bassin][groupe or "-"] = members[bassin].get(groupe or "-", 0) + number
        states = await self.figures.requests_by_state()
        answers = await self.figures.answer_figures()
        return Stats(
            members=members,
            members_total=sum(n for (b, _), n in counts.items() if b is not None),
            requests_open=states.get("open", 0),
            requests_resolved=states.get("resolved", 0),
            requests_abandoned=states.get("abandoned", 0),
            requests_answered=answers.answered,
            answer_rate=answers.rate,
            median_first_answer_minutes=answers.median_minutes,
            faq_entries=await self.figures.faq_entries(),
            fiches=await self.figures.fiches(),
            focus_sessions=await self.figures.focus_sessions(),
            beyond=await self.figures.beyond_the_network(),
        )


async def compute_stats(database: Database, layout: Layout) -> Stats:
    """The figures of a database without an application (``tisserand stats``)."""
    statistics = Statistics(StatisticsRepository(database), MemberRepository(database))
    return await statistics.compute(layout)


def _minutes_text(catalogue: Catalogue, minutes: float | None) -> str:
    if minutes is None:
        return catalogue.text("mod.stats_none")
    if minutes < 60:
        return catalogue.text("mod.stats_minutes", minutes=round(minutes))
    hours, rest = divmod(round(minutes), 60)
    return catalogue.text("mod.stats_hours", hours=hours, minutes=f"{rest:02d}")


def _bassin_lines(
    render: Callable[..., str], stats: Stats, layout: Layout, *, markdown: bool
) -> str:
    lines = []
    for slug, groupes in stats.members.items():
        bassin = layout.bassin(slug)
        parts = ", ".join(
            render("mod.stats_groupe", groupe=_groupe_name(layout, g), count=n)
            for g, n in groupes.items()
        )
        lines.append(
            render(
                "mod.stats_bassin",
                bassin=bassin.name if bassin else slug,
                count=sum(groupes.values()),
                groupes=Raw(parts) if markdown else parts,
            )
        )
    return "\n".join(lines)


def _groupe_name(layout: Layout, slug: str) -> str:
    groupe = layout.groupe(slug)
    return groupe.name if groupe is not None else slug


def render_stats(catalogue: Catalogue, stats: Stats, layout: Layout) -> Message:
    """The figures as one message (Matrix) whose plain body is also the CLI's text output."""
    rate = (
        catalogue.text("mod.stats_none")
        if stats.answer_rate is None
        else f"{round(stats.answer_rate * 100)} %"
    )
    params: dict[str, Any] = {
        "members": stats.members_total,
        "open": stats.requests_open,
        "resolved": stats.requests_resolved,
        "abandoned": stats.requests_abandoned,
        "rate": rate,
        "median": _minutes_text(catalogue, stats.median_first_answer_minutes),
        "faq": stats.faq_entries,
        "fiches": stats.fiches,
        "focus": stats.focus_sessions,
    }
    markdown = catalogue.markdown(
        "mod.stats",
        bassins=Raw(_bassin_lines(catalogue.markdown, stats, layout, markdown=True)),
        **params,
    )
    body = catalogue.text(
        "mod.stats", bassins=_bassin_lines(catalogue.text, stats, layout, markdown=False), **params
    )
    if stats.beyond:
        markdown += "\n\n" + catalogue.markdown("mod.stats_beyond", **stats.beyond)
        body += "\n\n" + catalogue.text("mod.stats_beyond", **stats.beyond)
    return Message(body, markdown_to_html(markdown))
