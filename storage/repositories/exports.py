"""Export formats shared by the FAQ and the fiches, and how a FAQ entry is written in each."""

from __future__ import annotations

import json
from typing import Literal

from storage.models import FaqEntry

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
