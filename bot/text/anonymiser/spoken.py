"""Numbers dictated in words, as a phone's speech-to-text writes them down: « zéro quatre
septante-deux trente-trois », « née le douze mars quatre-vingt-dix », « numéro quatorze »,
« plus trois deux quatre… ».

`spoken_runs` finds each stretch of number words (and of digit groups among them) in a folded
text and reads it the way people dictate: group by group, each group a number as French says it
(Belgian and Swiss « septante », « huitante », « nonante » too), « zéro » always alone, and a new
group wherever the next word cannot carry on the number before (« quarante-cinq trente-trois »
is 45 and 33; « trois cent cinquante » is 350).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.text.anonymiser.text import Document

UNITS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
}
TEENS = {
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
TENS = {
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
WORDS = frozenset([*UNITS, *TEENS, *TENS, "zero", "cent", "cents", "mille", "et"])
_WORD = "|".join(sorted(WORDS - {"et"}, key=len, reverse=True))
# A stretch of number words and digit groups (folded text), parts joined by spaces, hyphens or
# a comma; « et » only inside a number (« vingt et un »).
RUN = re.compile(rf"(?<![\w-])(?:{_WORD}|\d+)(?:(?:[\s,]+|-|\s+et\s+)(?:{_WORD}|\d+))*(?![\w-])")


@dataclass(frozen=True)
class SpokenRun:
    start: int
    end: int
    groups: tuple[str, ...]  # each group as digits, « zéro quatre » → ("0", "4")

    @property
    def digits(self) -> str:
        return "".join(self.groups)


def document_runs(document: Document) -> list[SpokenRun]:
    """The dictated stretches of ``document``, found once for every recognizer that asks."""
    return document.remembered("spoken_runs", lambda: list(spoken_runs(document.folded)))


def spoken_runs(folded: str) -> Iterator[SpokenRun]:
    """Every stretch of numbers in ``folded`` that holds at least one number word."""
    for match in RUN.finditer(folded):
        if re.search(r"[a-z]", match.group()):
            yield SpokenRun(match.start(), match.end(), tuple(groups_of(match.group())))


def groups_of(stretch: str) -> list[str]:
    """The groups of a stretch `RUN` matched: « zero quatre septante-deux » → 0, 4, 72."""
    return read_groups(re.findall(r"\d+|[a-z]+", stretch))


def read_groups(parts: list[str]) -> list[str]:
    """The groups a dictated stretch is made of, as digits: ``["zero", "quatre", "septante",
    "deux"]`` → ``["0", "4", "72"]``; a digit group stays as written (« 0493 »)."""
    reader = _Reader()
    for part in parts:
        if part.isdigit():
            reader.flush()
            reader.groups.append(part)
        else:
            reader.read(part)
    reader.flush()
    return reader.groups


class _Reader:
    """One number at a time: thousands, hundreds, and the last two digits (``small``) with what
    can still follow them (``kind``: "", "unit", "ten", "teen" — which may take 7–9 after
    « dix » — or "done")."""

    thousands: int | None
    hundreds: int
    small: int
    kind: str
    started: bool

    def __init__(self) -> None:
        self.groups: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self.thousands, self.hundreds, self.small, self.kind, self.started = None, 0, 0, "", False

    def flush(self) -> None:
        if self.started:
            self.groups.append(str((self.thousands or 0) * 1000 + self.hundreds + self.small))
        self._reset()

    def _start(self, word: str) -> None:
        self.flush()
        self.read(word)

    def read(self, word: str) -> None:
        if word == "et":
            return  # « vingt et un », « soixante et onze »
        if word == "zero":
            self.flush()
            self.groups.append("0")
            return
        if word in ("cent", "cents"):
            self._hundred(word)
        elif word == "mille":
            self._thousand(word)
        elif word in UNITS:
            self._unit(word, UNITS[word])
        elif word in TEENS:
            self._teen(word, TEENS[word])
        elif word in TENS:
            self._ten(word, TENS[word])

    def _unit(self, word: str, value: int) -> None:
        if not self.kind:
            self.small, self.kind = self.small + value, "unit"
        elif self.kind == "ten":
            self.small, self.kind = self.small + value, "done"
        elif self.kind == "teen" and self.small % 100 in (10, 70, 90) and value >= 7:
            self.small, self.kind = self.small + value, "done"  # dix-sept, soixante-dix-huit
        else:
            return self._start(word)
        self.started = True

    def _teen(self, word: str, value: int) -> None:
        if not self.kind:
            self.small, self.kind = value, "teen"
        elif self.kind == "ten" and self.small in (60, 80):
            self.small, self.kind = self.small + value, "teen" if value == 10 else "done"
        else:
            return self._start(word)
        self.started = True

    def _ten(self, word: str, value: int) -> None:
        if value == 20 and self.kind == "unit" and self.small == 4:
            self.small, self.kind = 80, "ten"  # quatre-vingt
        elif not self.kind:
            self.small, self.kind = value, "ten"
        else:
            return self._start(word)
        self.started = True

    def _hundred(self, word: str) -> None:
        if self.hundreds or self.small >= 100:
            return self._start(word)
        self.hundreds, self.small, self.kind = (self.small or 1) * 100, 0, ""
        self.started = True

    def _thousand(self, word: str) -> None:
        if self.thousands is not None:
            return self._start(word)
        self.thousands = self.hundreds + self.small or 1
        self.hundreds, self.small, self.kind = 0, 0, ""
        self.started = True
