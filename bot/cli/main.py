"""The ``tisserand`` command line: run the bot, a local demo, provisioning, checks and tools.

Only the sub-command being run is imported: ``tisserand anonymise`` never loads the database
layer, and ``tisserand faq search`` never loads the Matrix client.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable
from typing import Any, Literal

from bot.cli import common

# Command groups with sub-commands of their own, each in its module's ``add_commands``.
GROUPS = {
    "faq": ("bot.cli.faq", "the FAQ: import, search, export"),
    "fiches": ("bot.cli.fiches", "fiches actions: import and export"),
    "focus": ("bot.cli.focus", "focus sessions"),
    "stats": ("bot.cli.stats", "community figures (members, requests, FAQ, fiches…)"),
    "structures": ("bot.cli.structures", "the directory of structures (data·inclusion)"),
}
COMMANDS = {"run", "run-or-demo", "demo", "provision", "check-config", "anonymise", "web"}


def _lifecycle(name: str) -> Callable[[argparse.Namespace], int]:
    """A command of `bot.cli.run`, imported only when it runs."""

    def run(args: argparse.Namespace) -> int:
        from bot.cli import run as lifecycle

        return int(getattr(lifecycle, name)(args))

    return run


def cmd_check_config(args: argparse.Namespace) -> int:
    settings = common.settings()
    layout = common.layout(settings)
    rooms = len(layout.bassins) * len(layout.groupes)
    print(f"settings OK (database: {settings.effective_database_url.split('://')[0]})")
    print(
        f"layout OK: {settings.layout_file} — {len(layout.bassins)} bassins × "
        f"{len(layout.groupes)} groupes = {rooms} rooms, {len(layout.themes)} themes"
    )
    if not settings.has_homeserver():
        print("note: no homeserver configured; `tisserand demo` starts a local one")
    return 0


def cmd_anonymise(args: argparse.Namespace) -> int:
    from bot.cli.anonymise import run_cli

    mode: Literal["text", "json", "jsonl"] = (
        "jsonl" if args.jsonl else "json" if args.json else "text"
    )
    return run_cli(sys.stdin, sys.stdout, mode)


def cmd_web(args: argparse.Namespace) -> int:
    from bot.cli.web import cmd_web as serve

    return serve(args)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, the one command group that will run is the only one loaded."""
    parser = argparse.ArgumentParser(prog="tisserand", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot").set_defaults(func=_lifecycle("cmd_run"))
    sub.add_parser(
        "run-or-demo", help="run the bot, or the local demo when no homeserver is configured"
    ).set_defaults(func=_lifecycle("cmd_run_or_demo"))
    sub.add_parser("demo", help="start a local Synapse and run the bot against it").set_defaults(
        func=_lifecycle("cmd_demo")
    )
    web = sub.add_parser("web", help="serve the web site alone (TISSERAND_WEB_LISTEN)")
    web.add_argument("--listen", help="host:port (default: TISSERAND_WEB_LISTEN or 127.0.0.1:8090)")
    web.set_defaults(func=cmd_web)
    provision = sub.add_parser("provision", help="create or update the community's rooms")
    provision.add_argument("--dry-run", action="store_true", help="print what would change")
    provision.set_defaults(func=_lifecycle("cmd_provision"))
    sub.add_parser("check-config", help="validate settings and the layout file").set_defaults(
        func=cmd_check_config
    )
    anonymise = sub.add_parser("anonymise", help="anonymise text read on stdin")
    mode = anonymise.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print text and entities as JSON")
    mode.add_argument("--jsonl", action="store_true", help="one JSON object per line in and out")
    anonymise.set_defaults(func=cmd_anonymise)
    for name, (module, help_text) in GROUPS.items():
        if only in (None, name):
            add_commands: Callable[[Any], None] = importlib.import_module(module).add_commands
            add_commands(sub)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    first = next((word for word in argv if not word.startswith("-")), None)
    # A known command loads its group alone (or none); help or a typo loads them all.
    only = first if first in GROUPS else "" if first in COMMANDS else None
    # Importing a command's modules creates objects that live until the process ends (modules,
    # classes, mapped tables); the cyclic collector would scan them again and again on the way.
    # It is paused while they load, and what they made is set aside for good before the command
    # runs (about a tenth of a one-off command's start-up).
    gc.disable()
    try:
        args = build_parser(only).parse_args(argv)
    finally:
        gc.freeze()
        gc.enable()
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
