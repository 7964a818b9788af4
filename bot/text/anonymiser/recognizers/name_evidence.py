"""Evidence that a word which is also a given name is one here, and shapes of chat names.

"Marie", "Florence" or "Innocent" are words or places as often as names: they count as names
when a personal item stands beside them. Lower-case chat names ("marc de backer"), family
headings ("Famille Durand :") and doubled-syllable nicknames ("jojo") are recognised here too.
"""

from __future__ import annotations

import re

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.name_actions import (
    ACTION_AFTER,
    ACTION_OF_AN_UNKNOWN_WORD_AFTER,
    PERSON_ACTION_AFTER,
)
from bot.text.anonymiser.recognizers.name_brackets import surname_in_brackets
from bot.text.anonymiser.recognizers.name_clauses import listed_before, opens_a_clause
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    AGENT_BEFORE,
    CLITIC_AFTER,
    FAMILY_AFTER,
    FAMILY_CUE,
    FIELD_NAME,
    GREETING_BEFORE,
    HEADING_AFTER,
    IDENTITY_AFTER,
    JOINER,
    LOCUTION_AFTER,
    NAME_PARTICLES,
    NAMED_AFTER,
    NEVER_SURNAMES,
    NICKNAME,
    NURSERY_WORDS,
    PARTICLES,
    PERSON_OBJECT_BEFORE,
    PERSON_PREPOSITION_BEFORE,
    PLACED_BEFORE,
    RELATION_AFTER,
    RELATIVE,
    THE_FAMILY_BEFORE,
    signs_a_quote,
)
from bot.text.anonymiser.recognizers.name_lower_cues import lower_name_cue
from bot.text.anonymiser.recognizers.name_things import CALENDAR_NEAR, FEASTS
from bot.text.anonymiser.text import Document, Token, fold_key

# Words that rule out a person right before a capitalised word ("la France", "à Florence").
ARTICLE_BEFORE = re.compile(r"(?:\b(?:la|le|les|l'|en|a|au|aux|du|des|de|d'|vers|sur|une?)\s*)$")
# Determiners that make a capitalised word a thing ("la Marine", "une Rose des sables").
DETERMINER_BEFORE = re.compile(r"(?:\b(?:la|le|les|l'|une?|des|du|au|aux|cette|ce|cet)\s*)$")
# Before a proper name that is no person's: a determiner, a preposition of places and schemes,
# or a capitalised word that opens an organisation's name ("Fédération Wallonie-Bruxelles").
AFTER_A_THING = re.compile(
    r"(?:\b(?:la|le|les|l'|une?|des|du|au|aux|cette|ce|cet|par|via|vers|chez|"
    r"sa|son|ses|ma|mon|mes|leur|leurs|notre|nos|votre|vos|"
    r"vit|habite|reside|demeure|entre|quitte|utilise|installee?)\s*|"  # places and tools
    r"\b(?:federation|banque|caisse|maison|mutuelle|centre|service|institut|association|"
    r"asbl|fondation|groupe|plateforme|programme|projet|dispositif|reseau|fichier|logiciel|"
    r"application|appli|site|carte|fonds|organisme|operateur|fournisseur|assureur|"
    r"cooperative|agence)"
    # one or two words of the kind between ("la plateforme mobilité Wimoov"), not "de"
    r"(?:\s+(?!(?:de|du|des|d|avec|pour|a|chez|et|ou|par|sur|qui|que|dont)\b)[a-z-]{3,}){0,2}"
    r"\s+)$"
)
THING_NAME_BEFORE = re.compile(
    r"(?:\b(?:[Ll]a|[Ll]e|[Ll]es|[Dd]u|[Dd]es|au|aux|via|par|chez|l')\s*)[A-ZÀ-Ý][\w'-]+ $"
    r"|\b[A-Z]{2,}\s*,\s*$"  # "Le CAW, Myria, ...": a list of organisations
)
AGED_AFTER = re.compile(r"^\s*(?:,\s*|\(\s*)?(?:a\s+)?\d{1,2}\s*ans\b")


class NameEvidence:
    """Clues beside a word, consulted by :class:`NameRecognizer` for its seeds and parts."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def ambiguous_score(
        self, document: Document, tokens: list[Token], index: int, before: str, age: bool
    ) -> float:
        """Names that are also words or places: "Claire" is a person, "claire" an adjective.

        Such a name counts when a personal item stands beside it: an age, a relation word
        ("Marie, ma stagiaire"), an action ("Marie doit...", "Marie a 3 enfants"), a verb whose
        object is a person ("j'accompagne Florence"), a surname ("Marie Lefort"), another name
        ("Pierre et Paul"), a quoted message it signs — at the start of a sentence too. A name
        that is also a word but no place counts too capitalised inside a sentence without an
        article ("le dossier de Marie", "avec Rose"); a place ("Florence") needs a clue above.
        """
        token = tokens[index]
        if not token.is_capitalised:
            if self.lower_name_with_particle(document, tokens, index):
                return 0.7
            after = document.folded[token.end : token.end + 40]
            if NAMED_AFTER.match(after) or RELATION_AFTER.match(after):
                return 0.75  # « espoir (oui c son prénom) », « florence (la stagiaire) »
            if surname_in_brackets(self.lex, after) or lower_name_cue(document, token, before):
                return 0.75  # « l'adresse de desire », « jai vu constance ce matin »
            return 0.7 if self._lower_subject(document, token) else 0.0
        identity = document.folded[token.end : token.end + 40]
        if age or NAMED_AFTER.match(identity) or IDENTITY_AFTER.match(identity):
            return 0.75  # "Innocent, né en 1984": a birth or an age says who
        if token.key in FEASTS and CALENDAR_NEAR.search(
            document.folded[max(0, token.start - 30) : token.end + 30]
        ):
            return 0.0  # "Dimanche, Noël, Nouvel An": the feast among days
        if document.mostly_upper:
            return 0.0
        key = token.key
        lex = self.lex
        place = lex.is_place_as_written(token.text) or key in lex.institutions
        after = document.folded[token.end : token.end + 80]
        article = bool((ARTICLE_BEFORE if place else DETERMINER_BEFORE).search(before))
        if not article and (ACTION_AFTER.match(after) or RELATION_AFTER.match(after)):
            return 0.75
        if PERSON_OBJECT_BEFORE.search(before) or AGENT_BEFORE.search(before):
            return 0.75
        if not article and self.surname_follows(document, tokens, index):
            return 0.75
        if not article and self._beside_a_name(document, tokens, index):
            return 0.75
        if signs_a_quote(document, token):
            return 0.75  # « … dsl pr tt. Sam »
        opens = document.starts_sentence(token) or GREETING_BEFORE.search(before)
        if LOCUTION_AFTER.match(document.text, token.end) and opens:
            return 0.0  # "Grâce à vos conseils", "Constance dans…", « Bonsoir, Patience à bout »
        if place:
            return 0.0  # "Nancy", "France": a clue beside them is needed
        if not article and (PERSON_PREPOSITION_BEFORE.search(before) or CLITIC_AFTER.match(after)):
            return 0.75  # "avec Rose", "pour Marie", "Rose lui prête un vélo"
        if document.starts_sentence(token) or article or key in NEVER_SURNAMES:
            return 0.0  # "Pierre angulaire du dispositif", "Victoire : ...", "le 3 Avril"
        return 0.7

    def _lower_subject(self, document: Document, token: Token) -> bool:
        """ "marie a 3 enfants": a given name in lower case opening a sentence before an action
        (a place before what only a person does: « florence veut », not « france a »)."""
        key = token.key
        if key in self.lex.institutions or len(key) < 3:
            return False
        before = document.window_before(token.start, 12)
        if AGE_AFTER.match(document.text[token.end : token.end + 12]):
            # "florence (28a) a tjs pas sa paie", "prudence (32a, congolaise)": an age says who,
            # a town or a word as much as a name; not after a preposition (« à florence »).
            return not PLACED_BEFORE.search(before)
        if not opens_a_clause(document, token):
            return False  # after « ; » or « , » the clause goes on: "… ; marie attend" is unsure
        after = document.folded[token.end : token.end + 80]
        if key in self.lex.places or key in self.lex.gazetteer:
            return bool(PERSON_ACTION_AFTER.match(after))
        return bool(ACTION_AFTER.match(after) or RELATION_AFTER.match(after))

    def field_name(self, document: Document, token: Token, before: str, *, context: bool) -> float:
        """A surname after a form's field (« nom de famille : De Backer »), or a common word."""
        if context:
            return self.common_word_name(document, token, before)
        return 0.9 if token.is_capitalised and FIELD_NAME.search(before) else 0.0

    def common_word_name(self, document: Document, token: Token, before: str) -> float:
        """A surname that is a common word, where only a name can stand: after "Nom :" in a
        form ("Nom : PETIT"), or opening a sentence before an age ("Petit a 58 ans")."""
        key, lex = token.key, self.lex
        if not token.is_capitalised or key in NEVER_SURNAMES or key in lex.titles:
            return 0.0
        if key in lex.institutions or key in lex.places or key in lex.street_types:
            return 0.0
        if FIELD_NAME.search(before):
            return 0.9
        after = document.folded[token.end : token.end + 20]
        opens = document.starts_sentence(token) and not document.mostly_upper
        return 0.7 if opens and token.is_title and AGED_AFTER.match(after) else 0.0

    def lower_relative(self, document: Document, token: Token, before: str) -> bool:
        """ "un jeune sitraka 19a", "mon stagiaire wendpouire a perdu...": a lower-case word in
        no lexicon between a relation word and an age or an action is the person's name; so
        are initials without a vowel right after a relation word ("mon stagiaire jb")."""
        if not token.is_lower or not self._free(token) or not RELATIVE.search(before):
            return False
        if self.lex.is_french_word(token.key) and not self.lex.is_given_name(token.key):
            return False  # "le travailleur social ne répond plus": a word of the dictionary
        if len(token.text) <= 3 and not re.search(r"[aeiouy]", token.key):
            return True
        if len(token.text) < 3:
            return False
        after = document.folded[token.end : token.end + 80]
        return bool(AGE_AFTER.match(after) or ACTION_AFTER.match(after))

    def unknown_name_score(self, document: Document, token: Token, before: str) -> float:
        """A capitalised word in no lexicon ("Tsiory", "Wendpouiré", "Sitraka") is a name
        beside the same clues as an ambiguous one: an action, a relation word, a verb whose
        object is a person. Not an acronym ("Le SECAL peut..."), not after an article or a
        preposition ("à Hénin-Beaumont, a un contrat"), and the action right after it."""
        after = document.folded[token.end : token.end + 80]
        if token.key in self.lex.chains or ARTICLE_BEFORE.search(before):
            return 0.0
        if token.is_upper:
            # "« VANDERMEULEN arrive en retard »": a long upper-case word in no dictionary
            # before an action is a surname written as forms write them; an acronym is short.
            long_name = len(token.text) >= 7 and self.lex.looks_like_a_name(token.text)
            return 0.7 if long_name and ACTION_AFTER.match(after) else 0.0
        # What things do too counts only for a word in no dictionary and no gazetteer.
        unknown_acts = ACTION_AFTER.match(after) or (
            ACTION_OF_AN_UNKNOWN_WORD_AFTER.match(after) and self.lex.looks_like_a_name(token.text)
        )
        if (unknown_acts and not after.lstrip().startswith(",")) or (RELATION_AFTER.match(after)):
            return 0.7
        if PERSON_OBJECT_BEFORE.search(before) and not (
            before.endswith("!aide ") and self.lex.is_french_word(token.key)
        ):
            return 0.7  # (a word after the command is a heading: « !aide Rapport de stage : »)
        if self._town_after_unknown_name(document, token):
            return 0.65
        if not self.lex.looks_like_a_name(token.text):
            return 0.0
        # No French word, no place, no institution: inside a sentence, a capital on it says
        # it is a proper name, and a proper name that is no place is a person's.
        if document.starts_sentence(token) or AFTER_A_THING.search(before):
            return 0.0
        # "via Start People", "la Boulangerie Ringot", "Emmaüs Connect": the second word of a
        # thing's name.
        window = document.text[max(0, token.start - 40) : token.start]
        if THING_NAME_BEFORE.search(window):
            return 0.0
        previous = re.search(r"([^\W\d_]+) $", window)
        if previous and previous.group(1)[:1].isupper():
            key = fold_key(previous.group(1))
            if self.lex.is_context_word(key) and not self.lex.is_given_name(key):
                return 0.0
        return 0.65

    def _town_after_unknown_name(self, document: Document, token: Token) -> bool:
        """ "Yaitoumbai Taibai est…": a town's name right after an unknown capitalised word,
        with no preposition between them, is a surname (a town follows « à », « de », « pour »)."""
        if token.key not in self.lex.gazetteer:
            return False
        previous = re.search(r"(?:^|[^\w'’-])([^\W\d_][\w'’-]+) $", document.text[: token.start])
        if previous is None or not previous.group(1)[:1].isupper() or previous.group(1).isupper():
            return False
        word = previous.group(1)
        key = fold_key(word)
        return self.lex.looks_like_a_name(word) and not self.lex.is_context_word(key)

    def coordinated(
        self, document: Document, tokens: list[Token], found: dict[int, float]
    ) -> list[int]:
        """ "moussa ou samba", "Karim et Tsiory": a word joined by "et"/"ou" to a found given
        name, in the same casing, that is no word of context."""
        joined: list[int] = []
        for index in found:
            name = tokens[index]
            if not self.lex.is_given_name(name.key):
                continue
            for other, word in ((index + 2, index + 1), (index - 2, index - 1)):
                if not 0 <= other < len(tokens) or other in found:
                    continue
                if tokens[word].key not in {"et", "ou"} or not tokens[word].is_lower:
                    continue
                left, right = sorted((name, tokens[other]), key=lambda t: t.start)
                if len(document.text[left.end : right.start]) > 5:
                    continue
                candidate = tokens[other]
                same_case = candidate.is_lower == name.is_lower and (
                    candidate.is_title == name.is_title
                )
                # ("Kevin, Samira et Jo": two letters are enough for a capitalised name.)
                long_enough = len(candidate.text) >= (2 if candidate.is_title else 3)
                # ("le chantier de Liévin, et Charlotte": a town a preposition places.)
                town = candidate.key in self.lex.gazetteer and not self.lex.is_given_name(
                    candidate.key
                )
                placed = town and ARTICLE_BEFORE.search(document.window_before(candidate.start, 12))
                if same_case and long_enough and self._free(candidate) and not placed:
                    joined.append(other)
        named = {**found, **dict.fromkeys(joined, 0.7)}  # « olive, rose et mehmet »
        listed = [i - 1 for i in named if listed_before(self.lex, document, tokens, named, i)]
        return joined + listed

    def _free(self, token: Token) -> bool:
        """No word of context and no word of the sentence's grammar."""
        return not self.lex.is_context_word(token.key) and token.key not in NEVER_SURNAMES

    def _beside_a_name(self, document: Document, tokens: list[Token], index: int) -> bool:
        """ "Pierre et Paul", "Karim ou Rose": coordinated with a name that is never a word."""
        lex = self.lex
        for other, word in ((index + 2, index + 1), (index - 2, index - 1)):
            if not 0 <= other < len(tokens) or tokens[word].key not in {"et", "ou"}:
                continue
            left, right = sorted((tokens[index], tokens[other]), key=lambda t: t.start)
            if len(document.text[left.end : right.start]) > 5:
                continue
            name = tokens[other]
            if (
                name.is_title
                and lex.is_given_name(name.key)
                and not lex.is_ambiguous_name(name.key)
            ):
                return True
        return False

    def surname_follows(self, document: Document, tokens: list[Token], index: int) -> bool:
        """ "Marie Lefort", "Florence Martin": a capitalised surname-like word right after."""
        if index + 1 >= len(tokens):
            return False
        following = tokens[index + 1]
        if not JOINER.match(document.gap(tokens[index], following)) or following.key in PARTICLES:
            return False
        if not following.is_title or len(following.text) < 2:
            return False
        lex = self.lex
        if lex.is_given_name(following.key) and not lex.is_ambiguous_name(following.key):
            return True
        if not lex.is_context_word(following.key):
            return True
        after = document.window_after(following.end, 80)
        if AGE_AFTER.match(after):
            return True  # « Florence Hainaut, 43 ans », « Clémence Bretagne (31 ans »
        # "Désiré Petit travaille comme manœuvre": a word for a surname, then what a person does.
        return following.key not in lex.places and bool(ACTION_AFTER.match(after))

    def lower_name_with_particle(self, document: Document, tokens: list[Token], index: int) -> bool:
        """ "marc de backer": a given name, a name particle and a word that is no French word."""
        if index + 2 >= len(tokens):
            return False
        name, particle, surname = tokens[index], tokens[index + 1], tokens[index + 2]
        # "van", "el", "ben" are no French words; "de", "du", "le" join only a name that is
        # not a word itself ("claire de lune" stays).
        foreign = particle.key in NAME_PARTICLES - {"de", "du", "le"}
        return (
            name.is_lower
            and particle.is_lower
            and particle.key in NAME_PARTICLES
            and document.gap(name, particle) == " "
            and document.gap(particle, surname) == " "
            and self.lower_surname(surname)
            and not self.lex.is_french_word(surname.key)  # "tri de textiles" is sorting
            and (foreign or name.key not in self.lex.common_words)
        )

    def lower_surname(self, token: Token) -> bool:
        """A lower-case word that can be a surname typed in chat: no known word of context."""
        return (
            token.is_lower
            and len(token.text) >= 3
            and token.key not in PARTICLES
            and not self.lex.is_context_word(token.key)
        )

    def family_name(self, document: Document, token: Token, before: str) -> bool:
        """ "Famille Durand :" opening a line, "la famille Benali": the family's surname.

        A capitalised common word is one too when it cannot agree with "famille": "Famille
        Petit", "la famille Boucher", but "Famille Nombreuse", "Famille Recomposée" stay."""
        shaped = token.is_title or token.is_lower  # « les lemaitre, ils sont … » typed in chat
        if shaped and not document.mostly_upper and THE_FAMILY_BEFORE.search(before):
            # "les voisins, les Dufour, racontent…": a surname in no dictionary after "les"
            after = document.folded[token.end : token.end + 12]
            return self.lex.looks_like_a_name(token.text) and bool(FAMILY_AFTER.match(after))
        if not FAMILY_CUE.ends(before):
            return False
        if self.lex.is_context_word(token.key):
            lex, key = self.lex, token.key
            return (
                token.is_title
                and not document.mostly_upper
                and not key.endswith("e")
                and key in lex.common_words
                and not (key in lex.places or key in lex.institutions or key in lex.titles)
                and key not in NEVER_SURNAMES
            )
        if token.is_capitalised and not document.mostly_upper:
            return True
        if token.is_lower and len(token.text) >= 3 and self.lex.looks_like_a_name(token.text):
            return token.key not in self.lex.gazetteer  # "mardi famille nowak en visite"
        line_start = document.text.rfind("\n", 0, token.start) + 1
        opens_line = re.fullmatch(r"\s*famille\s+", document.folded[line_start : token.start])
        return bool(opens_line and HEADING_AFTER.match(document.text[token.end : token.end + 4]))

    def nickname(self, document: Document, token: Token, before: str) -> bool:
        """ "jojo", "Mimi", "fifi": a doubled syllable is a nickname; a nursery word ("coco",
        "papa") only capitalised inside a sentence ("tout le monde connaît Coco")."""
        key = token.key
        if not NICKNAME.match(key) or self.lex.is_context_word(key):
            return False
        if key in NURSERY_WORDS:
            return token.is_title and not document.starts_sentence(token)
        if token.is_capitalised:
            return not document.mostly_upper
        after = document.folded[token.end : token.end + 80]
        return bool(
            ACTION_AFTER.match(after)
            or RELATION_AFTER.match(after)
            or RELATIVE.search(before)
            or re.search(r"\b(?:le|la)\s+(?:petit|petite)\s+$", before)
        )
