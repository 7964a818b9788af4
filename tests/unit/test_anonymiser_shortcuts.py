"""The anonymiser's shortcuts give the answers of the slow forms they replace.

Each shortcut exists for speed only (`bench/anonymiser.py`): a trie instead of a long
alternation, a plain `in` before a costly regular expression, difflib's bounds computed from
letter counts. Here each is checked against the slow form on the windows of real requests and
on cases made to tell them apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from bot.text.anonymiser.evaluation import load_cases
from bot.text.anonymiser.lexicons import _phrase_pattern
from bot.text.anonymiser.recognizers.name_brackets import _NICKNAMED_CUE
from bot.text.anonymiser.recognizers.name_chat import MESSAGE_FROM_BEFORE, _from_someone
from bot.text.anonymiser.recognizers.name_cues import (
    FAMILY_CUE,
    NAMING,
    NAMING_CUE,
    SOMEONE_NAMED_CUE,
)
from bot.text.anonymiser.recognizers.name_spoken import _alike, _letter_runs
from bot.text.anonymiser.text import Document

DATA = Path(__file__).resolve().parent.parent / "data"


def _windows(size: int = 40) -> list[str]:
    """The window before every word of two development sets, as the name rules read it."""
    windows = []
    for name in ("pii_dev.jsonl", "pii_dev35.jsonl"):
        for case in load_cases(DATA / name):
            document = Document(case.text)
            windows += [document.window_before(token.start, size) for token in document.tokens]
    return windows


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """The form the trie replaces: every phrase of several words, longest first, a hyphen
    read as a space."""
    multi = [p.replace("-", " ") for p in phrases if any(c in p for c in " '+&")]
    ordered = sorted(multi, key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


PHRASES = [
    "rue de la paix",
    "rue de la",
    "rue du moulin",
    "l'a-b",
    "l'a b c",
    "saint-jean",
    "saint jean baptiste",
    "marks & spencer",
    "l'ecole jean jaures",
    "croix-rouge de belgique",
    "croix rouge",
]
TEXTS = [
    "il habite rue de la paix, rue de la gare et rue du moulin",
    "l'a-b c puis l'a-b seul, l'a b c",
    "à saint-jean baptiste ou à saint-jean",
    "chez marks & spencer, l'ecole jean-jaures",
    "la croix-rouge de belgique et la croix rouge, croix-rouge-x",
    "la croix rouge de belgique, la croix-rouge-de-belgique",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_phrase_trie_finds_what_the_longest_first_alternation_finds(text: str) -> None:
    trie = _phrase_pattern(frozenset(PHRASES))
    spans = [match.span() for match in trie.finditer(text)]
    assert spans == [match.span() for match in _alternation(PHRASES).finditer(text)]
    assert spans  # (every text holds at least one phrase)


NAMING_CUES = [
    "une jeune qui s'appelle ",
    "elle s appelle ",
    "prenommee ",
    "nom : ",
    "fiche : nom ",
    "son vrai nom c'est ",
    "pseudo ",
    "je m'appelle « ",
    "un stagiaire surnomme ",
]


def test_the_naming_cue_answers_as_the_naming_pattern_does() -> None:
    windows = _windows()
    for window in windows + NAMING_CUES:
        assert NAMING_CUE.ends(window) == (NAMING.search(window) is not None), window
    assert all(NAMING_CUE.ends(cue) for cue in NAMING_CUES)
    assert any(NAMING_CUE.ends(window) for window in windows)


@pytest.mark.parametrize(
    ("shortcut", "pattern", "cues"),
    [
        (
            SOMEONE_NAMED_CUE.ends,
            SOMEONE_NAMED_CUE.pattern,
            [
                "un certain ",
                "une certaine « ",
                "il se fait appeler ",
                "qu'on surnomme ",
                "la nommee ",
            ],
        ),
        (FAMILY_CUE.ends, FAMILY_CUE.pattern, ["la famille ", "chez la famille  "]),
        (
            _NICKNAMED_CUE.ends,
            _NICKNAMED_CUE.pattern,
            ["tout le monde l'appelle ", "qu'on appelle « ", "ils l'appellent "],
        ),
        (
            _from_someone,
            MESSAGE_FROM_BEFORE,
            ["un mail de ", "un coup de fil d'", "de la part de  "],
        ),
    ],
)
def test_the_cue_shortcuts_answer_as_their_patterns_do(
    shortcut: Callable[[str], bool], pattern: re.Pattern[str], cues: list[str]
) -> None:
    for window in _windows() + cues:
        assert shortcut(window) == (pattern.search(window) is not None), window
    assert all(shortcut(cue) for cue in cues)


@pytest.mark.parametrize(
    ("letters", "names"),
    [
        ("amraoui", {"amrani"}),
        ("dassilva", {"dasilva", "martin"}),
        ("vercruyce", {"vercruysse"}),
        ("martin", {"nitram"}),  # the same letters in another order: quick ratio 1, ratio not
        ("hautecoeur", {"hautecoeur"}),
        ("abcd", {"wxyz", "abce"}),
    ],
)
def test_alike_is_difflibs_ratio_with_its_bounds(letters: str, names: set[str]) -> None:
    def slow(threshold: float) -> bool:
        return any(
            len(name) >= 4 and SequenceMatcher(None, letters, name).ratio() >= threshold
            for name in names
        )

    for threshold in (0.8, 0.9):
        assert _alike(letters, names, threshold) == slow(threshold)


def test_letter_runs_are_single_letters_one_space_apart() -> None:
    document = Document("Ba B A puis d e l a t t r e, x  y z et S O W")
    runs = _letter_runs(document, document.tokens)
    assert [letters for _, _, letters in runs] == ["ba", "delattre", "yz", "sow"]
    assert [(start, end) for start, end, _ in runs] == [(1, 3), (4, 12), (13, 15), (16, 19)]
