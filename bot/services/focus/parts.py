"""What the parts of the focus service share: the repositories they use and their settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from config.layout import Layout
from storage.models import utcnow
from storage.repositories.conversations import ConversationRepository
from storage.repositories.focus import FocusRepository
from storage.repositories.focus_guests import FocusGuestRepository
from storage.repositories.members import MemberRepository
from storage.repositories.roles import AuditRepository
from storage.repositories.rooms import RoomRepository


@dataclass(frozen=True)
class FocusStores:
    """The repositories focus sessions read and write (built once by the application)."""

    sessions: FocusRepository
    conversations: ConversationRepository
    rooms: RoomRepository
    members: MemberRepository
    audit: AuditRepository
    guests: FocusGuestRepository | None = None  # outside people invited to one session


@dataclass(frozen=True)
class FocusSettings:
    """``layout`` is read at each use: moderators' commands change it while the bot runs."""

    layout: Callable[[], Layout]
    zone: ZoneInfo
    language: str
    prefix: str
    clock: Callable[[], datetime] = field(default=utcnow)
