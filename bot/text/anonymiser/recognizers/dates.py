"""Dates of birth and other personal dates.

A full date (day, month and year) is removed wherever it stands: it pins one person down. A date
without a year ("le 3 décembre à la réunion") is an appointment and stays, unless birth context
words stand before it ("née le 14 juillet", "DDN"). A birth year goes only in birth context
("né en 1985"); an age ("34 ans") always stays. The same holds for a date dictated in words
(« née le douze mars quatre-vingt-dix », « le premier avril soixante-cinq »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from bot.text.anonymiser.model import DATE, Entity
from bot.text.anonymiser.recognizers.base import context_pattern
from bot.text.anonymiser.spoken import SpokenRun, document_runs
from bot.text.anonymiser.text import Document

MONTHS = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|"
    r"ao[uû]t|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?"
)
NUMERIC_FULL = re.compile(
    r"(?<![\w/.\-])(?P<d>0?[1-9]|[12]\d|3[01])\s?(?P<sep>[/.\-])\s?(?P<m>0?[1-9]|1[0-2])\s?(?P=sep)\s?"
    r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\w/]|[.\-]\d)"
)
ISO_DATE = re.compile(
    r"(?<![\w/.\-])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w])"
)
NUMERIC_DAY_MONTH = re.compile(
    r"(?<![\w/.\-])(?P<d>0?[1-9]|[12]\d|3[01])[/.](?P<m>0?[1-9]|1[0-2])(?![\w/]|[.\-]\d)"
)
WRITTEN = re.compile(
    rf"(?<![\w])(?P<d>1er|1re|[0-3]?\d)\s+(?P<m>{MONTHS})"
    # ("12 mars 85": a year in two digits too, not "3 mai 10 h" nor "12 mars 15 €")
    rf"(?:\s+(?P<y>(?:19|20)\d{{2}}|\d{{2}}(?!\s*(?:h\b|heures?|€|euros?|%|ans\b|km|min))))?(?![\w])",
    re.IGNORECASE,
)
# On the folded text: a month, for dates dictated in words around it.
FOLDED_MONTH = re.compile(
    r"(?<![\w])(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    r"decembre)(?![\w])"
)
FIRST_DAY = re.compile(r"(?<![\w])(?:premier|1er)\s+$")
DIGIT_YEAR = re.compile(r"(?:19|20)\d{2}(?![\w])")
DIGIT_DAY = re.compile(r"(?<![\w,.])(\d{1,2})\s+$")
MONTH_YEAR = re.compile(
    rf"(?<![\w])(?P<m>{MONTHS})\s+(?P<y>(?:19|20)\d{{2}})(?![\w])", re.IGNORECASE
)
BIRTH_YEAR = re.compile(
    r"(?:\bn[ée]e?s?\b|\bnaissance\b|\bddn\b|\bd\.d\.n\.?)\s*(?:en|:|le|en l'an)?\s*"
    r"(?P<y>(?:19|20)\d{2})(?![\w])",
    re.IGNORECASE,
)
# Dates that name a text of law ("loi du 26 mai 2002") are context, not personal data.
LEGAL_TEXT_BEFORE = re.compile(
    r"(?:\b(?:loi|decret|arrete|arrete royal|circulaire|ordonnance|directive|reglement|"
    r"convention|accord|code|reforme)(?:\s+\w+)?\s+du\s*)$"
)
BIRTH_CONTEXT = context_pattern(
    [
        "né",
        "née",
        "nee",
        "ne le",
        "nés",
        "naissance",
        "date de naissance",
        "ddn",
        "d.d.n",
        "dn",  # « DN 30-06-95 »: date de naissance, in case notes
        "dob",
        "born",
        "anniversaire",
        "birth",
        "accouché",  # « a accouché de jumeaux le 27/10/2026 »: the children's birth
        "accouchée",
        "accouchement",
    ]
)


# Words that make a full date an appointment or a deadline of the case, not a person's date.
SCHEDULE_BEFORE = re.compile(
    r"(?:\b(?:jusqu'au|jusqu au|a partir du|a compter du|depuis le|des le|avant le|apres le|"
    r"au plus tard le|rdv|rendez-vous|audience|convocation|convoque|convoquee|reunion|entretien|"
    r"echeance|expire|expiration|valable|fin|debut|termine|commence|signe|du)\b[^.!?\n]{0,12})$"
)


def _is_schedule(document: Document, start: int, year: str) -> bool:
    """A date of the case (a deadline, an appointment) rather than of a person's life.

    Either a scheduling word stands just before it, or its year is this year, last year or later:
    nobody the request is about was born then, unless birth words say so (checked by callers).
    """
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    if len(year) == 4 and full_year >= date.today().year - 1:
        return True
    return bool(SCHEDULE_BEFORE.search(document.window_before(start, 30)))


def _is_real_date(day: str, month: str, year: str) -> bool:
    full_year = int(year) if len(year) == 4 else 1900 + int(year)
    try:
        date(full_year, int(month), int(day))
    except ValueError:
        return False
    return True


def _spoken_year(year: str) -> bool:
    """A year as dictated: two digits (« quatre-vingt-dix ») or a year of a living person."""
    return len(year) <= 2 or 1900 <= int(year) <= date.today().year


class DateRecognizer:
    name = "date"
    entity_type = DATE

    def _find_all(self, document: Document) -> Iterator[Entity]:
        text = document.text
        for match in NUMERIC_FULL.finditer(text):
            d, m, y = match.group("d", "m", "y")
            if not _is_real_date(d, m, y):
                continue
            birth = self._birth(document, match.start())
            if len(y) == 2 and match.group("sep") != "/" and not birth:
                continue
            if not birth and _is_schedule(document, match.start(), y):
                continue
            yield Entity(DATE, match.start(), match.end(), 0.9 if birth else 0.8, self.name)
        for match in ISO_DATE.finditer(text):
            if not self._birth(document, match.start()) and _is_schedule(
                document, match.start(), match.group("y")
            ):
                continue
            yield Entity(DATE, match.start(), match.end(), 0.8, self.name)
        for match in WRITTEN.finditer(text):
            birth = self._birth(document, match.start())
            year, end = match.group("y"), match.end()
            if year is not None and len(year) == 2 and not birth:
                year, end = None, match.end("m")  # "le 12 mars 24 personnes": no year
            if year is None and not birth:
                continue
            if not birth and _is_schedule(document, match.start(), year):
                continue
            score = 0.9 if birth else 0.8
            yield Entity(DATE, match.start(), end, score, self.name)
        for match in MONTH_YEAR.finditer(text):
            if self._birth(document, match.start()):
                yield Entity(DATE, match.start(), match.end(), 0.85, self.name)
        for match in NUMERIC_DAY_MONTH.finditer(text):
            if self._birth(document, match.start()):
                yield Entity(DATE, match.start(), match.end(), 0.85, self.name)
        for match in BIRTH_YEAR.finditer(text):
            yield Entity(DATE, match.start("y"), match.end("y"), 0.85, self.name)
        yield from self._spoken(document)

    def _spoken(self, document: Document) -> Iterator[Entity]:
        """Dates dictated in words: a day said as a number or « premier », a month, and a year
        said as a number (« quatre-vingt-dix », « deux mille six ») or in digits."""
        folded = document.folded
        runs = document_runs(document)
        if not runs:
            return
        ending = {run.end: run for run in runs}
        starting = {run.start: run for run in runs}
        for month in FOLDED_MONTH.finditer(folded):
            start, end = month.start(), month.end()
            day = self._spoken_day(folded, start, ending)
            if day is None:
                continue
            start = day[0]
            birth = self._birth(document, start)
            gap = len(folded[end:]) - len(folded[end:].lstrip(" "))
            year = starting.get(end + gap) if gap else None
            digits = DIGIT_YEAR.match(folded, end + gap) if gap else None
            if year is not None and len(year.groups) == 1 and _spoken_year(year.groups[0]):
                end = year.end
            elif digits is not None and day[1]:
                end = digits.end()  # « né le vingt-trois avril 1999 »
            elif not birth:
                continue
            if not (day[1] or year is not None):
                continue  # "le 12 mars 1990" in digits: WRITTEN's
            said = year.groups[0] if year is not None else digits.group() if digits else ""
            if said and not birth and _is_schedule(document, start, said):
                continue  # « convoqué le douze mars deux mille vingt-six »
            yield Entity(DATE, start, end, 0.9 if birth else 0.85, "date_spoken")

    @staticmethod
    def _spoken_day(
        folded: str, month: int, ending: dict[int, SpokenRun]
    ) -> tuple[int, bool] | None:
        """Where the day before the month at ``month`` starts, and whether it was said in words."""
        before = folded[:month]
        first = FIRST_DAY.search(before)
        if first is not None:
            return first.start(), True
        digits = DIGIT_DAY.search(before)
        if digits is not None and 1 <= int(digits.group(1)) <= 31:
            return digits.start(), False
        trimmed = before.rstrip(" ")
        run = ending.get(len(trimmed)) if len(trimmed) < len(before) else None
        if run is None or len(run.groups) != 1 or not 1 <= int(run.groups[0]) <= 31:
            return None
        return run.start, True

    def find(self, document: Document) -> Iterator[Entity]:
        for entity in self._find_all(document):
            if not LEGAL_TEXT_BEFORE.search(document.window_before(entity.start, 40)):
                yield entity

    @staticmethod
    def _birth(document: Document, start: int) -> bool:
        return bool(BIRTH_CONTEXT.search(document.window_before(start, 30)))
