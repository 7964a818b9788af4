"""The directory of structures and their services, imported from data·inclusion files (§13).

``source_id`` is the record's data·inclusion ``id``: a second import of the same file updates
the rows instead of adding them again. ``id`` is the number users type (``!structure #12``,
``#S12`` in an answer). ``referent`` is the member who knows the structure best, when the file
says so (field ``tisserand_referent``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Structure(Base):
    __tablename__ = "structure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(255), unique=True)
    source: Mapped[str] = mapped_column(String(255))
    nom: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    adresse: Mapped[str] = mapped_column(String(512), default="")
    commune: Mapped[str] = mapped_column(String(255), default="")
    telephone: Mapped[str] = mapped_column(String(64), default="")
    courriel: Mapped[str] = mapped_column(String(255), default="")
    site_web: Mapped[str] = mapped_column(String(512), default="")
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    referent: Mapped[str | None] = mapped_column(String(255), nullable=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StructureService(Base):
    __tablename__ = "structure_service"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(255), unique=True)
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), index=True
    )
    nom: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    publics: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(512), default="")
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
