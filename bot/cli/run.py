"""``tisserand run``, ``run-or-demo``, ``demo`` and ``provision``: the bot's lifecycle."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.cli import common

if TYPE_CHECKING:
    from config.layout import Layout
    from config.settings import Settings

log = logging.getLogger("tisserand")

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-tisserand"
DEMO_BOT = "tisserand"
# A second, plain account: someone has to answer the first help request.
DEMO_COLLEAGUE = "collegue"
DEMO_COLLEAGUE_PASSWORD = "collegue-tisserand"


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
    settings = common.settings()
    common.configure_logging(settings.log_level)
    if not settings.has_homeserver():
        print(
            "No homeserver configured (TISSERAND_HOMESERVER_URL, TISSERAND_USER_ID, "
            "TISSERAND_PASSWORD). Use `tisserand demo` for a local one.",
            file=sys.stderr,
        )
        return 2
    from bot.app import Application

    app = Application(settings, common.layout(settings))
    asyncio.run(_run_until_signal(app.run, app.stop))
    return 0


def cmd_run_or_demo(args: argparse.Namespace) -> int:
    settings = common.settings()
    return cmd_run(args) if settings.has_homeserver() else cmd_demo(args)


def cmd_demo(args: argparse.Namespace) -> int:
    settings = common.settings()
    common.configure_logging(settings.log_level)
    asyncio.run(_demo(settings))
    return 0


async def _demo(base: Settings) -> None:
    from bot.app import Application
    from bot.cli.web import free_listen
    from bot.homeserver.local_synapse import LocalSynapse
    from bot.web.site import public_address

    synapse = LocalSynapse.for_demo(base.data_dir.resolve() / "demo-synapse")
    await synapse.start()
    try:
        bot_id = await synapse.register(DEMO_BOT, DEMO_PASSWORD + "-bot", admin=True)
        user_id = await synapse.register(DEMO_USER, DEMO_PASSWORD, displayname="Démo")
        colleague_id = await synapse.register(
            DEMO_COLLEAGUE, DEMO_COLLEAGUE_PASSWORD, displayname="Collègue"
        )
        settings = base.model_copy(
            update={
                "homeserver_url": synapse.url,
                "user_id": bot_id,
                "password": SecretStr(DEMO_PASSWORD + "-bot"),
                "admins": [*base.admins, user_id],
                "database_url": base.database_url
                or SecretStr(f"sqlite+aiosqlite:///{base.data_dir.resolve() / 'demo.db'}"),
                "web_listen": base.web_listen or free_listen(),
            }
        )
        app = Application(settings, common.layout(settings))

        def ready() -> None:
            print(_demo_banner(synapse.url, bot_id, user_id, colleague_id), flush=True)
            print(_web_banner(public_address(settings), settings.command_prefix), flush=True)

        await _run_until_signal(lambda: app.run(on_ready=ready), app.stop)
    finally:
        await synapse.stop()


def _demo_banner(url: str, bot_id: str, user_id: str, colleague_id: str) -> str:
    return (
        "\nTisserand demo is ready\n"
        f"  homeserver : {url}   (Element: Sign in > Edit homeserver > this address)\n"
        f"  log in with: {user_id} / password {DEMO_PASSWORD}   (an admin of the network)\n"
        f"  second account: {colleague_id} / password {DEMO_COLLEAGUE_PASSWORD}"
        "   (a plain member, to answer)\n"
        f"  then open a direct chat with {bot_id} and type: commandes\n"
        "\nA first scenario, with each account in its own browser window:\n"
        "  1. both accounts: inscription namur travailleurs-sociaux\n"
        "  2. demo: aide Comment financer le permis de conduire d'une personne en article 60 ?\n"
        "     check the anonymised preview, then: envoyer\n"
        "  3. collegue: answer in the thread of the request posted in the Namur room\n"
        "  4. demo: the answer arrives in the direct chat; resolu 1 1 shows the FAQ draft,\n"
        "     publier files it in the FAQ\n"
        "Stop with Ctrl-C.\n"
    )


def _web_banner(address: str, prefix: str) -> str:
    return (
        f"Web site: {address}   (members only: type {prefix}web in the direct chat with the"
        " bot for a personal login link)\n"
    )


def cmd_provision(args: argparse.Namespace) -> int:
    settings = common.settings()
    common.configure_logging(settings.log_level)
    layout = common.layout(settings)
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
