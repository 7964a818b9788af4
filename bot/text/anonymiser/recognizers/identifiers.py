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

_SEP = r"[ .\u00a0]?"

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
    r"(?<![\w.])(?P<value>\d{2}[.\s]?\d{2}[.\s]?\d{2}[\s.\-]?\d{3}[\s.\-]?\d{2})(?![\w])"
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
    r"(?<![\w])(?P<value>[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]{1,4}){2,8})"
)
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
        unvalidated_score=0.6,
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
        for match in IBAN_PATTERN.finditer(document.text):
            start = match.start("value")
            value = match.group("value")
            found = self._longest_valid(value)
            if found is not None:
                yield Entity(IBAN, start, start + len(found), 1.0, self.name)
                continue
            context = document.window_before(start, 40)
            if IBAN_CONTEXT.search(context) and len(compact(value)) >= 14:
                trimmed = self._trim_words(value)
                yield Entity(IBAN, start, start + len(trimmed), 0.75, self.name)

    @staticmethod
    def _longest_valid(value: str) -> str | None:
        candidate = value
        while len(compact(candidate)) >= 12:
            if candidate[:2].isupper() and _is_valid_iban(compact(candidate)):
                return candidate
            cut = max(candidate.rfind(" "), candidate.rfind("\u00a0"))
            # Spaced: drop the last group; unspaced: drop the last character.
            candidate = candidate[:cut] if cut > 0 else candidate[:-1]
        return None

    @staticmethod
    def _trim_words(value: str) -> str:
        """Drop trailing groups that are plain words rather than IBAN blocks."""
        groups = value.split()
        while groups and groups[-1].isalpha() and len(groups) > 1:
            groups.pop()
        return " ".join(groups)
