"""From what a user typed to weighted terms: the words themselves first, related words after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage.search.lexicon import Lexicon, ThemeKeywords, theme_tag
from storage.search.text import terms


@dataclass(frozen=True)
class QueryWeights:
    """How much each kind of term counts, relative to a word the user typed (1.0)."""

    typed: float = 1.0
    synonym: float = 0.6
    theme_keyword: float = 0.15
    theme_tag: float = 0.5


@dataclass(frozen=True)
class Query:
    """Weighted terms to look for; ``typed`` are the ones from the user's own words."""

    weights: Mapping[str, float]
    typed: frozenset[str]
    # Each detected theme's keywords and the weight they were offered at: the same few sets
    # recur across queries, so the in-memory ranking sums each set once per state of the index.
    groups: tuple[tuple[frozenset[str], float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.weights)

    def by_weight(self) -> dict[float, list[str]]:
        """Terms grouped by weight, each group sorted: one sub-query per group."""
        groups: dict[float, list[str]] = {}
        for term, weight in sorted(self.weights.items()):
            groups.setdefault(weight, []).append(term)
        return groups


def build_query(
    text: str,
    *,
    lexicon: Lexicon,
    themes: ThemeKeywords,
    weights: QueryWeights,
) -> Query:
    """Analyse ``text`` and expand it with the lexicon and the detected themes' keywords.

    A term keeps the highest weight it gets: a word typed by the user is never demoted
    because it is also a synonym of another.
    """
    typed = terms(text)
    result: dict[str, float] = {}

    def offer(term: str, weight: float) -> None:
        if weight > result.get(term, 0.0):
            result[term] = weight

    for term in typed:
        offer(term, weights.typed)
    for term in lexicon.expand(typed):
        offer(term, weights.synonym)
    groups = []
    for slug in themes.detect(typed):
        offer(theme_tag(slug), weights.theme_tag)
        keywords = themes.keywords(slug)
        for term in keywords:
            offer(term, weights.theme_keyword)
        if keywords and weights.theme_keyword > 0:
            groups.append((frozenset(keywords), weights.theme_keyword))
    kept = {term: weight for term, weight in result.items() if weight > 0}
    return Query(kept, frozenset(typed), tuple(groups))
