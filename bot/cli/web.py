"""``tisserand web``: the web site alone, for a deployment that runs it as its own process
behind a reverse proxy (the bot runs elsewhere on the same database)."""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys

from bot.cli import common

DEFAULT_LISTEN = "127.0.0.1:8090"


def cmd_web(args: argparse.Namespace) -> int:
    settings = common.settings()
    common.configure_logging(settings.log_level)
    listen = args.listen or settings.web_listen or DEFAULT_LISTEN
    settings = settings.model_copy(update={"web_listen": listen})
    asyncio.run(_serve(settings))
    return 0


async def _serve(settings: object) -> None:
    from bot.web.app import WebServer
    from bot.web.site import WebSite
    from config.settings import Settings
    from storage.database import Database

    assert isinstance(settings, Settings) and settings.web_listen
    await asyncio.to_thread(settings.data_dir.mkdir, parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    await database.migrate()
    layout = common.layout(settings)
    from bot.services.moderation import effective_layout

    layout = await effective_layout(database, layout)
    server = WebServer(WebSite.alone(settings, layout, database), settings.web_listen)
    await server.start()
    print(f"web site: {server.site.base_url}  (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        pass
    finally:
        await server.stop()
        await database.close()


def free_listen(preferred: str = DEFAULT_LISTEN) -> str:
    """``preferred`` when its port is free, else another free port on the same host."""
    host, _, port = preferred.rpartition(":")
    with socket.socket() as probe:
        try:
            probe.bind((host, int(port)))
        except OSError:
            probe.bind((host, 0))
        return f"{host}:{probe.getsockname()[1]}"
