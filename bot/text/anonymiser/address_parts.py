"""The parts of a dwelling written around a found address: « Bât. C, esc. 2, appt 31,
résidence Pasteur », « rue des Trois Rois 9, rez », « cité 4 », « 2e étage, porte 21 »,
« n°14 de la rue de la Gare », « 27 Bis, rue Victor Hugo ». Each says where someone lives as
much as the street does, so an address takes the parts right before and after it."""

from __future__ import annotations

import re

from bot.text.anonymiser.model import ADDRESS, Entity

# What a number counts rather than numbers: « bloc B 3 ans », « bloc B 2 enfants ».
_NOT_A_COUNT = r"(?!\s*(?:ans?|enfants?|mois|jours?|€|euros?)\b)"
_PART = (
    r"(?:b[âa]t(?:iment)?\.?\s+(?:les|le|la|l')\s*[^\W\d_][\w-]+"  # « bât. Les Hêtres »
    r"|b[âa]t(?:iment)?\.?\s*[A-Z0-9]{1,3}|esc(?:alier)?\.?\s*[A-Z0-9]{1,3}"
    r"|app?t\.?\s*(?:n°\s*)?[A-Z0-9]{1,4}|appartement\s*(?:n°\s*)?[A-Z0-9]{1,4}"
    r"|rez(?:-de-chauss[ée]e)?(?:\s+(?:gauche|droite?))?|bloc\s*[A-Z0-9]{1,3}(?:\s+\d{1,4}"
    + _NOT_A_COUNT
    + r")?"  # « bloc B 14 », not « bloc B 3 ans »
    r"|\d{1,2}\s?(?:e|er|ème|eme)\s+[ée]tage|[ée]tage(?:\s*\d{1,2})?|porte\s*(?:n°\s*)?[A-Z0-9]{1,4}"
    r"|cit[ée]\s+\d{1,3}|n°\s*\d{1,4}|bte\s*\d{1,4}|bo[iî]te\s*\d{1,4}|chambre\s*\d{1,4}"
    r"|emplacement\s*(?:n°\s*)?\d{1,4})"
)
_PART_AFTER = re.compile(rf"(?:\s*,\s*|\s+){_PART}(?![\w])", re.IGNORECASE)
_PART_BEFORE = re.compile(rf"(?<![\w]){_PART}(?:\s*,\s*|\s+)$", re.IGNORECASE)
# « au n°14 de la rue … », « 27 Bis, rue … »: the number written before the street.
_NUMBER_BEFORE = re.compile(
    r"(?<![\w])(?:n°\s*\d{1,4}(?:\s*(?:bis|ter))?\s+(?:de\s+la|de\s+l'|du|des|de)\s+"
    r"|\d{1,4}\s*(?:bis|ter)\s*,\s*)$",
    re.IGNORECASE,
)

# A dwelling place's name without a number, before the parts found: « Quartier du Tivoli, bât. 3,
# appt 21 », « résidence Les Charmilles, bloc C ».
_PLACE_BEFORE = re.compile(
    r"(?<![\w])(?i:quartier|r[ée]sidence|cit[ée]|clos|hameau|lotissement|domaine|coron|square|"
    r"aire\s+d'accueil|camping)\s+"
    r"(?:(?i:de\s+la|de\s+l'|du|des|les|le|la|l')\s*)?[A-ZÀ-Ý][\w'-]+"  # (« de Liévin »: a town)
    r"(?:\s+[A-ZÀ-Ý][\w'-]+){0,2}\s*,\s*$"
)

_ONLY_A_COMMA = re.compile(r"\s*,?\s*")
_BLOCK_END = re.compile(r"\b(?:bloc|b[âa]t(?:iment)?\.?)\s*[A-Z0-9]{1,3}$", re.IGNORECASE)
_DOOR = re.compile(r"\s+\d{1,4}(?![\w,.]?\d)" + _NOT_A_COUNT)


def _door_after_block(text: str, start: int, end: int) -> re.Match[str] | None:
    """The door's number after a block's letter that ends an address: « … bloc B 14 »."""
    return _DOOR.match(text, end) if _BLOCK_END.search(text, start, end) else None


def with_dwelling_parts(text: str, entities: list[Entity]) -> list[Entity]:
    """Each address widened to the dwelling parts that touch it (never into a neighbour)."""
    widened: list[Entity] = []
    for index, entity in enumerate(entities):
        if entity.type != ADDRESS:
            widened.append(entity)
            continue
        low = widened[-1].end if widened else 0
        high = entities[index + 1].start if index + 1 < len(entities) else len(text)
        start, end = entity.start, entity.end
        while match := _PART_AFTER.match(text, end) or _door_after_block(text, start, end):
            if match.end() > high:
                break
            end = match.end()
        while True:
            before = text[low:start]
            match = _PART_BEFORE.search(before) or _NUMBER_BEFORE.search(before)
            if match is None and _PART_AFTER.match(" " + text[start:end]):
                match = _PLACE_BEFORE.search(before)  # only before a dwelling's parts
            if match is None:
                break
            start = low + match.start()
        if (start, end) != (entity.start, entity.end):
            entity = Entity(ADDRESS, start, end, entity.score, entity.recognizer)
        previous = widened[-1] if widened else None
        if (
            previous is not None
            and previous.type == ADDRESS
            and _ONLY_A_COMMA.fullmatch(text[previous.end : entity.start])
        ):
            # « Les Jardins de la Paix, bâtiment 2, apt 14 »: one address, not two.
            entity = Entity(ADDRESS, previous.start, entity.end, entity.score, entity.recognizer)
            widened.pop()
        widened.append(entity)
    return widened
