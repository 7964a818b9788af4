"""The FAQ: search with the ranking of ``!faq``, entries by theme, one entry; and, for
moderators, editing and deleting an entry with the commands' rules and audit lines."""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import SITE, VISITOR
from bot.web.render import page, see_other
from bot.web.security import content, moderators
from storage.models import FaqEntry
from storage.repositories.faq import FaqEntryNotFound
from storage.search import shorten

routes = web.RouteTableDef()
RESULTS = 10
QUERY_MAX = 200


@routes.get("/faq")
@content
async def search(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    query = request.query.get("q", "").strip()[:QUERY_MAX]
    results = await site.faq.search(query, limit=RESULTS) if query else []
    counts = {} if query else await site.faq.counts_by_theme()
    layout = site.layout()
    themes = [(layout.theme(slug), count) for slug, count in counts.items()]
    return page(
        request,
        "faq_search.html",
        query=query,
        results=[(r.entry, shorten(r.entry.question, 200), r.excerpt) for r in results],
        themes=[(theme, count) for theme, count in themes if theme is not None],
    )


@routes.get("/faq/theme/{slug}")
@content
async def by_theme(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    theme = site.layout().theme(request.match_info["slug"])
    if theme is None:
        raise web.HTTPNotFound()
    entries = await site.faq.list_by_theme(theme.slug, limit=100)
    return page(request, "faq_theme.html", theme=theme, entries=entries)


async def _entry(request: web.Request) -> FaqEntry:
    try:
        entry_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound() from None
    entry = await request.app[SITE].faq.get(entry_id)
    if entry is None:
        raise web.HTTPNotFound()
    return entry


@routes.get(r"/faq/{id:\d+}")
@content
async def entry(request: web.Request) -> web.StreamResponse:
    found = await _entry(request)
    layout = request.app[SITE].layout()
    return page(
        request,
        "faq_entry.html",
        entry=found,
        bassin=layout.bassin(found.bassin or ""),
        themes=[t for slug in found.themes if (t := layout.theme(slug))],
    )


@routes.get(r"/faq/{id:\d+}/modifier")
@moderators
async def edit_form(request: web.Request) -> web.StreamResponse:
    found = await _entry(request)
    return page(request, "faq_edit.html", entry=found, themes=request.app[SITE].layout().themes)


@routes.post(r"/faq/{id:\d+}/modifier")
@moderators
async def edit(request: web.Request) -> web.StreamResponse:
    """``!faq modifier``: the changed fields, one edit line each, an audit line when the
    editor is not the author."""
    found = await _entry(request)
    site, form = request.app[SITE], await request.post()
    visitor = request[VISITOR]
    assert visitor is not None
    known = {t.slug for t in site.layout().themes}
    question = str(form.get("question", "")).strip()
    answer = str(form.get("answer", "")).strip()
    themes = [str(slug) for slug in form.getall("themes", []) if str(slug) in known]
    if not question or not answer:
        return page(
            request,
            "faq_edit.html",
            status=400,
            entry=found,
            error=True,
            themes=site.layout().themes,
        )
    try:
        await site.faq.update(
            found.id,
            visitor.user_id,
            question=question,
            answer=answer,
            themes=themes or found.themes,
        )
    except FaqEntryNotFound:
        raise web.HTTPNotFound() from None
    if found.author_id is None or found.author_id != visitor.user_id:
        await site.audit.record(
            visitor.user_id,
            "faq_edit",
            target=f"#{found.id}",
            details={"what": "faq", "author": found.author_id, "via": "web"},
        )
    return see_other(f"/faq/{found.id}")


@routes.post(r"/faq/{id:\d+}/supprimer")
@moderators
async def delete(request: web.Request) -> web.StreamResponse:
    """``!faq supprimer``: the entry is flagged and leaves search; the audit log says who."""
    found = await _entry(request)
    site, form = request.app[SITE], await request.post()
    visitor = request[VISITOR]
    assert visitor is not None
    if not await site.faq.delete(found.id, visitor.user_id):
        raise web.HTTPNotFound()
    reason = str(form.get("reason", "")).strip()[:500] or None
    await site.audit.record(
        visitor.user_id,
        "faq_delete",
        target=f"#{found.id}",
        reason=reason,
        details={"author": found.author_id, "via": "web"},
    )
    return see_other("/faq")
