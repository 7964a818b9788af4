"""Postal addresses in French and Belgian notation.

What goes: the house number, the street type and the street name, and a box or flat number
("5 rue Neuve", "rue Neuve 5 bte 3", "chaussée de Louvain 12", "Kerkstraat 14"). What stays:
the postcode and the city ("7000 Mons"), which are context for the request, like any city
mentioned elsewhere. A street type needs a capitalised name or a house number to count, so that
"à la rue", "une place en crèche" or "elle est allée à Namur" are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import ADDRESS, Entity
from bot.text.anonymiser.recognizers.address_shapes import (
    DUTCH_STREET,
    NAMED_PLACE_AFTER_DWELLING,
    NAMED_PLACE_BEFORE_POSTCODE,
    homes_without_street_type,
    named_places_before_town,
    said_number_end,
    said_number_start,
)
from bot.text.anonymiser.text import Document, fold_key

CONNECTORS = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "aux",
        "au",
        "sur",
        "sous",
        "en",
        "lez",
        "saint",
        "sainte",
        "st",
        "ste",
        "van",
        "der",
        "den",
        "het",
        "ter",
        "von",
        "op",
    ]
)
STOP_WORDS = frozenset(
    [
        "a",
        "et",
        "avec",
        "dans",
        "pour",
        "chez",
        "depuis",
        "qui",
        "mais",
        "ou",
        "est",
        "sont",
        "il",
        "elle",
        "ils",
        "elles",
        "je",
        "on",
        "nous",
        "vous",
        "car",
        "donc",
        "puis",
        "pres",
        "vers",
        "tel",
        "gsm",
        "bte",
        "boite",
        "bus",
        "code",
        "cp",
        "dont",
    ]
)
# Street types too common as ordinary words to count without a house number.
WEAK_TYPES = frozenset(
    [
        "cours",
        "cour",
        "mail",
        "domaine",
        "jardin",
        "voie",
        "passage",
        "cote",
        "val",
        "vallon",
        "quartier",
        "cite",
        "galerie",
        "promenade",
        "residence",
        "hameau",
        "lotissement",
        "camping",
        "ferme",
        "montee",
        "pave",
        "sente",
        "traverse",
        "carrefour",
        "parvis",
        "esplanade",
        "thier",
        "tienne",
        "ravel",
        "markt",
        "weg",
        "plein",
        "lei",
        "laan",
        "kaai",
        "dreef",
        "straat",
    ]
)
STREET_WORD = re.compile(
    r"[ \t]+(?P<elision>[dlDL]['’])?(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*|\d{1,4}(?:er|e)?(?![\d]))"
)
NUMBER_AFTER = re.compile(
    # (A letter set apart is the number's, not « à » typed « a »: « rue de la gare 47 a Namur ».)
    r"[ \t]*,?[ \t]*(?:n°\s*)?(?P<num>\d{1,4}(?:(?:[ \t]?(?:bis|ter)|[ \t]?(?![aA]\b)[a-zA-Z])"
    r"(?![\w'’]))?)"  # (« rue Basse 5 c'est … »: « c' » opens a word)
    r"(?:/\d{1,3}[a-zA-Z]?(?![\d/]|[.,]\d))?(?!\d)(?![/.,]\d)"
)
NUMBER_BEFORE = re.compile(
    r"(?<![\d/.\w])(?:n°\s*)?(?P<num>\d{1,4}(?:[ \t]?(?:bis|ter|[a-zA-Z]))?(?:/\d{1,3}[a-zA-Z]?)?)"
    r"[ \t]*,?[ \t]*$"
)
BOX_AFTER = re.compile(
    r"[ \t]*[,/]?[ \t]*(?:bte|boîte|boite|bt|bus|b|app|appt|appartement|apt|étage|etage)\.?[ \t]*"
    r"\d{1,4}[a-zA-Z]?(?![\w])",
    re.IGNORECASE,
)
# A building, a staircase or a block inside an estate: "bât. C", "bloc 4", "escalier 2".
BUILDING_AFTER = re.compile(
    r"[ \t]*[,/-]?[ \t]*(?i:bât|bat|bâtiment|batiment|bloc|immeuble|tour|esc|escalier|entrée|"
    r"entree|porte|emplacement|parcelle|chalet|caravane|lot)\.?[ \t]*(?:n°[ \t]*)?"
    r"(?:\d{1,4}[a-zA-Z]?|[A-Z]{1,2}\d{0,3})(?![\w])"
)
# Street types that are everyday words: written in lower case with a name made of common words
# ("une place en article 60"), they are no address.
WORD_TYPES = WEAK_TYPES | {"place", "route", "chemin", "avenue", "impasse", "allee"}
# Street types written short with a full stop.
ABBREVIATED = frozenset(["res", "av", "bd", "bld", "ch", "chee", "imp", "pl", "rte", "sq", "all"])
# Housing estates and closes, named without a street type or a number ("résidence Les Tilleuls",
# "cité du Moulin", "clos des Lilas"): a capitalised name after them is an address on its own.
ESTATES = frozenset(
    [
        "res",
        "residence",
        "cite",
        "clos",
        "lotissement",
        "hameau",
        "domaine",
        "square",
        "villa",
        "camping",
    ]
)
# A place named where someone lives, outside any street: its name is the address.
LOCALITIES = frozenset(["lieu-dit", "lieudit", "lieu dit"])
# A street named without a house number is someone's home only when the text says so.
RESIDENCE_CONTEXT = re.compile(
    r"\b(?:habite|habitent|habitait|domicilie|domiciliee|domicile|vit|vivent|vivait|adresse|"
    r"loge|logee|loges|heberge|hebergee|demeurant|residant|reside|installe|installee|chez)\b"
)
# Street names that carry their own type ("Grand-Rue 14", "Grand-Place").
SELF_NAMED = frozenset({"grand-rue", "grand'rue", "grand-place", "grand'place", "grand place"})
POSTCODE_CITY = re.compile(r"^\s*(?:[A-ZÀ-Ý]|-)")

_INDEFINITE = re.compile(r"\b(?:un|une|des)\s+$")


@dataclass
class _Word:
    text: str
    key: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[:1].isdigit()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


_ARTICLES_AND_PARTICLES = frozenset({"les", "le", "la", "l", "de", "du", "d", "des", "n"})  # n°


class AddressRecognizer:
    name = "address"
    entity_type = ADDRESS

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        keys = sorted(lexicons.street_types, key=len, reverse=True)
        alternatives = "|".join(re.escape(k) for k in keys)
        self.type_pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

    def _named_place(
        self, document: Document, start: int, end: int, score: float = 0.75
    ) -> Entity | None:
        """The place's name as written: capitalised (« Les Jonquilles »), no town, no
        institution and no number of days or years (« vit 3 ans »)."""
        written = document.text[start:end]
        words = [re.sub(r"^[dl]['’]", "", w) for w in re.findall(r"[^\W\d_][\w'’-]*", written)]
        content = [w for w in words if fold_key(w) not in _ARTICLES_AND_PARTICLES]
        if not content or sum(w[:1].isupper() for w in words) < len(content):
            return None
        if any(fold_key(w) in self.lexicons.institutions for w in content):
            return None
        if len(content) == 1 and self.lexicons.is_place_as_written(content[0]):
            return None  # « vit à Namur 3 … »: a town, then something else's number
        return Entity(ADDRESS, start, end, score, "address_named_place")

    def find(self, document: Document) -> Iterator[Entity]:
        for match in self.type_pattern.finditer(document.folded):
            entity = self._address_at(document, match.start(), match.end())
            if entity is not None:
                yield entity
        for match in NAMED_PLACE_BEFORE_POSTCODE.finditer(document.text):
            words = match.group("place").split()[:-1]
            if not any(fold_key(word) in self.lexicons.institutions for word in words):
                yield Entity(ADDRESS, match.start("place"), match.end("place"), 0.75, "address")
        for match in NAMED_PLACE_AFTER_DWELLING.finditer(document.folded):
            entity = self._named_place(document, match.start("place"), match.end("place"))
            if entity is not None:
                yield entity
        for start, end in homes_without_street_type(self.lexicons, document):
            yield Entity(ADDRESS, start, end, 0.8, "address_room")
        for match in named_places_before_town(self.lexicons, document):
            # (A number and « à » after it: surer than a person's name there.)
            entity = self._named_place(document, match.start("place"), match.end("place"), 0.9)
            if entity is not None:
                yield entity
        for match in DUTCH_STREET.finditer(document.text):
            end = match.end()
            box = BOX_AFTER.match(document.text, end)
            if box:
                end = box.end()
            yield Entity(ADDRESS, match.start(), end, 0.85, "address_nl")

    def _address_at(self, document: Document, type_start: int, type_end: int) -> Entity | None:
        text = document.text
        street_type = fold_key(text[type_start:type_end]).rstrip(".")
        if text[type_end : type_end + 1] == "." and street_type in ABBREVIATED:
            type_end += 1  # "Rés. Les Tilleuls", "Av. Louise 12"
        words = self._words_after(text, type_end)
        name_end: int | None = type_end
        capitalised = True
        if street_type in SELF_NAMED:
            words = []
        else:
            name_end, capitalised = self._name_end(words)
        if name_end is None:
            return None
        number_before = NUMBER_BEFORE.search(text[max(0, type_start - 24) : type_start])
        end = name_end
        number_after = NUMBER_AFTER.match(text, end)
        has_after = False
        if number_after and not self._is_postcode(text, number_after):
            end, has_after = number_after.end(), True
        elif (said := said_number_end(document.folded, end)) is not None:
            end, has_after = said, True  # « rue des Glycines numéro quatorze »
        end = self._units_end(text, end)
        said_before = None if number_before else said_number_start(document.folded, type_start)
        has_number = bool(number_before) or has_after or said_before is not None
        if not capitalised and street_type in WORD_TYPES and not text[type_start].isupper():
            # "une place en article 60", "la place des articles 61": a word, not a square.
            name_words = [w for w in words if w.start < name_end and w.key not in CONNECTORS]
            if all(self.lexicons.is_context_word(w.key) for w in name_words):
                return None
        if not has_number and _INDEFINITE.search(document.window_before(type_start, 8)):
            return None  # « un hameau de Wimille »: a kind of place, no one's address
        if not has_number and street_type in ESTATES and capitalised:
            if not self._estate_name(document, type_start, words, name_end):
                return None
        elif not has_number and street_type in LOCALITIES and capitalised:
            pass  # "lieu-dit La Croix-Rouge": a locality's name, whatever its words
        elif not has_number:
            if not capitalised or street_type in WEAK_TYPES:
                return None
            if not RESIDENCE_CONTEXT.search(document.window_before(type_start, 60)):
                return None
            name_words = [w for w in words if w.start < name_end and w.key not in CONNECTORS]
            if all(self.lexicons.is_context_word(w.key) for w in name_words):
                return None
        start = type_start if said_before is None else said_before  # « au douze rue … »
        if number_before:
            start = (
                type_start
                - len(text[max(0, type_start - 24) : type_start])
                + (number_before.start("num"))
            )
        score = 0.85 if has_number else 0.82
        return Entity(ADDRESS, start, end, score, self.name)

    @staticmethod
    def _units_end(text: str, end: int) -> int:
        """The end of the building, block and box that follow a street ("bât. C, bte 12")."""
        while True:
            unit = BOX_AFTER.match(text, end) or BUILDING_AFTER.match(text, end)
            if unit is None:
                return end
            end = unit.end()

    def _estate_name(
        self, document: Document, type_start: int, words: list[_Word], name_end: int
    ) -> bool:
        """An estate's own name: not a town, an organisation or a protected phrase."""
        lex = self.lexicons
        name_words = [w for w in words if w.start < name_end and w.key not in CONNECTORS]
        if not name_words or all(
            w.key in lex.places or w.key in lex.institutions for w in name_words
        ):
            return False
        for match in lex.protected_phrases.finditer(document.folded, type_start, name_end + 1):
            if match.start() <= type_start < match.end():
                return False  # "la Cité des Métiers"
        return True

    @staticmethod
    def _words_after(text: str, position: int) -> list[_Word]:
        words: list[_Word] = []
        while len(words) < 7:
            match = STREET_WORD.match(text, position)
            if match is None:
                break
            start = match.start("elision") if match.group("elision") else match.start("word")
            word = match.group("word")
            words.append(_Word(word, fold_key(word), start, match.end()))
            position = match.end()
        return words

    @staticmethod
    def _name_end(words: list[_Word]) -> tuple[int | None, bool]:
        """End offset of the street name, and whether it is a capitalised name."""
        end: int | None = None
        capitalised = False
        lowercase_run = 0
        after_connector = False
        for index, word in enumerate(words):
            if word.key in CONNECTORS and not word.is_capitalised:
                after_connector = True
                continue
            if word.is_number:
                following = words[index + 1] if index + 1 < len(words) else None
                if (
                    following is not None
                    and following.is_capitalised
                    and following.key != "a"  # « RUE DE LA STATION 47 A JEMEPPE »: « à »
                    and end is not None
                ):
                    continue  # "rue du 8 Mai 1945"
                break
            if word.is_capitalised:
                if lowercase_run or (word.text in ("A", "À") and end is not None):
                    break  # « 17 RUE JEAN JAURES A LIEVIN »: « à » and the town
                if word.key in STOP_WORDS and end is None and not after_connector:
                    return None, False  # "rue Pour…", but "chemin des Prés"
                end = word.end
                capitalised = True
                continue
            if capitalised or word.key in STOP_WORDS or lowercase_run >= 4:
                break
            lowercase_run += 1
            end = word.end
        return end, capitalised

    @staticmethod
    def _is_postcode(text: str, match: re.Match[str]) -> bool:
        number = match.group("num")
        return len(number) >= 4 and bool(POSTCODE_CITY.match(text[match.end() :]))
