"""Provisioning: the layout file turned into Matrix spaces and rooms, idempotently (SPEC §1).

`plan` says what the layout asks for and what would change, from the database alone;
`provisioner` applies a plan to the homeserver.
"""

from bot.services.provisioning.plan import (
    ANNOUNCEMENTS_KEY,
    ARCHIVED_PREFIX,
    FAQ_KEY,
    ROOT_KEY,
    Action,
    Plan,
    Report,
    Target,
    bassin_key,
    desired_rooms,
    plan_layout,
    room_key,
    theme_key,
)
from bot.services.provisioning.provisioner import Provisioner, power_levels

__all__ = [
    "ANNOUNCEMENTS_KEY",
    "ARCHIVED_PREFIX",
    "FAQ_KEY",
    "ROOT_KEY",
    "Action",
    "Plan",
    "Provisioner",
    "Report",
    "Target",
    "bassin_key",
    "desired_rooms",
    "plan_layout",
    "power_levels",
    "room_key",
    "theme_key",
]
