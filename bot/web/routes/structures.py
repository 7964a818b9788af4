"""The directory of structures on the site: a list searched as ``!structures`` searches (theme,
bassin, words through the same French engine), and one page per structure with its services.

``#S12`` in the FAQ's answers links to ``/structures/12`` (`bot.web.render.structure_links`).
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from bot.services.structures import Criteria
from bot.web.keys import SITE
from bot.web.render import page, placement

routes = web.RouteTableDef()
RESULTS = 50
QUERY_MAX = 200


def _criteria(request: web.Request) -> Criteria:
    """The words are read as ``!structures`` reads them (« logement namur »); the theme and
    bassin lists, when chosen, have the last word."""
    site = request.app[SITE]
    layout = site.layout()
    wanted = site.structures.criteria(request.query.get("q", "").strip()[:QUERY_MAX])
    theme = layout.theme(request.query.get("theme", ""))
    bassin = layout.bassin(request.query.get("bassin", ""))
    if theme is not None:
        wanted = replace(wanted, theme=theme.slug)
    if bassin is not None:
        wanted = replace(wanted, bassin=bassin.slug)
    return wanted


@routes.get("/structures")
async def listing(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    layout = site.layout()
    wanted = _criteria(request)
    found = await site.structures.search(wanted, limit=RESULTS + 1)
    return page(
        request,
        "structures.html",
        query=request.query.get("q", "").strip()[:QUERY_MAX],
        found=found[:RESULTS],
        more=len(found) > RESULTS,
        theme=layout.theme(wanted.theme or ""),
        bassin=layout.bassin(wanted.bassin or ""),
        themes=layout.themes,
        bassins=layout.bassins,
        labels={t.slug: t.label for t in layout.themes},
        places={b.slug: b.name for b in layout.bassins},
    )


@routes.get(r"/structures/{id:\d{1,9}}")
async def structure(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    found = await site.structures.get(int(request.match_info["id"]))
    if found is None:
        raise web.HTTPNotFound()
    layout = site.layout()
    row = found.structure
    return page(
        request,
        "structure.html",
        structure=row,
        services=found.services,
        **placement(layout, row.bassin, row.themes),
        labels={t.slug: t.label for t in layout.themes},
    )
