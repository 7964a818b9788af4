"""Export formats shared by the FAQ and the fiches, and how an entry and a fiche are written in
each."""

from __future__ import annotations

import json
from typing import Any, Literal

from storage.models import FaqEntry
from storage.models.fiches import Fiche
from storage.repositories import fiche_files

ExportFormat = Literal["md", "jsonl"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("md", "jsonl")


def faq_markdown(entry: FaqEntry) -> str:
    themes = ", ".join(entry.themes)
    meta = f"*{themes}*\n\n" if themes else ""
    return f"## #{entry.id} — {entry.question}\n\n{meta}{entry.answer}\n\n"


def faq_json_line(entry: FaqEntry) -> str:
    record = {
        "id": entry.id,
        "question": entry.question,
        "answer": entry.answer,
        "themes": entry.themes,
        "bassin": entry.bassin,
        "created_at": entry.created_at.isoformat(),
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


MARKDOWN_LABELS = {
    "contexte": "Problème / contexte",
    "public": "Public",
    "objectifs": "Objectifs",
    "deroule": "Déroulé",
    "moyens": "Moyens et partenaires",
    "resultats": "Résultats",
    "contact": "Contact",
}


def fiche_markdown(fiche: Fiche) -> str:
    """A fiche as a Markdown section (for ``tisserand fiches export``)."""
    lines = [f"## #{fiche.id} — {fiche.titre}", ""]
    meta = [", ".join(fiche.themes), fiche.bassin or "", fiche.author_id or ""]
    if any(meta):
        lines += ["*" + " · ".join(part for part in meta if part) + "*", ""]
    for name, label in MARKDOWN_LABELS.items():
        if fiche.field(name):
            lines += [f"### {label}", "", fiche.field(name), ""]
    for item in fiche.attachments:
        lines.append(fiche_files.markdown_line(item))
    if fiche.attachments:
        lines.append("")
    return "\n".join(lines) + "\n"


def fiche_json_line(fiche: Fiche, *, keys: bool = False) -> str:
    record: dict[str, Any] = {"id": fiche.id, **fiche.fields()}
    record.update(
        themes=fiche.themes,
        bassin=fiche.bassin,
        author=fiche.author_id,
        attachments=[fiche_files.exported(a, with_keys=keys) for a in fiche.attachments],
        created_at=fiche.created_at.isoformat(),
        updated_at=fiche.updated_at.isoformat(),
    )
    return json.dumps(record, ensure_ascii=False) + "\n"
