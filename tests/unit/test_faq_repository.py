"""The FAQ repository on every backend: entries, history, themes, search, import and export."""

from __future__ import annotations

import json

import pytest

from storage.database import Database
from storage.repositories.faq import FaqEntryNotFound, FaqImportError, FaqRepository, NewEntry
from storage.search import SearchIndex

THEMES = {"logement": ["loyer", "garantie locative"], "mobilite": ["permis de conduire"]}
LONG_ANSWER = (
    "Il existe plusieurs pistes selon la situation de la personne et sa commune. "
    "D'abord vérifier les droits ouverts et les aides déjà perçues, ensuite contacter les "
    "partenaires du territoire. Pour la garantie locative, le CPAS peut avancer le montant "
    "ou délivrer une lettre de garantie au propriétaire. Enfin, garder une trace écrite."
)


@pytest.fixture
def faq(database: Database) -> FaqRepository:
    return FaqRepository(database, SearchIndex(database, "faq", theme_keywords=THEMES))


async def test_add_and_get(faq: FaqRepository) -> None:
    entry = await faq.add(
        "Avancer une caution ?",
        "Le CPAS peut avancer la garantie locative.",
        ["logement", "droits-ressources", "logement"],
        bassin="namur",
        source_request_id=12,
        contributors=["@ana:example.org"],
        author_id="@mod:example.org",
    )
    loaded = await faq.get(entry.id)
    assert loaded is not None
    assert loaded.question == "Avancer une caution ?"
    assert loaded.themes == ["logement", "droits-ressources"]
    assert loaded.bassin == "namur"
    assert loaded.source_request_id == 12
    assert loaded.contributors == ["@ana:example.org"]
    assert loaded.created_at.tzinfo is not None
    assert await faq.get(entry.id + 100) is None
    assert await faq.count() == 1


async def test_update_logs_each_changed_field_and_reindexes(faq: FaqRepository) -> None:
    entry = await faq.add("Financer le permis", "Le CPF peut payer.", ["mobilite"])
    await faq.update(
        entry.id,
        "@mod:example.org",
        question="Financer le permis de conduire",
        answer="Le CPF peut payer.",
        themes=["mobilite", "formation"],
    )
    updated = await faq.get(entry.id)
    assert updated is not None
    assert updated.themes == ["mobilite", "formation"]
    history = await faq.history(entry.id)
    assert [(edit.field, edit.old_value, edit.new_value) for edit in history] == [
        ("question", "Financer le permis", "Financer le permis de conduire"),
        ("themes", "mobilite", "mobilite,formation"),
    ]
    assert all(edit.editor_id == "@mod:example.org" for edit in history)
    assert [result.entry.id for result in await faq.search("conduire")] == [entry.id]
    with pytest.raises(FaqEntryNotFound):
        await faq.update(999, "@mod:example.org", answer="x")


async def test_delete_is_soft_logged_and_hides_the_entry(faq: FaqRepository) -> None:
    entry = await faq.add("Avancer une caution ?", "Le CPAS peut avancer.", ["logement"])
    assert await faq.delete(entry.id, "@mod:example.org")
    assert not await faq.delete(entry.id, "@mod:example.org")
    assert await faq.get(entry.id) is None
    kept = await faq.get(entry.id, include_deleted=True)
    assert kept is not None and kept.deleted
    assert await faq.search("caution") == []
    assert await faq.count() == 0
    assert await faq.list_by_theme("logement") == []
    assert await faq.counts_by_theme() == {}
    assert [(e.field, e.new_value) for e in await faq.history(entry.id)] == [("deleted", "true")]


async def test_themes_listing_and_counts(faq: FaqRepository) -> None:
    first = await faq.add("Q1", "R1", ["logement"])
    second = await faq.add("Q2", "R2", ["logement", "mobilite"])
    await faq.add("Q3", "R3", ["mobilite"])
    await faq.add("Q4", "R4", ["mobilite"])
    listed = await faq.list_by_theme("logement")
    assert [entry.id for entry in listed] == [second.id, first.id]
    assert await faq.counts_by_theme() == {"mobilite": 3, "logement": 2}


async def test_search_returns_entries_scores_and_excerpts(faq: FaqRepository) -> None:
    await faq.add("Financer le permis de conduire", "Le CPF peut payer.", ["mobilite"])
    wanted = await faq.add("Avancer une garantie locative", LONG_ANSWER, ["logement"])
    results = await faq.search("garanties locatives", limit=5)
    assert results[0].entry.id == wanted.id
    assert results[0].score > 0
    assert "garantie locative" in results[0].excerpt
    assert results[0].excerpt.startswith("…")
    assert len(results[0].excerpt) <= 210


async def test_similar_suggests_an_existing_answer(faq: FaqRepository) -> None:
    wanted = await faq.add("Avancer une garantie locative", LONG_ANSWER, ["logement"])
    # Relevance needs a corpus: with two entries every word is in half of them.
    await faq.add_many(
        [
            NewEntry("Financer le permis de conduire", "Le CPF peut payer.", ["mobilite"]),
            NewEntry("Garde d'enfants en formation", "Crèches AVIP et AGEPI.", []),
            NewEntry("Salarié ivre au travail", "La sécurité d'abord, puis un entretien.", []),
            NewEntry("Surendettement", "Dossier à la Banque de France.", []),
            NewEntry("Titre de séjour et travail", "Vérifier la mention du titre.", []),
            NewEntry("Hébergement d'urgence", "Appeler le 115 tôt.", []),
        ]
    )
    situation = (
        "Je suis [PERSONNE], j'accompagne une dame qui a trouvé un appartement mais le "
        "propriétaire demande une garantie locative qu'elle ne peut pas payer. Qui peut aider ?"
    )
    # A corpus this small makes every unknown word weigh a lot: a lower bar than the default.
    results = await faq.similar(situation, min_score=0.15)
    assert [result.entry.id for result in results] == [wanted.id]
    unrelated = "Un bon fournisseur de gants de chantier pas cher ?"
    assert await faq.similar(unrelated, min_score=0.15) == []


async def test_import_is_batched_and_all_or_nothing(faq: FaqRepository) -> None:
    lines = [
        json.dumps({"question": f"Question {n}", "answer": f"Réponse {n}", "themes": ["emploi"]})
        for n in range(2500)
    ]
    ids = await faq.import_jsonl(["", *lines, "  "])
    assert len(ids) == 2500 and ids == sorted(ids)
    assert await faq.count() == 2500
    assert (await faq.counts_by_theme()) == {"emploi": 2500}
    assert (await faq.search("1234"))[0].entry.question == "Question 1234"

    bad = [lines[0], '{"question": "Sans réponse"}', "pas du json"]
    with pytest.raises(FaqImportError) as error:
        await faq.import_jsonl(bad)
    assert error.value.line == 2
    assert await faq.count() == 2500


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"question": "Q", "answer": ""}', "'answer' must be a non-empty string"),
        ('{"question": "Q", "answer": "R", "themes": "emploi"}', "'themes' must be a list"),
        ("{", "invalid JSON"),
    ],
)
async def test_import_explains_bad_lines(faq: FaqRepository, line: str, reason: str) -> None:
    with pytest.raises(FaqImportError, match=reason):
        await faq.import_jsonl([line])


async def test_export_markdown_and_json_lines(faq: FaqRepository) -> None:
    first = await faq.add("Avancer une caution ?", "Le CPAS peut avancer.", ["logement"])
    second = await faq.add("Permis ?", "Le CPF.", [])
    await faq.delete(second.id, "@mod:example.org")
    third = await faq.add("Garde d'enfants", "La crèche.", ["famille-garde"])
    markdown = "".join([chunk async for chunk in faq.export("md")])
    assert f"## #{first.id} — Avancer une caution ?" in markdown
    assert "*logement*" in markdown
    assert "Permis" not in markdown
    records = [json.loads(line) async for line in faq.export("jsonl")]
    assert [record["id"] for record in records] == [first.id, third.id]
    assert records[1]["themes"] == ["famille-garde"]
    with pytest.raises(ValueError, match="unknown export format"):
        _ = [chunk async for chunk in faq.export("pdf")]  # type: ignore[arg-type]


async def test_add_many_keeps_order(faq: FaqRepository) -> None:
    ids = await faq.add_many([NewEntry(f"Q{n}", f"R{n}", ["emploi"]) for n in range(3)])
    entries = await faq.get_many(ids)
    assert [entries[i].question for i in ids] == ["Q0", "Q1", "Q2"]
