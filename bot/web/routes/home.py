"""The home page: a search box, the latest FAQ entries and fiches, the next focus sessions."""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import SITE
from bot.web.render import page
from storage.models import utcnow

routes = web.RouteTableDef()


@routes.get("/")
async def home(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    return page(
        request,
        "home.html",
        entries=await site.faq.latest(5),
        fiches=await site.fiches.listing(limit=5),
        sessions=await site.focus.upcoming(utcnow(), limit=5),
    )
