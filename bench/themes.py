"""Precision and recall of theme detection on a labelled set of help requests.

Each line of the set is ``{"text": ..., "themes": [slugs]}``: the themes a moderator would
route the request to (none for a message that is about no theme). Prints micro-averaged and
per-theme figures for the same-run baseline (the detector before issue 16), for every theme
detected and for the confident ones alone:

    python -m bench.themes [tests/data/themes_dev.jsonl] [--layout config/layouts/wallonie.yaml]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bot.text.themes import confident_themes, detect_themes
from config import LAYOUTS_DIR
from config.layout import Layout, load_layout
from storage.search.lexicon import ThemeKeywords, default_lexicon
from storage.search.text import terms

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT / "tests" / "data" / "themes_dev.jsonl"


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


@dataclass
class Evaluation:
    micro: Counts = field(default_factory=Counts)
    themes: dict[str, Counts] = field(default_factory=dict)
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"micro: precision {self.micro.precision:.1%}, recall {self.micro.recall:.1%} "
            f"(tp {self.micro.true_positive}, fp {self.micro.false_positive}, "
            f"fn {self.micro.false_negative})"
        ]
        for slug, counts in sorted(self.themes.items()):
            out.append(
                f"  {slug:<18} precision {counts.precision:6.1%}  recall {counts.recall:6.1%}"
                f"  (tp {counts.true_positive}, fp {counts.false_positive},"
                f" fn {counts.false_negative})"
            )
        return out


def load_cases(path: Path) -> list[tuple[str, list[str]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append((row["text"], list(row["themes"])))
    return cases


def evaluate(
    cases: Iterable[tuple[str, Sequence[str]]],
    detect: Callable[[str], Sequence[str]],
    slugs: Iterable[str],
) -> Evaluation:
    """Count, over every case, the themes found that were wanted and those that were not."""
    evaluation = Evaluation(themes={slug: Counts() for slug in slugs})
    for text, wanted in cases:
        found = set(detect(text))
        expected = set(wanted)
        if found != expected:
            evaluation.errors.append((text, sorted(expected), sorted(found)))
        for slug in found | expected:
            counts = evaluation.themes.setdefault(slug, Counts())
            for target in (counts, evaluation.micro):
                if slug in found and slug in expected:
                    target.true_positive += 1
                elif slug in found:
                    target.false_positive += 1
                else:
                    target.false_negative += 1
    return evaluation


def counting_detector(layout: Layout) -> Callable[[str], list[str]]:
    """The same-run baseline: the detector before issue 16 on the layout's search keywords
    (signals left out), which counts every keyword occurrence, typed or brought by the
    lexicon, and keeps the three most named."""
    keywords = ThemeKeywords.from_mapping(layout.theme_keywords())
    order = {theme.slug: index for index, theme in enumerate(layout.themes)}

    def detect(text: str) -> list[str]:
        found = terms(text)
        found += sorted(default_lexicon().expand(found))
        scores = {
            slug: hits
            for slug, phrases in keywords.phrases.items()
            if (hits := sum(_occurrences(found, phrase) for phrase in phrases))
        }
        return sorted(scores, key=lambda slug: (-scores[slug], order[slug]))[:3]

    return detect


def _occurrences(found: Sequence[str], phrase: tuple[str, ...]) -> int:
    size = len(phrase)
    return sum(1 for i in range(len(found) - size + 1) if tuple(found[i : i + size]) == phrase)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=DEV_SET)
    parser.add_argument("--layout", type=Path, default=LAYOUTS_DIR / "wallonie.yaml")
    parser.add_argument("--errors", action="store_true", help="print every wrongly tagged case")
    args = parser.parse_args(argv)
    layout = load_layout(args.layout)
    slugs = [theme.slug for theme in layout.themes]
    # A label the layout has no theme for cannot be found: the case counts without it.
    cases = [(text, [s for s in wanted if s in slugs]) for text, wanted in load_cases(args.cases)]
    limit = layout.policy.themes_per_request
    print(f"{len(cases)} cases from {args.cases}, layout {args.layout.name}")
    baseline = evaluate(cases, counting_detector(layout), slugs)
    print("baseline (keyword occurrences counted, top 3)")
    print("\n".join(baseline.lines()))
    detectors = {
        "detected themes": partial(detect_themes, layout=layout, limit=limit),
        "confident themes (the ones that route)": partial(
            confident_themes, layout=layout, limit=limit
        ),
    }
    for name, detect in detectors.items():
        evaluation = evaluate(cases, detect, slugs)
        print(name)
        print("\n".join(evaluation.lines()))
        if args.errors:
            for text, wanted, found in evaluation.errors:
                print(f"- wanted {wanted} found {found}: {text[:110]}")


if __name__ == "__main__":
    main()
