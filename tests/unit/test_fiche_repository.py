"""The fiche repository on every backend: writing with the index, search, import, export."""

from __future__ import annotations

import asyncio
import json

import pytest

from storage.database import Database
from storage.repositories.faq import FaqRepository
from storage.repositories.fiches import FicheImportError, FicheRepository, NewFiche
from storage.search import SearchIndex

THEMES = {"mobilite": ["Mobilité", "permis", "voiture"], "logement": ["Logement", "loyer"]}


@pytest.fixture
def fiches(database: Database) -> FicheRepository:
    return FicheRepository.build(database, THEMES)


def garage() -> NewFiche:
    return NewFiche(
        {
            "titre": "Garage solidaire pour les demandeurs d'emploi",
            "contexte": "Sans voiture réparée, pas d'accès aux chantiers éloignés.",
            "deroule": "Diagnostic, puis réparation à prix coûtant par des stagiaires.",
        },
        ["mobilite"],
        bassin="nord",
        author_id="@ana:example.org",
    )


async def test_add_search_and_update(fiches: FicheRepository) -> None:
    fiche = await fiches.add(garage())
    other = await fiches.add(
        NewFiche({"titre": "Colocation", "contexte": "Loyers trop chers"}, author_id="@b:x.org")
    )
    found = await fiches.search("garages solidaires", 5)
    assert [result.fiche.id for result in found] == [fiche.id]
    assert (await fiches.search("réparer les voitures", 5))[0].fiche.id == fiche.id
    await fiches.update_field(other.id, "public", "étudiants et jeunes travailleurs")
    assert [r.fiche.id for r in await fiches.search("etudiant", 5)] == [other.id]
    await fiches.update_field(other.id, "themes", ["logement"])
    assert (await fiches.get(other.id)).themes == ["logement"]  # type: ignore[union-attr]
    assert await fiches.counts_by_author() == {"@ana:example.org": 1, "@b:x.org": 1}


async def test_attachments_are_kept_once(fiches: FicheRepository) -> None:
    fiche = await fiches.add(garage())
    await fiches.attach(fiche.id, "mxc://x.org/abc", "plan.pdf", "m.file")
    await fiches.attach(fiche.id, "mxc://x.org/abc", "plan.pdf", "m.file")
    loaded = await fiches.get(fiche.id)
    assert loaded is not None
    assert loaded.attachments == [
        {"url": "mxc://x.org/abc", "name": "plan.pdf", "msgtype": "m.file"}
    ]


async def test_fiche_and_faq_namespaces_do_not_mix(
    database: Database, fiches: FicheRepository
) -> None:
    faq = FaqRepository(database, SearchIndex(database, "faq", theme_keywords=THEMES))
    entry = await faq.add("Garage solidaire ?", "Un garage solidaire répare à prix coûtant.")
    fiche = await fiches.add(garage())
    assert [r.fiche.id for r in await fiches.search("garage", 5)] == [fiche.id]
    assert [r.entry.id for r in await faq.search("garage", 5)] == [entry.id]


async def test_import_is_all_or_nothing_and_export_round_trips(fiches: FicheRepository) -> None:
    good = json.dumps({"titre": "Permis accompagné", "contexte": "Pas de permis, pas d'emploi"})
    with pytest.raises(FicheImportError) as error:
        await fiches.import_jsonl([good, '{"contexte": "sans titre"}'])
    assert error.value.line == 2
    assert await fiches.count() == 0
    ids = await fiches.import_jsonl([good, "", good], detect=lambda text: ["mobilite"])
    assert len(ids) == 2
    lines = [line async for line in fiches.export("jsonl")]
    records = [json.loads(line) for line in lines]
    assert [r["titre"] for r in records] == ["Permis accompagné"] * 2
    assert records[0]["themes"] == ["mobilite"]
    markdown = "".join([chunk async for chunk in fiches.export("md")])
    assert f"## #{ids[0]} — Permis accompagné" in markdown
    assert "### Problème / contexte" in markdown


async def test_concurrent_attachments_and_edits_of_one_fiche_all_stay(
    fiches: FicheRepository,
) -> None:
    """Each change reads the fiche and writes it back: without a row lock, on PostgreSQL the
    second one would write back what it read before the first committed, losing it."""
    fiche = await fiches.add(garage())
    await asyncio.gather(
        *(fiches.attach(fiche.id, f"mxc://x.org/f{n}", f"f{n}.pdf", "m.file") for n in range(4))
    )
    await asyncio.gather(
        fiches.update_field(fiche.id, "public", "jeunes travailleurs"),
        fiches.update_field(fiche.id, "resultats", "douze véhicules réparés"),
    )
    loaded = await fiches.get(fiche.id)
    assert loaded is not None
    assert sorted(item["url"] for item in loaded.attachments) == [
        f"mxc://x.org/f{n}" for n in range(4)
    ]
    assert (loaded.public, loaded.resultats) == ("jeunes travailleurs", "douze véhicules réparés")
    for words in ("travailleurs", "vehicules repares"):
        assert [r.fiche.id for r in await fiches.search(words, 5)] == [fiche.id], words
