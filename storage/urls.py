"""Database URLs, kept apart from the engine so that settings can name one without loading it."""

from __future__ import annotations

from pathlib import Path


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"
