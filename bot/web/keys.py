"""Typed keys of what the application and each request carry."""

from __future__ import annotations

import jinja2
from aiohttp import web

from bot.framework.catalogue import Catalogue
from bot.web.site import WebSite
from storage.repositories.web import Visitor

SITE: web.AppKey[WebSite] = web.AppKey("site", WebSite)
JINJA: web.AppKey[jinja2.Environment] = web.AppKey("jinja", jinja2.Environment)
FIGURES: web.AppKey[dict[str, object]] = web.AppKey("figures", dict)
VISITOR: web.RequestKey[Visitor | None] = web.RequestKey("visitor")
CATALOGUE: web.RequestKey[Catalogue] = web.RequestKey("catalogue", Catalogue)
MODERATOR: web.RequestKey[bool] = web.RequestKey("moderator", bool)
