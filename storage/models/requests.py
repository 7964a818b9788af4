"""Anonymised help requests (``!aide``), where they were posted, and the answers they got.

Only the *anonymised* text is ever stored: the raw situation stays in the requester's DM.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class HelpRequest(Base):
    __tablename__ = "help_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    requester: Mapped[str] = mapped_column(String(255), index=True)
    dm_room_id: Mapped[str] = mapped_column(String(255))
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    groupe: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    faq_entry_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RequestPost(Base):
    """A request's post in one room. One per (request, room): a request is never posted twice
    in a room. ``event_id`` is empty while the post waits (quiet hours, daily cap);
    ``refused_at`` is set when the room refused it (the bot may not post there): it is not
    tried again."""

    __tablename__ = "request_post"
    __table_args__ = (UniqueConstraint("request_id", "room_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_request.id"), index=True)
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, unique=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RequestAnswer(Base):
    """An answer given in a post's thread, numbered per request as it is relayed."""

    __tablename__ = "request_answer"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_request.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    room_id: Mapped[str] = mapped_column(String(255))
    author: Mapped[str] = mapped_column(String(255), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
