"""Partners: people from outside the network, invited for a purpose and a time (issue 15).

A partner row is the invitation: the structure they speak for, the themes whose specialist
rooms they join, the bassin whose requests may reach them, and when their access ends. Ending
it (by date or by ``!mod partenaire retirer``) keeps the row with ``ended_at`` set: the audit
log and the statistics still know who answered as a partner.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Partner(Base):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    structure: Mapped[str] = mapped_column(String(255))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    invited_by: Mapped[str] = mapped_column(String(255))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)  # date|retired
