"""A business's sign typed in lower case in chat, between its trade word and its town: « elle
bosse chez paysagiste lemaire a dinant », « il bosse a la ferme du bois joli a ciney », « au bar
le celtic a dunkerque ».

Capitals are what usually tell a sign from ordinary words; in chat they are gone, and what is
left is the shape: a work phrase, then « chez », « au » or « à la », a trade word, a few words,
and « à » with a town. The words between the trade word and « à » are the sign's own name and
go; the trade word and the town stay. A chain, an institution or a town there stays too, and so
do words that only say where (« au bar du coin »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMPLOYER, Entity
from bot.text.anonymiser.recognizers.employer_cues import ESTABLISHMENTS, SECTORS, TRADES
from bot.text.anonymiser.text import Document, fold_key

# On the folded text: the opening word, the trade word, one to four words, « a » and the town.
CHAT_SIGN = re.compile(
    r"\b(?:chez|au|aux|a\s+la|a\s+l'|pour\s+(?:la|le|l'))\s*(?P<kind>[a-z][a-z-]+)\s+"
    r"(?P<name>(?:[a-z][a-z'-]*\s+){0,3}[a-z][a-z'-]*)\s+a\s+(?P<town>[a-z][a-z'-]+)"
)
WORK_BEFORE = re.compile(
    r"\b(?:boss\w*|travaill\w*|taf+\w*|stage|job|boulot|employ\w*|embauch\w*|mission\w*|cdi|cdd|"
    r"contrat|patron\w*|interim\w*)\b"
)
KINDS = TRADES | SECTORS | ESTABLISHMENTS
# Words that say where or which, not who: « au bar du coin », « à la ferme d'à côté ».
WHERE_WORDS = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "coin",
        "cote",
        "centre",
        "gare",
        "village",
        "quartier",
        "place",
        "rue",
        "bas",
        "haut",
        "grand",
        "petit",
        "nouveau",
        "nouvelle",
    ]
)


class ChatSignRecognizer:
    name = "chat_sign"
    entity_type = EMPLOYER

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        for match in CHAT_SIGN.finditer(document.folded):
            start, end = match.span("kind")[0], match.end("town")
            if not document.text[start:end].islower() or match.group("kind") not in KINDS:
                continue
            if not WORK_BEFORE.search(document.window_before(match.start(), 50)):
                continue
            if not self._town(match.group("town")) or not self._a_name(match.group("name")):
                continue
            yield Entity(EMPLOYER, match.start("name"), match.end("name"), 0.86, self.name)

    def _town(self, key: str) -> bool:
        return key in self.lex.gazetteer or key in self.lex.places

    def _a_name(self, name: str) -> bool:
        words = [fold_key(word) for word in name.replace("'", " ").split()]
        lex = self.lex
        if all(word in WHERE_WORDS for word in words):
            return False
        whole = " ".join(words)
        if whole in lex.chains or whole in lex.institutions or whole in lex.places:
            return False
        return not any(word in lex.institutions or word in lex.chains for word in words)
