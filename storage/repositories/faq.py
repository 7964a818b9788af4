"""The FAQ's writes: entries, their edit history, and their place in the search index (reads,
search and export in `faq_queries`).

Every write updates the entry and its index row in one transaction, so search never shows
an entry that does not exist, or misses one that does. Deleted entries are only flagged and
leave the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FaqEdit, FaqEntry, FaqEntryTheme
from storage.models.base import utcnow
from storage.repositories.faq_queries import FaqQueries
from storage.repositories.jsonl import ImportLineError, json_object, string_list
from storage.repositories.paging import reindex
from storage.search import Document

IMPORT_BATCH = 1000


class FaqError(Exception):
    """Base of the FAQ's expected failures (the caller turns them into a message)."""


class FaqEntryNotFound(FaqError):
    def __init__(self, entry_id: int) -> None:
        super().__init__(f"no FAQ entry #{entry_id}")
        self.entry_id = entry_id


class FaqImportError(ImportLineError, FaqError):
    """A line of an import file is not a valid entry; nothing was imported."""


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


class FaqRepository(FaqQueries):
    """The FAQ's writes (and, inherited, its reads)."""

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
        return await self.add_entry(new, session=session)

    async def add_entry(self, new: NewEntry, *, session: AsyncSession | None = None) -> FaqEntry:
        """A new entry, inside a workflow's transaction when given (a resolved request's)."""
        async with self.database.within(session) as writer:
            (entry_id,) = await self._insert(writer, [new])
            entry = await self._load(writer, entry_id)
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
        return await reindex(self.database, self.search_index, self._pages, _document)

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
    data = json_object(number, line, FaqImportError)
    texts = {}
    for key in ("question", "answer"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise FaqImportError(number, f"{key!r} must be a non-empty string")
        texts[key] = value.strip()
    themes = string_list(data, "themes", number, FaqImportError)
    bassin = data.get("bassin")
    if bassin is not None and not isinstance(bassin, str):
        raise FaqImportError(number, "'bassin' must be a string")
    return NewEntry(texts["question"], texts["answer"], themes, bassin=bassin, author_id=author_id)
