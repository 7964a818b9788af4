"""A business's sign written in quotes: « chez 'Vélo Passion' », « Fleuriste « L'Instant
Fleuri » », « l'asbl 'Coup de Pouce Jeunesse' », « Employeur précédent : SAS « Les Saveurs du
Terroir » ».

Quotes are how people type a proper name made of ordinary words, so after a work phrase or a
trade word the quoted words are the place of work, whatever they are: the sign goes, the trade
word and the legal form before it stay. A quoted institution, chain or town stays, and so do
quoted words that no work phrase nor trade word introduces (« il parle d'un 'abandon d'emploi' »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMPLOYER, Entity
from bot.text.anonymiser.recognizers.employer_cues import WORK_CUE
from bot.text.anonymiser.recognizers.employer_words import KINDS, without_kinds
from bot.text.anonymiser.text import Document, fold_key

# An opening quote, one to six words on one line, its closing quote. A straight apostrophe
# opens only after a space or a bracket and closes only before a non-letter, so that
# « l'asbl » or « aujourd'hui » never open or close a sign.
QUOTED = re.compile(
    r"(?:(?<=[\s(:])'(?P<straight>(?:[^'\n]|'(?=\w)){2,60}?)'(?![\w])"
    r"|[«“\"‘]\s*(?P<curly>[^«»“”\"‘’\n]{2,60}?)\s*[»”\"’])"
)
MAX_WORDS = 6
# Form fields and work nouns that name the place of work right before the quotes.
FIELD_BEFORE = re.compile(
    r"(?:\b(?:employeur(?:\s+(?:precedent|actuel))?|entreprise|societe|lieu\s+de\s+stage|"
    r"structure\s+d'accueil|enseigne|maison\s+de\s+repos|maison\s+de\s+quartier)\s*:?"
    r"|\bchez|\bvia)\s*$"
)
# (« un atelier « entretien motivationnel » » is a training session, not a workshop's sign.)
# (« mr », « mrs »: a care home's initials, and a civility typed in chat.)
INTRODUCING = (KINDS - {"atelier", "mr", "mrs"}) | {
    "boite", "discotheque", "club", "dancing", "bistrot", "estaminet", "taverne", "auberge",
    "domaine", "boutique", "commerce", "enseigne", "marque",
}  # fmt: skip
# Up to two lower-case words between the kind and the quotes: « l'épicerie sociale « Le
# Panier Solidaire » », « le traiteur asiatique 'Saveurs d'Asie' ».
QUALIFIERS = 2
_WORD = re.compile(r"[^\W\d_][\w'’&+-]*")


class QuotedSignRecognizer:
    name = "quoted_sign"
    entity_type = EMPLOYER

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        for start, end in self.signs(document):
            found = Entity(EMPLOYER, start, end, 0.92, self.name)
            yield without_kinds(document.text, found)

    def signs(self, document: Document) -> list[tuple[int, int]]:
        """The quoted signs of ``document`` (their offsets, quotes left out), found once per
        document and lexicons."""
        return document.remembered((self.name, id(self.lex)), lambda: self._signs(document))

    def _signs(self, document: Document) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for match in QUOTED.finditer(document.text):
            group = "straight" if match.group("straight") is not None else "curly"
            content = match.group(group).strip()
            start = match.start(group) + match.group(group).index(content)
            if self._a_sign(content) and self._introduced(document, match.start()):
                spans.append((start, start + len(content)))
        return spans

    def sign_tokens(self, document: Document) -> set[int]:
        """Tokens inside a quoted sign: a sign's words are no person's (« Nadège Coiffure »
        is the hairdresser's, and « coiffure » stays a word elsewhere)."""
        spans = self.signs(document)
        return {
            index
            for index, token in enumerate(document.tokens)
            if any(start <= token.start and token.end <= end for start, end in spans)
        }

    def _a_sign(self, content: str) -> bool:
        words = _WORD.findall(content)
        if not words or len(content.split()) > MAX_WORDS or content.rstrip()[-1:] in "?!.":
            return False
        key = fold_key(content)
        lex = self.lex
        if key in lex.institutions or key in lex.chains or key in lex.places:
            return False
        if lex.protected_phrases.fullmatch(key) or lex.chain_phrases.fullmatch(key):
            return False
        return not all(fold_key(word) in lex.places for word in words)

    def _introduced(self, document: Document, quote: int) -> bool:
        """A work phrase, a form field or a trade word right before the opening quote, maybe
        with one or two adjectives after it."""
        before = document.window_before(quote, 60).rstrip()
        if FIELD_BEFORE.search(before) or _ends_with_work_cue(before):
            return True
        words = re.findall(r"[\w'-]+", before)[-(QUALIFIERS + 1) :]
        for position, word in enumerate(reversed(words)):
            if fold_key(word).split("'")[-1] in INTRODUCING:
                return True
            if position == QUALIFIERS or not word.islower():
                return False
            if not self.lex.is_french_word(fold_key(word)):
                return False  # « mr kevin delattre ("kéké") »: names, not adjectives
        return False


def _ends_with_work_cue(before: str) -> bool:
    """« travaille pour », « stage à la », « bénévole à l' » right before the quotes (the
    work phrases of the employer recognizer, which ends each with the article it takes)."""
    return any(match.end() == len(before) + 1 for match in WORK_CUE.finditer(before + " "))
