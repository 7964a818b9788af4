"""Detecting the themes of a situation from the layout's keywords and the everyday lexicon.

The same analysis as search (storage/search/text.py): accents, case, plurals and stems do not
matter, and everyday words ("appart", "boulot") count through the lexicon. Unlike search, a
theme is a routing decision (a request reaches a theme's specialist room), so a theme is kept
only on enough evidence, weighed:

- a keyword of several words ("permis de conduire") weighs more than a single word, and claims
  its words: "permis unique" is evidence for foreigners' rights, not for mobility;
- a word professionals use in many senses ("formation", "jeu", "statut", "santé") weighs less,
  and so does a keyword shared by several themes;
- a word actually typed weighs more than a term the lexicon adds;
- distinct keywords count more than one keyword repeated;
- placeholders left by the anonymiser ("[TÉLÉPHONE]") are no evidence at all.

The top theme is kept above an absolute score, the others only when close to it and confident.
A theme is *confident* on a higher score, or when it is the top theme and no other comes close;
only confident themes route requests to specialist rooms (``routed_themes``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from config import LEXICONS_DIR
from config.layout import Layout
from storage.search.lexicon import Lexicon, default_lexicon
from storage.search.text import Token, terms, tokens

#: What the anonymiser puts in place of personal data, and the like ("[EMPLOYEUR]").
PLACEHOLDER = re.compile(r"\[[A-ZÀ-ÖØ-Ý][A-ZÀ-ÖØ-Ý0-9 _'-]*\]")

#: Which words count less, and which phrases count for nothing.
EVIDENCE = LEXICONS_DIR / "theme_evidence.yaml"

#: What one keyword typed weighs, and a keyword of several words.
TYPED_SINGLE = 1.0
TYPED_PHRASE = 1.6
#: What a word of many senses weighs, relative to a plain one.
AMBIGUOUS_FACTOR = 0.35
#: What a keyword brought by the lexicon weighs, relative to the same keyword typed.
EXPANDED_FACTOR = 0.5
#: What each repetition of a keyword adds, relative to its first occurrence, and how many count.
REPEAT_BONUS = 0.25
MAX_REPEATS = 2
#: The most that words of many senses add to a theme, all together.
WEAK_CAP = 0.7
#: The least score a theme needs to be kept at all: one plain keyword.
MIN_SCORE = 0.9
#: The share of the top theme's score another theme needs to be kept beside it.
RELATIVE = 0.82
#: The score from which a theme is sure enough to route a request to a specialist room, or to
#: be kept beside the top theme.
CONFIDENT_SCORE = 1.2
#: A top theme is confident below that score too when no other theme comes close to it.
UNCONTESTED = 0.4
#: How many recent texts' weighing a detector remembers: a request is weighed for its preview
#: and again when it is sent, and the second time costs nothing.
REMEMBERED = 64


@dataclass(frozen=True)
class Evidence:
    """Analysed words that count less (``ambiguous``) and phrases that count for nothing."""

    ambiguous: frozenset[tuple[str, ...]] = frozenset()
    neutral: frozenset[tuple[str, ...]] = frozenset()
    capitals: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = EVIDENCE) -> Evidence:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        capitals = frozenset(term for word in data.get("capitals") or [] for term in terms(word))
        return cls(_analysed(data.get("ambiguous")), _analysed(data.get("neutral")), capitals)


def _analysed(words: Iterable[object] | None) -> frozenset[tuple[str, ...]]:
    return frozenset(key for word in words or [] if (key := tuple(terms(str(word)))))


@cache
def default_evidence() -> Evidence:
    return Evidence.load()


@dataclass(frozen=True, slots=True)
class ThemeMatch:
    """A theme found in a text, with the weight of its evidence."""

    slug: str
    score: float
    confident: bool


#: Each theme's score in a text, and where its first keyword typed is.
Weighing = tuple[dict[str, float], dict[str, int]]


@dataclass(frozen=True)
class ThemeDetector:
    """The layout's keywords analysed once: phrase → weight for each theme it names."""

    phrases: Mapping[tuple[str, ...], Mapping[str, float]]
    ambiguous: frozenset[tuple[str, ...]]
    capitals: frozenset[str]
    order: Mapping[str, int]
    lexicon: Lexicon
    by_term: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Recent weighings by the text's digest (the text itself is not kept).
    _recent: dict[bytes, Weighing] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        keywords: Mapping[str, Iterable[str]],
        lexicon: Lexicon | None = None,
        evidence: Evidence | None = None,
    ) -> ThemeDetector:
        evidence = evidence if evidence is not None else default_evidence()
        owners, ambiguous = _owners(keywords, evidence.ambiguous)
        phrases: dict[tuple[str, ...], dict[str, float]] = {}
        for key, slugs in owners.items():
            weight = TYPED_PHRASE if len(key) > 1 else TYPED_SINGLE
            if key in ambiguous:
                weight *= AMBIGUOUS_FACTOR
            phrases[key] = {slug: weight / len(slugs) for slug in slugs}
        for key in evidence.neutral:
            phrases.setdefault(key, {})
        by_term: dict[str, list[tuple[str, ...]]] = {}
        for key in phrases:
            for term in set(key):
                by_term.setdefault(term, []).append(key)
        return cls(
            phrases,
            ambiguous,
            evidence.capitals,
            {slug: index for index, slug in enumerate(keywords)},
            lexicon if lexicon is not None else default_lexicon(),
            {term: tuple(keys) for term, keys in by_term.items()},
        )

    def scores(self, text: str) -> dict[str, float]:
        """Each theme's evidence in ``text`` (themes without any are left out)."""
        return dict(self._weigh(text)[0])

    def _weigh(self, text: str) -> Weighing:
        """Each theme's score, and where its first keyword typed is (to break ties); the
        caller must not change them (they are remembered)."""
        digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        weighing = self._recent.pop(digest, None) or self._weigh_anew(text)
        self._recent[digest] = weighing  # the newest last: the oldest leaves first
        if len(self._recent) > REMEMBERED:
            del self._recent[next(iter(self._recent))]
        return weighing

    def _weigh_anew(self, text: str) -> Weighing:
        """The weighing itself (`_weigh` remembers it)."""
        found: list[str] = []
        for part in PLACEHOLDER.split(text):
            found += [*self._terms(part), ""]  # "" keeps phrases from spanning a placeholder
        typed = self._typed(found)
        plain: dict[str, float] = {}
        weak: dict[str, float] = {}
        first: dict[str, int] = {}
        for (slug, key), starts in typed.items():
            first[slug] = min(first.get(slug, starts[0]), starts[0])
            repeats = min(len(starts) - 1, MAX_REPEATS)
            weight = self.phrases[key][slug] * (1 + REPEAT_BONUS * repeats)
            bucket = weak if key in self.ambiguous else plain
            bucket[slug] = bucket.get(slug, 0.0) + weight
        for (slug, source), weight in self._expanded(found, typed).items():
            bucket = weak if source in self.ambiguous else plain
            bucket[slug] = bucket.get(slug, 0.0) + weight
        # Words of many senses add up to little however many there are: "contrat", "travail"
        # and "article 60" in one request do not make it about employment.
        scores = {
            slug: plain.get(slug, 0.0) + min(weak.get(slug, 0.0), WEAK_CAP)
            for slug in plain.keys() | weak.keys()
        }
        return {slug: score for slug, score in scores.items() if score > 0}, first

    def detect(self, text: str, limit: int = 3) -> list[ThemeMatch]:
        """The themes kept for ``text``, strongest first (at most ``limit``)."""
        scores, first = self._weigh(text)
        # On a tie, the theme named first: requests say what they are about first.
        ranked = sorted(
            scores, key=lambda s: (-round(scores[s], 6), first.get(s, len(text)), self.order[s])
        )
        if not ranked or scores[ranked[0]] < MIN_SCORE:
            return []
        top = scores[ranked[0]]
        # Another theme beside the top one must be confident: one word in passing is not enough.
        floor = max(CONFIDENT_SCORE, RELATIVE * top)
        kept = [ranked[0], *(s for s in ranked[1:] if scores[s] >= floor)][:limit]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        uncontested = runner_up <= UNCONTESTED * top

        def confident(slug: str) -> bool:
            return scores[slug] >= CONFIDENT_SCORE or (slug == ranked[0] and uncontested)

        return [ThemeMatch(s, round(scores[s], 3), confident(s)) for s in kept]

    def _terms(self, text: str) -> list[str]:
        """The text's terms; an acronym that is also a word ("CAF", "café") only in capitals."""
        if not self.capitals:
            return terms(text)
        return [
            "" if token.term in self.capitals and not _in_capitals(text, token) else token.term
            for token in tokens(text)
        ]

    def _typed(self, found: Sequence[str]) -> dict[tuple[str, tuple[str, ...]], list[int]]:
        """(theme, keyword) → where it occurs, longest phrases first, each word claimed once."""
        longest = max((len(key) for key in self.phrases), default=0)
        hits: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        start = 0
        while start < len(found):
            for size in range(min(longest, len(found) - start), 0, -1):
                key = tuple(found[start : start + size])
                owners = self.phrases.get(key)
                if owners is not None:
                    for slug in owners:
                        hits.setdefault((slug, key), []).append(start)
                    start += size
                    break
            else:
                start += 1
        return hits

    def _expanded(
        self, found: Sequence[str], typed: Mapping[tuple[str, tuple[str, ...]], list[int]]
    ) -> dict[tuple[str, tuple[str, ...]], float]:
        """(theme, lexicon phrase typed) → the best weight its expansions give the theme.

        A phrase typed counts once per theme however often it is repeated, and not for a theme
        it is already a keyword of. It brings the most specific keywords it expands to:
        "suicidaire" brings "santé mentale", not also "santé".
        """
        direct = {(slug, key) for slug, key in typed}
        longest = self.lexicon.longest
        best: dict[tuple[str, tuple[str, ...]], float] = {}
        for start in range(len(found)):
            for size in range(1, min(longest, len(found) - start) + 1):
                source = tuple(found[start : start + size])
                related = self.lexicon.expansions.get(source)
                if not related or any(key[1] == source for key in best):
                    continue
                factor = EXPANDED_FACTOR * (AMBIGUOUS_FACTOR if source in self.ambiguous else 1)
                candidates = {key for term in related for key in self.by_term.get(term, ())}
                matched = [key for key in candidates if set(key) <= related]
                for key in matched:
                    if any(set(key) < set(other) for other in matched):
                        continue
                    for slug, weight in self.phrases[key].items():
                        if (slug, source) in direct:
                            continue
                        value = weight * factor
                        if value > best.get((slug, source), 0.0):
                            best[(slug, source)] = value
        return best


def _owners(
    keywords: Mapping[str, Iterable[str]], ambiguous: frozenset[tuple[str, ...]]
) -> tuple[dict[tuple[str, ...], set[str]], frozenset[tuple[str, ...]]]:
    """Each analysed keyword's themes, and the ambiguous keywords including the layout's own."""
    owners: dict[tuple[str, ...], set[str]] = {}
    collapsed: set[tuple[str, ...]] = set()
    single: set[tuple[str, ...]] = set()
    for slug, words in keywords.items():
        for word in [slug.replace("-", " "), *words]:
            key = tuple(terms(word))
            if key:
                owners.setdefault(key, set()).add(slug)
            if len(key) == 1:
                # "sans papiers" is left with "papiers": the word that made it specific is gone
                several = len(re.findall(r"\w+", word)) > 1
                (collapsed if several else single).add(key)
    weak = set(ambiguous) | (collapsed - single)
    # A word that is part of another theme's phrase has several senses in this layout
    # ("permis" for mobility, "permis unique" for foreigners' rights).
    in_phrases: dict[str, set[str]] = {}
    for key, slugs in owners.items():
        if len(key) > 1:
            for term in key:
                in_phrases.setdefault(term, set()).update(slugs)
    for key, slugs in owners.items():
        if len(key) == 1 and in_phrases.get(key[0], set()) - slugs:
            weak.add(key)
    return owners, frozenset(weak)


_detectors: dict[int, tuple[Layout, ThemeDetector]] = {}


def detector(layout: Layout) -> ThemeDetector:
    """The layout's detector, built once per layout object (layouts are immutable)."""
    cached = _detectors.get(id(layout))
    if cached is None or cached[0] is not layout:
        cached = (layout, ThemeDetector.build(layout.theme_signals()))
        _detectors[id(layout)] = cached
    return cached[1]


def theme_matches(text: str, layout: Layout, limit: int = 3) -> list[ThemeMatch]:
    """The layout's themes the text speaks of, with their scores, strongest first."""
    return detector(layout).detect(text, limit)


def detect_themes(text: str, layout: Layout, limit: int = 3) -> list[str]:
    """The layout's themes the text speaks of, strongest first (at most ``limit``)."""
    return [match.slug for match in theme_matches(text, layout, limit)]


def confident_themes(text: str, layout: Layout, limit: int = 3) -> list[str]:
    """The themes sure enough to route a request to their specialist rooms."""
    return [match.slug for match in theme_matches(text, layout, limit) if match.confident]


def _in_capitals(text: str, token: Token) -> bool:
    """Whether the token is written in capitals (or its position is unknown)."""
    return token.start == token.end or text[token.start : token.end].isupper()


def routed_themes(text: str, themes: Sequence[str], layout: Layout) -> list[str]:
    """The themes among ``themes`` whose specialist rooms a request about ``text`` may reach.

    Only confident themes route: a theme mentioned in passing is shown and stored with the
    request, but does not bring it to a room of specialists it has nothing to do with.
    """
    confident = {
        match.slug for match in theme_matches(text, layout, len(layout.themes)) if match.confident
    }
    return [slug for slug in themes if slug in confident]
