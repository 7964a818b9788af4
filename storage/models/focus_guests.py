"""Guests of one focus session, and the session's own room (issue 15).

A guest is someone from outside the network invited to one session: they get its notices in
their DM and, when the session has its own room, a seat there, until the session is over.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class FocusGuest(Base):
    __tablename__ = "focus_guest"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("focus_session.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    invited_by: Mapped[str] = mapped_column(String(255))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FocusRoom(Base):
    """The room a session opened for its synchronous exchange (``!focus salon N``)."""

    __tablename__ = "focus_room"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("focus_session.id", ondelete="CASCADE"), primary_key=True
    )
    room_id: Mapped[str] = mapped_column(String(255), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
