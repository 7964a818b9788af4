"""The network's figures: four charts, each beside a table holding the same numbers."""

from __future__ import annotations

import time

from aiohttp import web

from bot.web import charts
from bot.web.keys import CATALOGUE, FIGURES, SITE
from bot.web.render import page
from bot.web.site import WebSite
from storage.repositories.figures import Figures

routes = web.RouteTableDef()
CHARTS = ("demandes", "bassins-taux", "bassins-delai", "groupes-taux", "groupes-delai", "contenus")
# The chart is an image: its own styles are inline, nothing in it runs.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


# Figures move by the day: computed at most once a minute, however many pages and charts ask.
FRESH_FOR = 60.0


async def _figures(request: web.Request) -> Figures:
    site, kept = request.app[SITE], request.app[FIGURES]
    now = time.monotonic()
    if "at" not in kept or now - float(kept["at"]) > FRESH_FOR:  # type: ignore[arg-type]
        kept.update(at=now, figures=await site.figures.figures(site.settings.zone))
    figures = kept["figures"]
    assert isinstance(figures, Figures)
    return figures


def _names(site: WebSite) -> tuple[dict[str, str], dict[str, str]]:
    layout = site.layout()
    return ({b.slug: b.name for b in layout.bassins}, {g.slug: g.name for g in layout.groupes})


@routes.get("/chiffres")
async def figures(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    bassins, groupes = _names(site)
    return page(
        request, "figures.html", figures=await _figures(request), bassins=bassins, groupes=groupes
    )


@routes.get("/chiffres/{name}.svg")
async def chart(request: web.Request) -> web.StreamResponse:
    site, lang = request.app[SITE], request[CATALOGUE]
    name = request.match_info["name"]
    if name not in CHARTS:
        raise web.HTTPNotFound()
    data = await _figures(request)
    bassins, groupes = _names(site)
    if name == "demandes":
        svg = charts.requests_per_month(data, lang)
    elif name == "contenus":
        svg = charts.content_over_time(data, lang)
    else:
        place, measure = name.split("-")
        rows = data.by_bassin if place == "bassins" else data.by_groupe
        draw = charts.rates if measure == "taux" else charts.waits
        svg = draw(rows, bassins if place == "bassins" else groupes, lang)
    return web.Response(
        body=svg,
        content_type="image/svg+xml",
        headers={"Content-Security-Policy": SVG_POLICY, "Cache-Control": "private, max-age=300"},
    )
