"""The anonymiser: runs every recognizer, settles overlaps, writes typed placeholders."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import cache

from bot.text.anonymiser.address_parts import with_dwelling_parts
from bot.text.anonymiser.lexicons import Lexicons, default_lexicons
from bot.text.anonymiser.model import PLACEHOLDERS, AnonymisedText, Entity
from bot.text.anonymiser.recognizers import Recognizer, default_recognizers
from bot.text.anonymiser.resolve import resolve_overlaps, signs_with_names, whole_words
from bot.text.anonymiser.text import Document, normalise


class Anonymiser:
    """Removes personal data from a help request while keeping its social context."""

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self.recognizers = tuple(recognizers)

    @classmethod
    def default(cls) -> Anonymiser:
        """The shared anonymiser with the shipped lexicons (built once, then reused)."""
        return _default_anonymiser()

    @classmethod
    def from_lexicons(cls, lexicons: Lexicons) -> Anonymiser:
        return cls(default_recognizers(lexicons))

    def find(self, text: str) -> list[Entity]:
        """Entities of ``text``, non-overlapping, in text order.

        Offsets point into ``normalise(text)``, which is ``text`` itself for any text without
        format characters or compatibility forms (see :func:`normalise`).
        """
        return self._find(normalise(text))

    def _find(self, text: str) -> list[Entity]:
        document = Document(text)
        candidates = [
            entity for recognizer in self.recognizers for entity in recognizer.find(document)
        ]
        found = whole_words(text, resolve_overlaps(candidates, text))
        return with_dwelling_parts(text, signs_with_names(text, found))

    def anonymise(self, text: str) -> AnonymisedText:
        """The normalised text with every entity replaced by its placeholder.

        The result is built on the normalised text, so no invisible character that hid a name
        from the recognizers reaches a reader either.
        """
        text = normalise(text)
        entities = self._find(text)
        pieces: list[str] = []
        position = 0
        for entity in entities:
            pieces.append(text[position : entity.start])
            pieces.append(PLACEHOLDERS[entity.type])
            position = entity.end
        pieces.append(text[position:])
        return AnonymisedText("".join(pieces), entities, source=text)

    @classmethod
    async def warm_up(cls) -> None:
        """Build the shared anonymiser in a worker thread at start-up: reading the dictionary
        and the gazetteer takes a few hundred milliseconds, which the first request would
        otherwise wait for, and the event loop with it."""
        await asyncio.to_thread(lambda: cls.default().anonymise("Marie Dupont, Namur"))

    async def anonymise_in_thread(self, text: str) -> AnonymisedText:
        """`anonymise` in a worker thread: a 20 000-character request takes long enough to
        stall every other user if it ran on the event loop."""
        return await asyncio.to_thread(self.anonymise, text)


@cache
def _default_anonymiser() -> Anonymiser:
    return Anonymiser.from_lexicons(default_lexicons())
