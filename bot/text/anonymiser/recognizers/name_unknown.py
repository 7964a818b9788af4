"""Words in no dictionary: the French dictionary tells a name from an ordinary word.

A given-name lexicon cannot list every name of every community the field serves; a dictionary
of French words can list every ordinary word. A word in neither the dictionary nor a lexicon of
places, institutions or chains ("Tsiory", "wendpouiré", "Rakotomalala") is a name as soon as it
stands where names stand: beside a found name in any casing, between a relation word and the
rest of the sentence, as the subject of an action, after "le dossier de", alone on a signature
line, in a list or in brackets with other names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.name_actions import (
    ACTION_AFTER,
    ACTION_OF_AN_UNKNOWN_WORD_AFTER,
)
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    CLITIC_AFTER,
    GREETING_BEFORE,
    IDENTITY_AFTER,
    JOINER,
    NAMED_AFTER,
    NEVER_SURNAMES,
    PARTICLES,
    PERSON_OBJECT_BEFORE,
    RELATION_AFTER,
    RELATION_WORDS,
    RELATIVE,
    is_relation_word,
    signs_a_quote,
)
from bot.text.anonymiser.text import Document, Token

# Nouns whose complement is a person: "le dossier de Tsiory", "de la part de Nadia".
PERSON_OF_BEFORE = re.compile(
    r"\b(?:dossier|situation|cas|part|nom|prenom|contact|numero|telephone|tel|gsm|adresse|"
    r"mail|fiche|parcours|contrat|candidature|cv|demande|absences?|retard|souvenir|souviens|"
    r"nouvelles|compte|voiture|vehicule|permis|badge|carte|passeport|enfants?|avocat|medecin|"
    r"mere|pere|s(?:oe|œ)ur|frere|maman|papa|fille|fils|identifiant|domicile|scooter|moto|velo|"
    r"cagnotte|c4|logement|appartement|appart|chambre|celui|celle|attestation|bulletin|"
    r"salaire|loyer|signature|decision|recours|inscription|allocations?|pension|factures?|"
    r"titre|niss|nn|registre|papiers|documents|diplome|profil|photo|lettre|plainte|tuteur|"
    r"tutrice|curateur|curatrice|iban|rib|national|message|messages|sms|"
    + RELATION_WORDS[3:-1]
    + r")"
    # a word or two between: "le dossier MDPH de X", "l'identifiant France Travail de X"
    # or a number: "le compte BE48 6597 1724 6627 de X"
    r"(?:(?:\s+[a-z]{2,10}){0,2}|\s+[a-z]{0,4}\d[\da-z ]{3,38}?)\s+(?:de|d')\s*$"
)
# A role after a name, as a signature gives it: "Nadia, CIP à l'AI de Béthune", "Ndigai - CPAS".
ROLE_AFTER = re.compile(
    r"^\s*(?:,|-|–|\()\s*(?:cip|as|educat\w*|conseill\w*|referent\w*|coordinat\w*|directeur|"
    r"directrice|assistante?|job\s*coach|formateur|formatrice|encadrant\w*|charge\w*|"
    r"responsable|cpas|service|du\s+service|de\s+l'|ici\b)|^\s+ici\b"
)
INITIAL = re.compile(r"^\s+[a-z]\.(?=[\s,(])")
SMALL_ONE_BEFORE = re.compile(r"\b(?:le|la)\s+(?:petit|petite)\s+$")
# Between the name opening a sentence and its verb: an adverb, or where the person is from
# ("tsutsahu aussi cherche", "handu de namur nous a contactés", "ngaimbo du forem m'a rappelé").
BEFORE_THE_VERB = re.compile(
    r"(?:\s+(?:aussi|encore|toujours|deja|non\s+plus))?"
    r"(?:\s+(?:de\s+la|de|du|des|d')\s*[a-z-]+(?:\s+[a-z-]+)??(?=\s+(?:nous|m'|me|vous|lui|a|est|"
    r"cherche|veut|doit|dit)\b|\s*m'))?"
)
RUN = re.compile(r" ([a-z'-]+)")
AND_ANOTHER = re.compile(r" et ([a-z'-]{3,})\b")
# A clause opening inside a sentence: its subject stands where a sentence's would.
THAT_BEFORE = re.compile(r"(?:\bque\s+|\bqu')$")
# "... nous a contactés", "... m'a rappelé": the person did something to the writer.
_TOLD = re.compile(r"^\s*(?:nous|vous|lui|leur|m'|me|t'|l')\s*(?:a|avait|aura|ont)\s+[a-z]")
_AGED = re.compile(r"^\s*(?:,\s*)?(?:a\s+)?\d{1,2}\s*ans\b|^\s*\(\s*\d{1,2}\s*ans")
PREPOSITION_BEFORE = re.compile(r"\b(?:a|au|aux|de|d'|du|des|en|par|via|vers|sur|dans)\s*$")


# "prêtée à X", "j'ai expliqué à X": what is lent, given or said goes to a person.
GIVEN_TO_BEFORE = re.compile(
    r"\b(?:pretee?s?|donnee?s?|envoyee?s?|explique|dit|propose|conseille|ecrit|parle|transmise?|"
    r"remise?|confiee?s?|annonce|repondu|telephone)\s+a\s+$"
)
# "Pour X :" opening a line: the person the question is about.
HEADING_FOR_BEFORE = re.compile(r"(?:^|\n)\s*(?:pour|concerne|objet\s*:)\s*$")
# "Yawihebi, +32 487 12 90 33": a phone number right after the name.
PHONE_AFTER = re.compile(r"^\s*[,:(–-]?\s*(?:\+\d{2}|0)\s?\d[\d .]{6,}\d")
# "… Désolé. Zotutse B. »": a signature closing a quoted message.
SIGNED_QUOTE_AFTER = re.compile(r"^(?:\s+[^\W\d_][\w'-]*){0,2}(?:\s+[a-z]\.)?\s*[»\"”]")
_PERSON_PREPOSITION = re.compile(r"\b(?:avec|pour|a|chez)\s+$")
SENTENCE_BEFORE = re.compile(r"[.!?…]\s+$")
SIGNATURE_BEFORE = re.compile(r"[.!?…]\s+(?:([a-z'-]{3,})\s+)?$")
# "un jeune, D. Ngeyouzu": a given name's initial before the surname.
INITIAL_BEFORE = re.compile(r"(?:^|[\s,(])[A-Z]\.\s$")


class UnknownWordEvidence:
    """Seeds and spreading for words in no dictionary, consulted by the name recognizer."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def unknown(self, token: Token) -> bool:
        """In no dictionary and no lexicon: a proper name or a typo, not an ordinary word."""
        key = token.key
        return (
            len(key) >= 3
            and self.lex.looks_like_a_name(token.text)
            and key not in NEVER_SURNAMES
            and key not in PARTICLES
            and not is_relation_word(key)  # « ex-épouse »: in no dictionary, no name
        )

    def capital_seed(self, document: Document, token: Token, before: str) -> float:
        """A capitalised unknown word after "le dossier de", before a role or a clitic
        ("Tsiory lui prête un vélo"), after a greeting, or alone on a line (a signature); and
        any capitalised word after an initial signing a quoted message (« … R. Meunier »)."""
        if token.is_title and signs_a_quote(document, token, initial=True):
            return 0.8
        if not self.unknown(token):
            return 0.0
        after = document.folded[token.end : token.end + 40]
        initial = INITIAL.match(after)
        after = after[initial.end() :] if initial else after
        if token.is_upper:  # "MEWAIWOTSI a 28 ans": an acronym has no age
            return 0.7 if len(token.text) >= 4 and _AGED.match(after) else 0.0
        if PERSON_OF_BEFORE.search(before) or GREETING_BEFORE.search(before):
            return 0.7
        if self._more_clues(document, token, before, after):
            return 0.7
        if ROLE_AFTER.match(after) or IDENTITY_AFTER.match(after) or AGE_AFTER.match(after):
            return 0.7
        if CLITIC_AFTER.match(after) and not PREPOSITION_BEFORE.search(before):
            return 0.7
        if self._upper_surname_after(document, token):
            return 0.7  # "Donge MBOVOUDO, DDN ...": given name, then the surname in capitals
        return 0.7 if self._alone_on_line(document, token) else 0.0

    @staticmethod
    def _more_clues(document: Document, token: Token, before: str, after: str) -> bool:
        """Where only a person stands: given or told something, a line's heading, before a
        phone number, signing a quoted message, after an initial, said to be a name."""
        window = document.text[max(0, token.start - 4) : token.start]
        return bool(
            GIVEN_TO_BEFORE.search(before)
            or (HEADING_FOR_BEFORE.search(before) and after.lstrip().startswith(":"))
            or PHONE_AFTER.match(after)
            or (SENTENCE_BEFORE.search(before) and SIGNED_QUOTE_AFTER.match(after))
            or INITIAL_BEFORE.search(window)
            or NAMED_AFTER.match(after)
        )

    def _full_name_after_preposition(self, document: Document, token: Token, before: str) -> bool:
        """Two lower-case words in no dictionary and no gazetteer in a row after « avec »,
        « pour » or « à »: a full name typed in chat (one such word may be a typo)."""
        following = re.match(r" ([a-z'-]{4,})\b", document.folded[token.end : token.end + 30])
        if not following or not _PERSON_PREPOSITION.search(before):
            return False
        word = following.group(1)
        return (
            token.key not in self.lex.gazetteer
            and word not in self.lex.gazetteer
            and self.lex.looks_like_a_name(word)
            and word not in NEVER_SURNAMES
        )

    def _signs_a_quote(self, document: Document, token: Token, before: str) -> bool:
        """A lower-case unknown word (or two) between a sentence's end and a closing quote."""
        after = document.folded[token.end : token.end + 40]
        if not SIGNED_QUOTE_AFTER.match(after):
            return False
        opening = SIGNATURE_BEFORE.search(before)
        return opening is not None and (
            opening.group(1) is None or self.lex.looks_like_a_name(opening.group(1))
        )

    def _upper_surname_after(self, document: Document, token: Token) -> bool:
        following = re.match(r" ([^\W\d_]{3,})\b", document.text[token.end : token.end + 40])
        if not following or not following.group(1).isupper():
            return False
        return self.lex.looks_like_a_name(following.group(1)) and not self.lex.is_context_word(
            following.group(1).lower()
        )

    def lower_seed(self, document: Document, token: Token, before: str) -> float:
        """A lower-case unknown word after a relation word ("son fils saindou"), or opening a
        sentence before an action or an age ("fezindul veut", "bavou a 45 ans")."""
        if not token.is_lower or len(token.text) < 4 or not self.unknown(token):
            return 0.0
        if RELATIVE.search(before) or PERSON_OBJECT_BEFORE.search(before):
            return 0.75
        if self._full_name_after_preposition(document, token, before):
            return 0.7  # "un souci avec yuwailai fimikuvi il vient plus"
        if PERSON_OF_BEFORE.search(before) and token.key not in self.lex.gazetteer:
            return 0.7  # "l'identifiant France Travail de fimakou", not "le CPAS de namur"
        if SMALL_ONE_BEFORE.search(before):
            return 0.7  # "le petit mbengulou vient..."
        if self._alone_on_line(document, token, last=True):
            return 0.7  # "merci\nnangouraisou": a signature typed in lower case
        if self._signs_a_quote(document, token, before):
            return 0.7  # "« … merci pour tout. tizolatsou niyendutsi »"
        opens = document.starts_sentence(token) or GREETING_BEFORE.search(before)
        if not (opens or THAT_BEFORE.search(before)):
            return 0.0  # ("il dit que dumont et lejeune fument": a clause opens too)
        # "bavou mbaiwapu a 45 ans", "lofimizer van tsabaifai n'a plus...": the whole name
        # opens the sentence, and the action comes after its last word.
        end = last = token.end
        for word in RUN.finditer(document.folded, token.end):
            if word.start() != end or not self._part(word.group(1)):
                break
            end = word.end()
            last = end if word.group(1) not in PARTICLES else last
        end = last  # "handu de namur": the run ends on a name, never on a particle
        other = AND_ANOTHER.match(document.folded, end)
        if other and self._part(other.group(1)) and other.group(1) not in PARTICLES:
            end = other.end()  # "dumont et lejeune fument": two people, one verb
        after = document.folded[end : end + 80]
        between = BEFORE_THE_VERB.match(after)
        after = after[between.end() :] if between else after
        acts = ACTION_AFTER.match(after) or (
            ACTION_OF_AN_UNKNOWN_WORD_AFTER.match(after) and token.key not in self.lex.gazetteer
        )
        subject = acts or AGE_AFTER.match(after) or RELATION_AFTER.match(after)
        return 0.65 if subject or _TOLD.match(after) else 0.0

    def _part(self, key: str) -> bool:
        return key in PARTICLES or (len(key) >= 3 and not self.lex.is_french_word(key))

    @staticmethod
    def _in_list(document: Document, last: Token) -> bool:
        """ "Poyage, Fuwive et Zanota": the list goes on after the later word."""
        return bool(re.match(r"\s*,|\s+(?:et|ou)\s", document.text[last.end : last.end + 5]))

    def _alone_on_line(self, document: Document, token: Token, *, last: bool = False) -> bool:
        """A signature: the name alone on a line (in lower case: on the text's last line), or
        a capitalised name closing the text after its last sentence."""
        start = document.text.rfind("\n", 0, token.start) + 1
        closes = _closes_the_text(document, token)
        if last and not (start > 0 and closes):
            return False
        if (
            not last
            and closes
            and _SENTENCE_END.search(document.text, max(0, token.start - 3), token.start)
        ):
            return True
        end = document.text.find("\n", token.end)
        line = document.text[start : end if end >= 0 else len(document.text)]
        words = re.findall(r"[^\W\d_]+", line)
        if last:
            return len(words) == 1
        return start > 0 and 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)

    def spread(
        self,
        document: Document,
        tokens: list[Token],
        scores: dict[int, float],
        mark: Callable[[int, float], None],
    ) -> bool:
        """Unknown words joined to a found name: beside it in any casing ("mme soudeza
        fitsofe"), in the same list ("Poyage, Fuwive et Zanota") or in brackets after it
        ("stagiaire jb (movaitsoungu tejou)")."""
        any_grown = False
        for _ in range(4):
            grown = [
                other
                for index in sorted(scores)
                for other in self._joined(document, tokens, index)
                if other not in scores
            ]
            if not grown:
                break
            any_grown = True
            for other in grown:
                mark(other, 0.7)
        return any_grown

    def _joined(self, document: Document, tokens: list[Token], index: int) -> list[int]:
        joined: list[int] = []
        name = tokens[index]
        for other in (index - 1, index + 1, index - 2, index + 2):
            if not 0 <= other < len(tokens):
                continue
            candidate = tokens[other]
            if not self.unknown(candidate) or (candidate.is_upper and not name.is_upper):
                continue  # "mr WOULAI bailije" joins; "Karim CAF" does not
            left, right = sorted((name, candidate), key=lambda t: t.start)
            gap = document.text[left.end : right.start]
            same_case = candidate.is_lower == name.is_lower
            if abs(other - index) == 1 and (
                JOINER.match(gap)
                or (same_case and re.fullmatch(r"\s*\(\s*", gap))
                or (same_case and re.fullmatch(r"\s*,\s*", gap) and self._in_list(document, right))
            ):
                if candidate.is_lower or candidate.is_title:
                    joined.append(other)
            elif (
                abs(other - index) == 2
                and re.fullmatch(r"\s+(?:et|ou)\s+", gap)
                and not _common_noun(tokens, other, name)
            ):
                joined.append(other)
        return joined


# Words that open a noun phrase: a lower-case word right after one is a thing's name.
_DETERMINERS = frozenset(
    ["la", "le", "les", "l", "un", "une", "des", "du", "au", "aux", "sa", "son", "ses", "ma",
     "mon", "mes", "leur", "leurs", "ce", "cet", "cette", "ces", "notre", "nos", "votre", "vos"]
)  # fmt: skip


def _common_noun(tokens: list[Token], at: int, name: Token) -> bool:
    """A lower-case word after a determiner, joined by « et » to a capitalised name: a thing
    the sentence speaks of (« Samira gère la débroussailleuse et Grégory refuse »)."""
    candidate = tokens[at]
    return (
        candidate.is_lower and not name.is_lower and at > 0 and tokens[at - 1].key in _DETERMINERS
    )


# A sentence's end right before a word (searched in the three characters before it).
_SENTENCE_END = re.compile(r"[.!?]\s+$")


def _closes_the_text(document: Document, token: Token) -> bool:
    """Whether only spaces, full stops, exclamation marks and line breaks follow ``token``."""
    content_end = document.remembered("content_end", lambda: len(document.text.rstrip(" .!\n")))
    return content_end <= token.end
