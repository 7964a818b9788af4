"""Benchmark of the directory of structures: import a generated data·inclusion file of 5 000
structures (each with one or two services, a few records broken on purpose), time
``!structures logement namur``'s search and the web directory's pages. Each figure has its
same-run baseline: validation alone for the import, the plain SQL query for the search, a
static file of the same size for the pages. Prints one line per figure:

    python -m bench.structures [--structures 5000] [--broken 50] [--runs 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import String, cast, select

from bench.harness import line, percentile
from bot.cli.structures import directory
from bot.cli.web import free_listen
from bot.services.structure_import import parse
from bot.web.app import WebServer
from bot.web.security import SESSION_COOKIE
from bot.web.site import WebSite
from config import layout as layout_module
from config.layout import Layout, load_layout
from config.settings import Settings
from storage.database import Database, sqlite_url
from storage.models import Structure

SEED = 20261201
MEMBER = "@bench:example.org"
WALLONIE = Path(layout_module.__file__).parent / "layouts" / "wallonie.yaml"
THEMATIQUES = [
    ("logement-hebergement--louer-un-logement", "Trouver un logement", "garantie locative bail"),
    ("logement-hebergement--se-maintenir-dans-le-logement", "Éviter l'expulsion", "loyer"),
    ("mobilite--preparer-un-permis", "Permis de conduire", "auto-école examen"),
    ("mobilite--acceder-a-un-vehicule", "Location de véhicules", "voiture scooter"),
    ("sante--addictions", "Accueil assuétudes", "alcool sevrage"),
    ("difficultes-financieres--situation-dendettement-surendettement", "Médiation de dettes", ""),
    ("se-former--trouver-sa-formation", "Orientation formation", "qualifiante"),
    ("trouver-un-emploi--repondre-a-des-offres-demploi", "Job coaching", "candidature"),
]
KINDS = [
    "Agence immobilière sociale",
    "Centre de mobilité",
    "Service d'aide",
    "Association",
    "Entreprise de formation par le travail",
    "Maison de l'emploi",
    "CPAS",
]
BROKEN = [
    ("date_maj", "pas une date"),
    ("thematiques", ["logement-inexistant"]),
    ("courriel", "pas-un-courriel"),
    ("nom", "X"),
]


def generate(count: int, broken: int, layout: Layout, seed: int = SEED) -> tuple[str, int]:
    """A JSON file of ``count`` structures and their services; ``broken`` records spoiled.
    Returns the text and how many records were spoiled."""
    rng = random.Random(seed)
    bassins = layout.bassins
    records: list[dict[str, Any]] = []
    for number in range(count):
        bassin = bassins[number % len(bassins)]
        ident = f"bench--s{number}"
        records.append(
            {
                "source": "bench",
                "id": ident,
                "nom": f"{rng.choice(KINDS)} {bassin.name} {number}",
                "date_maj": "2026-06-01",
                "description": "Structure fictive générée pour le banc d'essai.",
                "adresse": f"Rue du Banc {number}",
                "commune": bassin.name,
                "courriel": f"s{number}@bench.example",
                "tisserand_bassin": bassin.slug,
            }
        )
        for index in range(rng.choice((1, 2))):
            code, nom, words = rng.choice(THEMATIQUES)
            records.append(
                {
                    "source": "bench",
                    "structure_id": ident,
                    "id": f"{ident}--{index}",
                    "nom": nom,
                    "date_maj": "2026-06-01",
                    "description": f"{nom} : {words}.",
                    "thematiques": [code],
                    "publics": ["tous-publics"],
                    "conditions_acces": "Sur orientation d'un·e professionnel·le.",
                    "frais": "gratuit",
                }
            )
    spoiled = rng.sample(range(len(records)), broken)
    for position in spoiled:
        name, value = BROKEN[position % len(BROKEN)]
        records[position][name] = value
    text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"
    return text, broken


async def _timed(call: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls, after one warm-up call."""
    await call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _ms(timings: list[float]) -> str:
    return (
        f"median {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms,"
        f" worst {max(timings):.1f} ms over {len(timings)} runs"
    )


async def _plain_sql(database: Database, bassin: str, theme: str) -> list[Structure]:
    """The baseline: the query one would write first (bassin, theme as JSON text, by name)."""
    async with database.sessions() as session:
        rows = await session.scalars(
            select(Structure)
            .where(Structure.bassin == bassin, cast(Structure.themes, String).like(f'%"{theme}"%'))
            .order_by(Structure.nom)
            .limit(5)
        )
        return list(rows)


async def _import(database: Database, layout: Layout, count: int, broken: int) -> None:
    text, spoiled = generate(count, broken, layout)
    started = time.perf_counter()
    parsed = parse(text, "json", layout)
    seconds = time.perf_counter() - started
    line(
        "baseline: validation alone (data·inclusion models, nothing written)",
        f"{len(parsed.structures)} structures in {seconds:.2f} s",
    )
    started = time.perf_counter()
    report = await directory(database, layout).import_text(text, "json")
    seconds = time.perf_counter() - started
    line(
        "import (validation + one transaction + search index)",
        f"{report.structures} structures, {report.services} services, {seconds:.2f} s",
        "< 30 s",
        seconds < 30,
    )
    line("problems reported", f"{len(report.problems)} (records spoiled: {spoiled})")


async def _search(database: Database, layout: Layout, runs: int) -> None:
    directory_ = directory(database, layout)
    timings = await _timed(lambda: directory_.find("logement namur"), runs)
    found = await directory_.find("logement namur")
    line(
        "!structures logement namur (Directory.find)",
        f"{len(found)} found, {_ms(timings)}",
        "< 1 s",
        max(timings) < 1000,
    )
    baseline = await _timed(lambda: _plain_sql(database, "namur", "logement"), runs)
    line("baseline: plain SQL query (bassin = namur, themes LIKE logement)", _ms(baseline))
    words = await _timed(lambda: directory_.find("permis de conduire auto-école"), runs)
    line("words only (permis de conduire auto-école)", _ms(words))


async def _web(database: Database, layout: Layout, folder: Path, requests: int) -> None:
    """The directory's pages as ``tisserand run`` serves them, beside a static file of the same
    size served by the same process (the floor of any page)."""
    listen = free_listen("127.0.0.1:0")
    settings = Settings(_env_file=None, data_dir=folder, web_listen=listen)  # type: ignore[call-arg]
    site = WebSite.alone(settings, layout, database)
    await site.members.upsert(MEMBER, bassin="namur", groupe="travailleurs-sociaux")
    opened = await site.access.use_link(await site.access.create_link(MEMBER))
    assert opened is not None
    server = WebServer(site, listen)
    await server.start()
    base = f"http://{listen}"
    try:
        async with aiohttp.ClientSession(cookies={SESSION_COOKIE: opened[0]}) as http:

            async def fetch(path: str) -> bytes:
                async with http.get(base + path) as response:
                    assert response.status == 200, path
                    return await response.read()

            page = await fetch("/structures?q=logement+namur")
            static = folder / "page.html"
            static.write_bytes(page)
            app = web.Application()
            app.router.add_get("/page.html", lambda _: web.FileResponse(static))
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            other = free_listen("127.0.0.1:0")
            host, _, port = other.rpartition(":")
            await web.TCPSite(runner, host, int(port)).start()
            try:
                async with http.get(f"http://{other}/page.html") as response:
                    await response.read()

                async def fetch_static() -> None:
                    async with http.get(f"http://{other}/page.html") as response:
                        await response.read()

                timings = await _timed(fetch_static, requests)
                line(f"baseline: static file of the same size ({len(page)} B)", _ms(timings))
            finally:
                await runner.cleanup()
            for name, path in (
                ("web /structures?q=logement namur", "/structures?q=logement+namur"),
                ("web /structures (no filter, first 50)", "/structures"),
                ("web /structures?q=garantie locative", "/structures?q=garantie+locative"),
                ("web /structures/2500", "/structures/2500"),
            ):
                timings = await _timed(lambda p=path: fetch(p), requests)  # type: ignore[misc]
                line(name, _ms(timings))
    finally:
        await server.stop()


async def run(count: int, broken: int, runs: int) -> None:
    layout = load_layout(WALLONIE)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(sqlite_url(Path(folder) / "bench.db"))
        await database.migrate()
        try:
            await _import(database, layout, count, broken)
            await _search(database, layout, runs)
            await _web(database, layout, Path(folder), runs)
        finally:
            await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--structures", type=int, default=5000)
    parser.add_argument("--broken", type=int, default=50)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(run(args.structures, args.broken, args.runs))


if __name__ == "__main__":
    main()
