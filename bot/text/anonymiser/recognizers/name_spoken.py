"""A found name said again another way, as dictated requests do: spelled out letter by letter
(« Delattre d e l a t t r e », « Ba B A »), corrected (« el amrani non el amraoui »,
« Vercruysse pardon vercruyce »), or written as the ear heard it (« Da Silva euh dassilva »,
« Hautecoeur haute cœur en deux mots », « marieange en un mot Marie-Ange »).

Near a found name (a few words before or after it), a word in no dictionary whose letters are
nearly the name's, or words whose letters together are exactly the name's, are that name too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.name_cues import NEVER_SURNAMES, PARTICLES
from bot.text.anonymiser.text import Document, Token

# How far from a found name another spelling of it is looked for, in words.
NEAR = 6
# A name said in two words, then how it is written: « haute cœur en deux mots ».
SPELLING_AFTER = re.compile(r"\s+(?:en\s+deux\s+mots|separe|en\s+deux\b|avec\s+un\s+espace)")
# Particles that are prepositions and articles as often (« de », « la »).
PREPOSITIONS = frozenset(["de", "du", "des", "d", "la", "le", "les", "l"])
# How alike a word's letters and a found name's must be (difflib's ratio).
ALIKE = 0.8


def mark_spoken_spellings(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    scores: dict[int, float],
    mark: Callable[[int, float], None],
) -> None:
    """Mark the letters, the corrections and the heard spellings of the names found."""
    names = _found_names(tokens, scores)
    if not names:
        return
    for start, end, letters in _letter_runs(document, tokens):
        if letters in names and start not in scores:
            for index in range(start, end):
                mark(index, 0.75)  # « d e l a t t r e »
    near = {i for found in scores for i in range(found - NEAR, found + NEAR + 1)}
    for index, token in enumerate(tokens):
        if index in scores or index not in near:
            continue
        if _pair_heard(lex, document, tokens, index, names, scores):
            mark(index, 0.7)  # « haute cœur » for « Hautecoeur », « ben ali », « el amraoui »
            mark(index + 1, 0.7)
        elif _heard(lex, token, names):
            mark(index, 0.7)


def _found_names(tokens: list[Token], scores: dict[int, float]) -> set[str]:
    """The letters of each found name token of two letters or more, and of each two found
    tokens side by side (« da silva » → « dasilva ») when they make four or more."""
    singles = {_letters([tokens[i]]) for i in scores if len(tokens[i].key) >= 2}
    pairs = {_letters(tokens[i : i + 2]) for i in scores if i + 1 in scores}
    return singles | {pair for pair in pairs if len(pair) >= 4}


def _letters(tokens: list[Token]) -> str:
    return "".join(_key_letters(token.key) for token in tokens)


@lru_cache(maxsize=65536)
def _key_letters(key: str) -> str:
    """A word's letters alone, ligatures written out (« cœur » → « coeur »)."""
    letters = "".join(ch for ch in key if ch.isalpha())
    return letters.replace("œ", "oe").replace("æ", "ae")


def _letter_runs(document: Document, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Runs of at least two single letters apart by one space (« S O W », « d e l a t t r e »)."""
    runs: list[tuple[int, int, str]] = []
    start = None  # where the current run of single letters began
    for index, token in enumerate(tokens):
        single = len(token.text) == 1
        if single and start is not None and document.gap(tokens[index - 1], token) == " ":
            continue
        if start is not None and index - start >= 2:
            runs.append((start, index, _letters(tokens[start:index])))
        start = index if single else None
    if start is not None and len(tokens) - start >= 2:
        runs.append((start, len(tokens), _letters(tokens[start:])))
    return runs


def _pair_heard(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    index: int,
    names: set[str],
    scores: dict[int, float],
) -> bool:
    """Two words that together spell a found name: exactly, nearly (« haute cœur »), or a
    particle and a word in no dictionary nearly like it (« el amraoui » for « el amrani »).
    Two words of the dictionary only right after the name or before « en deux mots »
    (« le jeune a une déficience » is no « Lejeune »)."""
    if index + 1 >= len(tokens) or document.gap(tokens[index], tokens[index + 1]) != " ":
        return False
    first, second = tokens[index], tokens[index + 1]
    pair = _key_letters(first.key) + _key_letters(second.key)
    if len(pair) < 5 or (first.key not in PARTICLES and _key_letters(first.key) in names):
        return False
    if pair in names and pair != _key_letters(second.key):  # « ben ali » for « Benali »
        if index + 1 in scores and first.key in PREPOSITIONS:
            return False  # « le courrier de Smet »: the preposition before the name found
        if lex.is_french_word(first.key) and lex.is_french_word(second.key):
            return index - 1 in scores or bool(SPELLING_AFTER.match(document.folded, second.end))
        return True
    if index + 1 in scores or len(pair) < 6:
        return False  # « de Volailles »: the name itself after a small word
    if first.key in PARTICLES and lex.looks_like_a_name(second.text):
        return _alike(pair, names, ALIKE)  # « el amraoui »
    said_apart = SPELLING_AFTER.match(document.folded, second.end)
    return bool(said_apart) and _alike(pair, names, 0.9)  # « haute cœur en deux mots »


def _alike(letters: str, names: set[str], threshold: float) -> bool:
    """Whether ``letters`` are at least ``threshold`` alike a found name (difflib's ratio),
    the cheap bounds first: lengths too far apart never are."""
    counts = _letter_counts(letters)
    for name in names:
        total = len(name) + len(letters)
        if len(name) < 4 or 2 * min(len(name), len(letters)) < threshold * total:
            continue  # difflib's real_quick_ratio
        common = sum((counts & _letter_counts(name)).values())
        if 2 * common < threshold * total:
            continue  # its quick_ratio: the letters in common, in any order
        if SequenceMatcher(None, letters, name).ratio() >= threshold:
            return True
    return False


@lru_cache(maxsize=65536)
def _letter_counts(letters: str) -> Counter[str]:
    return Counter(letters)


def _heard(lex: Lexicons, token: Token, names: set[str]) -> bool:
    """A word in no dictionary whose letters are nearly those of a found name."""
    key = token.key
    if len(key) < 4 or key in NEVER_SURNAMES or not lex.looks_like_a_name(token.text):
        return False
    if key in lex.gazetteer:
        return False
    return _alike(_letters([token]), names, ALIKE)
