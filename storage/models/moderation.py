"""Changes to the layout's bassins made by moderators from Matrix (``!mod bassin …``, SPEC §7).

The layout file stays the operator's document; a bassin added or archived by command is kept
here and merged into the layout at every start, so that a restart neither forgets a new bassin
nor brings an archived one back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow

BASSIN_ADDED = "added"
BASSIN_ARCHIVED = "archived"


class BassinChange(Base):
    """The latest command-made decision about one bassin: ``added`` or ``archived``."""

    __tablename__ = "bassin_change"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))  # added|archived
    changed_by: Mapped[str] = mapped_column(String(255))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
