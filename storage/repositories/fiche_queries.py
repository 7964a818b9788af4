"""Reading fiches: by id, author and theme, search, export, and pending contact requests.

`FicheRepository` adds the writes; the reads are apart because listings and search change
for other reasons than the way fiches are written and indexed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from storage.database import Database
from storage.models import Conversation
from storage.models.fiches import FICHE_FIELDS, Fiche
from storage.repositories.exports import (
    EXPORT_FORMATS,
    ExportFormat,
    fiche_json_line,
    fiche_markdown,
)
from storage.repositories.paging import keyset_pages
from storage.search import SearchIndex, excerpt

CONTACT_KIND = "fiche_contact"


@dataclass(frozen=True)
class FicheResult:
    """A found fiche, its relevance, and the part of its text that matches."""

    fiche: Fiche
    score: float
    excerpt: str


class FicheQueries:
    """Reading fiches: never writes, except the no-op write that locks a row for a change."""

    def __init__(self, database: Database, search_index: SearchIndex) -> None:
        self.database = database
        self.search_index = search_index

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
                    if fmt == "md":
                        yield fiche_markdown(fiche)
                    else:
                        yield fiche_json_line(fiche, keys=keys)

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

    async def _locked(self, session: AsyncSession, fiche_id: int) -> Fiche | None:
        """The fiche, read after locking its row with a write that changes nothing: a change
        reads it and writes it back, so two concurrent changes must not both read first.
        (A row lock on PostgreSQL; on SQLite the write lock, which a read never takes.)"""
        await session.execute(sa.update(Fiche).where(Fiche.id == fiche_id).values(id=Fiche.id))
        return await session.get(Fiche, fiche_id, populate_existing=True)

    async def _pages(self, session: AsyncSession) -> AsyncIterator[list[Fiche]]:
        async for page in keyset_pages(session, Fiche):
            yield page


def _body(fiche: Fiche) -> str:
    """The text an excerpt is taken from: every field but the title, in form order."""
    return " ".join(fiche.field(name) for name in FICHE_FIELDS[1:] if fiche.field(name))
