"""All ORM models, imported here so that Alembic and the repositories see one metadata."""

from storage.models.base import Base, UTCDateTime, utcnow
from storage.models.community import AuditEntry, Member, ProvisionedRoom, RoleAssignment
from storage.models.core import (
    AppliedEffect,
    BotSession,
    Conversation,
    DirectRoom,
    ReceivedEvent,
    SyncState,
)
from storage.models.faq import FaqEdit, FaqEntry, FaqEntryTheme
from storage.models.fiches import Fiche
from storage.models.focus import DigestPost, FocusAnnouncement, FocusParticipant, FocusSession
from storage.models.focus_guests import FocusGuest, FocusRoom
from storage.models.moderation import BassinChange
from storage.models.partners import Partner
from storage.models.requests import HelpRequest, RequestAnswer, RequestPost
from storage.models.structures import Structure, StructureService
from storage.models.timers import Timer
from storage.models.web import CalendarFeed, WebLoginLink, WebSession

__all__ = [
    "AppliedEffect",
    "AuditEntry",
    "Base",
    "BassinChange",
    "BotSession",
    "CalendarFeed",
    "Conversation",
    "DigestPost",
    "DirectRoom",
    "FaqEdit",
    "FaqEntry",
    "FaqEntryTheme",
    "Fiche",
    "FocusAnnouncement",
    "FocusGuest",
    "FocusParticipant",
    "FocusRoom",
    "FocusSession",
    "HelpRequest",
    "Member",
    "Partner",
    "ProvisionedRoom",
    "ReceivedEvent",
    "RequestAnswer",
    "RequestPost",
    "RoleAssignment",
    "Structure",
    "StructureService",
    "SyncState",
    "Timer",
    "UTCDateTime",
    "WebLoginLink",
    "WebSession",
    "utcnow",
]
