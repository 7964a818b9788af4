"""The directory of structures on the web site (issue 15): the list searched as ``!structures``
searches, one page per structure, ``#S12`` links in FAQ answers; on every backend."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from aiohttp.test_utils import TestClient

from bot.web.site import WebSite
from config.layout import parse_layout
from storage.database import Database
from tests.support.bot import small_layout
from tests.support.web import client_for, log_in, site_on

ALICE = "@alice:example.org"
REFERENT = "@marie:example.org"


def _structure(key: str, nom: str, bassin: str, **more: object) -> dict[str, object]:
    return {
        "source": "test",
        "id": f"test--{key}",
        "nom": nom,
        "date_maj": "2026-10-01",
        "commune": "Testville",
        "tisserand_bassin": bassin,
        **more,
    }


def _service(key: str, structure: str, nom: str, thematique: str, **more: object):
    return {
        "source": "test",
        "structure_id": f"test--{structure}",
        "id": f"test--{structure}--{key}",
        "nom": nom,
        "date_maj": "2026-10-01",
        "thematiques": [thematique],
        **more,
    }


RECORDS = [
    _structure(
        "toit",
        "Toit du Nord (fictif)",
        "nord",
        adresse="Rue du Test 1",
        telephone="+3281000009",
        courriel="accueil@toit.example",
        description="Une agence immobilière sociale <b>fictive</b>.",
        tisserand_referent=REFERENT,
    ),
    _service(
        "bail",
        "toit",
        "Aide à la garantie locative",
        "logement-hebergement--louer-un-logement",
        description="Avance de la garantie locative, remboursée par petits montants.",
        publics=["familles"],
        conditions_acces="Revenus modestes, domicile dans le bassin.",
    ),
    _structure("abri", "Abri du Sud (fictif)", "sud", site_web="https://abri.example"),
    _service(
        "nuit",
        "abri",
        "Hébergement de nuit",
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        description="Garantie d'un lit pour la nuit.",
    ),
    _structure("roue", "Roue libre (fictif)", "nord"),
    _service(
        "velo",
        "roue",
        "Prêt de vélos",
        "mobilite--acceder-a-un-vehicule",
        description="Des vélos prêtés au mois.",
    ),
]


@pytest_asyncio.fixture
async def site(database: Database, tmp_path: Path) -> WebSite:
    data = small_layout("ws-").model_dump(mode="json")
    data["thematiques"] = {"logement-hebergement": ["logement"], "mobilite": ["mobilite"]}
    site = site_on(database, parse_layout(data), tmp_path, admins=[])
    await site.members.upsert(ALICE, bassin="nord", groupe="responsables")
    report = await site.structures.import_text(json.dumps(RECORDS), "json")
    assert report.structures == 3 and not report.problems
    return site


@pytest_asyncio.fixture
async def client(site: WebSite) -> AsyncIterator[TestClient]:
    client = await client_for(site)
    try:
        assert await log_in(client, await site.access.create_link(ALICE)) == 303
        yield client
    finally:
        await client.close()


def _shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/structures/(\d+)"', html)]


async def test_the_directory_is_for_members_only(site: WebSite) -> None:
    anonymous = await client_for(site)
    try:
        for path in ("/structures", "/structures/1", "/structures?q=logement"):
            assert (await anonymous.get(path)).status == 401, path
    finally:
        await anonymous.close()


async def test_the_list_ranks_as_the_command_does(client: TestClient, site: WebSite) -> None:
    for query in ("garantie locative", "logement nord", "logement", "nord", "garantie"):
        expected = [f.structure.id for f in await site.structures.find(query, limit=50)]
        html = await (await client.get("/structures", params={"q": query})).text()
        assert expected and _shown(html) == expected, query
    nord = await (await client.get("/structures", params={"q": "logement nord"})).text()
    assert "Toit du Nord" in nord and "Abri du Sud" not in nord and "Roue libre" not in nord


async def test_the_lists_of_themes_and_bassins_filter(client: TestClient) -> None:
    html = await (await client.get("/structures", params={"theme": "mobilite"})).text()
    assert "Roue libre" in html and "Toit du Nord" not in html
    html = await (await client.get("/structures", params={"bassin": "sud"})).text()
    assert "Abri du Sud" in html and "Toit du Nord" not in html
    html = await (await client.get("/structures", params={"q": "garantie", "bassin": "sud"})).text()
    assert _shown(html) == [2]  # the words, within the bassin chosen
    assert '<option value="sud" selected>' in html
    nothing = await (
        await client.get(
            "/structures", params={"q": "logement", "bassin": "sud", "theme": "mobilite"}
        )
    ).text()
    assert _shown(nothing) == [] and "Aucune structure ne correspond" in nothing


async def test_a_hostile_query_is_text(client: TestClient) -> None:
    html = await (
        await client.get("/structures", params={"q": '"><script>alert(1)</script>'})
    ).text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


async def test_one_page_per_structure(client: TestClient) -> None:
    page = await client.get("/structures/1")
    assert page.status == 200
    html = await page.text()
    for expected in (
        "Toit du Nord (fictif)",
        "Rue du Test 1 Testville",
        'href="tel:+3281000009"',
        'href="mailto:accueil@toit.example"',
        "Aide à la garantie locative",
        "Avance de la garantie locative",
        "familles",
        "Revenus modestes, domicile dans le bassin.",
        f'href="https://matrix.to/#/{REFERENT}"',
        "Membre qui la connaît le mieux",
        "Bassin Nord",
    ):
        assert expected in html, expected
    assert "&lt;b&gt;fictive&lt;/b&gt;" in html  # the file's text is never markup
    other = await (await client.get("/structures/2")).text()
    assert 'href="https://abri.example' in other and "Membre qui la connaît" not in other
    assert (await client.get("/structures/999")).status == 404
    assert (await client.get("/structures/99999999999999999999")).status == 404


async def test_structure_references_in_faq_answers_are_links(
    client: TestClient, site: WebSite
) -> None:
    entry = await site.faq.add(
        "Qui avance une garantie locative ?",
        "Voir #S1 (ou #s2) ; pas ##S3 ni ab#S3. <i>Appelez</i> avant.",
        ["logement"],
    )
    html = await (await client.get(f"/faq/{entry.id}")).text()
    assert '<a href="/structures/1">#S1</a>' in html
    assert '<a href="/structures/2">#s2</a>' in html
    assert "/structures/3" not in html
    assert "&lt;i&gt;Appelez&lt;/i&gt;" in html


async def test_english_for_who_chose_it(client: TestClient, site: WebSite) -> None:
    await site.members.upsert(ALICE, language="en")
    html = await (await client.get("/structures", params={"q": "logement"})).text()
    assert '<html lang="en">' in html and "organisations found" in html
    page = await (await client.get("/structures/1")).text()
    assert "Member who knows it best" in page and "Access conditions" in page
