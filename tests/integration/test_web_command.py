"""``!web`` and ``!web deconnecter`` with the real bot on the test Synapse, and the site it
serves beside itself (``TISSERAND_WEB_LISTEN``)."""

from __future__ import annotations

import re

import aiohttp
import pytest

from bot.cli.web import free_listen
from tests.support import MatrixUserFactory
from tests.support.web import hidden_fields

pytestmark = pytest.mark.integration

LINK = re.compile(r"(http://127\.0\.0\.1:\d+)/connexion/([A-Za-z0-9_-]+)")


async def test_links_are_for_members_and_sessions_close_on_demand(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot = await bot_factory(web_listen=free_listen("127.0.0.1:0"))
    alice = await matrix_user("alice")
    dm = await alice.create_dm(bot.user_id)
    refused = await alice.ask(dm, "!web")
    assert "réservé aux membres" in refused.body and "connexion/" not in refused.body
    await alice.ask(dm, "!inscription nord travailleurs-sociaux")
    reply = await alice.ask(dm, "!site")
    found = LINK.search(reply.body)
    assert found, reply.body
    base, token = found.groups()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(f"{base}/connexion/{token}") as page:
            fields = hidden_fields(await page.text())
        async with browser.post(f"{base}/connexion", data=fields) as signed_in:
            assert signed_in.status == 200 and "Accueil" in await signed_in.text()
        closed = await alice.ask(dm, "!web deconnecter")
        assert "fermées (1)" in closed.body
        async with browser.get(f"{base}/") as after:
            assert after.status == 401


async def test_without_a_site_the_command_says_so(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await alice.create_dm(bot.user_id)
    await alice.ask(dm, "!inscription nord travailleurs-sociaux")
    reply = await alice.ask(dm, "!web")
    assert "pas activé" in reply.body
