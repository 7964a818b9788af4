"""One transaction per workflow, tied to the event that triggered it.

Every writing workflow (open a help request, create a fiche, resolve, confirm a session…) runs
its database work inside `UnitOfWork.begin(event_id, workflow)`:

- the first statement claims ``(event_id, workflow)`` in ``applied_effect``, so the
  transaction is a writer from its first statement (SQLite takes its write lock there, which
  serialises concurrent workflows instead of failing one of them on a lock upgrade);
- if the claim already exists, the event was handled before (a replay after a crash): the unit
  is ``replayed``, carries the result stored the first time, and the workflow must write
  nothing — it only sends its replies again, whose transaction ids the homeserver recognises;
- the result the workflow sets (ids it created, what to tell the user) is stored with the claim
  when the transaction commits; an error anywhere rolls back the claim with everything else.

Matrix messages are sent after the block, never inside it: a send that fails must not undo the
rows, and rows must never be committed for a message that was not meant to be sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import AppliedEffect, utcnow
from storage.repositories.upsert import dialect_insert_for, dialect_of, rows_affected, table_of


@dataclass
class Unit:
    """The open transaction of one workflow run."""

    session: AsyncSession
    replayed: bool
    result: dict[str, Any] = field(default_factory=dict)


@cache
def _statements(dialect: str) -> tuple[Any, Any]:
    """The claim (an INSERT that skips a claim already there) and the result's update, built
    once per dialect (see `storage.repositories.upsert`)."""
    table = table_of(AppliedEffect)
    claim = dialect_insert_for(dialect, table).on_conflict_do_nothing()
    record = (
        update(table)
        .where(
            table.c.event_id == bindparam("claimed"), table.c.workflow == bindparam("claimed_by")
        )
        .values(result=bindparam("result"))
    )
    return claim, record


class UnitOfWork:
    def __init__(self, database: Database) -> None:
        self.database = database

    @asynccontextmanager
    async def begin(self, event_id: str, workflow: str) -> AsyncIterator[Unit]:
        """The workflow's transaction; ``unit.replayed`` when this event already ran it."""
        async with self.database.transaction() as session:
            claim, record = _statements(dialect_of(session))
            claimed = await session.execute(
                claim,
                {"event_id": event_id, "workflow": workflow, "result": {}, "applied_at": utcnow()},
            )
            if not rows_affected(claimed):
                stored = await session.get(AppliedEffect, (event_id, workflow))
                yield Unit(session, True, dict(stored.result) if stored else {})
                return
            unit = Unit(session, False)
            yield unit
            if unit.result:
                await session.execute(
                    record, {"claimed": event_id, "claimed_by": workflow, "result": unit.result}
                )

    @asynccontextmanager
    async def plain(self) -> AsyncIterator[AsyncSession]:
        """A transaction for work that no event triggered (timers, start-up reconciliation)."""
        async with self.database.transaction() as session:
            yield session

    async def prune(self, older_than: datetime) -> int:
        """Forget claims older than any replay could be (the journal is pruned alike)."""
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(AppliedEffect).where(AppliedEffect.applied_at < older_than)
            )
            return rows_affected(result)
