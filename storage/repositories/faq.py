"""The FAQ: entries, their edit history, and their place in the search index.

Every write updates the entry and its index row in one transaction, so search never shows
an entry that does not exist, or misses one that does. Deleted entries are only flagged and
leave the index.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import FaqEdit, FaqEntry, FaqEntryTheme
from storage.models.base import utcnow
from storage.repositories.exports import EXPORT_FORMATS, ExportFormat, faq_json_line, faq_markdown
from storage.search import Document, SearchIndex, excerpt
from storage.search.index import DEFAULT_SIMILAR_MIN_SCORE

IMPORT_BATCH = 1000
PAGE = 500


class FaqError(Exception):
    """Base of the FAQ's expected failures (the caller turns them into a message)."""


class FaqEntryNotFound(FaqError):
    def __init__(self, entry_id: int) -> None:
        super().__init__(f"no FAQ entry #{entry_id}")
        self.entry_id = entry_id


@dataclass(frozen=True)
class FaqImportError(FaqError):
    """A line of an import file is not a valid entry; nothing was imported."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class FaqResult:
    """A found entry, its relevance, and the part of its answer that matches."""

    entry: FaqEntry
    score: float
    excerpt: str


@dataclass(frozen=True)
class NewEntry:
    """An entry to create (from a resolved request, a moderator, or an import file)."""

    question: str
    answer: str
    themes: Sequence[str] = ()
    bassin: str | None = None
    source_request_id: int | None = None
    contributors: Sequence[str] = ()
    author_id: str | None = None


class FaqRepository:
    def __init__(self, database: Database, search_index: SearchIndex) -> None:
        self.database = database
        self.search_index = search_index

    # -- writing --------------------------------------------------------------------------

    async def add(
        self,
        question: str,
        answer: str,
        themes: Sequence[str] = (),
        *,
        bassin: str | None = None,
        source_request_id: int | None = None,
        contributors: Sequence[str] = (),
        author_id: str | None = None,
        session: AsyncSession | None = None,
    ) -> FaqEntry:
        new = NewEntry(question, answer, themes, bassin, source_request_id, contributors, author_id)
        async with self.database.within(session) as writer:
            (entry_id,) = await self._insert(writer, [new])
            entry = await self._load(writer, entry_id)
        assert entry is not None
        return entry

    async def add_in(self, session: AsyncSession, new: NewEntry) -> FaqEntry:
        """`add` inside a workflow's transaction (a resolved request's entry)."""
        (entry_id,) = await self._insert(session, [new])
        entry = await self._load(session, entry_id)
        assert entry is not None
        return entry

    async def add_many(self, entries: Sequence[NewEntry]) -> list[int]:
        """Create many entries in one transaction with batched statements; their ids in order."""
        ids: list[int] = []
        async with self.database.transaction() as session:
            for start in range(0, len(entries), IMPORT_BATCH):
                ids.extend(await self._insert(session, entries[start : start + IMPORT_BATCH]))
        return ids

    async def update(
        self,
        entry_id: int,
        editor_id: str,
        *,
        question: str | None = None,
        answer: str | None = None,
        themes: Sequence[str] | None = None,
        bassin: str | None = None,
        session: AsyncSession | None = None,
    ) -> FaqEntry:
        """Change the given fields, log each change, and reindex the entry."""
        async with self.database.within(session) as session:
            entry = await self._load(session, entry_id)
            if entry is None:
                raise FaqEntryNotFound(entry_id)
            edits: list[FaqEdit] = []

            def log(field: str, old: str | None, new: str | None) -> None:
                if old != new:
                    edits.append(
                        FaqEdit(
                            entry_id=entry_id,
                            editor_id=editor_id,
                            field=field,
                            old_value=old,
                            new_value=new,
                        )
                    )

            if question is not None:
                log("question", entry.question, question)
                entry.question = question
            if answer is not None:
                log("answer", entry.answer, answer)
                entry.answer = answer
            if bassin is not None:
                log("bassin", entry.bassin, bassin)
                entry.bassin = bassin
            if themes is not None:
                slugs = _unique(themes)
                log("themes", ",".join(entry.themes), ",".join(slugs))
                entry.theme_links = [
                    FaqEntryTheme(theme=slug, position=index) for index, slug in enumerate(slugs)
                ]
            if edits:
                entry.updated_at = utcnow()
                session.add_all(edits)
                await session.flush()
                await self.search_index.index_many([_document(entry)], session=session)
        return entry

    async def delete(
        self, entry_id: int, editor_id: str, *, session: AsyncSession | None = None
    ) -> bool:
        """Flag the entry deleted and take it out of search; False if it was already gone."""
        async with self.database.within(session) as session:
            entry = await session.get(FaqEntry, entry_id)
            if entry is None or entry.deleted:
                return False
            entry.deleted = True
            entry.updated_at = utcnow()
            session.add(
                FaqEdit(
                    entry_id=entry_id,
                    editor_id=editor_id,
                    field="deleted",
                    old_value="false",
                    new_value="true",
                )
            )
            await self.search_index.remove(entry_id, session=session)
        return True

    async def import_jsonl(
        self, lines: Iterable[str], *, author_id: str | None = None
    ) -> list[int]:
        """Import ``{"question", "answer", "themes"}`` lines, all or nothing.

        Every line is checked before anything is written, so a bad line 900 does not leave
        899 entries behind. Blank lines are skipped.
        """
        entries = [
            _parse_line(number, line, author_id)
            for number, line in enumerate(lines, start=1)
            if line.strip()
        ]
        return await self.add_many(entries)

    async def rebuild_index(self) -> int:
        """Reindex every live entry (after a change of the analyser); the count reindexed."""
        total = 0
        async with self.database.transaction() as session:
            async for page in self._pages(session):
                await self.search_index.index_many(
                    [_document(entry) for entry in page], session=session
                )
                total += len(page)
        return total

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

    async def _insert(self, session: AsyncSession, entries: Sequence[NewEntry]) -> list[int]:
        now = utcnow()
        result = await session.execute(
            sa.insert(FaqEntry).returning(FaqEntry.id, sort_by_parameter_order=True),
            [_row(entry, now) for entry in entries],
        )
        ids = list(result.scalars())
        theme_rows = [
            {"entry_id": entry_id, "theme": slug, "position": position}
            for entry_id, entry in zip(ids, entries, strict=True)
            for position, slug in enumerate(_unique(entry.themes))
        ]
        if theme_rows:
            await session.execute(sa.insert(FaqEntryTheme), theme_rows)
        await self.search_index.index_many(
            [
                Document(
                    entry_id,
                    {"question": entry.question, "answer": entry.answer},
                    _unique(entry.themes),
                )
                for entry_id, entry in zip(ids, entries, strict=True)
            ],
            session=session,
        )
        return ids

    async def _load(self, session: AsyncSession, entry_id: int) -> FaqEntry | None:
        return await session.get(FaqEntry, entry_id)

    async def _pages(self, session: AsyncSession) -> AsyncIterator[list[FaqEntry]]:
        """Live entries by ascending id, ``PAGE`` at a time (keyset pagination)."""
        last = 0
        while True:
            rows = await session.scalars(
                sa.select(FaqEntry)
                .where(FaqEntry.id > last, FaqEntry.deleted.is_(False))
                .order_by(FaqEntry.id)
                .limit(PAGE)
            )
            page = list(rows)
            if not page:
                return
            yield page
            last = page[-1].id

    async def _results(self, text: str, scored: list[tuple[int, float]]) -> list[FaqResult]:
        entries = await self.get_many([entry_id for entry_id, _ in scored])
        wanted = set(self.search_index.query(text).weights)
        return [
            FaqResult(entries[entry_id], score, excerpt(entries[entry_id].answer, wanted))
            for entry_id, score in scored
            if entry_id in entries
        ]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item and item.strip()))


def _row(entry: NewEntry, now: datetime) -> dict[str, Any]:
    return {
        "question": entry.question,
        "answer": entry.answer,
        "bassin": entry.bassin,
        "source_request_id": entry.source_request_id,
        "contributors": list(entry.contributors),
        "author_id": entry.author_id,
        "deleted": False,
        "created_at": now,
        "updated_at": now,
    }


def _document(entry: FaqEntry) -> Document:
    return Document(entry.id, {"question": entry.question, "answer": entry.answer}, entry.themes)


def _parse_line(number: int, line: str, author_id: str | None) -> NewEntry:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise FaqImportError(number, f"invalid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise FaqImportError(number, "expected a JSON object")
    texts = {}
    for key in ("question", "answer"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise FaqImportError(number, f"{key!r} must be a non-empty string")
        texts[key] = value.strip()
    themes = data.get("themes", [])
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise FaqImportError(number, "'themes' must be a list of strings")
    bassin = data.get("bassin")
    if bassin is not None and not isinstance(bassin, str):
        raise FaqImportError(number, "'bassin' must be a string")
    return NewEntry(texts["question"], texts["answer"], themes, bassin=bassin, author_id=author_id)
