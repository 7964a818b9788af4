"""``tisserand stats [--json]``: the community's figures, the same as ``!mod stats``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.framework.catalogue import catalogue
from bot.services.moderation import effective_layout
from bot.services.statistics import compute_stats, render_stats
from config.layout import LayoutError, load_layout
from config.settings import Settings
from storage.database import Database


async def _stats(settings: Settings) -> tuple[dict[str, Any], str]:
    await asyncio.to_thread(Path(settings.data_dir).mkdir, parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    try:
        await database.migrate()
        layout = await effective_layout(database, load_layout(settings.layout_file))
        stats = await compute_stats(database, layout)
    finally:
        await database.close()
    return stats.as_dict(), render_stats(catalogue(settings.language), stats, layout).body


def cmd_stats(args: argparse.Namespace) -> int:
    settings = Settings()
    try:
        figures, text = asyncio.run(_stats(settings))
    except LayoutError as exc:
        for problem in exc.problems:
            print(f"layout error in {exc.path}: {problem}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(text.replace("**", ""))
    return 0


def add_commands(sub: Any) -> None:
    stats = sub.add_parser("stats", help="community figures (members, requests, FAQ, fiches…)")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.set_defaults(func=cmd_stats)
