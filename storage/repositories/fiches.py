"""Fiches actions: writing them with their search-index entry, finding them, exporting them.

A fiche and its row in the search index (namespace ``fiche``) are always written in one
transaction, so search never shows a fiche that does not exist or misses one that does.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from storage.database import Database
from storage.models import Conversation
from storage.models.base import utcnow
from storage.models.fiches import FICHE_FIELDS, FIELD_MAX, TITLE_MAX, Fiche
from storage.repositories import fiche_files
from storage.repositories.exports import EXPORT_FORMATS, ExportFormat
from storage.search import Document, SearchIndex, excerpt

NAMESPACE = "fiche"
PAGE = 500
CONTACT_KIND = "fiche_contact"


class FicheError(Exception):
    """Base of the expected failures of this repository."""


@dataclass(frozen=True)
class FicheImportError(FicheError):
    """A line of an import file is not a valid fiche; nothing was imported."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class NewFiche:
    """A fiche to create: its text fields (see ``FICHE_FIELDS``), themes, bassin, author."""

    fields: Mapping[str, str]
    themes: Sequence[str] = ()
    bassin: str | None = None
    author_id: str | None = None
    attachments: Sequence[Mapping[str, str]] = field(default_factory=tuple)


@dataclass(frozen=True)
class FicheResult:
    """A found fiche, its relevance, and the part of its text that matches."""

    fiche: Fiche
    score: float
    excerpt: str


def fiche_index(
    database: Database, theme_keywords: Mapping[str, Iterable[str]] | None = None
) -> SearchIndex:
    """The search index of fiches: the title weighs most, themes' keywords expand queries."""
    return SearchIndex(database, NAMESPACE, theme_keywords=theme_keywords, head_fields={"titre"})


class FicheRepository:
    def __init__(self, database: Database, search_index: SearchIndex) -> None:
        self.database = database
        self.search_index = search_index

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
            fiche = await self._locked(writer, fiche_id)
            if fiche is None:
                raise LookupError(fiche_id)
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
            fiche = await self._locked(writer, fiche_id)
            if fiche is None:
                raise LookupError(fiche_id)
            if all(item.get("url") != url for item in fiche.attachments):
                item: dict[str, Any] = {"url": url, "name": name[:255], "msgtype": msgtype}
                if encrypted is not None:
                    item.update(file=dict(encrypted), info=dict(info or {}))
                fiche.attachments = [*fiche.attachments, item]
                fiche.updated_at = now or utcnow()
                await writer.flush()
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
        total = 0
        async with self.database.transaction() as session:
            async for page in self._pages(session):
                await self.search_index.index_many([_document(f) for f in page], session=session)
                total += len(page)
        return total

    # -- reading --------------------------------------------------------------------------

    async def get(
        self, fiche_id: int, *, session: AsyncSession | None = None, for_update: bool = False
    ) -> Fiche | None:
        """The fiche; ``for_update`` (within the caller's ``session``) locks its row until
        that transaction ends."""
        if session is not None:
            if for_update:
                return await self._locked(session, fiche_id)
            return await session.get(Fiche, fiche_id)
        async with self.database.sessions() as reader:
            return await reader.get(Fiche, fiche_id)

    async def by_author(self, author_id: str) -> list[Fiche]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                sa.select(Fiche).where(Fiche.author_id == author_id).order_by(Fiche.id.desc())
            )
            return list(rows)

    async def counts_by_author(self) -> dict[str, int]:
        async with self.database.sessions() as session:
            rows = await session.execute(
                sa.select(Fiche.author_id, sa.func.count())
                .where(Fiche.author_id.is_not(None))
                .group_by(Fiche.author_id)
            )
            return {str(author): int(n) for author, n in rows.all()}

    async def count(self) -> int:
        async with self.database.sessions() as session:
            return int(await session.scalar(sa.select(sa.func.count()).select_from(Fiche)) or 0)

    async def listing(
        self, *, theme: str | None = None, bassin: str | None = None, limit: int = 50
    ) -> list[Fiche]:
        """The newest fiches, of a theme and a bassin when given, with the fields a list shows
        (themes filtered in Python: they are a JSON list, and a network holds a few thousand
        fiches at most)."""
        shown = (Fiche.id, Fiche.titre, Fiche.contexte, Fiche.themes, Fiche.created_at)
        query = (
            sa.select(Fiche)
            .options(load_only(*shown))
            .order_by(Fiche.created_at.desc(), Fiche.id.desc())
        )
        if bassin is not None:
            query = query.where(Fiche.bassin == bassin)
        if theme is None:
            query = query.limit(limit)
        async with self.database.sessions() as session:
            rows = list(await session.scalars(query))
        if theme is not None:
            rows = [fiche for fiche in rows if theme in (fiche.themes or [])]
        return rows[:limit]

    async def search(self, query: str, limit: int = 5) -> list[FicheResult]:
        """The best fiches for ``query``, best first, each with an excerpt of its text."""
        hits = await self.search_index.search(query, limit)
        if not hits:
            return []
        async with self.database.sessions() as session:
            rows = await session.scalars(
                sa.select(Fiche).where(Fiche.id.in_([hit.doc_id for hit in hits]))
            )
            fiches = {fiche.id: fiche for fiche in rows}
        wanted = set(self.search_index.query(query).weights)
        return [
            FicheResult(fiches[hit.doc_id], hit.score, excerpt(_body(fiches[hit.doc_id]), wanted))
            for hit in hits
            if hit.doc_id in fiches
        ]

    async def export(self, fmt: ExportFormat = "md", *, keys: bool = False) -> AsyncIterator[str]:
        """Every fiche as a Markdown section or a JSON line, in id order, page by page; the
        JSON lines hold encrypted attachments' keys only with ``keys`` (see `fiche_files`)."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        async with self.database.sessions() as session:
            async for page in self._pages(session):
                for fiche in page:
                    yield markdown(fiche) if fmt == "md" else json_line(fiche, keys=keys)

    # -- pending contact requests (kept as conversations, answered by reaction or command) --

    async def open_contact_request(
        self, author_id: str, kind: str, *, session: AsyncSession | None = None
    ) -> Conversation | None:
        query = sa.select(Conversation).where(
            Conversation.user_id == author_id,
            Conversation.kind == kind,
            Conversation.active.is_(True),
        )
        if session is not None:
            return await session.scalar(query)
        async with self.database.sessions() as reader:
            return await reader.scalar(query)

    async def contact_by_anchor(self, event_id: str) -> Conversation | None:
        """The contact request whose question is ``event_id``, answered or not (a replayed
        answer must find the request it closed)."""
        async with self.database.sessions() as session:
            return await session.scalar(
                sa.select(Conversation)
                .where(
                    Conversation.anchor_event_id == event_id,
                    Conversation.kind.startswith(CONTACT_KIND),
                )
                .order_by(Conversation.id.desc())
                .limit(1)
            )

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

    async def _locked(self, session: AsyncSession, fiche_id: int) -> Fiche | None:
        """The fiche, read after locking its row with a write that changes nothing: a change
        reads it and writes it back, so two concurrent changes must not both read first.
        (A row lock on PostgreSQL; on SQLite the write lock, which a read never takes.)"""
        await session.execute(sa.update(Fiche).where(Fiche.id == fiche_id).values(id=Fiche.id))
        return await session.get(Fiche, fiche_id, populate_existing=True)

    async def _pages(self, session: AsyncSession) -> AsyncIterator[list[Fiche]]:
        last = 0
        while True:
            rows = await session.scalars(
                sa.select(Fiche).where(Fiche.id > last).order_by(Fiche.id).limit(PAGE)
            )
            page = list(rows)
            if not page:
                return
            yield page
            last = page[-1].id


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item and item.strip()))


def _clip(name: str, value: str) -> str:
    value = value.strip()
    return value[:TITLE_MAX] if name == "titre" else value[:FIELD_MAX]


def _document(fiche: Fiche) -> Document:
    return Document(fiche.id, fiche.fields(), fiche.themes)


def _body(fiche: Fiche) -> str:
    """The text an excerpt is taken from: every field but the title, in form order."""
    return " ".join(fiche.field(name) for name in FICHE_FIELDS[1:] if fiche.field(name))


def _parse_line(number: int, line: str) -> NewFiche:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise FicheImportError(number, f"invalid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise FicheImportError(number, "expected a JSON object")
    fields: dict[str, str] = {}
    for name in FICHE_FIELDS:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise FicheImportError(number, f"{name!r} must be a string")
        fields[name] = value
    if not fields["titre"].strip():
        raise FicheImportError(number, "'titre' must be a non-empty string")
    themes = data.get("themes", [])
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise FicheImportError(number, "'themes' must be a list of strings")
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


MARKDOWN_LABELS = {
    "contexte": "Problème / contexte",
    "public": "Public",
    "objectifs": "Objectifs",
    "deroule": "Déroulé",
    "moyens": "Moyens et partenaires",
    "resultats": "Résultats",
    "contact": "Contact",
}


def markdown(fiche: Fiche) -> str:
    """A fiche as a Markdown section (for ``tisserand fiches export``)."""
    lines = [f"## #{fiche.id} — {fiche.titre}", ""]
    meta = [", ".join(fiche.themes), fiche.bassin or "", fiche.author_id or ""]
    if any(meta):
        lines += ["*" + " · ".join(part for part in meta if part) + "*", ""]
    for name, label in MARKDOWN_LABELS.items():
        if fiche.field(name):
            lines += [f"### {label}", "", fiche.field(name), ""]
    for item in fiche.attachments:
        lines.append(fiche_files.markdown_line(item))
    if fiche.attachments:
        lines.append("")
    return "\n".join(lines) + "\n"


def json_line(fiche: Fiche, *, keys: bool = False) -> str:
    record: dict[str, Any] = {"id": fiche.id, **fiche.fields()}
    record.update(
        themes=fiche.themes,
        bassin=fiche.bassin,
        author=fiche.author_id,
        attachments=[fiche_files.exported(a, with_keys=keys) for a in fiche.attachments],
        created_at=fiche.created_at.isoformat(),
        updated_at=fiche.updated_at.isoformat(),
    )
    return json.dumps(record, ensure_ascii=False) + "\n"
