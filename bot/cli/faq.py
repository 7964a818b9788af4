"""``tisserand faq import FILE.jsonl | search "query" [--limit N] [--json] | export [--format]``."""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.cli.faq_io import DEFAULT_LIMIT, export_faq, import_faq, search_faq
from config.layout import LayoutError, load_layout
from config.settings import Settings
from storage.database import Database
from storage.repositories.exports import EXPORT_FORMATS
from storage.repositories.faq import FaqImportError

T = TypeVar("T")


async def _with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    await asyncio.to_thread(Path(settings.data_dir).mkdir, parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    try:
        await database.migrate()
        return await work(database)
    finally:
        await database.close()


def cmd_import(args: argparse.Namespace) -> int:
    settings = Settings()

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2

    async def work(database: Database) -> list[int]:
        return await import_faq(database, io.StringIO(text))

    try:
        ids = asyncio.run(_with_database(settings, work))
    except FaqImportError as exc:
        print(f"import failed, nothing imported: {exc}", file=sys.stderr)
        return 2
    print(f"{len(ids)} entries imported", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    settings = Settings()
    try:
        keywords = load_layout(settings.layout_file).theme_keywords()
    except LayoutError:
        keywords = None
    asyncio.run(
        _with_database(
            settings,
            lambda db: search_faq(
                db,
                args.query,
                sys.stdout,
                limit=args.limit,
                as_json=args.json,
                theme_keywords=keywords,
            ),
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = Settings()
    asyncio.run(_with_database(settings, lambda db: export_faq(db, sys.stdout, fmt=args.format)))
    return 0


def add_commands(sub: Any) -> None:
    faq = sub.add_parser("faq", help="the FAQ: import, search, export")
    actions = faq.add_subparsers(dest="faq_command", required=True)
    importing = actions.add_parser("import", help="import JSON lines {question, answer, themes}")
    importing.add_argument("file")
    importing.set_defaults(func=cmd_import)
    searching = actions.add_parser("search", help="search the FAQ, best first")
    searching.add_argument("query")
    searching.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
    searching.add_argument("--json", action="store_true", help="a JSON list of entries")
    searching.set_defaults(func=cmd_search)
    exporting = actions.add_parser("export", help="every entry, as Markdown or JSON lines")
    exporting.add_argument("--format", choices=list(EXPORT_FORMATS), default="md")
    exporting.set_defaults(func=cmd_export)
