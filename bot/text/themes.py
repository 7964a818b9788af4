"""Detecting the themes of a situation from the layout's keywords and the everyday lexicon.

The same analysis as search (storage/search/text.py): accents, case, plurals and stems do not
matter, and everyday words ("appart", "boulot") count through the lexicon.
"""

from __future__ import annotations

from config.layout import Layout
from storage.search.lexicon import ThemeKeywords, default_lexicon
from storage.search.text import terms

_analysed: dict[int, tuple[Layout, ThemeKeywords]] = {}


def _keywords(layout: Layout) -> ThemeKeywords:
    """The layout's keywords analysed once per layout object (layouts are immutable)."""
    cached = _analysed.get(id(layout))
    if cached is None or cached[0] is not layout:
        cached = (layout, ThemeKeywords.from_mapping(layout.theme_keywords()))
        _analysed[id(layout)] = cached
    return cached[1]


def detect_themes(text: str, layout: Layout, limit: int = 3) -> list[str]:
    """The layout's themes the text speaks of, most mentioned first (at most ``limit``)."""
    found = terms(text)
    expanded = found + sorted(default_lexicon().expand(found))
    keywords = _keywords(layout)
    scores: dict[str, int] = {}
    for slug, phrases in keywords.phrases.items():
        hits = sum(
            1
            for phrase in phrases
            for start in range(len(expanded) - len(phrase) + 1)
            if tuple(expanded[start : start + len(phrase)]) == phrase
        )
        if hits:
            scores[slug] = hits
    order = {theme.slug: index for index, theme in enumerate(layout.themes)}
    ranked = sorted(scores, key=lambda slug: (-scores[slug], order.get(slug, 0)))
    return ranked[:limit]
