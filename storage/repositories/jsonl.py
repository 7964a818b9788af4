"""Reading JSON-lines import files, for the FAQ and the fiches alike.

An import is all or nothing: every line is checked before anything is written, and the first
bad line is reported by its number, with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ImportLineError(Exception):
    """A line of an import file is not valid; nothing was imported."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def json_object(number: int, line: str, error: type[ImportLineError]) -> dict[str, Any]:
    """Line ``number`` as a JSON object, else ``error`` saying why not."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as problem:
        raise error(number, f"invalid JSON ({problem.msg})") from None
    if not isinstance(data, dict):
        raise error(number, "expected a JSON object")
    return data


def string_list(
    data: dict[str, Any], key: str, number: int, error: type[ImportLineError]
) -> list[str]:
    """``data[key]``, a list of strings (empty when absent), else ``error``."""
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise error(number, f"{key!r} must be a list of strings")
    return values
