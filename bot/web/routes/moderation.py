"""What moderators see: open requests (anonymised texts only) and the audit log."""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import SITE
from bot.web.render import page
from bot.web.security import moderators
from storage.search import shorten

routes = web.RouteTableDef()


@routes.get("/moderation")
@moderators
async def overview(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    layout = site.layout()
    requests = [
        (
            request_row,
            shorten(request_row.text, 300),
            answers,
            layout.bassin(request_row.bassin or ""),
        )
        for request_row, answers in await site.requests.open_requests()
    ]
    return page(request, "moderation.html", requests=requests, audit=await site.audit.latest(100))
