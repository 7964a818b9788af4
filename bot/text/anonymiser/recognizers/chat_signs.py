"""A business's sign typed in lower case in chat, between its trade word and its town: « elle
bosse chez paysagiste lemaire a dinant », « il bosse a la ferme du bois joli a ciney », « au bar
le celtic a dunkerque ».

Capitals are what usually tell a sign from ordinary words; in chat they are gone, and what is
left is the shape: a work phrase, then « chez », « au » or « à la », a trade word, a few words,
and « à » with a town. The words between the trade word and « à » are the sign's own name and
go; the trade word and the town stay. A chain, an institution or a town there stays too, and so
do words that only say where (« au bar du coin »).

A family firm typed in lower case (« charpentier & fils ») goes whole. A sign made of « chez »
and a first name goes the same way, right after its trade word, in any case: « la pizzeria chez
tonio », « le garage Chez Marco », « lavage auto chez karim ».
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMPLOYER, Entity
from bot.text.anonymiser.recognizers.employer_cues import (
    ESTABLISHMENTS,
    SECTORS,
    SIGN_STOPS,
    TRADES,
    WHEN_WORDS,
)
from bot.text.anonymiser.text import Document, fold_key

# On the folded text: the opening word, the trade word, one to four words, « a » and the town.
# The opening word may be the customer's (« chez notre client hotel du beffroi a arras »), the
# sign's article (« le client, la creche les p'tits loups a lambersart ») or a comma (« son
# stage, fleuriste la rose d'or a liege »).
CHAT_SIGN = re.compile(
    r"(?:\b(?:chez(?:\s+(?:notre|leur|son|sa|un|une|le|la))?"
    r"(?:\s+(?:client|cliente|entreprise\s+utilisatrice))?|au|aux|a\s+la|a\s+l'|"
    r"pour\s+(?:la|le|l')|l'|la|le)|,)\s*(?P<kind>[a-z][a-z-]+)\s+"
    r"(?P<name>(?:[a-z][a-z'-]*\s+){0,3}[a-z][a-z'-]*)\s+a\s+(?P<town>[a-z][a-z'-]+)"
)
WORK_BEFORE = re.compile(
    r"\b(?:boss\w*|travaill\w*|taf+\w*|stage|job|boulot|employ\w*|embauch\w*|mission\w*|cdi|cdd|"
    r"contrat|patron\w*|interim\w*|pmsmp|immersion|client|cliente|entreprise\s+utilisatrice|"
    r"mise\s+a\s+dispo\w*)\b"
)
KINDS = TRADES | SECTORS | ESTABLISHMENTS
# « pizzeria chez tonio », « lavage auto chez karim »: the trade word, maybe one word more, then
# « chez » and the owner's name (folded text).
CHEZ_SIGN = re.compile(
    r"\b(?P<kind>[a-z][a-z-]+)(?:\s+(?P<more>[a-z][a-z-]+))?\s+"
    r"(?P<name>chez\s+(?P<who>[a-z][a-z'-]+))(?![\w'&-])"
)
CHEZ_KINDS = KINDS | {"lavage", "carwash", "car-wash", "pizzeria", "friterie", "snack"}
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


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match of ``pattern``, also those starting inside an earlier one (« le client, la
    creche les … a lambersart »: the comma's match is not the sign, the article's is)."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.start() + 1


# « charpentier & fils », « dupont & freres » typed in lower case: a family firm's whole name.
# (Never kin: « entre pere & fils ».)
FAMILY_FIRM = re.compile(
    r"\b(?!(?:pere|mere|papa|maman|oncle|tante|frere|soeur|mari|femme|grand-pere|grand-mere)\b)"
    r"[a-z][a-z'-]{2,}[ \t]*&[ \t]*(?:fils|freres|filles|cie)\b"
)
# A legal form typed in lower case, then the firm's name: « la sarl bati-nord (siret …) ».
LEGAL_SIGN = re.compile(
    r"\b(?:sarl|sprl|srl|sas|sasu|eurl|scrl|scop|snc|sci|earl)[ \t]+(?P<name>[a-z][a-z'-]*[a-z])\b"
)
# Words of time: « a la boulangerie le matin a namur » says when, not which (« propreté plus »
# is a sign).
TIMES = WHEN_WORDS - {
    "plus",
    "moins",
    "reste",
    "meme",
    "premier",
    "premiere",
    "dernier",
    "derniere",
}


class ChatSignRecognizer:
    name = "chat_sign"
    entity_type = EMPLOYER

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        yield from self._chez_signs(document)
        for match in FAMILY_FIRM.finditer(document.folded):
            if document.text[match.start() : match.end()].islower():
                yield Entity(EMPLOYER, match.start(), match.end(), 0.88, self.name)
        for match in LEGAL_SIGN.finditer(document.folded):
            if document.text[match.start() : match.end()].islower() and self._firm(match["name"]):
                yield Entity(EMPLOYER, match.start("name"), match.end("name"), 0.88, self.name)
        for match in _overlapping(CHAT_SIGN, document.folded):
            start, end = match.span("kind")[0], match.end("town")
            if not document.text[start:end].islower():
                continue
            if match.group("kind") not in KINDS and not self._owner_after_sector(match):
                continue
            said = (
                document.window_before(match.start(), 50) + document.folded[match.start() : start]
            )
            if not WORK_BEFORE.search(said):
                continue
            if not self._town(match.group("town")) or not self._a_name(match.group("name")):
                continue
            yield Entity(EMPLOYER, match.start("name"), match.end("name"), 0.86, self.name)

    def _chez_signs(self, document: Document) -> Iterator[Entity]:
        """« la pizzeria chez tonio »: « chez » and the owner's name, after the trade word."""
        for match in CHEZ_SIGN.finditer(document.folded):
            if not {match.group("kind"), match.group("more")} & CHEZ_KINDS:
                continue
            if re.match(r"\s+[A-ZÀ-Ý]", document.text[match.end() :]):
                continue  # « chez Aaxe Services »: a longer name, the employers' recognizer's
            if self._owner(match.group("who")):
                yield Entity(EMPLOYER, match.start("name"), match.end("name"), 0.9, self.name)

    def _owner(self, key: str) -> bool:
        """The name after « chez » in a sign: a given name or a word no dictionary knows, never
        a pronoun, an article, a title, a chain or a town (« le garage chez nous »)."""
        lex = self.lex
        if key in lex.titles or key in lex.chains or key in lex.institutions or self._town(key):
            return False
        return lex.is_given_name(key) or not lex.is_french_word(key)  # (context words included)

    def _owner_after_sector(self, match: re.Match[str]) -> bool:
        """« chez plastiques vandewalle a comines »: after « chez », a word of the dictionary
        that is no trade word, then one word no dictionary knows (the owner's name)."""
        lex, kind, name = self.lex, match.group("kind"), match.group("name")
        if not match.group().startswith("chez") or " " in name or not lex.is_french_word(kind):
            return False
        if kind in lex.titles or lex.is_given_name(kind) or lex.is_given_name(name):
            return False
        return not lex.is_french_word(name) and not self._town(name) and name not in lex.chains

    def _firm(self, key: str) -> bool:
        """The word after a legal form names the firm: a word no dictionary knows or a compound
        (« bati-nord »), never an article, a preposition, a chain, a town or an institution."""
        lex = self.lex
        if key in WHERE_WORDS or key in SIGN_STOPS or key in lex.chains or self._town(key):
            return False
        if key in lex.institutions or key in lex.titles:
            return False
        return "-" in key or not lex.is_french_word(key)

    def _town(self, key: str) -> bool:
        return key in self.lex.gazetteer or key in self.lex.places

    def _a_name(self, name: str) -> bool:
        words = [fold_key(word) for word in name.replace("'", " ").split()]
        lex = self.lex
        if all(word in WHERE_WORDS for word in words) or any(w in TIMES for w in words):
            return False  # « au bar du coin », « a la boulangerie le matin »
        whole = " ".join(words)
        if whole in lex.chains or whole in lex.institutions or whole in lex.places:
            return False
        return not any(word in lex.institutions or word in lex.chains for word in words)
