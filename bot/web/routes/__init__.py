"""The site's pages, one module per area; each module holds one aiohttp route table."""

from __future__ import annotations

from bot.web.routes import (
    directory,
    faq,
    fiches,
    figures,
    home,
    login,
    moderation,
    sessions,
    structures,
)

ROUTE_TABLES = [
    login.routes,
    home.routes,
    faq.routes,
    fiches.routes,
    sessions.routes,
    directory.routes,
    structures.routes,
    figures.routes,
    moderation.routes,
]
