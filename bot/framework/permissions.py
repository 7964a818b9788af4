"""Role look-ups: admins come from the settings, moderators from the database (SPEC §7).

A role is looked up by Matrix id only: a display name never grants anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.framework.roles import Role
from storage.repositories.partners import PartnerRepository
from storage.repositories.roles import RoleRepository


@dataclass(frozen=True)
class Grants:
    user_id: str
    admin: bool
    global_moderator: bool
    bassins: frozenset[str]
    partner_themes: frozenset[str] | None = None  # None: not a partner

    @property
    def partner(self) -> bool:
        """An outside specialist (and nothing more): only the commands declared for partners."""
        return self.partner_themes is not None and self.highest is Role.PARTNER

    @property
    def highest(self) -> Role:
        if self.admin:
            return Role.ADMIN
        if self.global_moderator:
            return Role.MODERATOR
        if self.bassins:
            return Role.BASSIN_MODERATOR
        if self.partner_themes is not None:
            return Role.PARTNER
        return Role.MEMBER

    def may_read_themes(self, themes: list[str] | None) -> bool:
        """Content (a FAQ entry, a fiche) a partner may read: one of their themes."""
        if not self.partner:
            return True
        assert self.partner_themes is not None
        return bool(self.partner_themes & set(themes or []))

    def can_moderate(self, bassin: str | None) -> bool:
        """Whether this user moderates ``bassin`` (``None``: the whole network)."""
        if self.admin or self.global_moderator:
            return True
        return bassin is not None and bassin in self.bassins


class Permissions:
    def __init__(
        self,
        roles: RoleRepository,
        admins: list[str],
        partners: PartnerRepository | None = None,
    ) -> None:
        self.roles = roles
        self.admins = frozenset(admins)
        self.partners = partners

    async def grants(self, user_id: str) -> Grants:
        assignments = await self.roles.of(user_id)
        return Grants(
            user_id=user_id,
            admin=user_id in self.admins,
            global_moderator=any(a.role == "moderator" and a.bassin is None for a in assignments),
            bassins=frozenset(a.bassin for a in assignments if a.role == "moderator" and a.bassin),
            partner_themes=await self._partner_themes(user_id),
        )

    async def _partner_themes(self, user_id: str) -> frozenset[str] | None:
        if self.partners is None:
            return None
        partner = await self.partners.active(user_id)
        return None if partner is None else frozenset(partner.themes or [])
