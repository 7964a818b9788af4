"""A person written again by their initials: « Jean-Marc Goossens … J-M refuse de porter son
masque », « Kevin Dupont … K.D. souhaite un contrat d'apprentissage ».

The initials alone are letters any acronym could be; beside the full name in the same text they
are that person. Only the initials of a name written in full in the text count: those of a
compound given name (« Jean-Marc »: « J-M », « JM », « J.-M. », « J.M. ») and those of a given
name and the capitalised word after it, with their full stops (« K.D. », « K. D. »), never an
institution's acronym.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.text import Document, fold_key

_CAPITALISED = re.compile(r"(?<![\w-])([A-ZÀ-Ý][a-zà-ÿ]+)(?:-([A-ZÀ-Ý][a-zà-ÿ]+))?(?![\w-])")


class InitialsRecognizer:
    name = "initials"
    entity_type = PERSON

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        text = document.text
        for one, other, compound in sorted(self._initials(text)):
            first, second = re.escape(one), re.escape(other)
            shapes = rf"{first}\.\s?{second}\."
            if compound:
                shapes += rf"|{first}\.?\s?-\s?{second}\.?|{first}{second}"
            for match in re.finditer(rf"(?<![\w.-])(?:{shapes})(?![\w-])", text):
                if fold_key(match.group().replace(".", "")) not in self.lex.institutions:
                    yield Entity(PERSON, match.start(), match.end(), 0.8, self.name)

    def _initials(self, text: str) -> set[tuple[str, str, bool]]:
        """The initials of the full names written in ``text``, and whether they are those of a
        compound given name."""
        found: set[tuple[str, str, bool]] = set()
        for match in _CAPITALISED.finditer(text):
            first, second = match.group(1), match.group(2)
            if second is not None:
                if self.lex.is_given_name(fold_key(first)) and self.lex.is_given_name(
                    fold_key(second)
                ):
                    found.add((first[0], second[0], True))  # « Jean-Marc »
                continue
            following = _CAPITALISED.match(text, match.end() + 1)
            if (
                following is not None
                and text[match.end()] == " "
                and self.lex.is_given_name(fold_key(first))
                and not self.lex.is_french_word(fold_key(following.group(1)))
            ):
                found.add((first[0], following.group(1)[0], False))  # « Kevin Dupont »
        return found
