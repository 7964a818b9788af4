"""The members' cache stays bounded however many people write to the bot, and never serves a
profile older than the last change."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from storage.database import Database
from storage.models import Member
from storage.repositories import members
from storage.repositories.members import MemberRepository


async def test_the_language_cache_keeps_only_recent_senders(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(members, "MEMBER_CACHE_SIZE", 3)
    repository = MemberRepository(database)
    await repository.upsert("@first:x", language="en")
    assert await repository.language("@first:x") == "en"
    for number in range(10):
        assert await repository.language(f"@stranger{number}:x") is None
        assert await repository.language("@first:x") == "en"  # recently used: kept
    assert len(repository._members) == 3


async def test_a_cached_profile_is_replaced_by_the_next_change(database: Database) -> None:
    repository = MemberRepository(database)
    assert await repository.get("@new:x") is None  # "not signed up" is cached too
    await repository.upsert("@new:x", bassin="namur", language="fr")
    member = await repository.get("@new:x")
    assert member is not None and member.bassin == "namur"
    async with database.transaction() as session:  # a workflow's transaction
        await repository.upsert("@new:x", session=session, language="en")
    repository.invalidate("@new:x")  # what the workflow does once it has committed
    assert await repository.language("@new:x") == "en"


async def test_a_profile_erased_elsewhere_is_forgotten_on_invalidate(database: Database) -> None:
    repository = MemberRepository(database)
    await repository.upsert("@gone:x", bassin="namur")
    assert await repository.get("@gone:x") is not None
    async with database.transaction() as session:
        await session.execute(delete(Member).where(Member.user_id == "@gone:x"))
    repository.invalidate("@gone:x")
    assert await repository.get("@gone:x") is None
