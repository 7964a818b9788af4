"""``tisserand fiches import FILE.jsonl`` and ``tisserand fiches export [--format md|jsonl]``.

Import lines are JSON objects with the fields of a fiche (``titre`` required; ``contexte``,
``public``, ``objectifs``, ``deroule``, ``moyens``, ``resultats``, ``contact``), and optionally
``themes`` (slugs; detected from the text with the layout when absent), ``bassin``, ``author``
and ``attachments`` (``[{"url": "mxc://…", "name": "…"}]``). The import is all or nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.text.themes import detect_themes
from config.layout import Layout, LayoutError, load_layout
from config.settings import Settings
from storage.database import Database
from storage.repositories.exports import EXPORT_FORMATS, ExportFormat
from storage.repositories.fiches import FicheImportError, FicheRepository


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fiches = sub.add_parser("fiches", help="fiches actions: import and export")
    fiches_sub = fiches.add_subparsers(dest="fiches_command", required=True)
    importer = fiches_sub.add_parser("import", help="import fiches from a JSON-lines file")
    importer.add_argument("file", type=Path, help="one JSON object per line ('-': stdin)")
    importer.set_defaults(func=cmd_fiches_import)
    exporter = fiches_sub.add_parser("export", help="write every fiche to standard output")
    exporter.add_argument("--format", choices=EXPORT_FORMATS, default="md", dest="fmt")
    exporter.set_defaults(func=cmd_fiches_export)


async def import_fiches(
    database: Database, source: Iterable[str], layout: Layout | None = None
) -> list[int]:
    """Import JSON lines; the new ids in file order. Raises `FicheImportError`, importing none."""
    keywords = layout.theme_keywords() if layout is not None else None
    detect = None if layout is None else (lambda text: detect_themes(text, layout))
    return await FicheRepository.build(database, keywords).import_jsonl(source, detect)


async def export_fiches(database: Database, out: TextIO, *, fmt: ExportFormat = "md") -> int:
    """Write every fiche as Markdown or JSON lines; the number written."""
    written = 0
    async for chunk in FicheRepository.build(database).export(fmt):
        out.write(chunk)
        written += 1
    return written


def _layout(settings: Settings) -> Layout | None:
    """The layout, to detect themes of imported fiches; none when it cannot be read."""
    try:
        return load_layout(settings.layout_file)
    except (LayoutError, OSError):
        return None


async def _with_database(settings: Settings) -> Database:
    database = Database(settings.effective_database_url)
    await database.migrate()
    return database


def cmd_fiches_import(args: argparse.Namespace) -> int:
    settings = Settings()

    async def run() -> list[int]:
        database = await _with_database(settings)
        try:
            if str(args.file) == "-":
                return await import_fiches(database, sys.stdin, _layout(settings))
            with args.file.open(encoding="utf-8") as source:
                return await import_fiches(database, source, _layout(settings))
        finally:
            await database.close()

    try:
        ids = asyncio.run(run())
    except FicheImportError as error:
        print(f"{args.file}: {error}; nothing imported", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"{len(ids)} fiche(s) imported" + (f": #{ids[0]}–#{ids[-1]}" if ids else ""))
    return 0


def cmd_fiches_export(args: argparse.Namespace) -> int:
    settings = Settings()

    async def run() -> int:
        database = await _with_database(settings)
        try:
            return await export_fiches(database, sys.stdout, fmt=args.fmt)
        finally:
            await database.close()

    asyncio.run(run())
    return 0
