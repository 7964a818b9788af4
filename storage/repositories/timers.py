"""Timers in the database: the source of truth the scheduler is rebuilt from at every start."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Timer, utcnow
from storage.repositories.upsert import dialect_insert_for, dialect_of, rows_affected, table_of


@cache
def _upsert(dialect: str) -> Any:
    """A timer's upsert, built once per dialect (see `storage.repositories.upsert`): a new row,
    or the existing one pending again with the new due date, payload and grace."""
    table = table_of(Timer)
    statement = dialect_insert_for(dialect, table)
    replaced = ("kind", "due_at", "payload", "grace_seconds", "state", "fired_at")
    return statement.on_conflict_do_update(
        index_elements=[table.c.key], set_={name: statement.excluded[name] for name in replaced}
    )


class TimerRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def put(
        self,
        key: str,
        kind: str,
        due_at: datetime,
        payload: dict[str, Any],
        grace_seconds: int,
        *,
        session: AsyncSession | None = None,
    ) -> None:
        """Create or replace the timer ``key`` (pending again, whatever it was), in one
        upsert statement (``session.merge`` would read the row first)."""
        values = {
            "kind": kind,
            "due_at": due_at,
            "payload": payload,
            "grace_seconds": grace_seconds,
            "state": "pending",
            "fired_at": None,
        }
        async with self.database.within(session) as writer:
            await writer.execute(
                _upsert(dialect_of(writer)), {"key": key, "created_at": utcnow(), **values}
            )

    async def get(self, key: str) -> Timer | None:
        async with self.database.sessions() as session:
            return await session.get(Timer, key)

    async def unfinished(self) -> list[Timer]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(Timer).where(Timer.state.in_(("pending", "firing"))).order_by(Timer.due_at)
            )
            return list(rows)

    async def claim(self, key: str) -> Timer | None:
        """Move a pending timer to ``firing``; only one caller ever gets it."""
        async with self.database.transaction() as session:
            result = await session.execute(
                update(Timer)
                .where(Timer.key == key, Timer.state == "pending")
                .values(state="firing", fired_at=utcnow())
            )
            if not rows_affected(result):
                return None
            return await session.get(Timer, key)

    async def set_state(self, key: str, state: str) -> None:
        async with self.database.transaction() as session:
            await session.execute(update(Timer).where(Timer.key == key).values(state=state))

    async def cancel(self, key_prefix: str, *, session: AsyncSession | None = None) -> list[str]:
        """Cancel every pending timer whose key starts with ``key_prefix``."""
        async with self.database.within(session) as session:
            keys = list(
                await session.scalars(
                    select(Timer.key).where(
                        Timer.key.startswith(key_prefix, autoescape=True), Timer.state == "pending"
                    )
                )
            )
            if keys:
                await session.execute(
                    update(Timer).where(Timer.key.in_(keys)).values(state="cancelled")
                )
            return keys

    async def prune(self, older_than: datetime) -> int:
        """Forget timers that ended (done, skipped, cancelled) and were due before the date."""
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(Timer).where(
                    Timer.state.in_(("done", "skipped", "cancelled")), Timer.due_at < older_than
                )
            )
            return rows_affected(result)
