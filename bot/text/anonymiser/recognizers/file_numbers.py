"""File and membership numbers (CAF, France Travail, CPAS, mutuelle, ONEM...) found by context.

A number is a file number when a word such as "dossier", "allocataire", "identifiant" or an
institution's name stands shortly before it. Any other long run of digits is removed too, with a
low score, so that a checksum-less identifier never leaks because its context was unusual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.model import FILE_NUMBER, Entity
from bot.text.anonymiser.recognizers.base import context_pattern
from bot.text.anonymiser.text import Document

FILE_CONTEXT = context_pattern(
    [
        "n°",
        "nº",
        "no",
        "num",
        "numéro",
        "numero",
        "dossier",
        "allocataire",
        "identifiant",
        "id",
        "matricule",
        "référence",
        "reference",
        "réf",
        "ref",
        "affiliation",
        "affilié",
        "adhérent",
        "adherent",
        "inscription",
        "client",
        "contrat",
        "badge",
        "caf",
        "cpam",
        "msa",
        "france travail",
        "pôle emploi",
        "pole emploi",
        "cpas",
        "mutuelle",
        "mutualité",
        "onem",
        "capac",
        "forem",
        "actiris",
        "fgtb",
        "csc",
        "ofii",
        "ofpra",
        "agdref",
        "étranger",
        "etranger",
        "passeport",
        "carte d'identité",
        "titre de séjour",
        "récépissé",
        "recepisse",
        "fiscal",
        "avis d'imposition",
        "mdph",
        "greffe",
        "rg",
        "rôle",
        "fedasil",
        "registre",
        "registre bis",
        "bis",
        "niss",
        "permis",
        "permis de conduire",
        "ean",
        "pce",
        "pdl",
        "compteur",
        "facture",
        "sécu",
        "secu",
        "jugement",
        "plainte",
        "procès-verbal",
        "pv",
        "locataire",
        "carte",
        "titre",
        "visa",
        "aah",
        "rsa",
        "rqth",
        "engie",
        "luminus",
        "edf",
        "totalenergies",
        "iris",
        "riziv",
        "inami",
        "bénéficiaire",
        "beneficiaire",
        "usager",
        "assuré",
        "assure",
        "demandeur",
        "demande",
        "quittance",
        "sinistre",
        "code personnel",
        "code client",
        "code usager",
        "code d'accès",
        "code d'acces",
        "code d'activation",
        "login",
    ]
)
# An identifier: optional letter prefix (a body's acronym, « ARIPA-62-… », or a letter set
# apart, « B 1234567 89 »), then groups that each start with a digit, or with a
# few capitals after a slash, a dot or a dash ("0228/SD/2024/1937", "2021-0456-RIS").
# Groups may be set apart by a spaced dash or slash before digits or a key letter ("2023 - 0458
# - B", not "SOC-2025-0032 / RIS"), and a prefix by a full stop ("BR.12.LL.045871/2023").
ID_SHAPE = re.compile(
    r"(?<![\w/.\-])(?:[A-Z]{1,6}[-/.]|[A-Z][ \t](?=\d)){0,3}(?:[A-Z]{1,4}[-/]?)?\d[0-9A-Za-z]*"
    r"(?:(?:[ ./\-]\d|[ \t]?[./\-][ \t]?\d|[./\-][A-Z]{1,4}(?![a-z])|[ \t][-/][ \t][A-Z](?!\w))"
    r"[0-9A-Za-z]*)*(?![\w/\-])"
)
# (A comma ends the number unless a digit follows it: "999992123456, il expire" is one,
# "1 234,56" is an amount.)
LONG_DIGITS = re.compile(r"(?<![\w.,/\-])\d(?:[ .\-/]?\d){7,}(?![\w/\-]|,\d)")
# (An amount's cents too: "1 450,00 €".)
_NOT_AN_ID_AFTER = re.compile(
    r"^(?:,\d{1,2})?\s*(?:€|euros?\b|eur\b|%|ans\b|an\b|mois\b|jours?\b|heures?\b|h\b|km\b|kg\b|m2|m²|"
    r"personnes\b|enfants\b|places?\b|salariés?\b)",
    re.IGNORECASE,
)
# One capital letter written apart at the end of a number ("allocataire 1234567 X").
_KEY_LETTER = re.compile(r"[ \t][A-Z](?![\w'’])")
_SHORT_SERVICE = re.compile(r"(?i)t[ée]l[ée]phone|\btel\b|appel")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}\s*[-/]\s*(?:19|20)\d{2}$")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_POSTCODE_CITY = re.compile(r"^\s+[A-ZÀ-Ý][a-zà-ÿ]")
# "le 31/12", "le 1.3", "31/12/2025": dates, which the date recognizer judges.
_DAY_MONTH = re.compile(
    r"^(?:0?[1-9]|[12]\d|3[01])\s?([/.\-])\s?(?:0?[1-9]|1[0-2])(?:\s?\1\s?(?:19|20)?\d{2})?$"
)


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)


def is_identifier(value: str) -> bool:
    """At least four digits, and not a bare year or a year range."""
    digits = _digit_count(value)
    if digits < 4 or _YEAR_RANGE.match(value):
        return False
    core = re.sub(r"^[A-Z][ \t]", "", value)  # "le dossier A 2024": a year after a letter
    return not (digits == 4 and core.isdigit() and core[:2] in {"19", "20"})


class FileNumberRecognizer:
    name = "file_number"
    entity_type = FILE_NUMBER

    def find(self, document: Document) -> Iterator[Entity]:
        text = document.text
        taken: list[tuple[int, int]] = []
        for cue in FILE_CONTEXT.finditer(document.folded):
            window_end = min(len(text), cue.end() + 45)
            # ("Réf. FT-2024-00871": the full stop of an abbreviated cue ends no sentence.)
            dot = text[cue.end() : cue.end() + 1] == "."
            stop = _SENTENCE_END.search(text, cue.end() + dot, window_end)
            if stop:
                window_end = stop.start()
            for match in ID_SHAPE.finditer(text, cue.end(), window_end):
                value = match.group().strip()
                after = text[match.end() :]
                if not is_identifier(value) or _NOT_AN_ID_AFTER.match(after):
                    continue
                if _DAY_MONTH.match(value):
                    continue
                if value.isdigit() and len(value) in (4, 5) and _POSTCODE_CITY.match(after):
                    continue
                if len(value) == 4 and _SHORT_SERVICE.search(text[cue.start() : match.start()]):
                    continue  # "numéro de téléphone : le 3230": a service's short number
                end = match.end()
                letter = _KEY_LETTER.match(text, end)
                if letter:
                    end = letter.end()
                span = (match.start(), end)
                if span not in taken:
                    taken.append(span)
                    yield Entity(FILE_NUMBER, *span, 0.78, self.name)
                break
        for match in LONG_DIGITS.finditer(text):
            value = match.group()
            if _YEAR_RANGE.match(value) or _NOT_AN_ID_AFTER.match(text[match.end() :]):
                continue
            if _DAY_MONTH.match(value):
                continue
            if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+", value) and _NOT_AN_ID_AFTER.match(
                text[match.end() :]
            ):
                continue
            yield Entity(FILE_NUMBER, match.start(), match.end(), 0.4, "long_number")
