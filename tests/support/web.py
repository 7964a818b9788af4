"""The web site on a test database, with aiohttp's test client, and logging in through it."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.web.app import build_app
from bot.web.site import WebSite
from config.layout import Layout
from config.settings import Settings
from storage.database import Database

_HIDDEN = re.compile(r'name="(token|csrf|nonce)" value="([^"]*)"')


def site_on(database: Database, layout: Layout, directory: Path, **settings: object) -> WebSite:
    values: dict[str, object] = {"data_dir": directory, "web_listen": "127.0.0.1:8090"}
    values.update(settings)
    return WebSite.alone(Settings(_env_file=None, **values), layout, database)  # type: ignore[call-arg]


async def client_for(site: WebSite) -> TestClient:
    client = TestClient(TestServer(build_app(site)))
    await client.start_server()
    return client


def hidden_fields(html: str) -> dict[str, str]:
    return dict(_HIDDEN.findall(html))


async def log_in(client: TestClient, token: str) -> int:
    """Open the link's page and press its button, as a browser does; the POST's status."""
    page = await client.get(f"/connexion/{token}")
    fields = hidden_fields(await page.text())
    response = await client.post("/connexion", data=fields, allow_redirects=False)
    return response.status


def csrf_of(html: str) -> str:
    return hidden_fields(html).get("csrf", "")
