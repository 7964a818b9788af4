"""``tisserand fiches import|export`` on every backend, encrypted attachments' keys included."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import stat
import sys
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest
from nio.crypto.attachments import encrypt_attachment

from bot.cli.fiches import cmd_fiches_export, export_fiches, import_fiches
from config.layout import parse_layout
from storage.database import Database
from storage.repositories.fiches import FicheImportError, FicheRepository, NewFiche

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


async def _fiche_with_files(database: Database) -> dict[str, object]:
    """A fiche holding a clear file and one attached in an encrypted room; that one's secret."""
    fiches = FicheRepository.build(database)
    await fiches.add(NewFiche({"titre": "Garage solidaire", "contexte": "Des pannes."}))
    await fiches.attach(1, "mxc://example.org/clair", "tarifs.pdf", "m.file")
    _, keys = encrypt_attachment(b"%PDF-1.4 plan")
    secret = {**keys, "url": "mxc://example.org/chiffre", "mimetype": "application/pdf"}
    info = {"mimetype": "application/pdf", "size": 13}
    await fiches.attach(1, secret["url"], "plan.pdf", "m.file", encrypted=secret, info=info)
    return secret


async def test_an_export_without_keys_flags_encrypted_files_and_its_import_refuses_them(
    database: Database,
) -> None:
    secret = await _fiche_with_files(database)
    out = io.StringIO()
    await export_fiches(database, out, fmt="jsonl")
    assert secret["key"]["k"] not in out.getvalue()  # type: ignore[index]
    clear, encrypted = json.loads(out.getvalue())["attachments"]
    assert "encrypted" not in clear and encrypted["encrypted"] is True and "file" not in encrypted
    with pytest.raises(FicheImportError) as error:
        await import_fiches(database, out.getvalue().splitlines(), LAYOUT)
    assert "attachment 2 is encrypted" in str(error.value) and "--with-keys" in str(error.value)
    assert await FicheRepository.build(database).count() == 1  # nothing imported
    markdown = io.StringIO()
    await export_fiches(database, markdown)
    assert "- [tarifs.pdf](mxc://example.org/clair)" in markdown.getvalue()
    assert "- plan.pdf (fichier chiffré)" in markdown.getvalue()


async def test_an_export_with_keys_imports_whole_into_a_file_only_its_owner_reads(
    database: Database, tmp_path: Path
) -> None:
    await _fiche_with_files(database)
    target = tmp_path / "fiches.jsonl"
    target.write_text("")
    target.chmod(0o644)  # a file that existed, readable by all: the export tightens it first
    env = {
        **os.environ,
        "TISSERAND_DATABASE_URL": database.url,
        "TISSERAND_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "bot.cli", "fiches", "export", "--format", "jsonl"]
    process = await asyncio.create_subprocess_exec(
        *command, "--with-keys", "--output", str(target), env=env, stdout=PIPE, stderr=PIPE
    )
    said, complained = await process.communicate()
    assert process.returncode == 0, complained
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "holds the keys of 1 encrypted file(s)" in said.decode()
    assert await import_fiches(database, target.read_text().splitlines(), LAYOUT) == [2]
    fiches = FicheRepository.build(database)
    original, copy = await fiches.get(1), await fiches.get(2)
    assert original is not None and copy is not None
    assert copy.attachments == original.attachments  # the file object, its info and type


def test_keys_never_go_to_standard_output() -> None:
    args = argparse.Namespace(fmt="jsonl", with_keys=True, output=None)
    assert cmd_fiches_export(args) == 2
    assert cmd_fiches_export(argparse.Namespace(fmt="md", with_keys=True, output=Path("f"))) == 2
