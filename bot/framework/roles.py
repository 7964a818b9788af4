"""Who may do what: member, bassin moderator, global moderator, admin (SPEC §7)."""

from __future__ import annotations

from enum import IntEnum


class Role(IntEnum):
    """Ordered roles: a higher role may do everything a lower one may."""

    MEMBER = 0
    BASSIN_MODERATOR = 1
    MODERATOR = 2
    ADMIN = 3


MODERATOR_POWER = 50
ADMIN_POWER = 100
