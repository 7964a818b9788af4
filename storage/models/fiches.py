"""Fiches actions: a practice one professional describes so that others can reproduce it.

The fields are the ones of the shared "fiche action" template (titre, problème/contexte,
public, objectifs, déroulé, moyens et partenaires, résultats, contact). They are plain
columns so that exports, the weekly digest and the figures read them without decoding.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow

# The text fields, in the order the guided form asks them and a fiche shows them.
FICHE_FIELDS: tuple[str, ...] = (
    "titre",
    "contexte",
    "public",
    "objectifs",
    "deroule",
    "moyens",
    "resultats",
    "contact",
)
REQUIRED_FIELDS: frozenset[str] = frozenset({"titre", "contexte"})
TITLE_MAX = 200
FIELD_MAX = 4000


class Fiche(Base):
    """One fiche action, its themes, the author's bassin and the files attached to it.

    ``attachments`` is a list of ``{"url": "mxc://…", "name": "…", "msgtype": "m.file"}``:
    files stay on the homeserver and are shown by their mxc URI. A file attached in an
    encrypted room also keeps its ``file`` object (key, iv, hashes) under ``"file"``: a secret,
    sent again only into encrypted rooms.
    """

    __tablename__ = "fiche"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    titre: Mapped[str] = mapped_column(String(TITLE_MAX))
    contexte: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[str] = mapped_column(Text, default="")
    objectifs: Mapped[str] = mapped_column(Text, default="")
    deroule: Mapped[str] = mapped_column(Text, default="")
    moyens: Mapped[str] = mapped_column(Text, default="")
    resultats: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    bassin: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    author_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def field(self, name: str) -> str:
        value = getattr(self, name)
        return value if isinstance(value, str) else ""

    def fields(self) -> dict[str, str]:
        return {name: self.field(name) for name in FICHE_FIELDS}


# ------------------------------------------------------------------ field names as typed
# Every way people name a field, folded (no case, no accents, no punctuation, no "et/de").
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "titre": ("titre", "title", "nom", "intitule", "nom action", "titre action"),
    "contexte": (
        "contexte",
        "probleme",
        "probleme contexte",
        "contexte probleme",
        "problematique",
        "constat",
        "context",
        "problem",
        "situation",
    ),
    "public": ("public", "publics", "public cible", "cible", "beneficiaires", "audience"),
    "objectifs": ("objectifs", "objectif", "buts", "but", "objectives", "goals"),
    "deroule": (
        "deroule",
        "deroulement",
        "etapes",
        "methode",
        "methodologie",
        "mise oeuvre",
        "steps",
    ),
    "moyens": (
        "moyens",
        "moyens partenaires",
        "partenaires",
        "partenaires moyens",
        "ressources",
        "partenariats",
        "means",
        "partners",
    ),
    "resultats": ("resultats", "resultat", "bilan", "impact", "evaluation", "results"),
    "contact": ("contact", "contacts", "personne contact", "referent", "referente"),
    "themes": ("themes", "theme", "thematiques", "thematique", "topics"),
}
_BY_NAME = {name: field for field, names in FIELD_NAMES.items() for name in names}
_FILLER = {"et", "de", "des", "du", "la", "le", "les", "l", "d", "a", "en", "and", "of", "the"}
# "Titre: …", "- Public : …", "**Objectifs** : …", "Moyens & partenaires: …"
_LABELLED = re.compile(r"^\s*(?:[-*•>]\s*)?([^:\n]{1,48}?)\s*:\s?(.*)$")


def field_named(label: str) -> str | None:
    """The field (or ``themes``) a label names, whatever its case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", label.replace("œ", "oe").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _FILLER]
    return _BY_NAME.get(" ".join(words))


class FicheTextError(ValueError):
    """Text came before the first ``Champ:`` label: it belongs to no field."""

    def __init__(self, stray: str) -> None:
        super().__init__(f"text before the first field: {stray[:60]!r}")
        self.stray = stray


def parse_fiche_text(text: str) -> dict[str, str]:
    """Fields of a fiche written as ``Champ: valeur`` lines.

    A line whose label names a field starts that field; any other line (even one holding a
    colon, like "Étape 1 : accueil") continues the field above, so values may span lines.
    A field given twice is joined. Blank lines inside a value are kept as paragraph breaks,
    blank lines around it are dropped. Raises `FicheTextError` when text precedes the first
    label.
    """
    values: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _LABELLED.match(line)
        field = field_named(match.group(1).strip("*_ ")) if match else None
        if match and field is not None:
            current = field
            values.setdefault(field, [])
            first = match.group(2).strip().lstrip("*_ ").strip()
            if first or values[field]:
                values[field].append(first)
            continue
        if current is None:
            if line.strip():
                raise FicheTextError(line.strip())
            continue
        values[current].append(line.rstrip())
    return {field: "\n".join(lines).strip() for field, lines in values.items() if "".join(lines)}
