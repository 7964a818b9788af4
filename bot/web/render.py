"""Jinja2 templates (autoescaped) whose every sentence comes from the message catalogues."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from bot.framework.catalogue import Catalogue
from bot.services.structures import REFERENCE
from bot.web.keys import CATALOGUE, JINJA, MODERATOR, SITE, VISITOR
from config.layout import Layout

TEMPLATES = Path(__file__).parent / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["structure_links"] = structure_links
    return env


def structure_links(text: str) -> Markup:
    """``#S12`` in an answer becomes a link to structure 12's page (the text is escaped
    first, so nothing else in it can become markup)."""
    escaped = str(escape(text))
    return Markup(
        REFERENCE.sub(
            lambda m: f'<a href="/structures/{int(m.group(1))}">{m.group(0)}</a>', escaped
        )
    )


def placement(layout: Layout, bassin: str | None, themes: Iterable[str] | None) -> dict[str, Any]:
    """The bassin and themes an entry, fiche or structure names, as the layout shows them now
    (a slug the layout no longer knows is left out rather than shown raw)."""
    return {
        "bassin": layout.bassin(bassin or ""),
        "themes": [t for slug in themes or [] if (t := layout.theme(slug))],
    }


def when(moment: datetime | None, zone: ZoneInfo, catalogue: Catalogue) -> str:
    """A date and time as people read it in the member's language."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    months = catalogue.text("web.months").split(",")
    return catalogue.text(
        "web.datetime",
        day=local.day,
        month=months[local.month - 1].strip(),
        year=local.year,
        time=local.strftime("%H:%M"),
    )


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """Render ``template`` for this request (its visitor, language and CSRF token)."""
    env: jinja2.Environment = request.app[JINJA]
    catalogue: Catalogue = request[CATALOGUE]
    site = request.app[SITE]
    zone = site.settings.zone
    visitor = request.get(VISITOR)
    values = {
        "t": catalogue.text,
        "lang": catalogue.language,
        "visitor": visitor,
        "moderator": request.get(MODERATOR, False),
        "csrf": visitor.csrf if visitor else "",
        "network": site.layout().network.name,
        "when": lambda moment: when(moment, zone, catalogue),
        "path": request.path,
        **context,
    }
    body = env.get_template(template).render(values)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def see_other(location: str) -> web.Response:
    """A redirection after a form (303: the browser follows with a GET)."""
    return web.Response(status=303, headers={"Location": location})
