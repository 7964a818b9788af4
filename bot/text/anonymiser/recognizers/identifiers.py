"""Validated identifiers: French NIR, Belgian national and BIS numbers, IBAN, SIRET/SIREN.

The checksums (python-stdnum) let a number be removed without any context; a number of the right
shape with a wrong checksum is still removed when context words name it (a typo leaks as much).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban as stdnum_iban
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import nir as fr_nir
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret

from bot.text.anonymiser.model import BE_NATIONAL_NUMBER, IBAN, NIR, SIRET, Entity
from bot.text.anonymiser.recognizers.base import PatternRecognizer, compact, context_pattern
from bot.text.anonymiser.text import Document

# Between two groups of an identifier: nothing, a space, a dot, a dash or a slash, or a line
# break (a number cut at the end of a line, "79.11.02-\n233.85").
_SEP = r"(?:[ \t\u00a0]?[.\-/]?[ \t\u00a0]?(?:\r?\n[ \t\u00a0]*)?)"

NIR_PATTERN = re.compile(
    rf"(?<![\w.])(?P<value>[12]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}"
    rf"(?:\d{{2}}|2[ABab]){_SEP}\d{{3}}{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?)(?![\w])"
)
NIR_CONTEXT = context_pattern(
    [
        "nir",
        "sécu",
        "secu",
        "sécurité sociale",
        "securite sociale",
        "numéro de sécurité sociale",
        "n° ss",
        "no ss",
        "num ss",
        "insee",
        "carte vitale",
        "cpam",
        "ameli",
        "immatriculation",
    ]
)

BE_NN_PATTERN = re.compile(
    rf"(?<![\w.])(?P<value>\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{2}})(?![\w])"
)
BE_NN_CONTEXT = context_pattern(
    [
        "numéro national",
        "numero national",
        "n° national",
        "registre national",
        "numéro de registre national",
        "nn",
        "niss",
        "rn",
        "bis",
        "numéro bis",
        "carte d'identité",
        "eid",
        "mutuelle",
        "inami",
    ]
)

IBAN_PATTERN = re.compile(
    rf"(?<![\w])(?P<value>[A-Za-z]{{2}}\d{{2}}(?:{_SEP}[A-Za-z0-9]{{1,8}}){{2,10}})"
)
_GROUP_BREAK = re.compile(r"[\s.\-/]+")
# A run of digit groups, whatever their sizes, separated as above (at least one separator).
_DIGIT_RUN = re.compile(
    r"(?<![\w.])\d+(?:(?:[ \t\u00a0]?[.\-/][ \t\u00a0]?|[ \t\u00a0]|"
    r"[ \t\u00a0]?[.\-/]?[ \t\u00a0]?\r?\n[ \t\u00a0]*)\d+)*(?![\w])"
)
_DIGIT_GROUP = re.compile(r"\d+")
# A Belgian or French number written with its international prefix.
_INTERNATIONAL_PHONE = re.compile(r"00(?:32|33)[ \t.]")
IBAN_CONTEXT = context_pattern(
    ["iban", "compte", "virement", "rib", "bic", "banque", "bancaire", "versement"]
)

SIRET_PATTERN = re.compile(r"(?<![\w.])(?P<value>\d{3}\s?\d{3}\s?\d{3}\s?\d{5})(?![\w])")
SIREN_PATTERN = re.compile(r"(?<![\w.])(?P<value>\d{3}\s?\d{3}\s?\d{3})(?![\w])")
SIREN_CONTEXT = context_pattern(["siren", "siret", "rcs", "kbis", "auto-entrepreneur", "micro"])
BE_COMPANY_PATTERN = re.compile(
    r"(?<![\w.])(?P<value>(?:BE\s?)?[01]\d{3}[.\s]?\d{3}[.\s]?\d{3})(?![\w])"
)
BE_COMPANY_CONTEXT = context_pattern(
    ["bce", "numéro d'entreprise", "numero d'entreprise", "tva", "indépendant", "independant"]
)


def _is_valid_iban(value: str) -> bool:
    """ISO 13616 check digits; bank codes are not checked, new banks appear every year."""
    try:
        stdnum_iban.validate(value, check_country=False)
    except ValidationError:
        return False
    return True


def is_valid_nir(value: str) -> bool:
    return fr_nir.is_valid(compact(value))


def is_valid_be_number(value: str) -> bool:
    number = compact(value)
    return be_nn.is_valid(number) or be_bis.is_valid(number)


def is_valid_siret(value: str) -> bool:
    return fr_siret.is_valid(compact(value))


def is_valid_siren(value: str) -> bool:
    return fr_siren.is_valid(compact(value))


def is_valid_be_company(value: str) -> bool:
    return be_vat.is_valid(compact(value))


def nir_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "fr_nir", NIR, NIR_PATTERN, is_valid_nir, NIR_CONTEXT, score=1.0, unvalidated_score=0.8
    )


def be_national_number_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "be_national_number",
        BE_NATIONAL_NUMBER,
        BE_NN_PATTERN,
        is_valid_be_number,
        BE_NN_CONTEXT,
        score=1.0,
        unvalidated_score=0.8,
    )


def siret_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "fr_siret",
        SIRET,
        SIRET_PATTERN,
        is_valid_siret,
        SIREN_CONTEXT,
        score=0.9,
        # After « SIRET », fourteen digits with a wrong key are still one number: they outrank
        # the nine of a SIREN inside them (« SIRET 441 850 236 00023 »).
        unvalidated_score=0.86,
    )


def siren_recognizer() -> PatternRecognizer:
    """SIREN needs its context: one nine-digit number in ten passes the Luhn check by chance."""
    return PatternRecognizer(
        "fr_siren",
        SIRET,
        SIREN_PATTERN,
        is_valid_siren,
        SIREN_CONTEXT,
        score=0.85,
        unvalidated_score=0.8,
        requires_context=True,
    )


def be_company_recognizer() -> PatternRecognizer:
    """Belgian enterprise numbers: personal for a self-employed person, so removed in context."""
    return PatternRecognizer(
        "be_company_number",
        SIRET,
        BE_COMPANY_PATTERN,
        is_valid_be_company,
        BE_COMPANY_CONTEXT,
        score=0.85,
        unvalidated_score=0.8,
        requires_context=True,
    )


class IbanRecognizer:
    """IBANs, spaced or not; the greedy shape is shortened group by group until it validates."""

    name = "iban"
    entity_type = IBAN

    def find(self, document: Document) -> Iterator[Entity]:
        position = 0
        while (match := IBAN_PATTERN.search(document.text, position)) is not None:
            start = match.start("value")
            value = match.group("value")
            position = match.end()
            found = self._longest_valid(value)
            if found is not None:
                yield Entity(IBAN, start, start + len(found), 1.0, self.name)
                position = start + len(found)  # the greedy shape may run into a second one
                continue
            context = document.window_before(start, 40)
            if IBAN_CONTEXT.search(context) and len(compact(value)) >= 14:
                trimmed = self._trim_words(value)
                yield Entity(IBAN, start, start + len(trimmed), 0.75, self.name)

    @staticmethod
    def _longest_valid(value: str) -> str | None:
        candidate = value.rstrip(" \t\u00a0.-/\r\n")
        while len(compact(candidate)) >= 12:
            # Any case: the check digits (mod 97 over the whole number) are proof enough.
            if _is_valid_iban(compact(candidate)):
                return candidate
            breaks = list(_GROUP_BREAK.finditer(candidate))
            # Grouped: drop the last group; ungrouped: drop the last character.
            candidate = candidate[: breaks[-1].start()] if breaks else candidate[:-1]
        return None

    @staticmethod
    def _trim_words(value: str) -> str:
        """Drop trailing groups that are plain words rather than IBAN blocks."""
        groups = _GROUP_BREAK.split(value)
        while groups and groups[-1].isalpha() and len(groups) > 1:
            groups.pop()
        return " ".join(groups)


class RegroupedIdentifierRecognizer:
    """Checksum-valid identifiers in any grouping ("7911 0223 385", "8507-300-33-28").

    The shaped patterns above know the usual groupings; this one reads every run of digit
    groups and tries each stretch of whole groups whose digit count fits a Belgian national
    number (11), a SIRET (14) or a NIR with its key (15): a stretch that passes the checksum
    is removed, whatever the separators, and one cut across a line too.
    """

    name = "regrouped_identifier"
    entity_type = BE_NATIONAL_NUMBER
    _CHECKS = (
        (11, BE_NATIONAL_NUMBER, is_valid_be_number),
        (14, SIRET, is_valid_siret),
        (15, NIR, is_valid_nir),
    )

    def find(self, document: Document) -> Iterator[Entity]:
        for run in _DIGIT_RUN.finditer(document.text):
            groups = [(m.start(), m.end(), m.group()) for m in _DIGIT_GROUP.finditer(run.group())]
            if len(groups) < 2 and len(run.group()) not in (11, 14, 15):
                continue
            if _INTERNATIONAL_PHONE.match(run.group()) and len(compact(run.group())) in (12, 13):
                continue  # « 0032 465 12 78 34 »: a phone, whose first digits may pass a check
            yield from self._stretches(run.start(), groups)

    def _stretches(self, offset: int, groups: list[tuple[int, int, str]]) -> Iterator[Entity]:
        for first in range(len(groups)):
            digits = ""
            for last in range(first, len(groups)):
                digits += groups[last][2]
                if len(digits) > 15:
                    break
                for size, kind, valid in self._CHECKS:
                    if len(digits) == size and valid(digits):
                        start, end = offset + groups[first][0], offset + groups[last][1]
                        yield Entity(kind, start, end, 1.0, self.name)
