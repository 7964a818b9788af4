"""Cues that make a given name typed in lower case a person's, although it is also a word or a
place (« constance », « desire », « jade »): what only a person has or is seen doing in a
social worker's chat — an address, a phone, a file or a lawyer of their own (« l'adresse de
desire »), being seen or called (« jai vu constance ce matin »), being a child of the family
(« 2 gamins, victoire et espoir »), a bracket saying whose children they are (« jade et ambre
(les 2 filles de mme … ) »), a surname then who they are in brackets (« espoir boulanger
(nn …) »), and being whom a request is for (« pour aime il faudrait… »)."""

from __future__ import annotations

import re

from bot.text.anonymiser.recognizers.name_actions import ACTION_AFTER
from bot.text.anonymiser.recognizers.name_clauses import for_someone, opens_a_clause
from bot.text.anonymiser.recognizers.name_cues import IDENTITY_AFTER, NEVER_SURNAMES
from bot.text.anonymiser.recognizers.name_things import FEASTS
from bot.text.anonymiser.text import Document, Token

# What belongs to one person: « l'adresse de desire », « le mail de jade », « le médiateur de
# dettes de pierre », « le fils de rose ».
_BELONGS_BEFORE = re.compile(
    r"\b(?:adresse|mail|e-?mail|num|numero|tel|gsm|telephone|portable|compte|iban|dossier|nn|"
    r"niss|cv|papiers|avocate?|mediat(?:eur|rice)(?:\s+de\s+dettes)?|curat(?:eur|rice)|"
    r"medecin|employeur|patron(?:ne)?|proprio|fils|fille|mere|pere|soeur|frere|mari|femme|"
    r"copine?|copain|ex|enfants?)\s+(?:de|d')\s*$"
)
# Seen, met or called by the professional: « jai vu constance ce matin », « jvais voir lorraine
# cet aprem », « jai eu prosper au tel » — before a time, a place or the end of the clause.
_SEEN_BEFORE = re.compile(r"\b(?:vu|revu|croise|voir|revoir|eu|rappele)\s+$")
_SEEN_AFTER = re.compile(
    r"\s*(?:[,.;:!?)]|$)|\s+(?:ce|cet|cette|hier|demain|aujourd'hui|auj|tout\s+a\s+l'heure|"
    r"au\s+(?:tel|telephone|bureau|chantier|rdv)|en\s+(?:rdv|entretien)|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|avec\s+(?:sa|son|ses))\b"
)
# The children of a family listed after their number: « a 2 gamins, victoire et espoir ».
_CHILDREN_BEFORE = re.compile(
    r"\b\d+\s+(?:enfants|gamins|gosses|filles|fils|garcons|ados|jumeaux|jumelles)\s*[,:(]\s*"
    r"(?:[a-z][\w-]*\s*(?:,|et)\s*){0,3}$"
)
# A bracket after one or two given names that says whose children or what kin they are:
# « jade et ambre (les 2 filles de mme … ) », « blanche et florence (mere et fille) », « florence
# meunier (mere et fille) » (a surname before it).
KIN_BRACKET_AFTER = re.compile(
    r"^(?:\s+et\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?|\s+[a-z][\w-]{2,})?\s*\(\s*(?:"
    r"(?:(?:les\s+)?(?:\d|deux|trois)\s+)?(?:les\s+)?"
    r"(?:filles|fils|jumeaux|jumelles|enfants|gamins|soeurs|freres|cousins|cousines)\b"
    r"|(?:mere|pere)\s+et\s+(?:fille|fils)\b)"
)
# Who the person is, in a bracket right after their name: « (nn …) », « (nee le …) », « (°… ».
IDENTITY_BRACKET = re.compile(r"\s*\(\s*(?:nn|niss|rn|nee?\s+(?:le|en)|°|ddn|\d{1,2}\s*a(?:ns)?\b)")
# An article or a preposition: what follows is a thing or a place.
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:le|la|les|du|des|de|au|aux|a|en)\s+|\b[ld]')$")
# News of someone, the name put first: « de victoire on a eu aucune nouvelle », « de rose j ai
# plus de nouvelles ».
_NEWS_OF_BEFORE = re.compile(r"(?:^|[.,;:!?\n]\s*)de\s+$")
_NEWS_AFTER = re.compile(
    r"\s+(?:on\s+a|on\s+n'a|j'?\s?ai|j'?\s?avais|je\s+n'ai|nous\s+avons|ns\s+avons)\s+"
    r"(?:eu\s+)?[^.\n]{0,25}\bnouvelles?\b"
)
# A word right after the given name, its surname when an action follows at a sentence's start.
_SURNAME_AFTER = re.compile(r"\s([a-z][a-z'-]{3,})(?=\s)")
# A surname right after the given name, then that bracket: « espoir boulanger (nn … ) ».
_SURNAME_THEN_IDENTITY = re.compile(r"\s+[a-z][a-z'-]{2,}" + IDENTITY_BRACKET.pattern)


def lower_name_cue(document: Document, token: Token, before: str) -> bool:
    """Whether one of the cues above names a given name typed in lower case (``before``: the
    folded text before it), or whom the request is for (`for_someone`)."""
    if token.key in FEASTS:
        return False  # « pour noel on voudrait offrir un colis »
    after = document.folded[token.end : token.end + 60]
    if _BELONGS_BEFORE.search(before) or _CHILDREN_BEFORE.search(before):
        return True
    if _SEEN_BEFORE.search(before) and _SEEN_AFTER.match(after):
        return True
    if KIN_BRACKET_AFTER.match(after) or for_someone(document, token, before):
        return True
    if _SURNAME_THEN_IDENTITY.match(after):
        return True
    if _NEWS_OF_BEFORE.search(before) and _NEWS_AFTER.match(after):
        return True
    if IDENTITY_AFTER.match(after) and not _ARTICLE_BEFORE.search(before):
        return True  # « olive (ouvriere polyvalente, 52a) », not « l'huile d'olive (bio, …) »
    # « patience marchand ne vient plus », « rose marchand a signe son cdi »
    surname = _SURNAME_AFTER.match(after)
    return bool(
        surname and _surname_acting(document, token, surname.group(1), after[surname.end() :])
    )


# Words that follow a given name without being its surname (« olive aussi veut venir »).
_NOT_A_SURNAME = frozenset(
    [
        "aussi", "encore", "toujours", "tjs", "deja", "jamais", "bien", "vraiment", "hier",
        "demain", "maintenant", "mtn", "enfin", "finalement", "souvent", "parfois", "seule",
        "seul", "meme", "elle", "lui", "ici", "alors", "donc", "apres", "avant", "quand",
        "comme", "cette",
    ]
)  # fmt: skip


def _surname_acting(document: Document, name: Token, word: str, rest: str) -> bool:
    """Whether ``word``, right after the given name ``name`` opening a clause, is its surname:
    what a person does follows it (``rest``)."""
    return (
        word not in NEVER_SURNAMES
        and word not in _NOT_A_SURNAME
        and opens_a_clause(document, name)
        and bool(ACTION_AFTER.match(rest))
    )


def surname_acting(document: Document, name: Token, candidate: Token) -> bool:
    """« patience marchand ne vient plus »: the lower-case word after a found given name that
    opens a clause, before what a person does."""
    rest = document.folded[candidate.end : candidate.end + 80]
    return len(candidate.key) >= 4 and _surname_acting(document, name, candidate.key, rest)
