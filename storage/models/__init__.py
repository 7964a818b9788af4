"""All ORM models, imported here so that Alembic and the repositories see one metadata."""

from storage.models.base import Base, UTCDateTime, utcnow
from storage.models.community import Member, ProvisionedRoom
from storage.models.core import BotSession, Conversation, DirectRoom, ReceivedEvent, SyncState

__all__ = [
    "Base",
    "BotSession",
    "Conversation",
    "DirectRoom",
    "Member",
    "ProvisionedRoom",
    "ReceivedEvent",
    "SyncState",
    "UTCDateTime",
    "utcnow",
]
