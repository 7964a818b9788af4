"""Benchmark of the FAQ search: import 100 000 generated entries, then time 200 searches.

Runs on SQLite (a temporary file) and, when ``TISSERAND_TEST_POSTGRES_URL`` is set, on a
temporary PostgreSQL database created next to the one it names. Prints one line per figure:

    python -m bench.search [--entries 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.harness import line
from storage.database import Database, sqlite_url
from storage.repositories.faq import FaqRepository
from storage.search import SearchIndex
from storage.search.backends.postgres import quote
from storage.search.backends.sqlite import match_expression

SEED = 20240601
GOAL_P95_MS = 10.0

THEMES: dict[str, list[str]] = {
    "logement": ["logement", "loyer", "bail", "propriétaire", "expulsion", "garantie locative",
                 "hébergement", "appartement", "déménagement", "insalubrité", "domiciliation"],
    "mobilite": ["permis de conduire", "auto-école", "transport", "bus", "voiture",
                 "covoiturage", "vélo", "scooter", "trajet", "garage solidaire"],
    "sante": ["santé", "médecin", "soins", "hôpital", "mutuelle", "assurance maladie",
              "handicap", "dentiste", "médicaments", "incapacité"],
    "sante-mentale": ["santé mentale", "psychologue", "psychiatre", "dépression", "anxiété",
                      "suicide", "détresse", "burn-out", "épuisement", "CMP"],
    "addictions": ["addiction", "alcool", "cannabis", "drogue", "dépendance", "CSAPA",
                   "sevrage", "consommation", "jeu pathologique", "ivresse"],
    "droits-ressources": ["droits", "RSA", "RIS", "CPAS", "CCAS", "CAF", "allocation",
                          "revenu", "titre de séjour", "aide alimentaire"],
    "budget-dettes": ["budget", "dettes", "surendettement", "crédit", "huissier", "saisie",
                      "médiation de dettes", "impayés", "créanciers", "factures"],
    "formation": ["formation", "diplôme", "qualification", "équivalence", "VAE", "CPF",
                  "apprentissage", "stage", "certification", "compétences"],
    "emploi": ["emploi", "travail", "embauche", "recrutement", "contrat", "CV",
               "candidature", "employeur", "salaire", "intérim"],
    "numerique": ["numérique", "informatique", "ordinateur", "internet", "smartphone",
                  "démarches en ligne", "identifiants", "adresse électronique"],
    "langue": ["langue", "français", "FLE", "interprète", "traduction", "alphabétisation",
               "cours de français", "vocabulaire"],
    "famille-garde": ["famille", "enfants", "garde d'enfants", "crèche", "assistante maternelle",
                      "parent isolé", "pension alimentaire", "violences conjugales"],
    "justice": ["justice", "prison", "détention", "casier judiciaire", "condamnation", "SPIP",
                "probation", "tribunal", "avocat", "plainte"],
    "management-equipe": ["management", "équipe", "encadrant", "conflit", "médiation",
                          "recadrage", "sanction", "absentéisme", "retards", "motivation"],
}  # fmt: skip

OPENINGS = ["Comment", "Qui peut", "Où trouver", "Que faire pour", "Quelle aide pour",
            "Vers qui orienter pour", "Quels délais pour", "Quelles conditions pour"]  # fmt: skip
VERBS = ["financer", "obtenir", "accompagner", "demander", "préparer", "contester", "organiser",
         "régler", "éviter", "signaler", "anticiper", "prendre en charge"]  # fmt: skip
PEOPLE = ["un salarié en insertion", "une stagiaire", "une famille monoparentale",
          "un jeune de moins de 25 ans", "une personne sans ressources",
          "un encadrant technique", "un demandeur d'asile", "un travailleur en ACI"]  # fmt: skip
PLACES = ["Namur", "Liège", "Charleroi", "Mons", "Arlon", "Verviers", "Huy", "Tournai", "Wavre",
          "Lille", "Amiens", "Metz", "Reims", "Nancy", "Rouen"]  # fmt: skip
FILLER = ["le service", "le partenaire", "la commune", "le référent", "le dossier",
          "la demande", "un rendez-vous", "les documents", "un courrier", "le délai",
          "une permanence", "la situation", "le conseiller", "un accompagnement",
          "les démarches", "une orientation", "le formulaire", "une attestation",
          "un entretien", "la décision", "une réponse écrite", "le suivi"]  # fmt: skip


def generate_entries(count: int, rng: random.Random) -> list[str]:
    """JSON lines of plausible FAQ entries (a theme's words, people, places, filler)."""
    slugs = list(THEMES)
    lines = []
    for _ in range(count):
        themes = rng.sample(slugs, k=rng.choice((1, 1, 2)))
        words = [word for slug in themes for word in THEMES[slug]]
        question = (
            f"{rng.choice(OPENINGS)} {rng.choice(VERBS)} {rng.choice(words)} pour "
            f"{rng.choice(PEOPLE)} à {rng.choice(PLACES)} ?"
        )
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentences.append(
                f"{rng.choice(FILLER).capitalize()} peut {rng.choice(VERBS)} "
                f"{rng.choice(words)} et {rng.choice(words)} avec {rng.choice(FILLER)} "
                f"de {rng.choice(PLACES)}, réf. {rng.randint(1, 50_000)}."
            )
        record = {"question": question, "answer": " ".join(sentences), "themes": themes}
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def generate_queries(count: int, rng: random.Random) -> list[str]:
    """Short queries mixing theme words, everyday words, places and a rare reference."""
    everyday = ["boulot", "appart", "proprio", "bagnole", "toubib", "psy", "thune", "gosses",
                "dettes", "taule", "ordi", "alloc", "crèche", "joint", "curriculum"]  # fmt: skip
    all_words = [word for words in THEMES.values() for word in words]
    queries = []
    for _ in range(count):
        parts = rng.sample(all_words, k=rng.randint(1, 3))
        if rng.random() < 0.4:
            parts.append(rng.choice(everyday))
        if rng.random() < 0.3:
            parts.append(rng.choice(PLACES))
        if rng.random() < 0.1:
            parts.append(str(rng.randint(1, 50_000)))
        queries.append(" ".join(parts))
    return queries


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, round(len(timings) * 0.95) - 1)]


async def _time(
    search: Callable[[str], Awaitable[list[int]]], queries: list[str]
) -> tuple[list[float], list[list[int]]]:
    timings, results = [], []
    for query in queries:
        started = time.perf_counter()
        results.append(await search(query))
        timings.append((time.perf_counter() - started) * 1000)
    return timings, results


def _plain_search(database: Database, index: SearchIndex) -> Callable[[str], Awaitable[list[int]]]:
    """The best a plain full-text query does on the same data: the typed words alone, ranked by
    the database's own function (FTS5 ``rank``; PostgreSQL ``ts_rank``), top 5."""
    if database.dialect == "sqlite":
        sql = text(
            "SELECT d.doc_id FROM search_fts JOIN search_document AS d ON d.id = search_fts.rowid"
            " WHERE search_fts MATCH :match ORDER BY rank LIMIT 5"
        )
    else:
        sql = text(
            "SELECT doc_id FROM search_document WHERE terms @@ CAST(:match AS tsquery)"
            " ORDER BY ts_rank(terms, CAST(:match AS tsquery)) DESC LIMIT 5"
        )

    async def search(query: str) -> list[int]:
        typed = sorted(index.query(query).typed)
        if not typed:
            return []
        if database.dialect == "sqlite":
            match = match_expression(typed)
        else:
            match = " | ".join(quote(term) for term in typed)
        async with database.sessions() as session:
            return [int(row[0]) for row in await session.execute(sql, {"match": match})]

    return search


async def run(label: str, url: str, entries: list[str], queries: list[str]) -> None:
    database = Database(url)
    try:
        await database.migrate()
        index = SearchIndex(database, "faq", theme_keywords=THEMES)
        faq = FaqRepository(database, index)
        started = time.perf_counter()
        await faq.import_jsonl(entries)
        elapsed = time.perf_counter() - started
        line(f"{label}: import", f"{len(entries)} entries in {elapsed:.1f} s"
             f" = {len(entries) / elapsed:,.0f} entries/s")  # fmt: skip
        started = time.perf_counter()
        await index.warm()
        line(f"{label}: in-memory copy", f"built in {time.perf_counter() - started:.1f} s")

        async def memory(query: str) -> list[int]:
            return [hit.doc_id for hit in await index.search(query, 5)]

        async def exhaustive(query: str) -> list[int]:
            return [hit.doc_id for hit in await index.search_in_database(query, 5)]

        figures = {}
        for name, search in (("tisserand", memory), ("exhaustive SQL", exhaustive),
                             ("plain full-text", _plain_search(database, index))):  # fmt: skip
            figures[name] = await _time(search, queries)
            median, p95 = _percentiles(figures[name][0])
            ours = name == "tisserand"
            line(f"{label}: search {name}", f"median {median:.1f} ms, p95 {p95:.1f} ms"
                 f" over {len(queries)} queries", f"p95 ≤ {GOAL_P95_MS:.0f} ms" if ours else "",
                 p95 <= GOAL_P95_MS if ours else None)  # fmt: skip
        same = sum(
            set(a) == set(b)
            for a, b in zip(figures["tisserand"][1], figures["exhaustive SQL"][1], strict=True)
        )
        line(f"{label}: same top 5 as the exhaustive ranking", f"{same}/{len(queries)}"
             f" = {same / len(queries):.0%}", "≥ 95 %", same >= 0.95 * len(queries))  # fmt: skip
    finally:
        await database.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(SEED)
    entries = generate_entries(args.entries, rng)
    queries = generate_queries(args.queries, rng)

    with tempfile.TemporaryDirectory() as directory:
        await run("sqlite", sqlite_url(Path(directory) / "bench.db"), entries, queries)

    server_url = os.environ.get("TISSERAND_TEST_POSTGRES_URL")
    if not server_url:
        line("postgres", "skipped (set TISSERAND_TEST_POSTGRES_URL)")
        return
    admin = create_async_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"tisserand_bench_{uuid.uuid4().hex[:10]}"
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        await run("postgres", url, entries, queries)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    asyncio.run(main())
