"""Phone numbers, French, Belgian and international, found by libphonenumber's matcher.

The matcher runs for both home regions with the lenient ``POSSIBLE`` setting, because people
type numbers with slashes, dots or no spaces; a find must still start like a dialled number
(``0``, ``+`` or ``00``) so that amounts and counts are never taken for a phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from bot.text.anonymiser.model import PHONE, Entity
from bot.text.anonymiser.recognizers.base import context_pattern
from bot.text.anonymiser.spoken import document_runs
from bot.text.anonymiser.text import Document

REGIONS: tuple[str, ...] = ("FR", "BE")
PHONE_CONTEXT = context_pattern(
    [
        "tél",
        "tel",
        "téléphone",
        "telephone",
        "gsm",
        "portable",
        "mobile",
        "fixe",
        "appeler",
        "joindre",
        "contact",
        "numéro",
        "numero",
        "whatsapp",
        "sms",
        "rappeler",
    ]
)
# Numbers the matcher leaves out (unusual grouping): a dialled prefix and 8 to 12 more digits.
LOOSE_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?0?\d(?:[\s./\-()]{0,2}\d){8,12}(?![\w])")
# Stretches that may hold a dialled number: a "+", "00" or "0" (maybe after "(") and at least
# eight more digits among separators. The matcher runs on these only: on a whole 2 KB request
# it parses every date, amount and identifier, which costs more than all other recognizers.
_DIALLED_STRETCH = re.compile(r"(?<![\w+])[(]?(?:\+|0)[\d\s./\-()]{8,30}\d")
_MONEY_AFTER = re.compile(r"^\s*(?:€|euros?|eur\b|%|ans\b|km\b|m2|m²)", re.IGNORECASE)


# A number spelled out as it was dictated: « zéro quatre septante-deux, trente-trois, … ».
_NUMBER_WORD = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|octante|huitante|"
    r"nonante|cent|et|z[ée]ro)"
)
SPELLED_PHONE = re.compile(
    rf"(?<![\w-])z[ée]ro(?:[\s,-]+{_NUMBER_WORD}(?:-{_NUMBER_WORD})*){{4,}}(?![\w-])",
    re.IGNORECASE,
)


# « plus » said for « + » right before a dictated number (folded text, searched up to its start).
_SPOKEN_PLUS = re.compile(r"(?<![\w-])plus\s+$")


def _parsed(text: str) -> Iterator[phonenumbers.PhoneNumber]:
    """``text`` read as a number of each home region, where it reads as one."""
    for region in REGIONS:
        try:
            yield phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue


def _valid_number(digits: str) -> bool:
    return any(phonenumbers.is_valid_number(number) for number in _parsed(digits))


# Free, shared-cost and premium numbers belong to services, never to a person.
_SERVICE_NUMBERS = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
    }
)


def is_service_number(text: str) -> bool:
    """Whether ``text`` is a French or Belgian free, shared-cost or premium number."""
    return any(phonenumbers.number_type(number) in _SERVICE_NUMBERS for number in _parsed(text))


_LETTER_BEFORE = re.compile(r"(?<![\w.])[A-Z] ?$")


class PhoneRecognizer:
    """Phone numbers in any common French or Belgian notation."""

    name = "phone"
    entity_type = PHONE

    def find(self, document: Document) -> Iterator[Entity]:
        seen: set[tuple[int, int]] = set()
        for region, offset, stretch in self._stretches(document.text):
            matcher = phonenumbers.PhoneNumberMatcher(
                stretch, region, leniency=phonenumbers.Leniency.POSSIBLE
            )
            for match in matcher:
                span = (offset + match.start, offset + match.end)
                if span in seen or not self._looks_dialled(match.raw_string):
                    continue
                if _MONEY_AFTER.match(document.text[span[1] :]):
                    continue
                seen.add(span)
                if is_service_number(match.raw_string):
                    continue  # « le 0800 93 947 du FOREM »: a service's, no one's own number
                # Valid in either home country (the first region read it: « 071 23 45 67 »
                # is no French number but a Belgian one); after a lone letter, rather the
                # digits of a document's number (« carte B 0123456 78 »; « c +32 … » is chat).
                lettered = _LETTER_BEFORE.search(document.text, max(0, span[0] - 3), span[0])
                valid = _valid_number(match.raw_string) and lettered is None
                score = 0.9 if valid else 0.7
                if PHONE_CONTEXT.search(document.window_before(span[0], 40)):
                    score = min(1.0, score + 0.05)
                yield Entity(PHONE, span[0], span[1], score, self.name)
        for spelled in SPELLED_PHONE.finditer(document.text):
            yield Entity(PHONE, spelled.start(), spelled.end(), 0.85, "phone_spelled")
        yield from self._dictated(document)
        for loose in LOOSE_PHONE.finditer(document.text):
            start, end = loose.span()
            if any(s <= start < e for s, e in seen):
                continue
            if not self._looks_dialled(loose.group()) or _MONEY_AFTER.match(document.text[end:]):
                continue
            if is_service_number(loose.group()):
                continue
            in_context = PHONE_CONTEXT.search(document.window_before(start, 40))
            yield Entity(PHONE, start, end, 0.65 if in_context else 0.5, "phone_loose")

    @staticmethod
    def _dictated(document: Document) -> Iterator[Entity]:
        """A number dictated in words, whole or in part, « plus » for the « + »: « zéro sept 68
        22 41 09 », « 0493 quatre-vingt-dix 12 34 », « plus trois deux quatre … ». What the
        groups spell must be a valid French or Belgian number."""
        for run in document_runs(document):
            start, digits = run.start, run.digits
            plus = _SPOKEN_PLUS.search(document.folded, 0, start)
            if plus is not None:
                start, digits = plus.start(), "+" + digits
            if not 9 <= len(digits.lstrip("+")) <= 12 or not digits.startswith(("+", "0")):
                continue
            if is_service_number(digits):
                continue
            if _valid_number(digits):
                yield Entity(PHONE, start, run.end, 0.85, "phone_dictated")
            elif PHONE_CONTEXT.search(document.window_before(start, 40)):
                yield Entity(PHONE, start, run.end, 0.7, "phone_dictated")  # a digit misheard

    @staticmethod
    def _stretches(text: str) -> Iterator[tuple[str, int, str]]:
        """(region, offset, stretch) for every stretch that may hold a dialled number."""
        stretches = [(m.start(), m.group()) for m in _DIALLED_STRETCH.finditer(text)]
        for region in REGIONS:
            for offset, stretch in stretches:
                yield region, offset, stretch

    @staticmethod
    def _looks_dialled(raw: str) -> bool:
        stripped = raw.lstrip("(")
        digits = re.sub(r"\D", "", raw)
        if not 9 <= len(digits) <= 15:
            return False
        return stripped.startswith(("+", "0"))
