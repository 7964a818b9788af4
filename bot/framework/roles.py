"""Who may do what: partner, member, bassin moderator, global moderator, admin (SPEC §7, §13).

A command declares the lowest role that may run it (``role=`` in `command`); the default is
MEMBER, so a partner (an outside specialist, below every member) only sees and runs the
commands explicitly declared ``role=Role.PARTNER``.
"""

from __future__ import annotations

from enum import IntEnum


class Role(IntEnum):
    """Ordered roles: a higher role may do everything a lower one may."""

    PARTNER = -1
    MEMBER = 0
    BASSIN_MODERATOR = 1
    MODERATOR = 2
    ADMIN = 3


MODERATOR_POWER = 50
ADMIN_POWER = 100
