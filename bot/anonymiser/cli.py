"""Command-line anonymisation for operators and tests (SPEC §3.8)."""

from __future__ import annotations

import json
from typing import Literal, TextIO

from bot.anonymiser.anonymiser import Anonymiser
from bot.anonymiser.model import AnonymisedText

Mode = Literal["text", "json", "jsonl"]


def as_json(result: AnonymisedText) -> dict[str, object]:
    return {
        "text": result.text,
        "entities": [
            {"type": entity.type, "start": entity.start, "end": entity.end}
            for entity in result.entities
        ],
    }


def run_cli(stdin: TextIO, stdout: TextIO, mode: Mode = "text") -> int:
    """Anonymise stdin to stdout; returns the process exit code (2 on malformed input)."""
    anonymiser = Anonymiser.default()
    if mode == "jsonl":
        for number, line in enumerate(stdin, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
            except (json.JSONDecodeError, KeyError, TypeError):
                stdout.flush()
                raise SystemExit(f"line {number}: expected a JSON object with a \"text\" field")
            result = anonymiser.anonymise(str(text))
            stdout.write(json.dumps(as_json(result), ensure_ascii=False) + "\n")
        return 0
    result = anonymiser.anonymise(stdin.read())
    if mode == "json":
        stdout.write(json.dumps(as_json(result), ensure_ascii=False) + "\n")
    else:
        stdout.write(result.text)
    return 0
