"""All ORM models, imported here so that Alembic and the repositories see one metadata."""

from storage.models.base import Base, UTCDateTime, utcnow
from storage.models.community import AuditEntry, Member, ProvisionedRoom, RoleAssignment
from storage.models.core import BotSession, Conversation, DirectRoom, ReceivedEvent, SyncState
from storage.models.faq import FaqEdit, FaqEntry, FaqEntryTheme
from storage.models.timers import Timer

__all__ = [
    "AuditEntry",
    "Base",
    "BotSession",
    "Conversation",
    "DirectRoom",
    "FaqEdit",
    "FaqEntry",
    "FaqEntryTheme",
    "Member",
    "ProvisionedRoom",
    "ReceivedEvent",
    "RoleAssignment",
    "SyncState",
    "Timer",
    "UTCDateTime",
    "utcnow",
]
