"""Command-line anonymisation for operators and tests (SPEC §3.8)."""

from __future__ import annotations

import json
from typing import Literal, TextIO

from bot.text.anonymiser.anonymiser import Anonymiser
from bot.text.anonymiser.model import AnonymisedText

Mode = Literal["text", "json", "jsonl"]


def as_json(result: AnonymisedText, original: str | None = None) -> dict[str, object]:
    """The anonymised text and its entities; ``source`` too when normalisation changed the
    input (invisible characters, full-width digits...), since the offsets point into it."""
    payload: dict[str, object] = {
        "text": result.text,
        "entities": [
            {"type": entity.type, "start": entity.start, "end": entity.end}
            for entity in result.entities
        ],
    }
    if original is not None and result.source != original:
        payload["source"] = result.source
    return payload


def run_cli(stdin: TextIO, stdout: TextIO, mode: Mode = "text") -> int:
    """Anonymise stdin to stdout; returns the process exit code.

    In ``jsonl`` mode a malformed line gets ``{"error": ...}`` in its place (one output line per
    input line, so results stay aligned) and the exit code is 2.
    """
    anonymiser = Anonymiser.default()
    if mode == "jsonl":
        status = 0
        for number, line in enumerate(stdin, start=1):
            if not line.strip():
                continue
            text = _text_of(line)
            if text is None:
                status = 2
                error = {"error": f"line {number}: expected a JSON object with a text field"}
                stdout.write(json.dumps(error) + "\n")
                continue
            result = anonymiser.anonymise(text)
            stdout.write(json.dumps(as_json(result, text), ensure_ascii=False) + "\n")
        return status
    text = stdin.read()
    result = anonymiser.anonymise(text)
    if mode == "json":
        stdout.write(json.dumps(as_json(result, text), ensure_ascii=False) + "\n")
    else:
        stdout.write(result.text)
    return 0


def _text_of(line: str) -> str | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return None
    return value["text"]
