"""The FAQ: search with the ranking of ``!faq``, entries by theme, one entry; and, for
moderators, editing and deleting an entry with the commands' rules and audit lines."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from bot.framework.errors import CheckFailure, UserInputError
from bot.services.moderation.scope import Actor
from bot.web.keys import SITE, VISITOR
from bot.web.render import page, placement, see_other
from bot.web.security import content, moderators, new_nonce, nonce_of
from storage.models import FaqEntry
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
        **placement(layout, found.bassin, found.themes),
        nonce=new_nonce(),
    )


@routes.get(r"/faq/{id:\d+}/modifier")
@moderators
async def edit_form(request: web.Request) -> web.StreamResponse:
    found = await _entry(request)
    return page(
        request,
        "faq_edit.html",
        entry=found,
        themes=request.app[SITE].layout().themes,
        nonce=new_nonce(),
    )


async def _actor(request: web.Request, form: MultiDictProxy[Any], entry_id: int) -> Actor:
    """The visitor with their rights; the form's nonce stands for the triggering event, so
    that a form sent twice (a double click, a reload) is applied once."""
    visitor = request[VISITOR]
    assert visitor is not None
    grants = await request.app[SITE].permissions.grants(visitor.user_id)
    return Actor(event_id=f"web:faq{entry_id}:{nonce_of(form)}", room_id="", grants=grants)


async def _moderated(request: web.Request, action: Awaitable[None]) -> web.StreamResponse | None:
    """Run a moderation workflow; the refusal page when the visitor's scope does not cover
    the entry (a bassin moderator and another bassin's or a network-wide entry)."""
    try:
        await action
    except CheckFailure:
        return page(request, "forbidden.html", status=403)
    except UserInputError:
        raise web.HTTPNotFound() from None
    return None


@routes.post(r"/faq/{id:\d+}/modifier")
@moderators
async def edit(request: web.Request) -> web.StreamResponse:
    """``!faq modifier``: the same workflow (scope, history, audit line), all fields at once."""
    found = await _entry(request)
    site, form = request.app[SITE], await request.post()
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
            nonce=nonce_of(form),
        )
    revision = site.faq_editing.revise(
        await _actor(request, form, found.id),
        found.id,
        question=question,
        answer=answer,
        themes=themes or found.themes,
    )
    refused = await _moderated(request, revision)
    return refused or see_other(f"/faq/{found.id}")


@routes.post(r"/faq/{id:\d+}/supprimer")
@moderators
async def delete(request: web.Request) -> web.StreamResponse:
    """``!faq supprimer``: the same workflow; the entry is flagged and leaves search."""
    found = await _entry(request)
    site, form = request.app[SITE], await request.post()
    reason = str(form.get("reason", "")).strip()[:500] or None
    deletion = site.faq_editing.delete(await _actor(request, form, found.id), found.id, reason)
    refused = await _moderated(request, deletion)
    return refused or see_other("/faq")
