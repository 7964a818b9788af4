"""Who may see what, on every request: the session cookie, membership, roles and CSRF.

Each handler declares its audience with one decorator (`open_to_all`, `content`, `members`
is the default, `moderators`). The middleware reads the session, checks that its member is
still a member and not banned (on each request, so that a ban or a departure closes the site
at once), refuses a POST whose CSRF token does not match, and sets the security headers.
Requests are logged by route pattern only: a login link or a feed secret never reaches a log.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.framework.catalogue import catalogue
from bot.web.keys import CATALOGUE, MODERATOR, SITE, VISITOR
from storage.repositories.web import Visitor

log = logging.getLogger(__name__)

SESSION_COOKIE = "tisserand_session"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def _audience(level: str) -> Callable[[Handler], Handler]:
    def mark(handler: Handler) -> Handler:
        handler.audience = level  # type: ignore[attr-defined]
        return handler

    return mark


open_to_all = _audience("open")  # login pages, static files, calendar feeds (secret in the URL)
content = _audience("content")  # FAQ and fiches: public when the layout says so
moderators = _audience("moderator")


def audience(handler: Any) -> str:
    return str(getattr(handler, "audience", "member"))


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        response = web.Response(status=exc.status, text=exc.text, headers=exc.headers)
    _headers(request, response)
    route = request.match_info.route.resource
    log.info(
        "%s %s %d %.1fms",
        request.method,
        route.canonical if route is not None else "?",
        response.status,
        (time.perf_counter() - started) * 1000,
    )
    return response


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    site = request.app[SITE]
    token = request.cookies.get(SESSION_COOKIE)
    visitor = await site.access.visitor(token) if token else None
    request[VISITOR] = visitor
    request[CATALOGUE] = catalogue(
        (visitor.language if visitor else None) or site.settings.language
    )
    level = audience(handler)
    if level == "open" or (level == "content" and site.layout().policy.web_public):
        _roles(request, visitor)
        return await _checked(request, handler, visitor)
    if visitor is None:
        from bot.web.render import page

        return page(request, "signin.html", status=401)
    _roles(request, visitor)
    if level == "moderator" and not request[MODERATOR]:
        from bot.web.render import page

        return page(request, "forbidden.html", status=403)
    return await _checked(request, handler, visitor)


def _roles(request: web.Request, visitor: Visitor | None) -> None:
    """Moderation views for moderators (of a bassin or all) and admins, as ``!faq supprimer``."""
    admins = request.app[SITE].settings.admins
    request[MODERATOR] = visitor is not None and (visitor.moderator or visitor.user_id in admins)


async def _checked(request: web.Request, handler: Handler, visitor: Any) -> web.StreamResponse:
    """A form is accepted only with the session's CSRF token (login forms check their own)."""
    if request.method == "POST" and audience(handler) != "open":
        form = await request.post()
        sent = str(form.get("csrf", ""))
        if visitor is None or not hmac.compare_digest(sent, visitor.csrf):
            raise web.HTTPForbidden(text="CSRF")
    return await handler(request)


_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_nonce() -> str:
    """A once-only token for a form that changes something: it names the change, so a form
    sent twice is applied once (the workflows' journal keys on it)."""
    return secrets.token_urlsafe(16)


def nonce_of(form: Any) -> str:
    """The form's nonce, or a fresh one when it carries none (or a malformed one)."""
    sent = str(form.get("nonce", ""))
    return sent if _NONCE.fullmatch(sent) else new_nonce()


def _headers(request: web.Request, response: web.StreamResponse) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    if request.get(VISITOR) is not None or request.path.startswith("/connexion"):
        headers.setdefault("Cache-Control", "private, no-store")


def set_session_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    site = request.app[SITE]
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="Lax",
        secure=site.base_url.startswith("https://") or request.secure,
        path="/",
        max_age=30 * 24 * 3600,
    )
