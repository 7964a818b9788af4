"""``tisserand fiches import|export`` on every backend."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli.fiches import export_fiches, import_fiches
from config.layout import parse_layout
from storage.database import Database
from storage.repositories.fiches import FicheImportError

LAYOUT = parse_layout(
    {
        "network": {"slug": "reseau", "name": "Réseau", "alias_prefix": "t"},
        "groupes": [{"slug": "encadrants", "short": "enc", "name": "Encadrants"}],
        "bassins": [{"slug": "nord", "name": "Nord"}],
        "themes": [{"slug": "mobilite", "label": "Mobilité", "keywords": ["permis"]}],
    }
)


async def test_import_detects_missing_themes_and_export_writes_jsonl(database: Database) -> None:
    lines = [
        json.dumps({"titre": "Permis accompagné", "contexte": "Pas de permis, pas d'emploi"}),
        json.dumps({"titre": "Atelier", "themes": ["autre"], "author": "@a:x.org"}),
    ]
    assert await import_fiches(database, lines, LAYOUT) == [1, 2]
    out = io.StringIO()
    assert await export_fiches(database, out, fmt="jsonl") == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[0]["themes"] == ["mobilite"]
    assert records[1]["themes"] == ["autre"] and records[1]["author"] == "@a:x.org"


async def test_a_bad_line_imports_nothing(database: Database) -> None:
    with pytest.raises(FicheImportError) as error:
        await import_fiches(database, ['{"titre": "A"}', "not json"], LAYOUT)
    assert error.value.line == 2
    out = io.StringIO()
    assert await export_fiches(database, out) == 0
