"""Query expansion: everyday words professionals type, and the keywords of the themes.

A query is expanded with related terms, weighted below the words actually typed, so that
"boulot" finds the entries that say "emploi" without outranking those that say "boulot".
Entries are matched on terms, so keys and expansions go through the same analyser as texts;
a key can be several words ("titre de séjour"), matched as consecutive terms of the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from config import LEXICONS_DIR
from config.yaml_files import load_yaml
from storage.search.text import fold, terms

DEFAULT_LEXICON = LEXICONS_DIR / "synonyms.yaml"


@dataclass(frozen=True)
class Lexicon:
    """Phrases (as tuples of terms) mapped to the terms they expand to."""

    expansions: Mapping[tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Iterable[str]]) -> Lexicon:
        expansions: dict[tuple[str, ...], set[str]] = {}
        for phrase, related in mapping.items():
            key = tuple(terms(phrase))
            if not key:
                continue
            bucket = expansions.setdefault(key, set())
            for text in related:
                bucket.update(terms(text))
            bucket.difference_update(key)
        return cls({key: frozenset(values) for key, values in expansions.items() if values})

    @property
    def longest(self) -> int:
        return max((len(key) for key in self.expansions), default=0)

    def expand(self, query_terms: Sequence[str]) -> set[str]:
        """Every term the phrases found in ``query_terms`` expand to."""
        found: set[str] = set()
        longest = self.longest
        for start in range(len(query_terms)):
            for size in range(1, min(longest, len(query_terms) - start) + 1):
                related = self.expansions.get(tuple(query_terms[start : start + size]))
                if related:
                    found |= related
        return found


def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read a lexicon file: a mapping of everyday words to lists of canonical terms.

    Each entry works one way (the key brings its canonical terms); a ``groups`` list of
    lists declares words that are fully interchangeable.
    """
    with path.open(encoding="utf-8") as fh:
        data = load_yaml(fh) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of words to lists of terms")
    mapping: dict[str, list[str]] = {}
    for group in data.pop("groups", None) or []:
        for word in group:
            mapping.setdefault(str(word), []).extend(str(other) for other in group)
    for word, related in (data.get("synonyms") or {}).items():
        if isinstance(related, str):
            related = [related]
        if not isinstance(related, list):
            raise ValueError(f"{path}: {word!r} must map to a list of terms")
        mapping.setdefault(str(word), []).extend(str(term) for term in related)
    return Lexicon.from_mapping(mapping)


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon()


@dataclass(frozen=True)
class ThemeKeywords:
    """The themes' keywords, analysed: detecting a theme in a query and expanding it.

    A query naming one keyword of a theme brings the theme's other keywords (weakly) and
    favours the documents tagged with that theme.
    """

    phrases: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, keywords: Mapping[str, Iterable[str]] | None) -> ThemeKeywords:
        phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
        for slug, words in (keywords or {}).items():
            analysed = {tuple(terms(word)) for word in [slug.replace("-", " "), *words]}
            phrases[slug] = tuple(sorted(key for key in analysed if key))
        return cls(phrases)

    def detect(self, query_terms: Sequence[str]) -> list[str]:
        """The themes one of whose keywords appears in the query, as consecutive terms."""
        found = []
        for slug, keys in self.phrases.items():
            if any(_contains(query_terms, key) for key in keys):
                found.append(slug)
        return found

    def keywords(self, slug: str) -> set[str]:
        return {term for key in self.phrases.get(slug, ()) for term in key}


def _contains(haystack: Sequence[str], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(tuple(haystack[i : i + size]) == needle for i in range(len(haystack) - size + 1))


def theme_tag(slug: str) -> str:
    """The term that marks a document as belonging to a theme (letters and digits only)."""
    return "zzt" + "".join(ch for ch in fold(slug) if ch.isalnum())
