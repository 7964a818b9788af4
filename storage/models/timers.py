"""Timers: everything the bot must do later (reminders, escalations), kept across restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Timer(Base):
    """One thing to do at ``due_at``. ``key`` is deterministic (``focus:12:veille``), so
    scheduling the same thing twice replaces it instead of doubling it.

    ``state``: ``pending`` → ``firing`` (claimed, being sent) → ``done``; or ``skipped`` (missed
    by more than its grace time) or ``cancelled``.
    """

    __tablename__ = "timer"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    grace_seconds: Mapped[int] = mapped_column(Integer, default=3600)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
