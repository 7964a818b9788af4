"""SQL helpers shared by the repositories: dialect-aware ``INSERT … ON CONFLICT DO NOTHING``
(the one place that knows both spellings) and the row count of a write.

Statements run on every command (a workflow's claim, a sync batch's journal write) are built
once, with bound parameters, and kept (`functools.cache` per dialect): building one costs
SQLAlchemy more than running it, and an ``INSERT … VALUES`` of literal values is even
compiled again each time."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignore(session: AsyncSession, model: type[Any]) -> Any:
    """An INSERT for ``model`` that silently skips rows whose key already exists."""
    return dialect_insert(session, model).on_conflict_do_nothing()


def rows_affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (``rowcount`` lives on `CursorResult`)."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def dialect_insert(bind: Any, model: type[Any]) -> Any:
    """The dialect's INSERT for ``model`` (it knows ``ON CONFLICT``); ``bind`` is a session or
    a connection."""
    return dialect_insert_for(dialect_of(bind), model)


def dialect_of(bind: Any) -> str:
    """``"postgresql"`` or ``"sqlite"``: the dialect of a session or a connection."""
    if isinstance(bind, AsyncSession):
        return bind.bind.dialect.name if bind.bind is not None else "sqlite"
    return str(bind.dialect.name)


def dialect_insert_for(dialect: str, table: Any) -> Any:
    """The INSERT of ``dialect`` (``"postgresql"`` or ``"sqlite"``) for a model or a table."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table)


def table_of(model: type[Any]) -> Table:
    """The Core table of a mapped model, for statements built once (no ORM step to run)."""
    return cast(Table, model.__table__)
