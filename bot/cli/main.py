"""The ``tisserand`` command line: run the bot, a local demo, provisioning, checks and tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import SecretStr, ValidationError

from config.layout import Layout, LayoutError, load_layout
from config.settings import Settings
from storage.database import sqlite_url

log = logging.getLogger("tisserand")

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-tisserand"
DEMO_BOT = "tisserand"


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for problem in _validation_problems(exc):
            print(f"configuration error: {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def _validation_problems(exc: ValidationError) -> list[str]:
    return [
        f"TISSERAND_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
        for err in exc.errors()
    ]


def _layout(settings: Settings) -> Layout:
    try:
        return load_layout(settings.layout_file)
    except LayoutError as exc:
        for problem in exc.problems:
            print(f"layout error in {exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def _configure_logging(level: str) -> None:
    from bot.framework.logs import configure_logging

    configure_logging(level)


async def _run_until_signal(
    main: Callable[[], Awaitable[Any]], stop: Callable[[], Awaitable[Any]]
) -> None:
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(main())
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        log.info("stopping")
    finally:
        await stop()


# ---------------------------------------------------------------- commands
def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    _configure_logging(settings.log_level)
    if not settings.has_homeserver():
        print(
            "No homeserver configured (TISSERAND_HOMESERVER_URL, TISSERAND_USER_ID, "
            "TISSERAND_PASSWORD). Use `tisserand demo` for a local one.",
            file=sys.stderr,
        )
        return 2
    from bot.app import Application

    app = Application(settings, _layout(settings))
    asyncio.run(_run_until_signal(app.run, app.stop))
    return 0


def cmd_run_or_demo(args: argparse.Namespace) -> int:
    settings = _settings()
    return cmd_run(args) if settings.has_homeserver() else cmd_demo(args)


def cmd_demo(args: argparse.Namespace) -> int:
    settings = _settings()
    _configure_logging(settings.log_level)
    asyncio.run(_demo(settings))
    return 0


async def _demo(base: Settings) -> None:
    from bot.app import Application
    from bot.homeserver.local_synapse import LocalSynapse

    synapse = LocalSynapse.for_demo(base.data_dir.resolve() / "demo-synapse")
    await synapse.start()
    try:
        bot_id = await synapse.register(DEMO_BOT, DEMO_PASSWORD + "-bot", admin=True)
        user_id = await synapse.register(DEMO_USER, DEMO_PASSWORD, displayname="Démo")
        settings = base.model_copy(
            update={
                "homeserver_url": synapse.url,
                "user_id": bot_id,
                "password": SecretStr(DEMO_PASSWORD + "-bot"),
                "admins": [*base.admins, user_id],
                "database_url": base.database_url
                or SecretStr(sqlite_url(base.data_dir.resolve() / "demo.db")),
            }
        )
        app = Application(settings, _layout(settings))

        def ready() -> None:
            print(
                "\nTisserand demo is ready\n"
                f"  homeserver : {synapse.url}\n"
                f"  log in with: {user_id} / password {DEMO_PASSWORD}\n"
                f"  then open a direct chat with {bot_id} and type: commandes\n"
                "  (Element: Sign in > Edit homeserver > the address above)\n"
                "Stop with Ctrl-C.\n",
                flush=True,
            )

        await _run_until_signal(lambda: app.run(on_ready=ready), app.stop)
    finally:
        await synapse.stop()


def cmd_provision(args: argparse.Namespace) -> int:
    settings = _settings()
    _configure_logging(settings.log_level)
    layout = _layout(settings)
    if args.dry_run:
        asyncio.run(_dry_run(settings, layout))
        return 0
    if not settings.has_homeserver():
        print("No homeserver configured: nothing to provision.", file=sys.stderr)
        return 2
    from bot.app import Application

    async def main() -> None:
        app = Application(settings, layout)
        try:
            from bot.services.moderation import effective_layout

            await app.database.migrate()
            await app.login()
            app.layout = await effective_layout(app.database, app.layout)
            report = await app.provision()
            print(
                f"{report.created} created, {report.adopted} adopted, {report.updated} updated, "
                f"{report.archived} archived in {report.seconds:.2f}s"
            )
        finally:
            await app.client.close()
            await app.database.close()

    asyncio.run(main())
    return 0


async def _dry_run(settings: Settings, layout: Layout) -> None:
    """The plan from the database alone: no homeserver needed, nothing changed."""
    from bot.services.provisioning import plan_layout
    from storage.database import Database
    from storage.repositories.rooms import RoomRepository

    await asyncio.to_thread(Path(settings.data_dir).mkdir, parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    try:
        await database.migrate()
        from bot.services.moderation import effective_layout

        layout = await effective_layout(database, layout)
        plan = await plan_layout(RoomRepository(database), layout)
    finally:
        await database.close()
    for action in plan.actions:
        print(action.describe())
    print(
        f"{plan.count('create')} to create, {plan.count('update')} to update, "
        f"{plan.count('archive')} to archive" + (" (nothing to do)" if plan.empty else "")
    )


def cmd_check_config(args: argparse.Namespace) -> int:
    settings = _settings()
    layout = _layout(settings)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tisserand", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot").set_defaults(func=cmd_run)
    sub.add_parser(
        "run-or-demo", help="run the bot, or the local demo when no homeserver is configured"
    ).set_defaults(func=cmd_run_or_demo)
    sub.add_parser("demo", help="start a local Synapse and run the bot against it").set_defaults(
        func=cmd_demo
    )
    provision = sub.add_parser("provision", help="create or update the community's rooms")
    provision.add_argument("--dry-run", action="store_true", help="print what would change")
    provision.set_defaults(func=cmd_provision)
    sub.add_parser("check-config", help="validate settings and the layout file").set_defaults(
        func=cmd_check_config
    )
    anonymise = sub.add_parser("anonymise", help="anonymise text read on stdin")
    mode = anonymise.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print text and entities as JSON")
    mode.add_argument("--jsonl", action="store_true", help="one JSON object per line in and out")
    anonymise.set_defaults(func=cmd_anonymise)
    for extension in _extensions():
        extension(sub)
    return parser


# Command families add their own sub-commands here (faq, fiches, focus, stats).
def _extensions() -> list[Callable[[Any], None]]:
    from bot.cli import faq, fiches, focus, stats

    return [faq.add_commands, fiches.add_commands, focus.add_commands, stats.add_commands]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
