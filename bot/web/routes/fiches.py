"""Fiches actions: by theme and bassin, one fiche with its attachments."""

from __future__ import annotations

from aiohttp import web

from bot.web import media
from bot.web.keys import SITE, VISITOR
from bot.web.render import page, placement
from bot.web.security import content
from storage.models import Fiche
from storage.models.fiches import FICHE_FIELDS

routes = web.RouteTableDef()


@routes.get("/fiches")
@content
async def listing(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    layout = site.layout()
    theme = layout.theme(request.query.get("theme", ""))
    bassin = layout.bassin(request.query.get("bassin", ""))
    fiches = await site.fiches.listing(
        theme=theme.slug if theme else None, bassin=bassin.slug if bassin else None, limit=100
    )
    return page(
        request,
        "fiches.html",
        fiches=fiches,
        theme=theme,
        bassin=bassin,
        themes=layout.themes,
        bassins=layout.bassins,
    )


async def _fiche(request: web.Request) -> Fiche:
    fiche = await request.app[SITE].fiches.get(int(request.match_info["id"]))
    if fiche is None:
        raise web.HTTPNotFound()
    return fiche


@routes.get(r"/fiches/{id:\d+}")
@content
async def fiche(request: web.Request) -> web.StreamResponse:
    found = await _fiche(request)
    layout = request.app[SITE].layout()
    fields = [(name, found.field(name)) for name in FICHE_FIELDS[1:] if found.field(name)]
    return page(
        request,
        "fiche.html",
        fiche=found,
        fields=fields,
        **placement(layout, found.bassin, found.themes),
        encrypted=[media.is_encrypted(item) for item in found.attachments or []],
    )


@routes.get(r"/fiches/{id:\d+}/pieces/{number:\d+}")
@content
async def attachment(request: web.Request) -> web.StreamResponse:
    found = await _fiche(request)
    number = int(request.match_info["number"])
    attachments = found.attachments or []
    if not 1 <= number <= len(attachments):
        raise web.HTTPNotFound()
    chosen = attachments[number - 1]
    if media.is_encrypted(chosen) and request[VISITOR] is None:
        # From an encrypted room: for signed-in members, even where fiches are public.
        return page(request, "signin.html", status=401)
    return await media.proxy(request, request.app[SITE], chosen)
