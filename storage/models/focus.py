"""Focus sessions (SPEC §6): planned meetings on a theme, their announcements and participants,
and the weekly digests already posted (SPEC §8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class FocusSession(Base):
    """One session, or one series when ``rrule`` is set.

    ``starts_at`` is the next (or only) occurrence: it moves forward after each occurrence of a
    series, so reminders, listings and the digest only ever look at one date. ``timezone`` is
    the zone the date was typed in, so a weekly session stays at 14:00 across daylight saving.
    """

    __tablename__ = "focus_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    author_id: Mapped[str] = mapped_column(String(255), index=True)
    theme: Mapped[str] = mapped_column(String(255))
    theme_slug: Mapped[str | None] = mapped_column(String(64), nullable=True)
    target: Mapped[str] = mapped_column(String(255))  # as resolved: "nord", "nord/ts", "tous"
    bassins: Mapped[list[str]] = mapped_column(JSON, default=list)
    room_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    guests: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    rrule: Mapped[str | None] = mapped_column(String(255), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # bumped when moved or cancelled
    report: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_author: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FocusAnnouncement(Base):
    """The message announcing a session in one room: a 👍 on it is an RSVP."""

    __tablename__ = "focus_announcement"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("focus_session.id", ondelete="CASCADE"), index=True
    )
    room_id: Mapped[str] = mapped_column(String(255))


class FocusParticipant(Base):
    """Someone who said they will come; reminded in their DM."""

    __tablename__ = "focus_participant"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("focus_session.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestPost(Base):
    """A weekly digest posted in a room: one row per (room, ISO week), so it is never posted
    twice, whatever restarts or repeated runs happen."""

    __tablename__ = "digest_post"

    room_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    week: Mapped[str] = mapped_column(String(16), primary_key=True)  # "2026-W49"
    bassin: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[str] = mapped_column(String(255))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
