"""The FAQ: entries archived from resolved help requests or added by moderators, and their edits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime, utcnow


class FaqEntry(Base):
    """One question with its answer (several accepted answers joined), findable by ``!faq``.

    Deleting an entry only flags it: the history keeps what it said and who removed it.
    """

    __tablename__ = "faq_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    source_request_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    contributors: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    theme_links: Mapped[list[FaqEntryTheme]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="FaqEntryTheme.position",
    )

    @property
    def themes(self) -> list[str]:
        """Theme slugs, the main one first."""
        return [link.theme for link in self.theme_links]


class FaqEntryTheme(Base):
    """An entry's theme, one row each, so that listing and counting per theme is plain SQL."""

    __tablename__ = "faq_entry_theme"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("faq_entry.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FaqEdit(Base):
    """One change to one field of an entry, by a moderator: the FAQ's audit trail.

    Lists (themes, contributors) are stored as comma-separated slugs or ids; a deletion is
    the field ``deleted`` going from ``false`` to ``true``.
    """

    __tablename__ = "faq_edit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("faq_entry.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[str] = mapped_column(String(255))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
