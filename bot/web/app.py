"""The aiohttp application of the web site, and the server that runs it beside the bot."""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web

from bot.web import render
from bot.web.keys import FIGURES, JINJA, SITE
from bot.web.routes import ROUTE_TABLES
from bot.web.security import guard, open_to_all
from bot.web.site import WebSite

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def build_app(site: WebSite) -> web.Application:
    app = web.Application(middlewares=[guard], client_max_size=256 * 1024)
    app[SITE] = site
    app[JINJA] = render.environment()
    app[FIGURES] = {}
    for table in ROUTE_TABLES:
        app.add_routes(table)
    app.router.add_get("/static/{name}", static_file)
    return app


_STATIC_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".ico": "image/x-icon"}


@open_to_all
async def static_file(request: web.Request) -> web.StreamResponse:
    """The few static files, by name only (no sub-folders, nothing outside the folder)."""
    name = request.match_info["name"]
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise web.HTTPNotFound()
    response = web.FileResponse(path)
    response.content_type = _STATIC_TYPES.get(path.suffix, "application/octet-stream")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


class WebServer:
    """Starts and stops the site on ``host:port`` (an aiohttp AppRunner)."""

    def __init__(self, site: WebSite, listen: str) -> None:
        self.site = site
        host, _, port = listen.rpartition(":")
        self.host = host or "127.0.0.1"
        self.port = int(port)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        await self.site.faq.search_index.warm()
        # aiohttp's access log would write the path, and with it login links and feed secrets.
        self._runner = web.AppRunner(build_app(self.site), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        log.info(
            "web site on http://%s:%d (public address %s)", self.host, self.port, self.site.base_url
        )

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
