"""The web site in a real browser: headless Chromium (Debian's package) driven by Playwright,
logged in through a link the real bot sent with ``!web`` on the test Synapse.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import aiohttp
import icalendar
import pytest

from bot.cli.web import free_listen
from storage.models import utcnow
from storage.repositories.fiches import NewFiche
from tests.support import MatrixUserFactory
from tests.support.structures import FICTIONAL_STRUCTURES

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/connexion/[A-Za-z0-9_-]+)")
ATTACHMENT = b"Grille d'evaluation - atelier loyers\n"


def _copy_for_readme(output: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("home.png", "figures.png"):
        shutil.copyfile(output / name, SCREENSHOTS / name)


async def _seed(app: object) -> None:
    """FAQ entries, a fiche with a file on the homeserver, sessions and requests to chart,
    a structure of the directory that a FAQ answer points to (``#S1``)."""
    faq, fiches, focus, requests = app.faq, app.fiches, app.focus.repository, app.requests  # type: ignore[attr-defined]
    report = await app.directory.import_text(json.dumps(FICTIONAL_STRUCTURES), "json")  # type: ignore[attr-defined]
    assert report.structures == 1 and not report.problems
    await faq.add(
        "Comment financer le permis de conduire d'une personne en article 60 ?",
        "Le CPAS peut intervenir via le fonds d'insertion ; le FOREM finance parfois les "
        "heures de conduite. Vérifier d'abord l'aide du PMTIC de la commune.",
        ["mobilite"],
    )
    await faq.add(
        "Une garantie locative peut-elle être avancée ?",
        "Oui : le CPAS peut avancer la garantie locative ou délivrer une lettre de garantie. "
        "Voir aussi #S1.",
        ["logement"],
    )
    uri = await app.client.upload(ATTACHMENT, "text/plain", "grille.txt")  # type: ignore[attr-defined]
    await fiches.add(
        NewFiche(
            {
                "titre": "Atelier loyers et budget",
                "contexte": "Beaucoup de personnes accompagnées paient un loyer trop élevé.",
                "objectifs": "Comprendre son bail, préparer un budget logement.",
                "deroule": "Trois séances de deux heures.\n\nUne visite de l'agence sociale.",
            },
            ["logement"],
            bassin="nord",
            attachments=[{"url": uri, "name": "grille.txt", "msgtype": "m.file"}],
        )
    )
    now = utcnow()
    await focus.create(
        author_id="@mod:localhost",
        theme="Logement d'urgence",
        target="tous",
        bassins=[],
        room_ids=[],
        starts_at=now + timedelta(days=4),
        timezone="Europe/Brussels",
    )
    await focus.create(
        author_id="@mod:localhost",
        theme="Mobilité rurale",
        target="nord",
        bassins=["nord"],
        room_ids=[],
        starts_at=now - timedelta(days=10),
        timezone="Europe/Brussels",
        report="Covoiturage entre structures, navettes du CPAS.",
    )
    for number, (bassin, groupe, days, hours) in enumerate(
        [
            ("nord", "responsables", 70, 3),
            ("nord", "encadrants", 40, 20),
            ("sud", "responsables", 35, None),
            ("sud", "travailleurs-sociaux", 5, 6),
            ("nord", "travailleurs-sociaux", 2, 1),
        ]
    ):
        created = now - timedelta(days=days)
        await requests.create(
            requester=f"@r{number}:localhost",
            dm_room_id="!x:localhost",
            bassin=bassin,
            groupe=groupe,
            text="…",
            created_at=created,
            first_answer_at=created + timedelta(hours=hours) if hours else None,
        )


async def test_a_member_uses_the_site_in_a_browser(
    bot_factory, matrix_user: MatrixUserFactory, tmp_path: Path
) -> None:
    if not await asyncio.to_thread(CHROMIUM.exists):
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.async_api")
    bot = await bot_factory(web_listen=free_listen("127.0.0.1:0"))
    app = bot.app
    await _seed(app)
    alice = await matrix_user("alice")
    dm = await alice.create_dm(bot.user_id)
    await alice.ask(dm, "!inscription nord travailleurs-sociaux")
    reply = await alice.ask(dm, "!web")
    link = LINK.search(reply.body)
    assert link, reply.body
    output = tmp_path / "screenshots"
    output.mkdir()

    async with playwright_api.async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            await page.goto(link.group(1))
            # The listener is armed before the click, and the page counts as reached once its
            # document is parsed: the « load » event also waits for the style sheet, which a
            # loaded machine can hold back past any timeout without the page being wrong.
            try:
                async with page.expect_navigation(
                    url=re.compile(r"/$"), wait_until="domcontentloaded", timeout=60_000
                ):
                    await page.get_by_role("button", name="Ouvrir ma session").click()
            except playwright_api.TimeoutError as error:  # say where the browser stands
                body = (await page.inner_text("body"))[:300]
                raise AssertionError(f"not signed in: {page.url} shows {body!r}") from error
            assert await page.locator("html").get_attribute("lang") == "fr"
            await page.screenshot(path=output / "home.png", full_page=True)

            await page.get_by_label("Chercher dans la FAQ").fill("permis de conduire article 60")
            await page.keyboard.press("Enter")
            await page.wait_for_url(
                re.compile(r"/faq\?q="), wait_until="domcontentloaded", timeout=60_000
            )
            first = page.locator("ol.results li a").first
            assert "permis de conduire" in (await first.inner_text())
            await page.screenshot(path=output / "faq.png", full_page=True)

            await page.get_by_role("link", name="Fiches actions").first.click()
            await page.get_by_role("link", name="Atelier loyers et budget").click()
            await page.wait_for_url(
                re.compile(r"/fiches/\d+$"), wait_until="domcontentloaded", timeout=60_000
            )
            async with page.expect_download() as download_info:
                await page.get_by_role("link", name="grille.txt").click()
            download = await download_info.value
            saved = Path(await download.path())
            assert await asyncio.to_thread(saved.read_bytes) == ATTACHMENT
            await page.screenshot(path=output / "fiche.png", full_page=True)

            # The directory of structures: from a FAQ answer's #S1, then by searching.
            await page.goto(page.url.split("/fiches", 1)[0] + "/faq?q=garantie+locative")
            await page.locator("ol.results li a").first.click()
            await page.get_by_role("link", name="#S1").click()
            await page.wait_for_url(
                re.compile(r"/structures/1$"), wait_until="domcontentloaded", timeout=60_000
            )
            assert "Toit du Nord" in await page.locator("h1").inner_text()
            service = page.get_by_role("heading", name="Aide à la garantie locative")
            assert await service.count() == 1
            assert "Revenus modestes" in await page.locator("article").inner_text()
            await page.get_by_role("link", name="Structures").first.click()
            await page.get_by_label("Chercher une structure").fill("garantie locative")
            await page.get_by_label("Bassin").select_option("nord")
            await page.keyboard.press("Enter")
            await page.wait_for_url(
                re.compile(r"/structures\?q="), wait_until="domcontentloaded", timeout=60_000
            )
            first = page.locator("ul.cards li h3 a").first
            assert "Toit du Nord" in await first.inner_text()
            await page.screenshot(path=output / "structures.png", full_page=True)

            await page.get_by_role("link", name="Sessions focus").first.click()
            await page.get_by_role("button", name="Créer mon adresse d'agenda").click()
            feed_url = await page.get_by_label("Adresse de l'agenda").input_value()
            await page.screenshot(path=output / "sessions.png", full_page=True)
            async with aiohttp.ClientSession() as calendar_app, calendar_app.get(feed_url) as got:
                assert got.status == 200
                calendar = icalendar.Calendar.from_ical(await got.read())
            assert "Logement d'urgence" in [str(e["summary"]) for e in calendar.walk("VEVENT")]

            await page.get_by_role("link", name="Chiffres").first.click()
            await page.wait_for_load_state("networkidle")
            assert await page.locator("table").count() == 4
            await page.screenshot(path=output / "figures.png", full_page=True)

            phone = await browser.new_page(viewport={"width": 390, "height": 844})
            await phone.context.add_cookies(await page.context.cookies())
            await phone.goto(page.url.rsplit("/", 1)[0] + "/")
            await phone.screenshot(path=output / "home-phone.png", full_page=True)

            signed_out = await alice.ask(dm, "!web deconnecter")
            assert "fermées" in signed_out.body
            await page.reload()
            assert "Connexion" in await page.locator("h1").inner_text()
        finally:
            await browser.close()
    await asyncio.to_thread(_copy_for_readme, output)
    print(f"screenshots in {output}")
