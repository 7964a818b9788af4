"""Seeds of names typed the way chat is typed: lower-case particles after a title, greetings
that are given names too, a name written after a form's field (« Nom : petit »), a lower-case
given name after « avec » (« avec hervé »), and a surname that is a word after a message's
noun (« un mail de Boulanger »)."""

from __future__ import annotations

import re

from bot.text.anonymiser.recognizers.name_actions import ACTION_AFTER
from bot.text.anonymiser.recognizers.name_brackets import surname_in_brackets
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    AGENT_BEFORE,
    FIELD_NAME,
    NAME_PARTICLES,
    NEVER_SURNAMES,
    NOT_NAMES_AFTER_TITLE,
    PARTICLES,
    PERSON_OBJECT_BEFORE,
    PLACE_PREPOSITION,
)
from bot.text.anonymiser.recognizers.name_evidence import NameEvidence
from bot.text.anonymiser.text import Document, Token

# Greetings that are given names too, followed by the punctuation that closes a greeting.
GREETINGS = frozenset(["salut", "coucou", "bonjour", "bonsoir", "hello"])
GREETING_AFTER = re.compile(
    r"\s*(?:[,!]|\s+(?:a\s+tous|à\s+tous|tout\s+le\s+monde|(?:la|les|l')\s*\w+\s*[,!.]))"
)
# A person's company or a person as the object: « avec hervé », « j'ai vu florence ».
COMPANION_BEFORE = re.compile(r"\b(?:avec|vu|vue|croise|croisee)\s+$")
# A meeting with someone: « rdv demain avec innocent », « vu hier avec olive »: a given name
# after it is the person met, even one that is also a word.
MEETING_WITH = re.compile(
    r"\b(?:rdv|rendez-vous|entretien|reunion|seance|bilan|vu|vue|parle|rencontre|rencontree)"
    r"(?:\s+(?:demain|hier|ce\s+matin|cet\s+apres-midi|lundi|mardi|mercredi|jeudi|vendredi|"
    r"\w+\s+prochain))?\s+avec\s+$"
)
# A household named by its surname: « chez les nowak », « la famille el amrani », « les
# jumeaux dupuis » (particles may come between).
HOUSEHOLD_BEFORE = re.compile(
    r"\b(?:chez\s+les|famille|les\s+(?:jumeaux|jumelles|freres|soeurs|enfants|parents))\s+"
    r"(?:(?:van|von|der|den|de|el|al|ben|da|dos)\s+)*$"
)
# Who a message came from: « un mail de Boulanger », « un appel de Fontaine ».
MESSAGE_FROM_BEFORE = re.compile(
    r"\b(?:mail|e-mail|email|courriel|message|sms|texto|appel|coup\s+de\s+fil|nouvelles|"
    r"courrier|lettre|la\s+part)\s+(?:de|d')\s*$"
)


def chat_seed(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int
) -> float | None:
    """The seed score these cues decide, or None when none of them applies."""
    token = tokens[index]
    if token.is_lower and _around_thi(tokens, index):
        return 0.9  # « tran thi mai »: a Vietnamese woman's name typed in chat
    if index >= 1 and token.key in PARTICLES and token.is_lower:
        chat = index + 1 < len(tokens) and lower_particle_after_title(
            evidence, document, tokens, index
        )
        return 0.9 if chat else 0.0
    if (
        index >= 2
        and tokens[index - 1].key in PARTICLES
        and tokens[index - 1].is_lower
        and lower_particle_after_title(evidence, document, tokens, index - 1)
    ):
        return 0.9
    if _organisation_s_second_word(evidence, document, tokens, index):
        return 0.0  # "le SPF Justice", "pour Uber Eats": the organisation's own name
    if token.key in GREETINGS and GREETING_AFTER.match(document.text, token.end):
        return 0.0  # "salut, ma cliente…", "Salut la commu !": a greeting, not Salut the person
    if (
        token.is_lower
        and document.text[max(0, token.start - 3) : token.start].rstrip().endswith(":")
        and FIELD_NAME.search(document.window_before(token.start, 40))
    ):
        return 0.9 if token.key not in NEVER_SURNAMES else 0.0  # "Nom : petit" in chat
    if token.is_lower and _titled_with_name_in_brackets(evidence, document, tokens, index):
        return 0.85  # « m. boucher (jerome) veut… »: a title, a word, the given name after
    before = document.window_before(token.start, 40)
    if token.is_lower and _lower_given_name(evidence, token, before):
        return 0.75
    if token.is_lower and _unknown(evidence, token) and HOUSEHOLD_BEFORE.search(before):
        return 0.75  # « j'ai été chez les nowak hier »
    if token.is_lower and _singular_after_chez_les(evidence, token, before):
        return 0.75  # « chez les boucher c'est compliqué »: no plural, a family's name
    if token.is_lower and _before_an_unknown_surname(evidence, document, tokens, index):
        return 0.75
    if _from_someone(before) and _word_as_surname(evidence, document, token):
        return 0.75
    if _town_before_a_surname(evidence, document, tokens, index, before):
        return 0.75
    if (
        token.is_lower
        and _unknown(evidence, token)
        and AGE_AFTER.match(document.window_after(token.end, 20))
    ):
        return 0.75  # "un gamin en cuisine, joutsoutsou 19 ans", "un jeune, yame, 20 ans"
    return None


def _titled_with_name_in_brackets(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int
) -> bool:
    """A word after a title typed in lower case, then a given name or a word no dictionary
    knows alone in brackets: the surname, even a word (« m. boucher (jerome) »)."""
    title = tokens[index - 1] if index else None
    if title is None or title.key not in evidence.lex.titles or not title.is_lower:
        return False
    return surname_in_brackets(evidence.lex, document.window_after(tokens[index].end, 40))


def _from_someone(before: str) -> bool:
    """Whether the window ``before`` a word ends with « un mail de », « un appel d' »… (each
    phrase of `MESSAGE_FROM_BEFORE` ends with « de » or « d' »)."""
    return before.rstrip().endswith(("de", "d'")) and bool(MESSAGE_FROM_BEFORE.search(before))


def _around_thi(tokens: list[Token], index: int) -> bool:
    """« thi » (Thị, a Vietnamese woman's middle name; no French word) between two short
    lower-case words, or one of those words."""
    for middle in (index - 1, index, index + 1):
        if 0 < middle < len(tokens) - 1 and tokens[middle].key == "thi":
            around = (tokens[middle - 1], tokens[middle], tokens[middle + 1])
            if all(t.is_lower and t.text.isalpha() and len(t.text) <= 8 for t in around):
                return True
    return False


# Singular words that still open a group after « chez les » (« chez les tout-petits »).
_NOT_A_HOUSEHOLD = frozenset(
    ["tout", "meme", "quatre", "cinq", "sept", "huit", "neuf", "premier", "dernier", "nouveau",
     "uns", "moins", "plus", "concerne", "concernee"]
)  # fmt: skip


def _singular_after_chez_les(evidence: NameEvidence, token: Token, before: str) -> bool:
    """A word in the singular after « chez les »: the household's surname, even a word
    (« chez les boucher », « chez les petit »), where a group would take the plural (« chez les
    bouchers », « chez les jeunes »)."""
    key = token.key
    if not re.search(r"\bchez\s+les\s+$", before) or len(key) < 3 or key[-1] in "sxz":
        return False
    lex = evidence.lex
    if key in NEVER_SURNAMES or key in _NOT_A_HOUSEHOLD or key in lex.institutions:
        return False
    return key not in lex.titles and (key not in lex.places or lex.is_given_name(key))


def _unknown(evidence: NameEvidence, token: Token) -> bool:
    """A word in no dictionary, no lexicon and no gazetteer, long enough to be no typo's
    abbreviation (« jai », « ki »)."""
    lex = evidence.lex
    return (
        len(token.key) >= 4 and lex.looks_like_a_name(token.text) and token.key not in lex.gazetteer
    )


def _before_an_unknown_surname(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int
) -> bool:
    """« c pr marie lemaire » : a given name typed in lower case, even one that is also a
    word, right before a lower-case word that no dictionary, lexicon or gazetteer knows, is a
    first name followed by its surname."""
    token, lex = tokens[index], evidence.lex
    if not lex.is_given_name(token.key) or token.key in lex.institutions:
        return False
    if index + 1 >= len(tokens):
        return False
    surname = tokens[index + 1]
    return (
        surname.is_lower
        and document.gap(token, surname) == " "
        and surname.key not in PARTICLES
        and _unknown(evidence, surname)
    )


def _town_before_a_surname(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int, before: str
) -> bool:
    """A town's name written as a first name before a surname in capitals (« Ciney MARTIN
    cherche… »): no preposition before it says it is the place, and a town is never written
    before a surname."""
    token, lex = tokens[index], evidence.lex
    if not token.is_title or index + 1 >= len(tokens):
        return False
    if token.key not in lex.gazetteer and token.key not in lex.places:
        return False
    if PLACE_PREPOSITION.search(before):
        return False
    surname = tokens[index + 1]
    return (
        not document.mostly_upper
        and surname.is_upper
        and len(surname.text) >= 4
        and document.gap(token, surname) == " "
        and lex.looks_like_a_name(surname.text)
    )


def _lower_given_name(evidence: NameEvidence, token: Token, before: str) -> bool:
    """A given name in lower case as a person's object (« j'accompagne marie », « suivie par
    nancy »), the person met (« rdv avec prudence »), or after « avec » when it is no word of
    the dictionary (« avec hervé »; not « avec rose » nor « avec pierre »): a place is rarely
    meant."""
    lex, key = evidence.lex, token.key
    if not lex.is_given_name(key) or key in lex.institutions:
        return False
    if PERSON_OBJECT_BEFORE.search(before) or AGENT_BEFORE.search(before):
        return True
    if MEETING_WITH.search(before):
        return True
    word = key in lex.french_words or key in lex.common_words
    return not word and bool(COMPANION_BEFORE.search(before))


def _word_as_surname(evidence: NameEvidence, document: Document, token: Token) -> bool:
    """A capitalised word inside a sentence where a sender stands: a surname even when it is
    a word (« Boulanger »), never an organisation, a place, a chain or a month."""
    lex, key = evidence.lex, token.key
    if not token.is_title or document.mostly_upper or document.starts_sentence(token):
        return False
    context = key in lex.institutions or key in lex.places or key in lex.gazetteer
    return not (context or key in lex.chains or key in lex.titles or key in NEVER_SURNAMES)


def _organisation_s_second_word(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int
) -> bool:
    """A capitalised word right after an organisation or a chain that is no given name, or a
    given name that is also a word (« SPF Justice »), and does nothing a person does; « CPAS
    Karim » and « au CPAS Dupont a dit » keep their name."""
    token, lex = tokens[index], evidence.lex
    if not index or not token.is_title or document.mostly_upper:
        return False
    previous = tokens[index - 1]
    organisation = previous.key in lex.institutions or previous.key in lex.chains
    if not organisation or previous.is_lower or document.gap(previous, token) != " ":
        return False
    if ACTION_AFTER.match(document.window_after(token.end, 80)):
        return False  # "au CPAS Dupont a dit…": a person acts
    return not lex.is_given_name(token.key) or lex.is_context_word(token.key)


def lower_particle_after_title(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int
) -> bool:
    """ "mme de oliveira vanessa", "mr van damme": typed in chat, a title, a name particle
    and a word that is no French word make a surname."""
    title, particle, following = tokens[index - 1], tokens[index], tokens[index + 1]
    if following.key in PARTICLES and following.is_lower and index + 2 < len(tokens):
        # "mme van der Linden": the surname after a second particle
        if document.gap(particle, following) != " ":
            return False
        particle, following = following, tokens[index + 2]
    if title.is_capitalised and following.is_title and not document.mostly_upper:
        # "Mme de Villers", "M. van Damme": a title, a lower-case particle, a capital.
        return (
            title.key in evidence.lex.titles
            and particle.is_lower
            and particle.key in NAME_PARTICLES - {"le", "la"}
            and re.fullmatch(r"\.?\s", document.gap(title, tokens[index])) is not None
            and document.gap(particle, following) == " "
            and following.key not in NOT_NAMES_AFTER_TITLE
            and following.key not in evidence.lex.institutions
        )
    return (
        title.key in evidence.lex.titles
        and title.is_lower
        and particle.key in NAME_PARTICLES
        and following.key not in NOT_NAMES_AFTER_TITLE
        and document.gap(title, tokens[index]) in {" ", ". "}
        and document.gap(particle, following) == " "
        # ("mme van der Linden": a capital after particles, whatever else it is; after « le »
        # and « la », only a word of no dictionary: « m. le goff », not « monsieur le maire »
        # nor « pr le cddi », « pour » typed in chat.)
        and (
            (
                particle.key not in {"le", "la"}
                and (evidence.lower_surname(following) or following.is_title)
            )
            or (
                title.key != "pr"
                and evidence.lower_surname(following)
                and not evidence.lex.is_french_word(following.key)
            )
        )
        and following.key not in evidence.lex.institutions
    )
