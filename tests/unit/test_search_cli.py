"""``tisserand faq import|search|export`` behind the argument parser, on every backend."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli.faq_io import export_faq, import_faq, search_faq
from storage.database import Database
from storage.repositories.faq import FaqImportError

LINES = [
    {"question": "Financer le permis de conduire", "answer": "Le CPF peut payer le permis B.",
     "themes": ["mobilite"]},
    {"question": "Avancer une garantie locative", "answer": "Le CPAS peut l'avancer.",
     "themes": ["logement"]},
    {"question": "Garde d'enfants pendant la formation", "answer": "Crèches AVIP, AGEPI.",
     "themes": ["famille-garde", "formation"]},
]  # fmt: skip


async def imported(database: Database) -> list[int]:
    source = io.StringIO("\n".join(json.dumps(line, ensure_ascii=False) for line in LINES))
    return await import_faq(database, source)


async def test_search_json_lists_best_first(database: Database) -> None:
    ids = await imported(database)
    out = io.StringIO()
    assert await search_faq(database, "bagnole permis", out, limit=2, as_json=True) >= 1
    records = json.loads(out.getvalue())
    assert records[0]["id"] == ids[0]
    assert set(records[0]) == {"id", "question", "answer", "themes", "score"}
    assert records[0]["themes"] == ["mobilite"]
    assert records == sorted(records, key=lambda record: -record["score"])
    assert len(records) <= 2


async def test_search_text_is_one_line_per_entry(database: Database) -> None:
    ids = await imported(database)
    out = io.StringIO()
    assert await search_faq(database, "crèche", out) == 1
    identifier, score, question, excerpt = out.getvalue().rstrip("\n").split("\t")
    assert identifier == f"#{ids[2]}"
    assert float(score) > 0
    assert question == "Garde d'enfants pendant la formation"
    assert excerpt == "Crèches AVIP, AGEPI."


async def test_export_both_formats(database: Database) -> None:
    await imported(database)
    jsonl = io.StringIO()
    assert await export_faq(database, jsonl, fmt="jsonl") == 3
    assert [json.loads(line)["question"] for line in jsonl.getvalue().splitlines()] == [
        line["question"] for line in LINES
    ]
    markdown = io.StringIO()
    await export_faq(database, markdown)
    assert markdown.getvalue().count("## #") == 3
    with pytest.raises(ValueError, match="unknown export format"):
        await export_faq(database, io.StringIO(), fmt="html")  # type: ignore[arg-type]


async def test_import_reports_the_bad_line(database: Database) -> None:
    with pytest.raises(FaqImportError) as error:
        await import_faq(database, io.StringIO('{"question": "Q", "answer": "R"}\n{oops}\n'))
    assert error.value.line == 2
