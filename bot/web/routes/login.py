"""Opening a session with the one-time link ``!web`` sent, and closing it.

The link's page only shows a button: the session opens on the POST. Link previews (a
homeserver fetching the URL to show a card) and mail scanners fetch pages with GET, so a
GET never spends the link. The form's CSRF token is a cookie set with the page, compared
with the hidden field (double submit): nobody can log a browser into another account.
"""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web

from bot.web.keys import SITE
from bot.web.render import page, see_other
from bot.web.security import SESSION_COOKIE, open_to_all, set_session_cookie

routes = web.RouteTableDef()
LOGIN_CSRF = "tisserand_login"


@routes.get("/connexion/{token}")
@open_to_all
async def confirm(request: web.Request) -> web.StreamResponse:
    csrf = secrets.token_urlsafe(24)
    response = page(request, "login.html", token=request.match_info["token"], login_csrf=csrf)
    response.set_cookie(
        LOGIN_CSRF, csrf, httponly=True, samesite="Strict", path="/connexion", max_age=900
    )
    return response


@routes.post("/connexion")
@open_to_all
async def sign_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    expected = request.cookies.get(LOGIN_CSRF, "")
    if not expected or not hmac.compare_digest(str(form.get("csrf", "")), expected):
        return page(request, "link_invalid.html", status=403)
    opened = await request.app[SITE].access.use_link(str(form.get("token", "")))
    if opened is None or not await request.app[SITE].access.is_member(opened[1]):
        return page(request, "link_invalid.html", status=403)
    response = see_other("/")
    set_session_cookie(request, response, opened[0])
    response.del_cookie(LOGIN_CSRF, path="/connexion")
    return response


@routes.post("/deconnexion")
async def sign_out(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await request.app[SITE].access.end(token)
    response = see_other("/")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response
