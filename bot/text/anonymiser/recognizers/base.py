"""What a recognizer is: something that finds one kind of personal data in a document.

Each recognizer declares the entity type it finds, the French context words that make a find more
likely (they raise its score), and, for identifiers, a validator (a checksum). Shapes that fail
validation are kept only when context words vouch for them, with a lower score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from bot.text.anonymiser.model import Entity
from bot.text.anonymiser.text import Document, fold_key


class Recognizer(Protocol):
    """Finds entities of one type in a document."""

    @property
    def name(self) -> str: ...

    @property
    def entity_type(self) -> str: ...

    def find(self, document: Document) -> Iterable[Entity]: ...


def context_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Regex matching any of ``words`` (folded) as whole words in folded text."""
    keys = sorted({fold_key(w) for w in words}, key=len, reverse=True)
    alternatives = "|".join(re.escape(k).replace(r"\ ", r"\s*") for k in keys)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def compact(value: str) -> str:
    """The identifier without its separators."""
    return re.sub(r"[\s.\-/]", "", value).upper()


@dataclass(frozen=True)
class PatternRecognizer:
    """A regex for the shape, a validator for the checksum, context words for the rest."""

    name: str
    entity_type: str
    pattern: re.Pattern[str]
    validator: Callable[[str], bool] | None = None
    context: re.Pattern[str] | None = None
    score: float = 0.95
    unvalidated_score: float | None = None
    context_boost: float = 0.05
    window: int = 60
    requires_context: bool = False

    def has_context(self, document: Document, start: int, end: int) -> bool:
        if self.context is None:
            return False
        around = document.window_before(start, self.window) + " " + document.window_after(end, 15)
        return bool(self.context.search(around))

    def find(self, document: Document) -> Iterator[Entity]:
        for match in self.pattern.finditer(document.text):
            group = "value" if "value" in self.pattern.groupindex else 0
            start, end = match.span(group)
            value = match.group(group)
            in_context = self.has_context(document, start, end)
            if self.requires_context and not in_context:
                continue
            if self.validator is None or self.validator(value):
                score = self.score
            elif in_context and self.unvalidated_score is not None:
                score = self.unvalidated_score
            else:
                continue
            if in_context:
                score = min(1.0, score + self.context_boost)
            yield Entity(self.entity_type, start, end, score, self.name)
