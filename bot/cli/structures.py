"""``tisserand structures import FILE [--format json|csv]``: the directory of structures.

Every record is validated against the data·inclusion schema; the bad ones are printed with
their line and field (on stderr) and left out whole; the others are written in one
transaction. The exit status is 0 when every record was valid, 1 when some were left out.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.services.structures import Directory, ImportReport
from config.layout import Layout
from storage.database import Database
from storage.repositories.structures import SEARCH_NAMESPACE, StructureRepository
from storage.search import SearchIndex


def directory(database: Database, layout: Layout) -> Directory:
    index = SearchIndex(database, SEARCH_NAMESPACE, theme_keywords=layout.theme_keywords())
    return Directory(database, StructureRepository(database, index), lambda: layout)


async def import_file(database: Database, layout: Layout, path: Path, fmt: str) -> ImportReport:
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    return await directory(database, layout).import_text(text, fmt)


async def _run(path: Path, fmt: str) -> ImportReport:
    from bot.cli import common
    from bot.services.moderation import effective_layout

    settings = common.settings()
    await asyncio.to_thread(Path(settings.data_dir).mkdir, parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    try:
        await database.migrate()
        layout = await effective_layout(database, common.layout(settings))
        return await import_file(database, layout, path, fmt)
    finally:
        await database.close()


def cmd_import(args: argparse.Namespace) -> int:
    fmt = args.format or ("csv" if args.file.suffix.lower() == ".csv" else "json")
    try:
        report = asyncio.run(_run(args.file, fmt))
    except (OSError, ValueError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    print(
        f"{report.structures} structure(s) and {report.services} service(s) imported "
        f"({report.added} new, {report.updated} updated); "
        f"{len(report.problems)} problem(s) in records left out"
    )
    return 1 if report.problems else 0


def add_commands(sub: Any) -> None:
    group = sub.add_parser("structures", help="the directory of structures (data·inclusion)")
    commands = group.add_subparsers(dest="structures_command", required=True)
    imports = commands.add_parser("import", help="import a data·inclusion JSON or CSV file")
    imports.add_argument("file", type=Path)
    imports.add_argument("--format", choices=["json", "csv"], default=None)
    imports.set_defaults(func=cmd_import)
