"""The values the anonymiser hands back: what was found, where, and the text without it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PERSON = "PERSON"
PHONE = "PHONE"
EMAIL = "EMAIL"
ADDRESS = "ADDRESS"
NIR = "NIR"
BE_NATIONAL_NUMBER = "BE_NATIONAL_NUMBER"
IBAN = "IBAN"
SIRET = "SIRET"
DATE = "DATE"
FILE_NUMBER = "FILE_NUMBER"
PLATE = "PLATE"
URL = "URL"
EMPLOYER = "EMPLOYER"

ENTITY_TYPES: tuple[str, ...] = (
    PERSON,
    PHONE,
    EMAIL,
    ADDRESS,
    NIR,
    BE_NATIONAL_NUMBER,
    IBAN,
    SIRET,
    DATE,
    FILE_NUMBER,
    PLATE,
    URL,
    EMPLOYER,
)

# Typed placeholders (SPEC §3): every identifying number shares one, so that a reader cannot
# tell a social-security number from a file number.
PLACEHOLDERS: dict[str, str] = {
    PERSON: "[PERSONNE]",
    PHONE: "[TÉLÉPHONE]",
    EMAIL: "[E-MAIL]",
    ADDRESS: "[ADRESSE]",
    NIR: "[NUMÉRO]",
    BE_NATIONAL_NUMBER: "[NUMÉRO]",
    SIRET: "[NUMÉRO]",
    FILE_NUMBER: "[NUMÉRO]",
    DATE: "[DATE]",
    IBAN: "[IBAN]",
    PLATE: "[PLAQUE]",
    URL: "[URL]",
    EMPLOYER: "[EMPLOYEUR]",
}


@dataclass(frozen=True, slots=True)
class Entity:
    """One piece of personal data; offsets point into the original text."""

    type: str
    start: int
    end: int
    score: float
    recognizer: str

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Entity) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class AnonymisedText:
    """The anonymised text and the entities removed from the original.

    ``source`` is the normalised original the entity offsets point into (NFKC, without
    format characters); it equals the original for ordinary text.
    """

    text: str
    entities: list[Entity] = field(default_factory=list)
    source: str = ""

    def counts(self) -> dict[str, int]:
        return dict(Counter(entity.type for entity in self.entities))
