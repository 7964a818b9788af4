"""French calendar words, shared by the parser (reading them) and the formatter (writing them).

Input is folded to lower-case ASCII before matching, so the parser's words here are accent-free
while the formatter's words keep their accents.
"""

from __future__ import annotations

import re
import unicodedata

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
RRULE_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Folded month names and the abbreviations people type ("3 déc.", "15 sept").
MONTH_PATTERN = (
    r"(?:janv(?:ier)?|fevr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|aout|"
    r"sept?(?:embre)?|oct(?:obre)?|nov(?:embre)?|dec(?:embre)?)\.?"
)
WEEKDAY_PATTERN = "(?:" + "|".join(WEEKDAYS) + ")"

# Ordinals of a weekday in its month; -1 is the last one, -2 the one before.
ORDINALS: dict[str, int] = {
    "premier": 1, "1er": 1, "1e": 1, "1re": 1, "1ere": 1, "premiere": 1,
    "deuxieme": 2, "second": 2, "2e": 2, "2eme": 2, "2nd": 2,
    "troisieme": 3, "3e": 3, "3eme": 3,
    "quatrieme": 4, "4e": 4, "4eme": 4,
    "dernier": -1, "derniere": -1,
    "avant-dernier": -2, "avant dernier": -2,
}  # fmt: skip
ORDINAL_WORDS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"}
ORDINAL_WORDS[-2] = "avant-dernier"

NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15,
}  # fmt: skip
SPELLED_NUMBERS = {value: word for word, value in NUMBER_WORDS.items() if word != "une"}
NUMBER_PATTERN = r"(?:\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"


def number_value(token: str) -> int:
    """The value of a number typed as digits or spelled out ("deux", "15")."""
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces and straight apostrophes, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = re.sub(r"[\u2018\u2019\u02bc`´]", "'", ascii_text)
    ascii_text = re.sub(r"[\u2010-\u2015]", "-", ascii_text)
    return re.sub(r"\s+", " ", ascii_text).strip(" .!?;")
