"""Role look-ups: admins come from the settings, moderators from the database (SPEC §7).

A role is looked up by Matrix id only: a display name never grants anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.framework.roles import Role
from storage.repositories.roles import RoleRepository


@dataclass(frozen=True)
class Grants:
    user_id: str
    admin: bool
    global_moderator: bool
    bassins: frozenset[str]

    @property
    def highest(self) -> Role:
        if self.admin:
            return Role.ADMIN
        if self.global_moderator:
            return Role.MODERATOR
        if self.bassins:
            return Role.BASSIN_MODERATOR
        return Role.MEMBER

    def can_moderate(self, bassin: str | None) -> bool:
        """Whether this user moderates ``bassin`` (``None``: the whole network)."""
        if self.admin or self.global_moderator:
            return True
        return bassin is not None and bassin in self.bassins


class Permissions:
    def __init__(self, roles: RoleRepository, admins: list[str]) -> None:
        self.roles = roles
        self.admins = frozenset(admins)

    async def grants(self, user_id: str) -> Grants:
        assignments = await self.roles.of(user_id)
        return Grants(
            user_id=user_id,
            admin=user_id in self.admins,
            global_moderator=any(a.role == "moderator" and a.bassin is None for a in assignments),
            bassins=frozenset(a.bassin for a in assignments if a.role == "moderator" and a.bassin),
        )
