"""Two given names coordinated before what only people do: « olive et blanche vont commencer
en titres-services », « Rose et Victoire veulent faire une formation ».

Given names that are also words (« olive », « blanche », « rose ») are names beside a personal
clue; two of them joined by « et », opening a clause, as the subject of a verb only people are
the subject of (« vont commencer », « veulent », « travaillent »), are two people: colours,
fruits or virtues do not go to work. Verbs things share (« sont », « ont ») are not enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.text import Document, fold_key

# On the folded text: the start of a clause, two words joined by « et », a verb of people.
COORDINATED = re.compile(
    r"(?:^|[.!?:;\n(]\s*|,\s*|\b(?:mais|donc|alors|puis|bjr|slt|bonjour|hello|coucou)\s+)"
    r"(?P<first>[a-z][a-z'-]{2,})\s+et\s+(?P<second>[a-z][a-z'-]{2,})\s+(?:ne\s+|n')?"
    r"(?:vont|veulent|voudraient|doivent|travaillent|bossent|habitent|vivent|viennent|"
    r"cherchent|commencent|arrivent|attendent|partent|refusent|demandent|souhaitent|"
    r"pourront|peuvent|touchent|galerent)\b"
)


class CoordinatedNamesRecognizer:
    name = "coordinated_names"
    entity_type = PERSON

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        for match in COORDINATED.finditer(document.folded):
            first, second = match.span("first"), match.span("second")
            written = [document.text[slice(*first)], document.text[slice(*second)]]
            if written[0].islower() != written[1].islower():
                continue  # one of them typed otherwise: not a pair of names
            if all(self._given_name(word) for word in written):
                yield Entity(PERSON, *first, 0.8, self.name)
                yield Entity(PERSON, *second, 0.8, self.name)

    def _given_name(self, word: str) -> bool:
        key = fold_key(word)
        lex = self.lex
        return lex.is_given_name(key) and key not in lex.institutions and key not in lex.titles
