"""Moderation roles and the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import AuditEntry, RoleAssignment
from storage.repositories.upsert import rows_affected


class RoleRepository:
    """Roles, read on every command: kept in memory, refreshed whenever this repository
    changes them (the bot is the only writer)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._by_user: dict[str, list[RoleAssignment]] | None = None

    async def of(self, user_id: str) -> list[RoleAssignment]:
        if self._by_user is None:
            by_user: dict[str, list[RoleAssignment]] = {}
            for assignment in await self.all():
                by_user.setdefault(assignment.user_id, []).append(assignment)
            self._by_user = by_user
        return list(self._by_user.get(user_id, []))

    async def all(self) -> list[RoleAssignment]:
        async with self.database.sessions() as session:
            return list(await session.scalars(select(RoleAssignment)))

    async def grant(self, user_id: str, role: str, bassin: str | None, granted_by: str) -> bool:
        async with self.database.transaction() as session:
            existing = await session.scalar(
                select(RoleAssignment).where(
                    RoleAssignment.user_id == user_id,
                    RoleAssignment.role == role,
                    RoleAssignment.bassin.is_(None)
                    if bassin is None
                    else RoleAssignment.bassin == bassin,
                )
            )
            if existing is not None:
                return False
            session.add(
                RoleAssignment(user_id=user_id, role=role, bassin=bassin, granted_by=granted_by)
            )
        self._by_user = None
        return True

    async def revoke_all(self, user_id: str) -> int:
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(RoleAssignment).where(RoleAssignment.user_id == user_id)
            )
        self._by_user = None
        return rows_affected(result)


class AuditRepository:
    """Append-only: there is deliberately no method to delete or edit an entry."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def record(
        self,
        actor: str,
        action: str,
        *,
        room_id: str | None = None,
        target: str | None = None,
        reason: str | None = None,
        details: dict[str, Any] | None = None,
        session: AsyncSession | None = None,
    ) -> AuditEntry:
        async with self.database.joining(session) as writer:
            entry = AuditEntry(
                actor=actor,
                action=action,
                room_id=room_id,
                target=target,
                reason=reason,
                details=details or {},
            )
            writer.add(entry)
        return entry

    async def latest(self, limit: int = 20) -> list[AuditEntry]:
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
            )
            return list(rows)
