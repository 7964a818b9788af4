"""Models of the bot's own machinery: its Matrix session, sync journal and conversations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class BotSession(Base):
    """The bot's access token and device, kept so that it logs in with its password only once."""

    __tablename__ = "bot_session"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    homeserver: Mapped[str] = mapped_column(String(512))
    device_id: Mapped[str] = mapped_column(String(255))
    access_token: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncState(Base):
    """Small key/value facts about the sync loop (the ``next_batch`` token, first start done…)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReceivedEvent(Base):
    """Journal of every timeline event the bot received, keyed by event id.

    Events are written in the same transaction as the sync token that follows them, so that a
    crash never loses one; the ``status`` tells whether it was handled, so that none is handled
    twice. Their content is never written (a message may be a help request's raw text, which
    would then stay in a WAL or an old row version): an event left pending by a crash is
    fetched from the homeserver again before it is handled.
    """

    __tablename__ = "received_event"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    sender: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(255))
    origin_server_ts: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending|done|skipped|failed
    seq: Mapped[int] = mapped_column(Integer, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DirectRoom(Base):
    """The one DM room the bot uses with each user."""

    __tablename__ = "direct_room"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), unique=True)


class Conversation(Base):
    """A conversation in progress with a user: a guided form, a preview, a pending confirmation.

    Kept in the database so that a restart never loses it.
    """

    __tablename__ = "conversation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    room_id: Mapped[str] = mapped_column(String(255))
    anchor_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AppliedEffect(Base):
    """One row per workflow a triggering event has run, written in that workflow's transaction.

    A replayed event (after a crash, or delivered twice) finds its row and returns the stored
    result instead of writing again: effects happen once, replies can be sent again with the
    same transaction ids.
    """

    __tablename__ = "applied_effect"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    workflow: Mapped[str] = mapped_column(String(64), primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
