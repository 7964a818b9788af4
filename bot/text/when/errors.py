"""The one error the date parser raises: a catalogue key and its parameters, never a sentence."""

from __future__ import annotations

from typing import Any

from bot.framework.catalogue import catalogue
from bot.matrix.formatting import Message


class WhenError(ValueError):
    """A "when" phrase that cannot become a session date.

    ``key`` names a message in the ``dates`` catalogue (e.g. ``dates.error.missing_time``) whose
    text says what was expected, with examples; ``params`` fill its placeholders.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, Any] = params

    def message(self, language: str = "fr") -> Message:
        """The user-facing message, ready to send."""
        return catalogue(language).render(self.key, **self.params)

    def text(self, language: str = "fr") -> str:
        return catalogue(language).text(self.key, **self.params)

    def __repr__(self) -> str:
        return f"WhenError({self.key!r}, {self.params!r})"
