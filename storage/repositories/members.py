"""Members' profiles."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Member

# Languages kept in memory: the most recently seen senders (the cache must not grow with every
# sender the bot ever met).
LANGUAGE_CACHE_SIZE = 4096


class MemberRepository:
    def __init__(self, database: Database) -> None:
        self.database = database
        # Each recent sender's language, read for every message; refreshed by `upsert`.
        self._languages: OrderedDict[str, str | None] = OrderedDict()

    async def get(self, user_id: str) -> Member | None:
        async with self.database.sessions() as session:
            return await session.get(Member, user_id)

    async def upsert(
        self, user_id: str, *, session: AsyncSession | None = None, **fields: Any
    ) -> Member:
        async with self.database.within(session) as session:
            member = await session.get(Member, user_id)
            if member is None:
                member = Member(user_id=user_id, themes=[], in_directory=False)
                session.add(member)
            for name, value in fields.items():
                setattr(member, name, value)
        self._languages.pop(user_id, None)
        return member

    def invalidate(self, user_id: str) -> None:
        """Forget what is cached about ``user_id`` (their profile was changed elsewhere)."""
        self._languages.pop(user_id, None)

    async def language(self, user_id: str) -> str | None:
        if user_id in self._languages:
            self._languages.move_to_end(user_id)
            return self._languages[user_id]
        async with self.database.sessions() as session:
            language = await session.scalar(
                select(Member.language).where(Member.user_id == user_id)
            )
        self._languages[user_id] = language
        while len(self._languages) > LANGUAGE_CACHE_SIZE:
            self._languages.popitem(last=False)
        return language

    async def directory(self) -> list[Member]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(Member).where(Member.in_directory.is_(True)).order_by(Member.user_id)
            )
            return list(rows)

    async def counts(self) -> dict[tuple[str | None, str | None], int]:
        async with self.database.sessions() as session:
            rows = await session.execute(
                select(Member.bassin, Member.groupe, func.count()).group_by(
                    Member.bassin, Member.groupe
                )
            )
            return {(b, g): n for b, g, n in rows.all()}
