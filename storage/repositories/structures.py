"""The directory of structures: one import in one transaction, search in namespace "structure"."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Structure, StructureService
from storage.search import Document, SearchIndex

SEARCH_NAMESPACE = "structure"


def document(structure: Structure, services: Sequence[StructureService]) -> Document:
    fields = {
        "titre": structure.nom,
        "description": structure.description,
        "lieu": f"{structure.adresse} {structure.commune}",
        "services": " ".join(f"{s.nom} {s.description} {s.publics}" for s in services),
    }
    return Document(structure.id, fields, structure.themes or [])


class StructureRepository:
    def __init__(self, database: Database, search_index: SearchIndex) -> None:
        self.database = database
        self.search_index = search_index

    async def import_rows(
        self,
        structures: list[dict[str, Any]],
        services: dict[str, list[dict[str, Any]]],
        *,
        session: AsyncSession | None = None,
    ) -> tuple[int, int]:
        """Insert or update (by data·inclusion id) every structure and its services, and index
        them, in one transaction (the caller's when given), with batched statements:
        (added, updated)."""
        async with self.database.within(session) as writer:
            return await self._import(writer, structures, services)

    async def _import(
        self,
        session: AsyncSession,
        structures: list[dict[str, Any]],
        services: dict[str, list[dict[str, Any]]],
    ) -> tuple[int, int]:
        found = await session.execute(select(Structure.source_id, Structure.id))
        known: dict[str, int] = {source_id: row_id for source_id, row_id in found.all()}
        fresh = [values for values in structures if values["source_id"] not in known]
        again = [{**v, "id": known[v["source_id"]]} for v in structures if v["source_id"] in known]
        if again:
            await session.execute(update(Structure), again)
        if fresh:
            created = await session.execute(
                insert(Structure).returning(Structure.source_id, Structure.id), fresh
            )
            known.update((row[0], row[1]) for row in created.all())
        ids = [known[values["source_id"]] for values in structures]
        if ids:  # a structure's services are the file's: the old ones go
            await session.execute(
                delete(StructureService).where(StructureService.structure_id.in_(ids))
            )
        rows = [
            {**values, "structure_id": known[source_id]}
            for source_id, listed in services.items()
            for values in listed
        ]
        if rows:
            await session.execute(insert(StructureService), rows)
        documents = []
        for values in structures:
            row = Structure(**{**values, "id": known[values["source_id"]]})
            listed = [StructureService(**v) for v in services.get(values["source_id"], [])]
            documents.append(document(row, listed))
        await self.search_index.index_many(documents, session=session)
        return len(fresh), len(again)

    async def get(self, structure_id: int) -> Structure | None:
        async with self.database.sessions() as session:
            return await session.get(Structure, structure_id)

    async def many(self, ids: Sequence[int]) -> dict[int, Structure]:
        if not ids:
            return {}
        async with self.database.sessions() as session:
            rows = await session.scalars(select(Structure).where(Structure.id.in_(list(ids))))
            return {row.id: row for row in rows}

    async def services(self, structure_ids: Sequence[int]) -> dict[int, list[StructureService]]:
        if not structure_ids:
            return {}
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(StructureService)
                .where(StructureService.structure_id.in_(list(structure_ids)))
                .order_by(StructureService.id)
            )
            found: dict[int, list[StructureService]] = {}
            for row in rows:
                found.setdefault(row.structure_id, []).append(row)
            return found

    async def listing(
        self, *, bassin: str | None, theme: str | None, limit: int
    ) -> list[Structure]:
        """Structures of a bassin and/or a theme, without words to search (by name). The theme
        is matched on the themes' JSON text in SQL (so the limit is SQL's too), then checked
        exactly on the rows read."""
        async with self.database.sessions() as session:
            query = select(Structure).order_by(Structure.nom, Structure.id).limit(limit)
            if bassin is not None:
                query = query.where(Structure.bassin == bassin)
            if theme is not None:
                query = query.where(cast(Structure.themes, String).like(f"%{json.dumps(theme)}%"))
            rows = list(await session.scalars(query))
        return [row for row in rows if theme is None or theme in (row.themes or [])]

    async def search(self, text: str, limit: int) -> list[int]:
        return [hit.doc_id for hit in await self.search_index.search(text, limit)]

    async def counts(self) -> tuple[int, int]:
        async with self.database.sessions() as session:
            structures = await session.scalar(select(func.count()).select_from(Structure))
            services = await session.scalar(select(func.count()).select_from(StructureService))
        return structures or 0, services or 0
