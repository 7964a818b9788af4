"""Overlapping finds: the higher score wins, then the longer span; no find cuts a word."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.anonymiser.model import ADDRESS, EMPLOYER, PERSON, Entity

# An address found by its street-type word and its number (« rue de la Station 45 ») scores
# this or more; one without a number or guessed from a dwelling's shape does not swallow what
# it overlaps.
STREET_SCORE = 0.85


def resolve_overlaps(candidates: Iterable[Entity], text: str) -> list[Entity]:
    """Non-overlapping entities in text order, chosen greedily by score then length; a find
    inside an address is part of it (« rue de la [EMPLOYEUR] 45 » would leave the street)."""
    found = list(candidates)
    addresses = [e for e in found if e.type == ADDRESS and e.score >= STREET_SCORE]
    ranked = sorted(
        (e for e in found if not _inside_an_address(e, addresses)),
        key=lambda e: (-e.score, -e.length, e.start),
    )
    chosen: list[Entity] = []
    for entity in ranked:
        if entity.length == 0:
            continue
        overlapping = [kept for kept in chosen if entity.overlaps(kept)]
        if not overlapping:
            chosen.append(entity)
        elif entity.type == PERSON and (
            rest := _remainder(text, entity, overlapping) or _lead(text, entity, overlapping)
        ):
            # « garage Auto-Pneus Kaya »: the business won « Auto-Pneus », the name found
            # across it still takes « Kaya »; « M. Antoine Leclercq FR76 3000 … »: the IBAN
            # won « FR », the name keeps what comes before it.
            if not any(rest.overlaps(kept) for kept in chosen):
                chosen.append(rest)
        elif entity.type in (ADDRESS, PERSON) and all(
            kept.type == entity.type for kept in overlapping
        ):
            # « Rés. Le Beffroi, 8 » and « 8 place du Marché »: two finds of one address
            # sharing its number make one address, not the first and a street left readable;
            # « Marc » and « Marc Namur (oui c'est son nom de famille) », one person.
            for kept in overlapping:
                chosen.remove(kept)
            start = min(entity.start, *(kept.start for kept in overlapping))
            end = max(entity.end, *(kept.end for kept in overlapping))
            score = max(entity.score, *(kept.score for kept in overlapping))
            chosen.append(Entity(entity.type, start, end, score, overlapping[0].recognizer))
    return sorted(chosen, key=lambda e: e.start)


def _inside_an_address(entity: Entity, addresses: list[Entity]) -> bool:
    return entity.type != ADDRESS and any(
        a.start <= entity.start and entity.end <= a.end and a.length > entity.length
        for a in addresses
    )


def _remainder(text: str, entity: Entity, overlapping: list[Entity]) -> Entity | None:
    """The part of a name after the one find of another kind it overlaps, when that part is
    capitalised words of its own (« Auto-Pneus » won, « Kaya » stays a name); never a
    connector and a place (« Legrand de Saint-Amand »), never what comes before."""
    if len(overlapping) != 1:
        return None
    kept = overlapping[0]
    if kept.type == entity.type or not (kept.start <= entity.start and kept.end < entity.end):
        return None
    piece = text[kept.end : entity.end]
    if not piece[:1].isspace():
        return None  # the rest of a word the other find cut
    words = piece.split()
    if not words or not all(word[:1].isupper() for word in words):
        return None
    start = kept.end + len(piece) - len(piece.lstrip())
    return Entity(entity.type, start, entity.end, entity.score, entity.recognizer)


def _lead(text: str, entity: Entity, overlapping: list[Entity]) -> Entity | None:
    """The part of a name before the one find of another kind that begins inside it, when
    that part is capitalised words followed by a space (« Antoine Leclercq » before an IBAN
    whose « FR » the name had taken)."""
    if len(overlapping) != 1:
        return None
    kept = overlapping[0]
    if kept.type in (entity.type, EMPLOYER, ADDRESS) or not entity.start < kept.start < entity.end:
        return None  # (« Boulangerie Dupuis »: the trade word before a business is no name)
    piece = text[entity.start : kept.start]
    words = piece.split()
    if not piece[-1:].isspace() or not words or not all(w[:1].isupper() for w in words):
        return None
    end = entity.start + len(piece.rstrip())
    return Entity(entity.type, entity.start, end, entity.score, entity.recognizer)


# Characters that join the pieces of one word or code: « Jean-Marc », « T.V. », « LI.55.L3 »,
# « 1680354395017/25 », « Rapid'Colis » (an apostrophe only forwards: « d'Angelo » keeps « d' »).
_JOINERS = ".-/_'’"
_BACK_JOINERS = ".-/_"


def whole_words(text: str, entities: list[Entity]) -> list[Entity]:
    """Each entity widened to the edges of the word or code it sits in.

    A recognizer may find only part of a word (« 1729799… », « Jean- », « HXN-… »); the
    part left beside the placeholder still tells a reader who it is. A widened entity never
    reaches into its neighbour.
    """
    widened: list[Entity] = []
    for index, entity in enumerate(entities):
        low = widened[-1].end if widened else 0
        high = entities[index + 1].start if index + 1 < len(entities) else len(text)
        start = _word_start(text, entity.start, low)
        end = _word_end(text, entity.end, high)
        if (start, end) != (entity.start, entity.end):
            entity = Entity(entity.type, start, end, entity.score, entity.recognizer)
        widened.append(entity)
    return widened


def _word_end(text: str, end: int, high: int) -> int:
    while end < high:
        if text[end].isalnum():
            end += 1
            continue
        after = end
        while after < high and text[after] in _JOINERS:
            after += 1
        if after == end or after >= high or not text[after].isalnum():
            break
        if "." in text[end:after] and not _initial_or_code(text, after):
            break  # "Dupont.Il est venu": a missing space, not one word
        end = after
    return end


def _word_start(text: str, start: int, low: int) -> int:
    while start > low:
        if text[start - 1].isalnum():
            start -= 1
            continue
        before = start
        while before > low and text[before - 1] in _BACK_JOINERS:
            before -= 1
        if before == start or before <= low or not text[before - 1].isalnum():
            break
        if "." in text[before:start] and text[before - 1].islower():
            break  # "fin.Dupont": a missing space
        start = before
    return start


def _initial_or_code(text: str, at: int) -> bool:
    """After a dot, a capital or digit not opening a lower-case word (« T.V. », « L3 »)."""
    char = text[at]
    following = text[at + 1] if at + 1 < len(text) else ""
    return (char.isupper() or char.isdigit()) and not following.islower()


# A sign opened by a capitalised article and ending on « de » before a person's name: « Aux
# Délices de Gaëlle », « Les Amis de Théo ». The name makes the sign, and the sign the name.
_SIGN_BEFORE_NAME = re.compile(
    r"(?<![\w'’])(?:Aux|Au|Les|La|Le|L['’])\s?(?:[A-ZÀ-Ý][a-zà-ÿ][\w'’-]*\s+){1,3}(?:de|d['’]|du|chez)\s*$"
)


def signs_with_names(text: str, entities: list[Entity]) -> list[Entity]:
    """A person found inside a business's sign takes the whole sign with it, as a workplace:
    « Aux Délices de [PERSONNE] » would still tell the network where she worked."""
    result: list[Entity] = []
    for entity in entities:
        low = result[-1].end if result else 0
        if entity.type == PERSON:
            sign = _SIGN_BEFORE_NAME.search(text, max(low, entity.start - 60), entity.start)
            if sign is not None:
                entity = Entity(EMPLOYER, sign.start(), entity.end, entity.score, "sign")
        result.append(entity)
    return result
