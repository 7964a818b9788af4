"""The unit of work on every backend: one claim per event and workflow, all or nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storage.database import Database
from storage.models import AppliedEffect, SyncState, utcnow
from storage.unit_of_work import UnitOfWork


async def _count(database: Database, model: type) -> int:
    async with database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_replay_writes_nothing_and_gets_the_first_result(
    database: Database,
) -> None:
    work = UnitOfWork(database)
    async with work.begin("$event", "fiche.create") as unit:
        assert not unit.replayed
        unit.session.add(SyncState(key="created", value="1"))
        unit.result = {"fiche": 7}
    async with work.begin("$event", "fiche.create") as again:
        assert again.replayed
        assert again.result == {"fiche": 7}
    assert await _count(database, SyncState) == 1


async def test_a_failure_half_way_leaves_neither_rows_nor_claim(database: Database) -> None:
    work = UnitOfWork(database)
    with pytest.raises(RuntimeError):
        async with work.begin("$event", "fiche.create") as unit:
            unit.session.add(SyncState(key="half", value="1"))
            await unit.session.flush()
            raise RuntimeError("the second half failed")
    assert await _count(database, SyncState) == 0
    assert await _count(database, AppliedEffect) == 0
    async with work.begin("$event", "fiche.create") as retried:
        assert not retried.replayed


async def test_two_workflows_of_one_event_are_claimed_apart(database: Database) -> None:
    work = UnitOfWork(database)
    async with work.begin("$event", "a") as first:
        first.result = {"n": 1}
    async with work.begin("$event", "b") as second:
        assert not second.replayed


async def test_concurrent_claims_of_one_event_run_it_once(database: Database) -> None:
    work = UnitOfWork(database)
    runs: list[bool] = []

    async def attempt() -> None:
        async with work.begin("$same", "resolve") as unit:
            runs.append(unit.replayed)
            if not unit.replayed:
                unit.session.add(SyncState(key="resolved", value="1"))
                unit.result = {"ok": True}

    results = await asyncio.gather(attempt(), attempt(), return_exceptions=True)
    assert [r for r in results if r is not None] == []
    assert sorted(runs) == [False, True]
    assert await _count(database, SyncState) == 1


async def test_prune_forgets_old_claims_only(database: Database) -> None:
    work = UnitOfWork(database)
    async with work.begin("$old", "x"):
        pass
    async with work.begin("$new", "x"):
        pass
    async with database.transaction() as session:
        old = await session.get(AppliedEffect, ("$old", "x"))
        assert old is not None
        old.applied_at = utcnow() - timedelta(days=40)
    assert await work.prune(utcnow() - timedelta(days=30)) == 1
    assert await _count(database, AppliedEffect) == 1


def test_the_schema_heads_constant_names_the_newest_migrations() -> None:
    from alembic.script import ScriptDirectory

    from storage.database import SCHEMA_HEADS, alembic_config

    assert frozenset(ScriptDirectory.from_config(alembic_config()).get_heads()) == SCHEMA_HEADS
