"""Turning French text into search terms: the one analyser both backends index and query with.

Everything that makes search French-aware happens here, in Python, so that SQLite and
PostgreSQL see exactly the same terms and rank alike: case folding, accent removal, elisions
("l'emploi"), stop words, plural folding and Snowball stemming.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from storage.search.stopwords import STOP_WORDS

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# The typed placeholders the anonymiser leaves ("[PERSONNE]", "[TÉLÉPHONE]", "[E-MAIL]"…): an
# upper-case word in brackets. They say what was removed, not what the text is about, so they
# never count as words ("[TÉLÉPHONE]" alone made a request about « Numérique »).
PLACEHOLDER = re.compile(r"\[[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ-]+\]")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_STEMMER = snowballstemmer.stemmer("french")


@dataclass(frozen=True, slots=True)
class Token:
    """A term found in a text, with where its word starts and ends (for excerpts)."""

    term: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case without accents: what makes search case- and accent-insensitive."""
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_LIGATURES))
    return _COMBINING.sub("", decomposed)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The term of an already folded word, or "" for a stop word.

    Snowball leaves some plurals alone ("emplois", "bureaux") and, without accents, some
    feminine participles ("employee"): those endings are folded first so that a singular and
    its plural, typed with or without accents, always give the same term.
    """
    if len(word) < 2 or word in STOP_WORDS:
        return ""
    if word.isdigit():
        return word
    return str(_STEMMER.stemWord(_singular(word)))


def _singular(word: str) -> str:
    """Drop a plural "s" or "x" and the "e" of "-ee" (a feminine participle without accent)."""
    plural = len(word) > 3 and word.endswith("s") and not word.endswith("ss")
    if plural or word.endswith(("eaux", "oux")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("ee"):
        word = word[:-1]
    return word


def without_placeholders(text: str) -> str:
    """The text with each placeholder blanked out by as many spaces (positions are kept)."""
    if "[" not in text:
        return text
    return PLACEHOLDER.sub(lambda match: " " * len(match.group()), text)


def tokens(text: str) -> Iterator[Token]:
    """Every meaningful term of a text with its position, stop words and placeholders left
    out."""
    folded = fold(without_placeholders(text))
    # Folding may change the length (ligatures, some compatibility characters): positions are
    # only exact when it did not, which is the case of ordinary French text.
    same_length = len(folded) == len(text)
    for match in _WORD.finditer(folded):
        term = stem(match.group())
        if term:
            if same_length:
                yield Token(term, match.start(), match.end())
            else:
                yield Token(term, 0, 0)


def terms(text: str) -> list[str]:
    """The terms of a text, in order, repeated as often as they occur (placeholders left out)."""
    found = (stem(word) for word in _WORD.findall(fold(without_placeholders(text))))
    return [term for term in found if term]
