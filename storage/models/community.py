"""Models of the community: members' profiles and the Matrix rooms provisioned from the layout."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Member(Base):
    """A professional's profile, recorded by ``!inscription`` and edited with ``!profil``."""

    __tablename__ = "member"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    groupe: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    structure: Mapped[str | None] = mapped_column(String(255), nullable=True)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    in_directory: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ProvisionedRoom(Base):
    """A space or room the bot created (or adopted) for an element of the layout.

    ``key`` names the layout element (``space:root``, ``space:namur``, ``room:namur:encadrants``,
    ``room:theme:logement``, ``room:faq``, ``room:annonces``): it is what makes provisioning
    idempotent.
    """

    __tablename__ = "provisioned_room"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # root|bassin|groupe|theme|faq|annonces
    alias: Mapped[str | None] = mapped_column(String(255), nullable=True)
    name: Mapped[str] = mapped_column(String(255))
    topic: Mapped[str] = mapped_column(Text, default="")
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    groupe: Mapped[str | None] = mapped_column(String(64), nullable=True)
    theme: Mapped[str | None] = mapped_column(String(64), nullable=True)
    parent_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RoleAssignment(Base):
    """A moderation role: ``moderator`` (global when ``bassin`` is empty, else of that bassin).

    Admins come from the settings and are not stored: removing someone from the settings is
    enough to take the role away.
    """

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("user_id", "role", "bassin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[str] = mapped_column(String(32))
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True)
    granted_by: Mapped[str] = mapped_column(String(255))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """One line of the audit log: who did what, when, where, to whom and why. Never deleted."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255), index=True)
    action: Mapped[str] = mapped_column(String(64))
    room_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    target: Mapped[str | None] = mapped_column(String(512), nullable=True, index=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
