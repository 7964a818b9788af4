"""How the anonymiser does on names it has never seen: every name of a set swapped (issue 12).

The labelled sets were written with names that the given-name lexicon mostly knows, so their
figures say little about the names of communities it does not list. Here every PERSON item's
words are replaced by invented names (syllables of several languages, checked to be in no
lexicon and no French dictionary), with their casing kept ("KOUASSI", "kouassi", "Kouassi"),
and the set is scored again. Same run, same seed: the figure beside each is the set as written.
A second figure swaps only the surnames (words that are no given name) for surnames that are
common French words ("Boulanger", "Petit"). Run: ``python -m bench.anonymiser_names [SEED]``.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from bench.anonymiser import SETS
from bot.text.anonymiser.evaluation import Case, evaluate, load_cases
from bot.text.anonymiser.lexicons import default_lexicons
from bot.text.anonymiser.text import fold_key

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
_ONSETS = "b d k l m n r s t v z g f h j p w y ts nd mb ng ch".split()  # noqa: SIM905
_VOWELS = "a e i o u ou ai".split()  # noqa: SIM905
# Surnames that are common French words, for the second figure.
_WORD_SURNAMES = (  # noqa: SIM905
    "Boulanger Meunier Mercier Marchand Boucher Lebrun Petit Grand Leroy Roux Blanc Fontaine "
    "Chevalier Berger Bonnet Moulin Rivière Legrand Fournier Masson Barbier Charpentier Lemaire "
    "Baron Prince Marin Renard Poisson Mouton"
).split()
_KEEP = {"de", "van", "der", "el", "ben", "le", "la", "du", "mme", "m", "mr", "madame", "monsieur"}


def invent(rng: random.Random) -> str:
    """A word of two to four syllables in no lexicon and no dictionary."""
    lex = default_lexicons()
    while True:
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.choice([2, 3, 3, 4]))
        )
        key = fold_key(word)
        if not (lex.is_french_word(key) or lex.is_given_name(key)):
            return word


def _whole(word: str) -> str:
    return rf"(?<!\w){re.escape(word)}(?!\w)"


def swapped(case: Case, rng: random.Random, *, word_surnames: bool = False) -> Case:
    """``case`` with each word of its PERSON items replaced, everywhere in the text; with
    ``word_surnames``, only the words that are no given name, by surnames that are words."""
    text, pii = case.text, list(case.pii)
    lex = default_lexicons()
    for position, (item, kind) in enumerate(zip(case.pii, case.types, strict=False)):
        if kind != "PERSON":
            continue
        for word in re.findall(r"[^\W\d_]+", item):
            if word.lower() in _KEEP or len(word) < 3:
                continue
            if word_surnames and lex.is_given_name(fold_key(word)):
                continue
            new = rng.choice(_WORD_SURNAMES).lower() if word_surnames else invent(rng)
            new = new.upper() if word.isupper() else new.capitalize() if word[0].isupper() else new
            pii[position] = re.sub(_whole(word), new, pii[position])
            text = re.sub(_whole(word), new, text)
    keep = [item for item in case.keep if re.search(_whole(item), text, re.IGNORECASE)]
    return Case(text, pii, keep, case.ids, case.types, case.kind)


def main() -> None:
    """``python -m bench.anonymiser_names [SEED]``: another seed invents other names."""
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
    for name in SETS:
        cases = [case for case in load_cases(DATA / name) if len(case.types) == len(case.pii)]
        if not cases:
            continue
        written, names_swapped = evaluate(cases), evaluate([swapped(c, rng) for c in cases])
        words = evaluate([swapped(c, rng, word_surnames=True) for c in cases])
        print(
            f"{name:<28} names swapped: PERSON removed {names_swapped.by_type.get('PERSON')}, "
            f"context kept {names_swapped.kept}  | surnames that are words: PERSON "
            f"{words.by_type.get('PERSON')}  | as written: PERSON "
            f"{written.by_type.get('PERSON')}, context {written.kept}"
        )


if __name__ == "__main__":
    main()
