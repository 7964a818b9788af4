"""The directory of structures: data·inclusion files validated record by record (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.structures import generate
from bot.cli.structures import directory
from config import layout as layout_module
from config.layout import load_layout
from storage.database import Database

CONFIG = Path(layout_module.__file__).parent
WALLONIE = load_layout(CONFIG / "layouts" / "wallonie.yaml")
HDF = load_layout(CONFIG / "layouts" / "hauts-de-france.yaml")


async def test_the_shipped_examples_import_whole_and_are_found(database: Database) -> None:
    walloon = directory(database, WALLONIE)
    text = (CONFIG / "structures" / "wallonie.json").read_text(encoding="utf-8")
    report = await walloon.import_text(text, "json")
    assert (report.structures, report.services, report.problems) == (3, 3, [])
    found = await walloon.find("logement namur")
    assert [f.structure.nom for f in found] == ["Le Logis mosan (fictif)"]
    card = found[0]
    assert card.structure.referent == "@claire:iae-wallonie.example"
    assert card.services[0].conditions.startswith("Revenus sous le plafond")
    assert "familles" in card.services[0].publics
    by_words = await walloon.find("alcool sevrage")
    assert by_words and by_words[0].structure.nom.startswith("Relais liégeois")
    suggested = await walloon.suggest(["addictions"], "liege")
    assert [f.structure.id for f in suggested] == [by_words[0].structure.id]

    french = directory(database, HDF)
    text = (CONFIG / "structures" / "hauts-de-france.csv").read_text(encoding="utf-8")
    report = await french.import_text(text, "csv")
    assert (report.structures, report.services, report.problems) == (2, 2, [])
    found = await french.find("mobilite pas-de-calais")
    assert [f.structure.commune for f in found] == ["Arras"]


async def test_broken_records_are_reported_with_line_and_field_and_left_out(
    database: Database,
) -> None:
    text, spoiled = generate(200, 8, WALLONIE, seed=7)
    report = await directory(database, WALLONIE).import_text(text, "json")
    records = json.loads(text)
    lines = {r["id"]: number + 2 for number, r in enumerate(records)}  # "[" is line 1
    assert len({p.record_id for p in report.problems if p.field != "structure_id"}) == spoiled
    for problem in report.problems:
        assert problem.line == lines[problem.record_id], problem
        assert problem.field in {"date_maj", "thematiques.0", "courriel", "nom", "structure_id"}
    bad = {p.record_id for p in report.problems}
    kept = directory(database, WALLONIE).structures
    structures, services = await kept.counts()
    good_structures = [r for r in records if "structure_id" not in r and r["id"] not in bad]
    assert structures == len(good_structures) == report.structures
    assert services == report.services
    # A second import of the same file updates, never duplicates.
    again = await directory(database, WALLONIE).import_text(text, "json")
    assert again.added == 0 and again.updated == structures
    assert await kept.counts() == (structures, services)


async def test_a_file_that_is_not_a_list_is_refused_whole(database: Database) -> None:
    with pytest.raises(ValueError):
        await directory(database, WALLONIE).import_text('{"id": "x"}', "json")
    assert await directory(database, WALLONIE).structures.counts() == (0, 0)
