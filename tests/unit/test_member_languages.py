"""The members' language cache stays bounded however many people write to the bot."""

from __future__ import annotations

import pytest

from storage.database import Database
from storage.repositories import members
from storage.repositories.members import MemberRepository


async def test_the_language_cache_keeps_only_recent_senders(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(members, "LANGUAGE_CACHE_SIZE", 3)
    repository = MemberRepository(database)
    await repository.upsert("@first:x", language="en")
    assert await repository.language("@first:x") == "en"
    for number in range(10):
        assert await repository.language(f"@stranger{number}:x") is None
        assert await repository.language("@first:x") == "en"  # recently used: kept
    assert len(repository._languages) == 3
