"""``tisserand fiches import FILE.jsonl`` and ``tisserand fiches export [--format md|jsonl]``.

Import lines are JSON objects with the fields of a fiche (``titre`` required; ``contexte``,
``public``, ``objectifs``, ``deroule``, ``moyens``, ``resultats``, ``contact``), and optionally
``themes`` (slugs; detected from the text with the layout when absent), ``bassin``, ``author``
and ``attachments`` (``[{"url": "mxc://…", "name": "…"}]``). The import is all or nothing.

A file attached in an encrypted room opens only with its key. ``export --format jsonl
--with-keys --output FILE`` carries the keys, into a file only its owner can read (mode 0600,
never standard output); without ``--with-keys`` such attachments are flagged ``"encrypted":
true``, a warning counts them, and ``import`` refuses them rather than keep files nobody can
open.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.text.themes import detect_themes
from config.layout import Layout, LayoutError, load_layout
from config.settings import Settings
from storage.database import Database
from storage.repositories import fiche_files
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
    exporter.add_argument(
        "--with-keys",
        action="store_true",
        help="jsonl: include the keys of files attached in encrypted rooms (needs --output)",
    )
    exporter.add_argument(
        "--output", type=Path, help="write to this file, readable by its owner only (0600)"
    )
    exporter.set_defaults(func=cmd_fiches_export)


async def import_fiches(
    database: Database, source: Iterable[str], layout: Layout | None = None
) -> list[int]:
    """Import JSON lines; the new ids in file order. Raises `FicheImportError`, importing none."""
    keywords = layout.theme_keywords() if layout is not None else None
    detect = None if layout is None else (lambda text: detect_themes(text, layout))
    return await FicheRepository.build(database, keywords).import_jsonl(source, detect)


async def export_fiches(
    database: Database, out: TextIO, *, fmt: ExportFormat = "md", with_keys: bool = False
) -> int:
    """Write every fiche as Markdown or JSON lines (``with_keys``: with the keys of encrypted
    attachments); the number written."""
    written = 0
    async for chunk in FicheRepository.build(database).export(fmt, keys=with_keys):
        out.write(chunk)
        written += 1
    return written


def private_file(path: Path) -> TextIO:
    """``path`` opened for writing, readable and writable by its owner only, even when it
    existed before with a looser mode (the mode is set before anything is written)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "w", encoding="utf-8")


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
    if args.with_keys and (args.fmt != "jsonl" or args.output is None):
        print("--with-keys needs --format jsonl and --output FILE", file=sys.stderr)
        return 2
    settings = Settings()

    async def run() -> int:
        database = await _with_database(settings)
        try:
            out = private_file(args.output) if args.output else sys.stdout
            try:
                await export_fiches(database, out, fmt=args.fmt, with_keys=args.with_keys)
            finally:
                if out is not sys.stdout:
                    out.close()
            return await fiche_files.encrypted_count(database)
        finally:
            await database.close()

    encrypted = asyncio.run(run())
    if encrypted and args.with_keys:
        print(f"{args.output} holds the keys of {encrypted} encrypted file(s): keep it secret")
    elif encrypted:
        print(
            f"{encrypted} encrypted attachment(s) exported without their key: an import refuses"
            " them; --with-keys --output FILE carries the keys",
            file=sys.stderr,
        )
    return 0
