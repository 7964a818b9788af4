"""Benchmark of the directory of structures: import a generated data·inclusion file of 5 000
structures (each with one or two services, a few records broken on purpose), then time
``!structures logement namur``'s search. Prints one line per figure:

    python -m bench.structures [--structures 5000] [--broken 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.cli.structures import directory
from config import layout as layout_module
from config.layout import Layout, load_layout
from storage.database import Database, sqlite_url

SEED = 20261201
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


async def run(count: int, broken: int) -> None:
    layout = load_layout(WALLONIE)
    text, spoiled = generate(count, broken, layout)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(sqlite_url(Path(folder) / "bench.db"))
        await database.migrate()
        directory_ = directory(database, layout)
        started = time.perf_counter()
        report = await directory_.import_text(text, "json")
        seconds = time.perf_counter() - started
        print(f"import: {count} structures, {report.services} services, {seconds:.2f} s")
        print(f"problems reported: {len(report.problems)} (records spoiled: {spoiled})")
        await directory_.find("logement namur")  # warm-up: the first query pays for imports
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            found = await directory_.find("logement namur")
            timings.append(time.perf_counter() - started)
        timings.sort()
        print(
            f"!structures logement namur: {len(found)} found, median {timings[10] * 1000:.1f} ms,"
            f" worst {timings[-1] * 1000:.1f} ms (20 runs after one warm-up)"
        )
        started = time.perf_counter()
        found = await directory_.find("permis de conduire auto-école")
        print(f"words only: {len(found)} found in {(time.perf_counter() - started) * 1000:.1f} ms")
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--structures", type=int, default=5000)
    parser.add_argument("--broken", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(run(args.structures, args.broken))


if __name__ == "__main__":
    main()
