"""The web site's pages and access rules on every backend, through aiohttp's test client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient

from bot.web.site import WebSite
from storage.database import Database
from storage.models import utcnow
from storage.repositories.fiches import NewFiche
from storage.repositories.roles import RoleRepository
from tests.support.bot import small_layout
from tests.support.web import client_for, csrf_of, hidden_fields, log_in, site_on

ALICE = "@alice:example.org"
MOD = "@mod:example.org"


@pytest_asyncio.fixture
async def site(database: Database, tmp_path: Path) -> WebSite:
    site = site_on(database, small_layout("w-"), tmp_path, admins=[])
    await site.members.upsert(ALICE, bassin="nord", groupe="responsables", themes=["logement"])
    await site.members.upsert(MOD, bassin="nord", in_directory=True, structure="CPAS")
    await site.faq.add(
        "Comment avancer une garantie locative ?",
        "Le CPAS peut avancer la garantie locative au propriétaire.",
        ["logement"],
        author_id=ALICE,
    )
    await site.faq.add("Permis de conduire en article 60 ?", "Le FOREM finance.", ["mobilite"])
    await site.fiches.add(
        NewFiche({"titre": "Atelier loyers", "contexte": "Des loyers trop chers."}, ["logement"])
    )
    return site


@pytest_asyncio.fixture
async def client(site: WebSite) -> AsyncIterator[TestClient]:
    client = await client_for(site)
    try:
        yield client
    finally:
        await client.close()


async def signed_in(client: TestClient, site: WebSite, user_id: str = ALICE) -> None:
    assert await log_in(client, await site.access.create_link(user_id)) == 303


async def test_without_a_session_every_member_page_asks_for_a_link(client: TestClient) -> None:
    for path in (
        "/",
        "/faq",
        "/faq/1",
        "/fiches",
        "/sessions",
        "/annuaire",
        "/structures",
        "/chiffres",
    ):
        response = await client.get(path)
        assert response.status == 401, path
        assert "!web" in await response.text()
    assert (await client.get("/chiffres/demandes.svg")).status == 401
    assert (await client.get("/calendrier/nope.ics")).status == 404


async def test_a_link_opens_a_session_with_a_safe_cookie(client: TestClient, site: WebSite):
    token = await site.access.create_link(ALICE)
    page = await client.get(f"/connexion/{token}")
    assert page.status == 200
    response = await client.post(
        "/connexion",
        data={"token": token, "csrf": csrf_of(await page.text())},
        allow_redirects=False,
    )
    assert response.status == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    home = await client.get("/")
    assert home.status == 200
    html = await home.text()
    assert '<html lang="fr">' in html and "Garantie locative".lower() in html.lower()
    policy = home.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "<script" not in html


async def test_a_link_works_once(client: TestClient, site: WebSite) -> None:
    token = await site.access.create_link(ALICE)
    assert await log_in(client, token) == 303
    client.session.cookie_jar.clear()
    assert await log_in(client, token) == 403
    assert (await client.get("/")).status == 401


async def test_opening_the_link_page_does_not_spend_it(client: TestClient, site: WebSite):
    token = await site.access.create_link(ALICE)
    for _ in range(3):  # link previews and scanners fetch with GET
        assert (await client.get(f"/connexion/{token}")).status == 200
    assert await log_in(client, token) == 303


async def test_an_expired_link_is_refused(client: TestClient, site: WebSite) -> None:
    token = await site.access.create_link(ALICE, now=utcnow() - timedelta(minutes=16))
    assert await log_in(client, token) == 403
    assert (await client.get("/")).status == 401


async def test_the_login_form_needs_its_csrf_cookie(client: TestClient, site: WebSite) -> None:
    token = await site.access.create_link(ALICE)
    response = await client.post("/connexion", data={"token": token, "csrf": "forged"})
    assert response.status == 403
    assert await log_in(client, token) == 303  # the refused attempt did not spend it


async def test_a_banned_member_loses_access_at_once(client: TestClient, site: WebSite) -> None:
    await signed_in(client, site)
    assert (await client.get("/faq")).status == 200
    await site.audit.record(MOD, "ban", target=ALICE, reason="spam")
    assert (await client.get("/faq")).status == 401
    await site.audit.record(MOD, "unban", target=ALICE)
    assert (await client.get("/faq")).status == 200


async def test_a_banned_member_gets_no_session(client: TestClient, site: WebSite) -> None:
    token = await site.access.create_link(ALICE)
    await site.audit.record(MOD, "ban", target=ALICE)
    assert await log_in(client, token) == 403


async def test_a_member_who_left_loses_access(
    client: TestClient, site: WebSite, database: Database
) -> None:
    await signed_in(client, site)
    from sqlalchemy import delete

    from storage.models import Member

    async with database.transaction() as session:
        await session.execute(delete(Member).where(Member.user_id == ALICE))
    assert (await client.get("/")).status == 401


async def test_signing_out_everywhere_ends_sessions(client: TestClient, site: WebSite) -> None:
    await signed_in(client, site)
    assert await site.access.revoke_all(ALICE) == 1
    assert (await client.get("/")).status == 401


async def test_sign_out_needs_csrf(client: TestClient, site: WebSite) -> None:
    await signed_in(client, site)
    assert (await client.post("/deconnexion", data={})).status == 403
    home = await client.get("/")
    response = await client.post(
        "/deconnexion", data={"csrf": csrf_of(await home.text())}, allow_redirects=False
    )
    assert response.status == 303
    assert (await client.get("/")).status == 401


async def test_moderation_views_are_for_moderators(
    client: TestClient, site: WebSite, database: Database
) -> None:
    await signed_in(client, site)
    csrf = csrf_of(await (await client.get("/")).text())
    assert (await client.get("/moderation")).status == 403
    assert (await client.get("/faq/1/modifier")).status == 403
    refused = await client.post("/faq/1/supprimer", data={"csrf": csrf})
    assert refused.status == 403
    assert await site.faq.get(1) is not None
    await RoleRepository(database).grant(ALICE, "moderator", "nord", MOD)
    assert (await client.get("/moderation")).status == 200
    await RoleRepository(database).revoke_all(ALICE)  # demoted by the bot: views gone at once
    assert (await client.get("/moderation")).status == 403


async def test_a_moderator_edits_and_deletes_with_audit_lines(
    client: TestClient, site: WebSite, database: Database
) -> None:
    await RoleRepository(database).grant(MOD, "moderator", None, MOD)
    await signed_in(client, site, MOD)
    form = await client.get("/faq/1/modifier")
    assert form.status == 200
    csrf = csrf_of(await form.text())
    edited = await client.post(
        "/faq/1/modifier",
        data={
            "csrf": csrf,
            "question": "Avancer une caution ?",
            "answer": "Oui, le CPAS.",
            "themes": "logement",
        },
        allow_redirects=False,
    )
    assert edited.status == 303
    entry = await site.faq.get(1)
    assert entry is not None and entry.question == "Avancer une caution ?"
    assert [e.field for e in await site.faq.history(1)] == ["question", "answer"]
    no_csrf = await client.post("/faq/2/supprimer", data={"reason": "doublon"})
    assert no_csrf.status == 403 and await site.faq.get(2) is not None
    deleted = await client.post(
        "/faq/2/supprimer", data={"csrf": csrf, "reason": "doublon"}, allow_redirects=False
    )
    assert deleted.status == 303 and await site.faq.get(2) is None
    actions = [(a.action, a.target, a.reason) for a in await site.audit.latest()]
    assert ("faq_delete", "#2", "doublon") in actions
    assert ("faq_edit", "#1", None) in actions
    audit_page = await (await client.get("/moderation")).text()
    assert "faq_delete" in audit_page


async def test_a_bassin_moderator_cannot_edit_or_delete_beyond_their_bassin_on_the_web(
    client: TestClient, site: WebSite, database: Database
) -> None:
    """The web forms run the commands' workflows: a moderator of « sud » may not touch a
    network-wide entry (nor another bassin's), exactly as ``!faq modifier`` refuses it."""
    await RoleRepository(database).grant(MOD, "moderator", "sud", MOD)
    await signed_in(client, site, MOD)
    csrf = csrf_of(await (await client.get("/faq/2/modifier")).text())
    edited = await client.post(
        "/faq/2/modifier",
        data={"csrf": csrf, "question": "Changée ?", "answer": "Oui.", "themes": "mobilite"},
        allow_redirects=False,
    )
    assert edited.status == 403
    deleted = await client.post("/faq/2/supprimer", data={"csrf": csrf}, allow_redirects=False)
    assert deleted.status == 403
    entry = await site.faq.get(2)
    assert entry is not None and entry.question == "Permis de conduire en article 60 ?"
    assert await site.faq.history(2) == []
    assert [a.action for a in await site.audit.latest()] == []


async def test_a_form_sent_twice_is_applied_once(
    client: TestClient, site: WebSite, database: Database
) -> None:
    await RoleRepository(database).grant(MOD, "moderator", None, MOD)
    await signed_in(client, site, MOD)
    form = await (await client.get("/faq/1/modifier")).text()
    fields = hidden_fields(form)
    assert set(fields) == {"csrf", "nonce"}
    data = {**fields, "question": "Avancer une caution ?", "answer": "Oui, le CPAS."}
    for _ in range(2):  # a double click, or the browser sending the form again
        sent = await client.post("/faq/1/modifier", data=data, allow_redirects=False)
        assert sent.status == 303
    assert [e.field for e in await site.faq.history(1)] == ["question", "answer"]
    assert [a.action for a in await site.audit.latest()] == ["faq_edit"]


async def test_faq_search_has_the_ranking_of_the_command(client: TestClient, site: WebSite):
    await signed_in(client, site)
    expected = [r.entry.id for r in await site.faq.search("garantie locative", limit=5)]
    html = await (await client.get("/faq", params={"q": "garantie locative"})).text()
    shown = [int(n) for n in re.findall(r'href="/faq/(\d+)"', html)]
    assert expected and shown[: len(expected)] == expected
    assert "<script" not in html
    hostile = await client.get("/faq", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert" not in await hostile.text()


async def test_pages_render(client: TestClient, site: WebSite) -> None:
    await signed_in(client, site)
    for path in (
        "/faq",
        "/faq/theme/logement",
        "/faq/1",
        "/fiches",
        "/fiches?theme=logement",
        "/fiches/1",
        "/sessions",
        "/annuaire",
        "/structures",
        "/structures?q=logement+nord",
        "/chiffres",
    ):
        assert (await client.get(path)).status == 200, path
    assert (await client.get("/faq/999")).status == 404
    assert (await client.get("/fiches/1/pieces/1")).status == 404
    svg = await client.get("/chiffres/demandes.svg")
    assert svg.status == 200 and svg.content_type == "image/svg+xml"
    assert "<script" not in await svg.text()
    directory = await (await client.get("/annuaire")).text()
    assert MOD in directory and ALICE not in directory  # only who opted in


async def test_english_for_who_chose_it(client: TestClient, site: WebSite) -> None:
    await site.members.upsert(ALICE, language="en")
    await signed_in(client, site)
    html = await (await client.get("/")).text()
    assert '<html lang="en">' in html and "Latest FAQ entries" in html


async def test_calendar_feed_needs_csrf_parses_and_is_revocable(
    client: TestClient, site: WebSite
) -> None:
    await site.focus.create(
        author_id=MOD,
        theme="Logement d'urgence",
        target="tous",
        bassins=[],
        room_ids=[],
        starts_at=utcnow() + timedelta(days=3),
        timezone="Europe/Brussels",
    )
    await signed_in(client, site)
    page = await client.get("/sessions")
    csrf = csrf_of(await page.text())
    assert (await client.post("/sessions/flux", data={})).status == 403
    assert (await client.post("/sessions/flux", data={"csrf": "x" + csrf})).status == 403
    made = await (await client.post("/sessions/flux", data={"csrf": csrf})).text()
    url = re.search(r'value="(http[^"]+\.ics)"', made).group(1)
    path = url.split("8090", 1)[1]
    client.session.cookie_jar.clear()  # a calendar application has no cookie
    feed = await client.get(path)
    assert feed.status == 200 and feed.content_type == "text/calendar"
    calendar = icalendar.Calendar.from_ical(await feed.read())
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Logement d'urgence"]
    await signed_in(client, site)
    csrf = csrf_of(await (await client.get("/sessions")).text())
    await client.post("/sessions/flux", data={"csrf": csrf})
    assert (await client.get(path)).status == 404
    one = await client.get("/sessions/1.ics")
    assert icalendar.Calendar.from_ical(await one.read()).walk("VEVENT")


async def test_public_layout_opens_faq_and_fiches_only(database: Database, tmp_path: Path) -> None:
    layout = small_layout("p-", policy={"web_public": True})
    site = site_on(database, layout, tmp_path)
    await site.faq.add("Une question publique ?", "Une réponse.", ["logement"])
    client = await client_for(site)
    try:
        assert (await client.get("/faq")).status == 200
        assert (await client.get("/faq/1")).status == 200
        assert (await client.get("/fiches")).status == 200
        assert (await client.get("/sessions")).status == 401
        assert (await client.get("/structures")).status == 401  # names members (referents)
        assert (await client.get("/faq/1/modifier")).status == 401
    finally:
        await client.close()


async def test_a_file_from_an_encrypted_room_stays_for_members_on_a_public_site(
    database: Database, tmp_path: Path
) -> None:
    site = site_on(database, small_layout("p-", policy={"web_public": True}), tmp_path)
    await site.members.upsert(ALICE, bassin="nord")
    await site.fiches.add(NewFiche({"titre": "Garage solidaire", "contexte": "Des pannes."}))
    secret = {"url": "mxc://example.org/chiffre", "key": {"k": "SECRETKEY"}, "iv": "x"}
    secret["hashes"] = {"sha256": "y"}
    await site.fiches.attach(1, secret["url"], "plan.pdf", "m.file", encrypted=secret)
    client = await client_for(site)
    try:
        assert (await client.get("/fiches/1/pieces/1")).status == 401
        page = await (await client.get("/fiches/1")).text()
        assert "plan.pdf" in page and "/pieces/1" not in page and "SECRETKEY" not in page
        await signed_in(client, site)
        page = await (await client.get("/fiches/1")).text()
        assert 'href="/fiches/1/pieces/1"' in page and "SECRETKEY" not in page
    finally:
        await client.close()


async def test_links_and_sessions_never_reach_the_logs(
    site: WebSite, caplog: pytest.LogCaptureFixture
) -> None:
    """The server as `tisserand run` starts it (not the test server, which has an access log)."""
    import logging

    import aiohttp

    from bot.cli.web import free_listen
    from bot.web.app import WebServer
    from tests.support.web import hidden_fields

    listen = free_listen("127.0.0.1:0")
    server = WebServer(site, listen)
    caplog.set_level(logging.DEBUG)
    await server.start()
    token = await site.access.create_link(ALICE)
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as browser:
            async with browser.get(f"http://{listen}/connexion/{token}") as page:
                fields = hidden_fields(await page.text())
            async with browser.post(f"http://{listen}/connexion", data=fields) as home:
                assert home.status == 200
            session = next(c.value for c in jar if c.key == "tisserand_session")
            csrf = csrf_of(await (await browser.get(f"http://{listen}/sessions")).text())
            async with browser.post(f"http://{listen}/sessions/flux", data={"csrf": csrf}) as made:
                feed = re.search(r"/calendrier/([^\"]+)\.ics", await made.text())
            assert feed is not None
            async with browser.get(f"http://{listen}/calendrier/{feed.group(1)}.ics") as got:
                assert got.status == 200
    finally:
        await server.stop()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/connexion/{token} 200" in logged.replace(token, "LEAK")
    for secret in (token, session, feed.group(1)):
        assert secret not in logged
