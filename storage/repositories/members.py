"""Members' profiles."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Member

# Profiles kept in memory: the most recent senders' (the cache must not grow with every sender
# the bot ever met).
MEMBER_CACHE_SIZE = 4096


class MemberRepository:
    """Members' profiles, read for nearly every message (language, sign-up, bassin): the recent
    ones are kept in memory. The bot is the only writer; every write goes through `upsert` or
    is followed by `invalidate` once its transaction has committed. Profiles handed out are
    shared: read them, never change them (`upsert` is how a profile changes)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._members: OrderedDict[str, Member | None] = OrderedDict()
        # Bumped by every change: a read that began before one does not fill the cache.
        self._generation = 0

    async def get(self, user_id: str) -> Member | None:
        if user_id in self._members:
            self._members.move_to_end(user_id)
            return self._members[user_id]
        generation = self._generation
        async with self.database.sessions() as session:
            member = await session.get(Member, user_id)
        if generation == self._generation:
            self._members[user_id] = member
            while len(self._members) > MEMBER_CACHE_SIZE:
                self._members.popitem(last=False)
        return member

    async def upsert(
        self, user_id: str, *, session: AsyncSession | None = None, **fields: Any
    ) -> Member:
        """Create or change a profile. Inside a caller's transaction, the caller invalidates
        the profile again once it has committed (a read in between would see the old one)."""
        self.invalidate(user_id)
        async with self.database.within(session) as session:
            member = await session.get(Member, user_id)
            if member is None:
                member = Member(user_id=user_id, themes=[], in_directory=False)
                session.add(member)
            for name, value in fields.items():
                setattr(member, name, value)
        self.invalidate(user_id)
        return member

    def invalidate(self, user_id: str) -> None:
        """Forget what is cached about ``user_id`` (their profile was changed elsewhere)."""
        self._generation += 1
        self._members.pop(user_id, None)

    async def language(self, user_id: str) -> str | None:
        member = await self.get(user_id)
        return None if member is None else member.language

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
