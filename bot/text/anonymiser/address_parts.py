"""The parts of a dwelling written around a found address: « Bât. C, esc. 2, appt 31,
résidence Pasteur », « rue des Trois Rois 9, rez », « cité 4 », « 2e étage, porte 21 »,
« n°14 de la rue de la Gare », « 27 Bis, rue Victor Hugo ». Each says where someone lives as
much as the street does, so an address takes the parts right before and after it."""

from __future__ import annotations

import re

from bot.text.anonymiser.model import ADDRESS, Entity

_PART = (
    r"(?:b[âa]t(?:iment)?\.?\s+(?:les|le|la|l')\s*[^\W\d_][\w-]+"  # « bât. Les Hêtres »
    r"|b[âa]t(?:iment)?\.?\s*[A-Z0-9]{1,3}|esc(?:alier)?\.?\s*[A-Z0-9]{1,3}"
    r"|app?t\.?\s*(?:n°\s*)?[A-Z0-9]{1,4}|appartement\s*(?:n°\s*)?[A-Z0-9]{1,4}"
    r"|rez(?:-de-chauss[ée]e)?(?:\s+(?:gauche|droite?))?|bloc\s*[A-Z0-9]{1,3}"
    r"|\d{1,2}\s?(?:e|er|ème|eme)\s+[ée]tage|[ée]tage(?:\s*\d{1,2})?|porte\s*(?:n°\s*)?[A-Z0-9]{1,4}"
    r"|cit[ée]\s+\d{1,3}|n°\s*\d{1,4}|bte\s*\d{1,4}|bo[iî]te\s*\d{1,4}|chambre\s*\d{1,4})"
)
_PART_AFTER = re.compile(rf"(?:\s*,\s*|\s+){_PART}(?![\w])", re.IGNORECASE)
_PART_BEFORE = re.compile(rf"(?<![\w]){_PART}(?:\s*,\s*|\s+)$", re.IGNORECASE)
# « au n°14 de la rue … », « 27 Bis, rue … »: the number written before the street.
_NUMBER_BEFORE = re.compile(
    r"(?<![\w])(?:n°\s*\d{1,4}(?:\s*(?:bis|ter))?\s+(?:de\s+la|de\s+l'|du|des|de)\s+"
    r"|\d{1,4}\s*(?:bis|ter)\s*,\s*)$",
    re.IGNORECASE,
)


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
        while match := _PART_AFTER.match(text, end):
            if match.end() > high:
                break
            end = match.end()
        while True:
            before = text[low:start]
            match = _PART_BEFORE.search(before) or _NUMBER_BEFORE.search(before)
            if match is None:
                break
            start = low + match.start()
        if (start, end) != (entity.start, entity.end):
            entity = Entity(ADDRESS, start, end, entity.score, entity.recognizer)
        widened.append(entity)
    return widened
