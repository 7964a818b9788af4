"""Focus sessions: upcoming and past (with their reports), one ``.ics`` per session, and a
personal calendar feed whose secret address calendar applications subscribe to.

The feed's secret is shown once, when it is made; only its hash is kept. Making a new one
revokes the old address, and so does deleting it.
"""

from __future__ import annotations

from aiohttp import web

from bot.cli.focus import calendar_session
from bot.framework.catalogue import Catalogue
from bot.text.calendar_export import export_ics
from bot.web.keys import CATALOGUE, SITE, VISITOR
from bot.web.render import page, see_other
from bot.web.security import open_to_all
from bot.web.site import WebSite
from storage.models import FocusSession, utcnow

routes = web.RouteTableDef()


async def _rooms(site: WebSite) -> dict[str, object]:
    return {room.room_id: room for room in await site.rooms.all(include_archived=True)}


async def _ics(site: WebSite, rows: list[FocusSession], lang: Catalogue) -> web.Response:
    rooms = await _rooms(site)
    body = export_ics(
        [calendar_session(row, rooms, lang) for row in rows],  # type: ignore[arg-type]
        server_name=site.settings.server_name if site.settings.user_id else "localhost",
        tz=site.settings.zone,
    )
    return web.Response(body=body, content_type="text/calendar", charset="utf-8")


@routes.get("/sessions")
async def listing(request: web.Request) -> web.StreamResponse:
    return await _listing(request, None)


async def _listing(request: web.Request, feed: str | None) -> web.StreamResponse:
    site = request.app[SITE]
    visitor = request[VISITOR]
    assert visitor is not None
    now = utcnow()
    upcoming = await site.focus.upcoming(now, limit=50)
    counts = await site.focus.participant_counts([s.id for s in upcoming])
    return page(
        request,
        "sessions.html",
        upcoming=[(s, counts.get(s.id, 0)) for s in upcoming],
        past=await site.focus.past(now, limit=30),
        feed_url=feed,
        has_feed=await site.access.has_feed(visitor.user_id),
    )


@routes.get(r"/sessions/{id:\d+}.ics")
async def one_session(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    row = await site.focus.get(int(request.match_info["id"]))
    if row is None:
        raise web.HTTPNotFound()
    response = await _ics(site, [row], request[CATALOGUE])
    response.headers["Content-Disposition"] = f'attachment; filename="session-{row.id}.ics"'
    return response


@routes.post("/sessions/flux")
async def new_feed(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    visitor = request[VISITOR]
    assert visitor is not None
    secret = await site.access.new_feed(visitor.user_id)
    return await _listing(request, f"{site.base_url}/calendrier/{secret}.ics")


@routes.post("/sessions/flux/supprimer")
async def drop_feed(request: web.Request) -> web.StreamResponse:
    visitor = request[VISITOR]
    assert visitor is not None
    await request.app[SITE].access.drop_feed(visitor.user_id)
    return see_other("/sessions")


@routes.get("/calendrier/{secret}.ics")
@open_to_all
async def feed(request: web.Request) -> web.StreamResponse:
    """What a calendar application fetches: no cookie, the secret in the address."""
    site = request.app[SITE]
    owner = await site.access.feed_owner(request.match_info["secret"])
    if owner is None:
        raise web.HTTPNotFound()
    from bot.framework.catalogue import catalogue

    language = await site.members.language(owner) or site.settings.language
    rows = await site.focus.for_calendar(utcnow())
    return await _ics(site, rows, catalogue(language))
