"""The best k documents without scoring every posting of every term (exact "max-score" pruning).

An expanded query has a few heavy terms (the words typed, their synonyms, a theme's tag) and
many light ones (a theme's keywords, at 0.15 each), and the light ones match a large share of
the collection. Each term's contribution to a document is bounded by its best posting, so:

1. the terms are taken in decreasing order of that bound and added to every document holding
   them, while the bounds of the terms left could still lift an unscored document above the
   k-th best score found so far;
2. after that, only documents whose score plus the bounds left can still reach the k-th best
   are candidates, and each remaining term is looked up in them alone (a binary search in its
   sorted posting rows), dropping candidates as the bounds left shrink.

A document's final score never exceeds its partial score plus the bounds of the terms not yet
added, and the k-th best partial score never exceeds the final k-th best, so no document of the
exhaustive top k (ties at the edge included) is ever dropped: the ranking is the same.
(Imported only once a copy is built: it needs numpy, which one-off commands never load.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Partial sums are added in another order than the final ones: a bound this much looser
# keeps a document whose score ties the k-th best to the last bit.
SLACK = 1e-9
# A binary search per candidate costs about as much as adding this many postings.
LOOKUP_COST = 4


@dataclass
class Term:
    """One query term on the copy: its posting rows (sorted), each posting's saturation
    ``f / (f + norm)`` and the factor ``weight × idf × (k1 + 1)`` that makes it a score."""

    rows: np.ndarray
    saturation: np.ndarray
    factor: float
    bound: float  # factor × the best saturation: no document gets more from this term


def top_rows(terms: list[Term], scores: np.ndarray, eligible: np.ndarray, limit: int) -> np.ndarray:
    """Rows of the ``limit`` best eligible documents (and those tying the last), unsorted.

    ``scores`` holds what was already added to every row (a theme's keywords); the terms are
    added to it, and on return it holds the full score of every row returned."""
    terms = sorted(terms, key=lambda term: -term.bound)
    left = [0.0] * (len(terms) + 1)  # left[i]: the bounds of terms i, i+1, …
    for position in range(len(terms) - 1, -1, -1):
        left[position] = left[position + 1] + terms[position].bound
    threshold = 0.0
    position = 0
    while position < len(terms) and left[position] >= threshold * (1 - SLACK):
        term = terms[position]
        scores[term.rows] += term.factor * term.saturation
        threshold = max(threshold, _kth(scores[term.rows][eligible[term.rows]], limit))
        position += 1
    floor = threshold * (1 - SLACK) - left[position]
    candidates = np.flatnonzero((scores > 0) & (scores >= floor) & eligible)
    partial = scores[candidates]
    for index in range(position, len(terms)):
        term = terms[index]
        if len(candidates) * LOOKUP_COST < len(term.rows):
            found = np.searchsorted(term.rows, candidates)
            found[found == len(term.rows)] = 0
            held = term.rows[found] == candidates
            partial[held] += term.factor * term.saturation[found[held]]
        else:  # more candidates than the term has postings: adding them all is cheaper
            scores[candidates] = partial
            scores[term.rows] += term.factor * term.saturation
            partial = scores[candidates]
        threshold = max(threshold, _kth(partial, limit))
        keep = partial >= threshold * (1 - SLACK) - left[index + 1]
        candidates, partial = candidates[keep], partial[keep]
    if len(candidates) > limit:
        keep = partial >= _kth(partial, limit)  # ties at the edge stay
        candidates, partial = candidates[keep], partial[keep]
    scores[candidates] = partial
    return candidates


def _kth(values: np.ndarray, k: int) -> float:
    """The k-th largest of ``values`` (0 when there are fewer: any score beats it)."""
    if len(values) < k:
        return 0.0
    return float(np.partition(values, len(values) - k)[len(values) - k])
