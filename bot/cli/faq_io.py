"""The functions behind ``tisserand faq import|search|export``: a database in, streams out.

They print data, never sentences: JSON, JSON lines, Markdown, or one tab-separated line per
search result, so that scripts and tests can read them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TextIO

from storage.database import Database
from storage.repositories.exports import EXPORT_FORMATS, ExportFormat
from storage.repositories.faq import FaqRepository
from storage.search import SearchIndex

DEFAULT_LIMIT = 5


def faq_repository(
    database: Database, theme_keywords: Mapping[str, Iterable[str]] | None = None
) -> FaqRepository:
    """The FAQ repository with its search index (themes' keywords from the layout, if any)."""
    return FaqRepository(database, SearchIndex(database, "faq", theme_keywords=theme_keywords))


async def import_faq(
    database: Database, source: TextIO, *, author_id: str | None = None
) -> list[int]:
    """Import JSON lines ``{"question", "answer", "themes"}``; the new ids, in file order.

    Raises ``FaqImportError`` (with the line number) and imports nothing if a line is invalid.
    """
    return await faq_repository(database).import_jsonl(source, author_id=author_id)


async def search_faq(
    database: Database,
    query: str,
    out: TextIO,
    *,
    limit: int = DEFAULT_LIMIT,
    as_json: bool = False,
    theme_keywords: Mapping[str, Iterable[str]] | None = None,
) -> int:
    """Write the best entries for ``query``, best first; the number written.

    JSON: a list of ``{"id", "question", "answer", "themes", "score"}``. Otherwise one line
    per entry: id, score, question, excerpt, separated by tabs.
    """
    results = await faq_repository(database, theme_keywords).search(query, limit)
    if as_json:
        records = [
            {
                "id": result.entry.id,
                "question": result.entry.question,
                "answer": result.entry.answer,
                "themes": result.entry.themes,
                "score": round(result.score, 4),
            }
            for result in results
        ]
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for result in results:
            fields = [f"#{result.entry.id}", f"{result.score:.2f}", result.entry.question]
            out.write("\t".join([*fields, result.excerpt]) + "\n")
    return len(results)


async def export_faq(database: Database, out: TextIO, *, fmt: ExportFormat = "md") -> int:
    """Write every live entry as Markdown or JSON lines; the number written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}, expected one of {EXPORT_FORMATS}")
    written = 0
    async for chunk in faq_repository(database).export(fmt):
        out.write(chunk)
        written += 1
    return written
