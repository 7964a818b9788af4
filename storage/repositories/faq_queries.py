"""The FAQ's reads: entries by id, theme and date, their history, search, export.

`FaqRepository` adds the writes; the reads are apart because the bot's search and listings
change for other reasons than the way entries are written and indexed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import FaqEdit, FaqEntry, FaqEntryTheme
from storage.repositories.exports import EXPORT_FORMATS, ExportFormat, faq_json_line, faq_markdown
from storage.repositories.paging import keyset_pages
from storage.search import SearchIndex, excerpt
from storage.search.index import DEFAULT_SIMILAR_MIN_SCORE


@dataclass(frozen=True)
class FaqResult:
    """A found entry, its relevance, and the part of its answer that matches."""

    entry: FaqEntry
    score: float
    excerpt: str


class FaqQueries:
    """Reading the FAQ: never writes, so any session will do."""

    def __init__(self, database: Database, search_index: SearchIndex) -> None:
        self.database = database
        self.search_index = search_index

    # -- reading --------------------------------------------------------------------------

    async def get(self, entry_id: int, *, include_deleted: bool = False) -> FaqEntry | None:
        async with self.database.sessions() as session:
            entry = await self._load(session, entry_id)
        if entry is None or (entry.deleted and not include_deleted):
            return None
        return entry

    async def get_many(self, entry_ids: Sequence[int]) -> dict[int, FaqEntry]:
        """Live entries by id, in one query (plus one for their themes)."""
        if not entry_ids:
            return {}
        async with self.database.sessions() as session:
            rows = await session.scalars(
                sa.select(FaqEntry).where(
                    FaqEntry.id.in_(list(entry_ids)), FaqEntry.deleted.is_(False)
                )
            )
            return {entry.id: entry for entry in rows}

    async def history(self, entry_id: int) -> list[FaqEdit]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                sa.select(FaqEdit)
                .where(FaqEdit.entry_id == entry_id)
                .order_by(FaqEdit.edited_at, FaqEdit.id)
            )
            return list(rows)

    async def count(self) -> int:
        async with self.database.sessions() as session:
            total = await session.scalar(
                sa.select(sa.func.count()).select_from(FaqEntry).where(FaqEntry.deleted.is_(False))
            )
        return int(total or 0)

    async def list_by_theme(
        self, theme: str, *, limit: int = 20, offset: int = 0
    ) -> list[FaqEntry]:
        """Live entries of a theme, newest first."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                sa.select(FaqEntry)
                .join(FaqEntryTheme, FaqEntryTheme.entry_id == FaqEntry.id)
                .where(FaqEntryTheme.theme == theme, FaqEntry.deleted.is_(False))
                .order_by(FaqEntry.created_at.desc(), FaqEntry.id.desc())
                .limit(limit)
                .offset(offset)
            )
            return list(rows)

    async def latest(self, limit: int = 5) -> list[FaqEntry]:
        """The live entries added last (by id: the primary key orders them without a sort of
        the whole table, which ``created_at`` has no index for)."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                sa.select(FaqEntry)
                .where(FaqEntry.deleted.is_(False))
                .order_by(FaqEntry.id.desc())
                .limit(limit)
            )
            return list(rows)

    async def counts_by_theme(self) -> dict[str, int]:
        """Number of live entries per theme, largest first."""
        async with self.database.sessions() as session:
            rows = await session.execute(
                sa.select(FaqEntryTheme.theme, sa.func.count())
                .join(FaqEntry, FaqEntry.id == FaqEntryTheme.entry_id)
                .where(FaqEntry.deleted.is_(False))
                .group_by(FaqEntryTheme.theme)
                .order_by(sa.func.count().desc(), FaqEntryTheme.theme)
            )
            return {theme: int(count) for theme, count in rows.all()}

    async def search(self, query: str, limit: int = 5) -> list[FaqResult]:
        """The best entries for ``query``, best first, each with an excerpt of its answer."""
        hits = await self.search_index.search(query, limit)
        return await self._results(query, [(hit.doc_id, hit.score) for hit in hits])

    async def similar(
        self, text: str, limit: int = 3, min_score: float = DEFAULT_SIMILAR_MIN_SCORE
    ) -> list[FaqResult]:
        """Entries that may already answer a situation (shown in a help request's preview)."""
        hits = await self.search_index.similar(text, limit, min_score)
        return await self._results(text, [(hit.doc_id, hit.score) for hit in hits])

    async def export(self, fmt: ExportFormat = "md") -> AsyncIterator[str]:
        """The live entries as Markdown sections or JSON lines, in id order, page by page."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        async with self.database.sessions() as session:
            async for page in self._pages(session):
                for entry in page:
                    yield faq_markdown(entry) if fmt == "md" else faq_json_line(entry)

    # -- internals ------------------------------------------------------------------------

    async def _load(self, session: AsyncSession, entry_id: int) -> FaqEntry | None:
        return await session.get(FaqEntry, entry_id)

    async def _pages(self, session: AsyncSession) -> AsyncIterator[list[FaqEntry]]:
        """Live entries by ascending id, a page at a time."""
        async for page in keyset_pages(session, FaqEntry, FaqEntry.deleted.is_(False)):
            yield page

    async def _results(self, text: str, scored: list[tuple[int, float]]) -> list[FaqResult]:
        entries = await self.get_many([entry_id for entry_id, _ in scored])
        wanted = set(self.search_index.query(text).weights)
        return [
            FaqResult(entries[entry_id], score, excerpt(entries[entry_id].answer, wanted))
            for entry_id, score in scored
            if entry_id in entries
        ]
