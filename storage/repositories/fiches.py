"""Fiches actions: writing and importing them with their search-index entry (reads, search
and export in `fiche_queries`).

A fiche and its row in the search index (namespace ``fiche``) are always written in one
transaction, so search never shows a fiche that does not exist or misses one that does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models.base import utcnow
from storage.models.fiches import FICHE_FIELDS, FIELD_MAX, TITLE_MAX, Fiche
from storage.repositories import fiche_files
from storage.repositories.fiche_queries import FicheQueries
from storage.repositories.jsonl import ImportLineError, json_object, string_list
from storage.repositories.paging import reindex
from storage.search import Document, SearchIndex

NAMESPACE = "fiche"


class FicheError(Exception):
    """Base of the expected failures of this repository."""


class FicheImportError(ImportLineError, FicheError):
    """A line of an import file is not a valid fiche; nothing was imported."""


@dataclass(frozen=True)
class NewFiche:
    """A fiche to create: its text fields (see ``FICHE_FIELDS``), themes, bassin, author."""

    fields: Mapping[str, str]
    themes: Sequence[str] = ()
    bassin: str | None = None
    author_id: str | None = None
    attachments: Sequence[Mapping[str, str]] = field(default_factory=tuple)


def fiche_index(
    database: Database, theme_keywords: Mapping[str, Iterable[str]] | None = None
) -> SearchIndex:
    """The search index of fiches: the title weighs most, themes' keywords expand queries."""
    return SearchIndex(database, NAMESPACE, theme_keywords=theme_keywords, head_fields={"titre"})


class FicheRepository(FicheQueries):
    """Writing fiches (and, inherited, reading them)."""

    @classmethod
    def build(
        cls, database: Database, theme_keywords: Mapping[str, Iterable[str]] | None = None
    ) -> FicheRepository:
        return cls(database, fiche_index(database, theme_keywords))

    # -- writing --------------------------------------------------------------------------

    async def add(
        self, new: NewFiche, *, session: AsyncSession | None = None, now: datetime | None = None
    ) -> Fiche:
        async with self.database.within(session) as writer:
            (fiche,) = await self._insert(writer, [new], now)
        return fiche

    async def add_many(self, fiches: Sequence[NewFiche]) -> list[int]:
        async with self.database.transaction() as session:
            rows = await self._insert(session, fiches)
            return [row.id for row in rows]

    async def update_field(
        self,
        fiche_id: int,
        name: str,
        value: str | Sequence[str],
        *,
        session: AsyncSession | None = None,
        now: datetime | None = None,
    ) -> Fiche:
        """Set one text field (or ``themes``, a list of slugs) and reindex the fiche."""
        async with self.database.within(session) as writer:
            fiche = await self._changing(writer, fiche_id)
            if name == "themes":
                fiche.themes = _unique(value if not isinstance(value, str) else [value])
            elif name in FICHE_FIELDS:
                assert isinstance(value, str)
                setattr(fiche, name, _clip(name, value))
            else:
                raise ValueError(f"unknown fiche field {name!r}")
            fiche.updated_at = now or utcnow()
            await writer.flush()
            await self.search_index.index_many([_document(fiche)], session=writer)
        return fiche

    async def attach(
        self,
        fiche_id: int,
        url: str,
        name: str,
        msgtype: str,
        *,
        encrypted: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
        session: AsyncSession | None = None,
        now: datetime | None = None,
    ) -> Fiche:
        """Attach a file by its mxc URI; attaching the same URI twice keeps one. ``encrypted``
        is the ``file`` object of an encrypted file (its key: a secret kept to serve it)."""
        async with self.database.within(session) as writer:
            fiche = await self._changing(writer, fiche_id)
            if all(item.get("url") != url for item in fiche.attachments):
                item: dict[str, Any] = {"url": url, "name": name[:255], "msgtype": msgtype}
                if encrypted is not None:
                    item.update(file=dict(encrypted), info=dict(info or {}))
                fiche.attachments = [*fiche.attachments, item]
                fiche.updated_at = now or utcnow()
                await writer.flush()
        return fiche

    async def _changing(self, session: AsyncSession, fiche_id: int) -> Fiche:
        """The fiche, its row locked for the change; a missing one is a ``LookupError``."""
        fiche = await self._locked(session, fiche_id)
        if fiche is None:
            raise LookupError(fiche_id)
        return fiche

    async def import_jsonl(
        self, lines: Iterable[str], detect: Callable[[str], list[str]] | None = None
    ) -> list[int]:
        """Import one JSON fiche per line, all or nothing (every line is checked first).

        ``detect`` gives the themes of a fiche that names none, from its text.
        """
        fiches = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            fiche = _parse_line(number, line)
            if not fiche.themes and detect is not None:
                fiche = replace(fiche, themes=detect(" ".join(fiche.fields.values())))
            fiches.append(fiche)
        return await self.add_many(fiches)

    async def rebuild_index(self) -> int:
        """Reindex every fiche (after a change of the analyser); the count reindexed."""
        return await reindex(self.database, self.search_index, self._pages, _document)

    # -- internals ------------------------------------------------------------------------

    async def _insert(
        self, session: AsyncSession, fiches: Sequence[NewFiche], now: datetime | None = None
    ) -> list[Fiche]:
        now = now or utcnow()
        rows = [
            Fiche(
                **{name: _clip(name, new.fields.get(name) or "") for name in FICHE_FIELDS},
                themes=_unique(new.themes),
                bassin=new.bassin,
                author_id=new.author_id,
                attachments=[dict(item) for item in new.attachments],
                created_at=now,
                updated_at=now,
            )
            for new in fiches
        ]
        session.add_all(rows)
        await session.flush()
        await self.search_index.index_many([_document(row) for row in rows], session=session)
        return rows


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item and item.strip()))


def _clip(name: str, value: str) -> str:
    value = value.strip()
    return value[:TITLE_MAX] if name == "titre" else value[:FIELD_MAX]


def _document(fiche: Fiche) -> Document:
    return Document(fiche.id, fiche.fields(), fiche.themes)


def _parse_line(number: int, line: str) -> NewFiche:
    data = json_object(number, line, FicheImportError)
    fields: dict[str, str] = {}
    for name in FICHE_FIELDS:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise FicheImportError(number, f"{name!r} must be a string")
        fields[name] = value
    if not fields["titre"].strip():
        raise FicheImportError(number, "'titre' must be a non-empty string")
    themes = string_list(data, "themes", number, FicheImportError)
    attachments = data.get("attachments", [])
    if not isinstance(attachments, list) or not all(
        isinstance(a, dict) and isinstance(a.get("url"), str) for a in attachments
    ):
        raise FicheImportError(number, "'attachments' must be a list of {url, name} objects")
    try:
        kept = [fiche_files.imported(n, a) for n, a in enumerate(attachments, start=1)]
    except ValueError as error:
        raise FicheImportError(number, str(error)) from None
    for key in ("bassin", "author"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise FicheImportError(number, f"{key!r} must be a string")
    return NewFiche(
        fields,
        themes,
        bassin=data.get("bassin"),
        author_id=data.get("author"),
        attachments=kept,
    )
