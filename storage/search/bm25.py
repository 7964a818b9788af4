"""The relevance model both backends implement: Okapi BM25 with weighted columns.

It is SQLite FTS5's ``bm25()`` exactly (k1 = 1.2, b = 0.75, idf floored at 1e-6, a term's
frequency summed over columns times the column's weight, the document length counted in terms
over all columns), so that PostgreSQL, which computes it in SQL, ranks like SQLite. Each
query term's contribution is then multiplied by the query weight of the term (typed word,
synonym, theme keyword).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6


@dataclass(frozen=True)
class ColumnWeights:
    """How much one occurrence counts in each column: a question outweighs its answer."""

    head: float = 1.5
    body: float = 1.0
    tags: float = 1.0


def idf(documents: int, containing: int) -> float:
    value = math.log((documents - containing + 0.5) / (containing + 0.5))
    return value if value > 0 else IDF_FLOOR


def term_score(frequency: float, length: int, average_length: float, idf_value: float) -> float:
    norm = K1 * (1 - B + B * length / average_length) if average_length else K1
    return idf_value * frequency * (K1 + 1) / (frequency + norm)


def ideal_score(query_weights: Mapping[str, float], idfs: Mapping[str, float]) -> float:
    """The score of a document of average length holding each query term once.

    Dividing by it turns a raw score into the share of the query a document answers, a
    figure that can be compared with a threshold whatever the length of the query.
    """
    return sum(weight * idfs.get(term, 0.0) for term, weight in query_weights.items())
