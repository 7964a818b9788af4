"""A name the writer says is a name, in a bracket right after it: « Florence Namur (oui c'est
son nom de famille) », « un certain victor hugo (si si c son vrai nom) », « M. de Ville (oui
c'est son nom, avec le 'de') ».

Such a bracket is written exactly when the name looks like something else — a town, a word, a
famous person — so what stands before it is a name whatever the lexicons say of it: the words
right before the bracket that can be a name (a capital, a given name, a word no dictionary
knows, a particle inside them), back to the first that cannot. « C'est le nom du produit »,
« de la résidence » name a thing, and stay. So is a nickname corrected by a given name after
« enfin » (« Ben, enfin Benjamin Dufour »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.recognizers.name_cues import NAME_PARTICLES
from bot.text.anonymiser.text import Document, Token, fold_key

# On the folded text: the bracket that says the words before it are someone's name.
SAID_TO_BE_A_NAME = re.compile(
    r"\(\s*(?:(?:oui|ouais|si(?:\s+si)?)\s*,?\s*)?c(?:'est|\s+est)?\s+(?:bien\s+)?"
    r"(?:son|mon|le)\s+(?:vrai\s+)?(?:nom|prenom)\b(?!\s+(?:du|des|d'|de\s+(?!famille)))"
)
MAX_WORDS = 3
# A nickname corrected by the name it stands for: « Ben, enfin Benjamin Dufour, a 23 ans »,
# « c'est titi, enfin Thierry ».
CORRECTED = re.compile(r"(?<![\w'-])(?P<nick>[\w'-]{2,})\s*,\s*enfin\s+(?P<full>[\w'-]{2,})")


class SaidNameRecognizer:
    name = "said_name"
    entity_type = PERSON

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        tokens = document.tokens
        ends = {token.end: index for index, token in enumerate(tokens)}
        for match in SAID_TO_BE_A_NAME.finditer(document.folded):
            before = document.text[: match.start()]
            last = ends.get(len(before.rstrip()))
            if last is None:
                continue
            named = self._named(document, tokens, last)
            if named:
                yield Entity(PERSON, tokens[named[0]].start, tokens[last].end, 0.85, self.name)
        for match in CORRECTED.finditer(document.text):
            nick, full = match.group("nick"), match.group("full")
            short = fold_key(nick)
            if self.lex.is_given_name(fold_key(full)) and (
                self.lex.is_given_name(short) or not self.lex.is_french_word(short)
            ):
                yield Entity(PERSON, match.start("nick"), match.end("nick"), 0.8, self.name)

    def _named(self, document: Document, tokens: list[Token], last: int) -> list[int]:
        """The positions of the name's words, ending at ``last``; none when the word right
        before the bracket cannot be a name."""
        named: list[int] = []
        for index in range(last, max(-1, last - MAX_WORDS), -1):
            token = tokens[index]
            if named and document.gap(token, tokens[index + 1]) not in {" ", "-"}:
                break
            if named and token.key in NAME_PARTICLES:
                named.insert(0, index)  # « de Ville »
                continue
            if not self._can_be_a_name(token):
                break
            named.insert(0, index)
        while named and tokens[named[0]].key in NAME_PARTICLES and not tokens[named[0]].is_title:
            named.pop(0)  # a lower-case particle opens no name (« vit de Namur »)
        return named

    def _can_be_a_name(self, token: Token) -> bool:
        lex = self.lex
        if token.key in lex.titles or len(token.key) < 2:
            return False
        return (
            token.is_title
            or token.is_upper
            or lex.is_given_name(token.key)
            or (not lex.is_french_word(token.key))
        )
