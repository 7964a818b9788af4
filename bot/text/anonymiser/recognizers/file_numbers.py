"""File and membership numbers (CAF, France Travail, CPAS, mutuelle, ONEM...) found by context.

A number is a file number when a word such as "dossier", "allocataire", "identifiant" or an
institution's name stands shortly before it, or shortly after it in the same sentence for a
number that looks like one by itself (six digits or more, or a key letter: « 2231874 Z, c'est
sur ses courriers CAF »). Several numbers listed after one cue all go (« CAF : 1234567 et
7654321 »). Any other long run of digits is removed too, with a low score, so that a
checksum-less identifier never leaks because its context was unusual; so is a run of six digits
or more with its key letter stuck to it (« 5502147B »).

Cues may be glued to the sign of « numéro » (« N°PE 1234567A ») or spelt with full stops
(« R.G. 24/1187/A »); a full stop after such a short abbreviation ends no sentence. The numbers
of laws, decrees and articles stay (« loi n° 2008-1249 », « art. 1382 »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import FILE_NUMBER, Entity
from bot.text.anonymiser.recognizers.file_number_cues import FILE_CONTEXT
from bot.text.anonymiser.recognizers.identifiers import (
    BE_NN_CONTEXT,
    IBAN_CONTEXT,
    NIR_CONTEXT,
    SIREN_CONTEXT,
)
from bot.text.anonymiser.recognizers.phones import is_service_number
from bot.text.anonymiser.text import Document, fold_key

# « N°PE 1234567A », « n°SS … », « n°12345 »: the sign of « numéro » glued to what follows.
_GLUED_NUMERO = re.compile(r"(?<![a-z0-9])n[°º](?=[a-z0-9])")
# A short cue spelt with full stops: « R.G. », « P.V. », « C.A.F. ».
_DOTTED_CUE = re.compile(
    r"(?<![a-z0-9.])(?:"
    + "|".join(
        r"\.?".join(re.escape(letter) for letter in cue)
        for cue in sorted(
            {"rg", "pv", "caf", "cpas", "onem", "mdph", "niss", "ean", "ft", "pe", "ss", "nir"},
            key=len,
            reverse=True,
        )
    )
    + r")\.?(?![a-z0-9])"
)
# Month names inside a date written with dashes (« 12-mars-2024 ») are no letter group of a code.
_MONTH = r"(?:janv?|fevr?|févr?|mars|avr|mai|juin|juil|aout|août|sept?|oct|nov|dec|déc)"
# An identifier: optional letter prefix (a body's acronym, « ARIPA-62-… », or a letter set
# apart, « B 1234567 89 »), then groups that each start with a digit, or with a
# few capitals after a slash, a dot or a dash ("0228/SD/2024/1937", "2021-0456-RIS").
# Groups may be set apart by a spaced dash or slash before digits or a key letter ("2023 - 0458
# - B", not "SOC-2025-0032 / RIS"), and a prefix by a full stop ("BR.12.LL.045871/2023").
# A prefix typed in lower case counts too when five digits follow and it is no month
# ("bxl-2023-0041", not "mi-2024"); so do letters of any case inside a code when more digits
# follow ("2023-ris-00412", not "12-mars-2024"), and a lower-case suffix, « bis », « ter » or
# one letter that is no unit ("45/2020/bis", "2022/0387/m", not "35/h"). Each group is matched
# once and for all (an atomic group, possessive letters): a long run of « 12-12-… » or
# « 1-a-1-a-… » costs linear time, not exponential.
ID_SHAPE = re.compile(
    r"(?<![\w/.\-])(?:[a-z]{2,6}[-/.](?=\d))?"
    r"(?:[A-Z]{1,6}[-/.]|[A-Z][ \t](?=\d)){0,3}(?:[A-Z]{1,4}[-/]?)?\d[0-9A-Za-z]*+"
    r"(?:(?>[ ./\-]\d|[ \t]?[./\-][ \t]?\d|[./\-][A-Z]{1,4}(?![a-z])"
    rf"|[./\-](?!{_MONTH}[./\-])[A-Za-z]{{1,5}}(?=[./\-]\d)"
    r"|[./\-](?:bis|ter|quater|(?![hjklgst])[a-z])(?![\w/\-])"
    r"|[ \t][-/][ \t][A-Z](?!\w))"
    r"[0-9A-Za-z]*+)*(?![\w/\-])"
)
# (A comma ends the number unless a digit follows it: "999992123456, il expire" is one,
# "1 234,56" is an amount.)
LONG_DIGITS = re.compile(r"(?<![\w.,/\-])\d(?:[ .\-/]?\d){6,}(?![\w/\-]|,\d)")
# Six digits or more with a key letter stuck to them: an identifier by its shape alone.
KEYED_DIGITS = re.compile(r"(?<![\w.,/\-])\d{6,9}[A-Z](?![\w'’/\-])")
# (An amount's cents too: "1 450,00 €".)
_NOT_AN_ID_AFTER = re.compile(
    r"^(?:,\d{1,2})?\s*(?:€|euros?\b|eur\b|%|ans\b|an\b|mois\b|jours?\b|heures?\b|h\b|km\b|kg\b|m2|m²|"
    r"personnes\b|enfants\b|places?\b|salariés?\b)",
    re.IGNORECASE,
)
# An amount in euros typed fast: « 2300e », « 3400 e » (never an identifier's key letter).
_AMOUNT_IN_CHAT = re.compile(r"\d{1,3}(?:[ .]?\d{3})*(?:,\d{1,2})? ?e(?![\w'’])")


def _amount_in_chat(text: str, span: tuple[int, int]) -> bool:
    end = span[1] + 2 if text[span[1] : span[1] + 2] == " e" else span[1]
    return _AMOUNT_IN_CHAT.fullmatch(text, span[0], end) is not None


# A count: a number followed by a plural noun (« 125000 allocataires »).
_COUNT_AFTER = re.compile(r"[ \t]+[a-zà-ÿ]{3,}[sx]\b")
# One capital letter, or « bis », « ter », written apart at the end of a number ("allocataire
# 1234567 X", "dossier 45/2020 bis").
_KEY_LETTER = re.compile(r"[ \t](?:[A-Z]|bis|ter)(?![\w'’])")
_SHORT_SERVICE = re.compile(r"(?i)t[ée]l[ée]phone|\btel\b|appel")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}\s*[-/]\s*(?:19|20)\d{2}$")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ .]\d{3})+")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
# A full stop after a short abbreviation before a number ends no sentence: « R.G. 24/1187/A »,
# « ch. 14/2021 ».
_ABBREVIATION = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,3}$")
# Nor does the full stop of a title: « le dossier de M. Benjelloun est le 1045-77823-K ».
_TITLE_STOP = re.compile(r"(?<![^\W\d_])(?:M|Mr|Mme|Mlle|Dr|Me|Pr)$")
# A number set after a colon is the value of the field a cue opened, further on in its
# sentence: « Le numéro de dossier de l'expulsion au tribunal judiciaire : 24/02871 ».
_FIELD_VALUE = re.compile(r":[ \t]*$")
_FIELD_WINDOW = 90
_DIGIT_NEXT = re.compile(r"[ \t]*\d")
_POSTCODE_CITY = re.compile(
    r"^\s+[A-ZÀ-Ý](?:[a-zà-ÿ]|[A-ZÀ-Ý]{2})"
)  # « 5000 Namur », « 59000 LILLE »
# The number of a law, an article or a decree is context, not a person's file (« loi n° 2008-1249 »,
# « art. 1382 », « article L5132-5 »).
# (« la circulaire DGEFP n° 2021/03 », « le Cerfa n° 15036 »: a text's or a form's number.)
_LAW_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:art(?:icle)?s?\.?|loi|d[ée]cret|arr[êe]t[ée]|circulaire|directive|"
    r"r[èe]glement|cerfa|§)(?:\s+[A-Z]{2,8})?\s*(?:n[°ºo]\.?\s*)?$"
)
# Numbers listed after one cue: « CAF : 1234567, 7654321 et 1112223 ».
_LIST_SEP = re.compile(r"[ \t]*(?:[,;+&]|\bet\b|\bou\b)[ \t]*")
# An unknown acronym after a colon is the start of the composite code it precedes (« bail : LOG
# 45/… »); a body's, a company's or an identifier's name stays (« dossier : CAF 12-345 »,
# « SIRET 389 … »), and so does any acronym before plain digits (« réf : ABC 12345 »).
_ACRONYM_BEFORE = re.compile(r"[:=][ \t]*([A-Z]{2,5})[ \t]$")
_IDENTIFIER_NAMES = (NIR_CONTEXT, BE_NN_CONTEXT, IBAN_CONTEXT, SIREN_CONTEXT)
# "le 31/12", "le 1.3", "31/12/2025": dates, which the date recognizer judges.
_DAY_MONTH = re.compile(
    r"^(?:0?[1-9]|[12]\d|3[01])\s?([/.\-])\s?(?:0?[1-9]|1[0-2])(?:\s?\1\s?(?:19|20)?\d{2})?$"
)
_LOWER_PREFIX = re.compile(r"([a-z]+)[-/.]")
_CUE_WINDOW = 45
_CUE_AFTER_WINDOW = 50


# The letters of a document's number written apart after « n° » (« n° AYB 482913 »).
_LETTERS_BEFORE = re.compile(r"(?:n°|no|num[ée]ro)[ \t]*(?P<letters>[A-Z]{1,4})[ \t]$")


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)


def is_identifier(value: str) -> bool:
    """At least four digits, and not a bare year or a year range."""
    digits = _digit_count(value)
    if digits < 4 or _YEAR_RANGE.match(value):
        return False
    core = re.sub(r"^[A-Z][ \t]", "", value)  # "le dossier A 2024": a year after a letter
    return not (digits == 4 and core.isdigit() and core[:2] in {"19", "20"})


def _sentence_end(text: str, start: int, end: int) -> int:
    """Where the sentence running from ``start`` stops before ``end`` (``end`` if it does not)."""
    for stop in _SENTENCE_END.finditer(text, start, end):
        at = stop.start()
        if (
            text[at] == "."
            and _ABBREVIATION.search(text, max(0, at - 4), at)
            and _DIGIT_NEXT.match(text, stop.end())
        ):
            continue
        if text[at] == "." and _TITLE_STOP.search(text, max(0, at - 4), at):
            continue
        return at
    return end


def _after_a_law(text: str, start: int) -> bool:
    return _LAW_BEFORE.search(text, max(0, start - 25), start) is not None


# A number dictated digit by digit goes on past the shape typed numbers have: « 0 3 7 8 4 2 1 5
# Y », « 2024 barre 0 8 3 1 7 » (« barre », « slash », « tiret » said for the signs).
_SAID_MORE = re.compile(r"(?:[ \t]+(?:barre|slash|tiret)[ \t]+|[ \t])(?:\d{1,4}|[A-Z])(?![\w'’])")
_SAID_DIGITS = re.compile(r"(?<!\d)\d(?: \d){2}(?!\d)")
_SAID_BEFORE = re.compile(r"(?<![\w.,/\-])\d{1,6}[ \t]+(?:barre|slash|tiret)[ \t]+$")


def _dictated_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a number widened over the digits and signs dictated around it."""
    before = _SAID_BEFORE.search(text, max(0, start - 20), start)
    if before is not None:
        start = before.start()
    elif not _SAID_DIGITS.search(text, start, end):
        return start, end  # « n° 1234567 2 enfants »: typed, it ends where its shape does
    while (more := _SAID_MORE.match(text, end)) is not None:
        end = more.end()
    return start, end


def _cues(folded: str) -> Iterator[re.Match[str]]:
    yield from FILE_CONTEXT.finditer(folded)
    yield from _GLUED_NUMERO.finditer(folded)
    yield from (cue for cue in _DOTTED_CUE.finditer(folded) if "." in cue.group())


class FileNumberRecognizer:
    name = "file_number"
    entity_type = FILE_NUMBER

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        text = document.text
        taken: list[tuple[int, int]] = []
        for cue in _cues(document.folded):
            for span in self._after_cue(document, cue):
                letters = _LETTERS_BEFORE.search(text, max(0, span[0] - 12), span[0])
                if (
                    letters is not None
                    and fold_key(letters["letters"]) not in self.lexicons.institutions
                ):
                    # « n° AYB 482913 »: the letters are the number's (« n° ONEM … » names whose)
                    span = (letters.start("letters"), span[1])
                if _amount_in_chat(text, span):
                    continue  # « une dette de 2300e », « 3400 e »: euros typed fast
                if span not in taken:
                    taken.append(span)
                    yield Entity(FILE_NUMBER, *span, 0.78, self.name)
        for span in self._before_cue(document, taken):
            taken.append(span)
            yield Entity(FILE_NUMBER, *span, 0.7, self.name)
        for match in LONG_DIGITS.finditer(text):
            value = match.group()
            if _YEAR_RANGE.match(value) or _NOT_AN_ID_AFTER.match(text[match.end() :]):
                continue
            if _DAY_MONTH.match(value) or _after_a_law(text, match.start()):
                continue
            if _THOUSANDS.fullmatch(value) and _NOT_AN_ID_AFTER.match(text[match.end() :]):
                continue
            if value.startswith("0") and is_service_number(value):
                continue  # « le 0800 93 947 du FOREM »
            yield Entity(FILE_NUMBER, match.start(), match.end(), 0.4, "long_number")
        for match in KEYED_DIGITS.finditer(text):
            yield Entity(FILE_NUMBER, match.start(), match.end(), 0.45, "keyed_number")

    def _after_cue(self, document: Document, cue: re.Match[str]) -> Iterator[tuple[int, int]]:
        """The number a cue announces, and the numbers listed right after it."""
        text = document.text
        # ("Réf. FT-2024-00871": the full stop of an abbreviated cue ends no sentence.)
        dot = text[cue.end() : cue.end() + 1] == "."
        window_end = _sentence_end(text, cue.end() + dot, min(len(text), cue.end() + _CUE_WINDOW))
        found = next(
            (
                match
                for match in ID_SHAPE.finditer(text, cue.end(), window_end)
                if not self._rejected(text, match, cue.start())
            ),
            None,
        )
        if found is None:
            found = self._field_value(text, cue, dot)
        while found is not None:
            end = found.end()
            letter = _KEY_LETTER.match(text, end)
            if letter:
                end = letter.end()
            start, end = _dictated_span(text, self._with_acronym(text, found), end)
            yield start, end
            separator = _LIST_SEP.match(text, end)
            if separator is None:
                return
            limit = _sentence_end(text, end, min(len(text), separator.end() + _CUE_WINDOW))
            found = ID_SHAPE.match(text, separator.end(), limit)
            if found is not None and self._rejected(text, found, cue.start()):
                return

    def _before_cue(
        self, document: Document, taken: list[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """A number that looks like one, with a cue after it in the same sentence."""
        text = document.text
        for match in ID_SHAPE.finditer(text):
            start, end = match.span()
            if any(start < high and low < end for low, high in taken):
                continue
            value = match.group()
            letter = _KEY_LETTER.match(text, end)
            keyed = letter is not None or (value[-1].isupper() and _digit_count(value) >= 5)
            if _digit_count(value) < 6 and not keyed:
                continue
            if _THOUSANDS.fullmatch(value) or self._rejected(text, match, start):
                continue
            if letter:
                end = letter.end()
            elif _COUNT_AFTER.match(text, end):
                continue  # « 125000 allocataires de la CAF »: a count
            # (The cue starts within the window: « … sur son attestation France Travail ».)
            stop = _sentence_end(text, end, min(len(text), end + _CUE_AFTER_WINDOW + 20))
            cue = FILE_CONTEXT.search(document.folded, end, stop)
            if cue is not None and cue.start() <= end + _CUE_AFTER_WINDOW:
                yield start, end

    def _field_value(self, text: str, cue: re.Match[str], dot: bool) -> re.Match[str] | None:
        """Further on in the cue's sentence, a number that looks like one (six digits or more)
        right after a colon."""
        end = _sentence_end(text, cue.end() + dot, min(len(text), cue.end() + _FIELD_WINDOW))
        for match in ID_SHAPE.finditer(text, cue.end(), end):
            value = match.group()
            if _digit_count(value) < 6 or self._rejected(text, match, cue.start()):
                continue
            if not re.search(r"[/\-A-Za-z]", value) and not value.isdigit():
                continue  # « 081.73.22.10 », « 1 250 000 »: a phone or an amount
            if _FIELD_VALUE.search(text, max(0, match.start() - 3), match.start()):
                return match
        return None

    @staticmethod
    def _rejected(text: str, match: re.Match[str], cue_start: int) -> bool:
        """Whether a number of the right shape is an amount, a date, a postcode, a law..."""
        value = match.group().strip()
        prefix = _LOWER_PREFIX.match(value)
        if prefix and (_digit_count(value) < 5 or re.fullmatch(_MONTH, prefix.group(1))):
            return True  # « mi-2024 », « mars-2024 »: no code
        after = text[match.end() :]
        if not is_identifier(value) or _NOT_AN_ID_AFTER.match(after):
            return True
        if value.startswith("0") and is_service_number(value):
            return True  # « le numéro gratuit : 0800 93 947 »
        if _DAY_MONTH.match(value):
            return True
        if value.isdigit() and len(value) in (4, 5) and _POSTCODE_CITY.match(after):
            return True
        if _after_a_law(text, match.start()):
            return True
        # "numéro de téléphone : le 3230": a service's short number
        return len(value) == 4 and bool(_SHORT_SERVICE.search(text[cue_start : match.start()]))

    def _with_acronym(self, text: str, number: re.Match[str]) -> int:
        """The start of a composite number, moved back over an unknown acronym after a colon."""
        start = number.start()
        lexicons = self.lexicons
        if number.group().isdigit():
            return start
        acronym = _ACRONYM_BEFORE.search(text, max(0, start - 12), start)
        if acronym is None:
            return start
        key = fold_key(acronym.group(1))
        if FILE_CONTEXT.fullmatch(key) or any(c.fullmatch(key) for c in _IDENTIFIER_NAMES):
            return start
        if key in lexicons.institutions or key in lexicons.chains or lexicons.is_french_word(key):
            return start
        return acronym.start(1)
