"""The directory of structures: importing data·inclusion files and finding structures (§13).

An import validates the whole file first (`bot.services.structure_import`), then writes every
valid record in one transaction: a crash or an error leaves the directory as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from config.layout import Layout
from storage.database import Database
from storage.models import Structure, StructureService
from storage.repositories.structures import StructureRepository

if TYPE_CHECKING:  # the schema's models load only for an import (the web site needs none)
    from bot.services.structure_import import ParsedService, ParsedStructure, Problem

MAX_RESULTS = 5


@dataclass(frozen=True)
class ImportReport:
    structures: int
    services: int
    added: int
    updated: int
    problems: list[Problem]


@dataclass(frozen=True)
class Found:
    structure: Structure
    services: list[StructureService]


@dataclass(frozen=True)
class Criteria:
    bassin: str | None
    theme: str | None
    words: str


# ``#S12`` in an answer or a FAQ entry: structure 12 (not ``##S12``, not ``ab#S12``).
REFERENCE = re.compile(r"(?<![\w#])#S(\d{1,9})\b", re.IGNORECASE)


class Directory:
    def __init__(
        self, database: Database, structures: StructureRepository, layout: Callable[[], Layout]
    ) -> None:
        self.database = database
        self.structures = structures
        self.layout = layout

    async def import_text(self, text: str, fmt: str) -> ImportReport:
        from bot.services.structure_import import parse

        parsed = parse(text, fmt, self.layout())
        rows = [_values(s, STRUCTURE_COLUMNS) for s in parsed.structures]
        services = {
            s.source_id: [_values(v, SERVICE_COLUMNS) for v in s.services]
            for s in parsed.structures
        }
        async with self.database.transaction() as session:
            added, updated = await self.structures.import_rows(rows, services, session=session)
        return ImportReport(len(rows), parsed.services, added, updated, parsed.problems)

    def criteria(self, text: str | None) -> Criteria:
        """``logement namur``: a theme, a bassin, and what is left are words to search."""
        layout = self.layout()
        bassin = theme = None
        words: list[str] = []
        for word in (text or "").split():
            if bassin is None and (found := layout.find_bassin(word)) is not None:
                bassin = found.slug
            elif theme is None and (matched := layout.find_theme(word)) is not None:
                theme = matched.slug
            else:
                words.append(word)
        return Criteria(bassin, theme, " ".join(words))

    async def find(self, text: str | None, limit: int = MAX_RESULTS) -> list[Found]:
        return await self.search(self.criteria(text), limit)

    async def search(self, wanted: Criteria, limit: int = MAX_RESULTS) -> list[Found]:
        """The structures of a bassin and a theme, ranked by the French engine when there are
        words (``!structures`` and the web directory share it)."""
        if wanted.words:
            query = wanted.words
            if wanted.theme is not None:  # the theme's words help the ranking too
                query += " " + wanted.theme
            ids = await self.structures.search(query, limit=200)
            rows = await self.structures.many(ids)
            chosen = [
                rows[i]
                for i in ids
                if i in rows
                and (wanted.bassin is None or rows[i].bassin == wanted.bassin)
                and (wanted.theme is None or wanted.theme in (rows[i].themes or []))
            ][:limit]
        else:
            chosen = await self.structures.listing(
                bassin=wanted.bassin, theme=wanted.theme, limit=limit
            )
        return await self._with_services(chosen, wanted.theme)

    async def suggest(self, themes: list[str], bassin: str | None, limit: int = 3) -> list[Found]:
        """Structures of the requester's bassin for the detected themes (the ``!aide`` preview)."""
        found: list[Structure] = []
        for theme in themes:
            for row in await self.structures.listing(bassin=bassin, theme=theme, limit=limit):
                if row.id not in {f.id for f in found}:
                    found.append(row)
        return await self._with_services(found[:limit], None)

    async def get(self, structure_id: int) -> Found | None:
        row = await self.structures.get(structure_id)
        if row is None:
            return None
        return (await self._with_services([row], None))[0]

    async def _with_services(self, rows: list[Structure], theme: str | None) -> list[Found]:
        services = await self.structures.services([row.id for row in rows])
        found = []
        for row in rows:
            mine = services.get(row.id, [])
            if theme is not None:
                mine = [s for s in mine if theme in (s.themes or [])] or mine
            found.append(Found(row, mine))
        return found


# The columns an import writes, read by name from the parsed structure and service.
STRUCTURE_COLUMNS = (
    "source_id",
    "source",
    "nom",
    "description",
    "adresse",
    "commune",
    "telephone",
    "courriel",
    "site_web",
    "bassin",
    "themes",
    "referent",
    "record",
)
SERVICE_COLUMNS = (
    "source_id",
    "nom",
    "description",
    "thematiques",
    "themes",
    "publics",
    "conditions",
    "contact",
    "record",
)


def _values(parsed: ParsedStructure | ParsedService, columns: tuple[str, ...]) -> dict[str, object]:
    """The row an import writes: the parsed attributes of the same names as the columns."""
    return {name: getattr(parsed, name) for name in columns}
