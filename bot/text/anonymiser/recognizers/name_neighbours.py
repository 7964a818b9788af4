"""Growing a found name to its other parts: surnames after given names (« Karim El Amrani »,
« Julien Petit »), given names before surnames, particles on either side (« mme van der
Berghe », « Jan De Vos »), initials, and the same in chat's lower case (« kevin dujardin »)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.employer_cues import TRADES
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    ELIDED_GAPS,
    FIELD_NAME,
    JOINER,
    MONTHS,
    NAME_PARTICLES,
    NEVER_SURNAMES,
    PARTICLES,
)
from bot.text.anonymiser.recognizers.name_evidence import NameEvidence
from bot.text.anonymiser.recognizers.name_lower_cues import (
    IDENTITY_BRACKET,
    KIN_BRACKET_AFTER,
    surname_acting,
)
from bot.text.anonymiser.text import Document, Token

# Vietnamese middle names: the name after them is the given name (« Nguyen Thi Lan »).
VIETNAMESE_MIDDLE = frozenset({"thi", "thị"})
# A surname whose particle is joined by a hyphen: « al-Masri », « el-Khoury », « ben-Ali ».
PARTICLE_JOINED = re.compile(r"(?:al|el|ben|bin|abu|ould|ait|aït)-[A-ZÀ-Ý][a-zà-ÿ]+")

# The age closing a name, after a comma or in a bracket: « jerome petit, 48a ».
_AGE_CLOSES = re.compile(r"\s*[,(]\s*\d{1,2}\s*(?:ans|a)\b")


class NameNeighbours:
    def __init__(self, lexicons: Lexicons, evidence: NameEvidence) -> None:
        self.lex = lexicons
        self.evidence = evidence

    def _surname_like(self, token: Token) -> bool:
        if PARTICLE_JOINED.fullmatch(token.text):
            return True  # "Ahmad al-Masri", "Karim el-Khoury"
        if not token.is_capitalised or len(token.text) < 2:
            return False
        key = token.key
        if self.lex.is_given_name(key) and not self.lex.is_ambiguous_name(key):
            return True
        return not self.lex.is_context_word(key)

    def extend(
        self,
        document: Document,
        tokens: list[Token],
        scores: dict[int, float],
        mark: Callable[[int, float], None],
    ) -> None:
        """Capitalised neighbours of a found name are its other parts ("Karim El Amrani")."""
        changed = True
        while changed:
            changed = False
            for index in sorted(scores):
                for step in (1, -1):
                    parts = self._neighbour_parts(document, tokens, index, step, scores[index])
                    for neighbour in parts:
                        if neighbour not in scores:
                            mark(neighbour, scores[index] - 0.05)
                            changed = changed or neighbour in scores

    def _neighbour_parts(
        self, document: Document, tokens: list[Token], index: int, step: int, score: float
    ) -> list[int]:
        """Indexes of the name parts right beside ``tokens[index]`` (found with ``score``)
        on one side."""
        strong = score >= 0.85  # found by a title or a naming phrase
        sure = score >= 0.75  # a given name found as a person on its own
        neighbour = index + step
        if not 0 <= neighbour < len(tokens):
            return []
        left, right = sorted((tokens[index], tokens[neighbour]), key=lambda t: t.start)
        candidate = tokens[neighbour]
        name = tokens[index]
        if step == 1 and self._bracketed_given_name(document, name, candidate):
            return [neighbour]
        if step == -1 and self._elided_n(document, tokens, neighbour):
            return [neighbour]  # « N'Diaye », « mme n'diaye »: the surname's own « N' »
        if not JOINER.match(document.gap(left, right)):
            return []
        if step == 1 and self._initial_after(document, name, candidate):
            return [neighbour]
        if step == 1 and self._lower_surname_after(document, name, candidate):
            return [neighbour]
        if step == 1 and self._word_surname_after(
            document, name, candidate, strong=strong, sure=sure
        ):
            return [neighbour]
        if step == 1 and self._given_name_after(name, candidate, strong=strong):
            return [neighbour]
        if candidate.key in PARTICLES:
            return self._particle_run(document, tokens, index, step)
        if step == -1 and self._given_name_before(document, candidate, name):
            return [neighbour]
        if document.mostly_upper and self.lex.is_context_word(candidate.key):
            return []
        return [neighbour] if self._surname_like(candidate) else []

    def _elided_n(self, document: Document, tokens: list[Token], at: int) -> bool:
        """« N » and an apostrophe before a found name, capitalised or after a title."""
        letter = tokens[at]
        if letter.key != "n" or document.gap(letter, tokens[at + 1]) not in ELIDED_GAPS:
            return False
        return letter.text == "N" or (at > 0 and tokens[at - 1].key in self.lex.titles)

    def _bracketed_given_name(self, document: Document, name: Token, candidate: Token) -> bool:
        """ "mme ilunga (grâce)", "M. Roux (Patrice)": a given name alone in brackets right
        after a found name is that person's, even one that is also a word."""
        if not re.fullmatch(r"\s*\(\s*", document.gap(name, candidate)):
            return False
        if not re.match(r"\s*\)", document.text[candidate.end : candidate.end + 3]):
            return False
        if self.lex.is_place_as_written(candidate.text):
            return False  # "Toitures Gonay (Herve)": the town the business stands in
        return self.lex.is_given_name(candidate.key) and candidate.key not in NEVER_SURNAMES

    def _particle_run(
        self, document: Document, tokens: list[Token], index: int, step: int
    ) -> list[int]:
        """ "Karim El Amrani", "kevin van den broeck", "tran van minh": particles and the
        surname part beyond them, on either side of a found name, in any case."""
        name = tokens[index]
        first = tokens[index + step]
        if step == -1 and first.key in {"de", "du", "des", "d"} and first.is_lower:
            return []  # "la DPAE de Quentin": before a given name, "de" is the preposition
        if first.text == "ou" and not name.is_lower:
            return []  # « type Veolia ou Dalkia »: the conjunction, not the Berber « Ou »
        # "Mohamed Aït": a capitalised particle alone after a name is the surname itself.
        alone = [index + step] if step == 1 and self._surname_like(first) else []
        run: list[int] = []
        position = index + step
        while 0 <= position < len(tokens) and tokens[position].key in PARTICLES and len(run) < 3:
            left, right = sorted((tokens[position - step], tokens[position]), key=lambda t: t.start)
            if not JOINER.match(document.gap(left, right)):
                return alone
            run.append(position)
            position += step
        if step == -1 and run and self._field_particles(document, tokens, run):
            return run  # « Nom de famille : De Backer »: the form's field, then the surname
        if not 0 <= position < len(tokens):
            return alone
        beyond = tokens[position]
        left, right = sorted((tokens[position - step], beyond), key=lambda t: t.start)
        if step == -1 and beyond.key in self.lex.titles and self._name_particles(tokens, run):
            return run  # « mme van der Berghe »: the particles between a title and the name
        gap = document.gap(left, right)
        elided = step == 1 and tokens[position - step].key == "d" and gap in ELIDED_GAPS
        if not (JOINER.match(gap) or (elided and beyond.is_title)):  # « Aurélie d'Hondt »
            return alone
        if step == 1 and self._home_town(tokens, run, beyond):
            return alone  # « M. Lecomte de Saint-Amand-les-Eaux »: where he lives, not his name
        if self._surname_like(beyond):
            return [*run, position]
        if step == 1 and self._capitalised_particle_surname(document, tokens, run, beyond):
            return [*run, position]  # « Jan De Vos », « Marc Le Grand »
        lower = name.is_lower and all(tokens[i].is_lower for i in run)
        strong = all(tokens[i].key in NAME_PARTICLES or tokens[i].key in {"la", "den"} for i in run)
        if lower and strong and beyond.key in TRADES:
            return run if step == -1 else alone  # « pizzeria da salvatore », « yilmaz du snack »
        if lower and self.evidence.lower_surname(beyond) and strong:
            return [*run, position]
        return alone

    def _home_town(self, tokens: list[Token], run: list[int], beyond: Token) -> bool:
        """A lower-case « de » then a town of the curated list or a town of the gazetteer
        written in three parts or more: the place the person is from (a particle is
        capitalised, « Jan De Vos », and « de Saint-Just » is a name as often as a town)."""
        lex = self.lex
        if [tokens[i].text for i in run] != ["de"] or lex.is_given_name(beyond.key):
            return False
        return beyond.key in lex.places or (
            beyond.key.count("-") >= 2 and beyond.key in lex.gazetteer
        )

    def _given_name_after(self, name: Token, candidate: Token, *, strong: bool) -> bool:
        """« Hoang Thi Mai »: the given name after « Thi », even a month; « mme leroy rose »:
        a given name typed after a surname found by a title, even one that is a word."""
        if name.key in VIETNAMESE_MIDDLE:
            return candidate.is_capitalised == name.is_capitalised
        return (
            strong
            and name.is_lower
            and candidate.is_lower
            and self.lex.is_given_name(candidate.key)
            and self.lex.is_ambiguous_name(candidate.key)
            and candidate.key not in NEVER_SURNAMES
        )

    @staticmethod
    def _field_particles(document: Document, tokens: list[Token], run: list[int]) -> bool:
        """Capitalised particles right after a form's « Nom : »."""
        opening = tokens[run[-1]]
        return opening.is_title and bool(
            FIELD_NAME.search(document.window_before(opening.start, 40))
        )

    @staticmethod
    def _name_particles(tokens: list[Token], run: list[int]) -> bool:
        """Particles that only names have (« van der », « el »), not « de » or « la » alone,
        which are prepositions and articles as often."""
        keys = [tokens[i].key for i in run]
        return all(key in NAME_PARTICLES for key in keys) and (
            len(keys) > 1 or keys[0] not in {"de", "du", "des", "d", "la", "le", "da", "di"}
        )

    def _capitalised_particle_surname(
        self, document: Document, tokens: list[Token], run: list[int], beyond: Token
    ) -> bool:
        """A capitalised particle and a capitalised word after a found name are its surname,
        even when the word is a word (« Vos », « Grand »), unless it names an institution, a
        place, a title or a month."""
        lex, key = self.lex, beyond.key
        return (
            not document.mostly_upper
            and tokens[run[0]].is_title
            and beyond.is_title
            and key not in NEVER_SURNAMES
            and not (key in lex.institutions or key in lex.titles or key in lex.places)
            and key not in lex.gazetteer
        )

    def _word_surname_after(
        self,
        document: Document,
        name: Token,
        candidate: Token,
        *,
        strong: bool = False,
        sure: bool = False,
    ) -> bool:
        """ "Julien Petit", "Karim Grand", "Ibrahim Roux": a capitalised common word or place
        right after a given name that is never a word is its surname (a town comes after a
        preposition; an institution, a title or a month is never a surname)."""
        lex = self.lex
        key = candidate.key
        return (
            name.is_title
            and candidate.is_title
            and not document.mostly_upper
            and document.gap(name, candidate) == " "
            # "s'appelle Marin Petit", "Mme Fournier Petit": a name found by a title or a
            # naming phrase takes a word-surname too.
            # A given name that is also a word counts once it was found as a person on its own
            # (« Florence a 45 ans… Florence Petit »).
            and (
                strong
                or (lex.is_given_name(name.key) and (sure or not lex.is_ambiguous_name(name.key)))
            )
            and (key in lex.common_words or key in lex.places)
            and (key not in NEVER_SURNAMES or self._month_surname(document, candidate, strong))
            and key not in TRADES  # « Dany Maçonnerie »: a trade names a business
            and not (key in lex.institutions or key in lex.titles or key in lex.street_types)
        )

    @staticmethod
    def _month_surname(document: Document, candidate: Token, strong: bool) -> bool:
        """A month written with its capital right after a given name is a surname when a title
        came before or an age follows (« M. Jean-Marc Février », « Martin Janvier, 46 ans »):
        French writes months in lower case."""
        if candidate.key not in MONTHS:
            return False
        return strong or bool(AGE_AFTER.match(document.window_after(candidate.end, 20)))

    def _given_name_before(self, document: Document, candidate: Token, name: Token) -> bool:
        """ "Blanche Petit" once "Petit" is found ("Mme Petit" elsewhere): a capitalised given
        name right before a found surname is the first name, even one that is also a word."""
        if (
            candidate.is_lower
            and name.is_lower
            and document.gap(candidate, name) == " "
            and self.lex.is_given_name(candidate.key)
            and candidate.key not in NEVER_SURNAMES
            and candidate.key not in self.lex.institutions
        ):
            return True  # « c'est aimé ndiaye »: in chat, the same in lower case
        return (
            candidate.is_title
            and name.is_capitalised
            and not document.mostly_upper
            and document.gap(candidate, name) == " "
            and self.lex.is_given_name(candidate.key)
            and candidate.key not in self.lex.institutions
            # ("je parle de Florence Collard": a place's name before a surname is a given name,
            # when the surname is in no dictionary.)
            and (
                not self.lex.is_place_as_written(candidate.text)
                or self.lex.looks_like_a_name(name.text)
            )
        )

    @staticmethod
    def _initial_after(document: Document, name: Token, candidate: Token) -> bool:
        """ "Nadia B.": one capital and a full stop after a name is the surname's initial."""
        return (
            len(candidate.text) == 1
            and candidate.text.isupper()
            and name.is_capitalised
            and document.text[candidate.end : candidate.end + 1] == "."
            and document.gap(name, candidate) == " "
        )

    def _short_surname(self, document: Document, candidate: Token) -> bool:
        """ "amadou sy, 27 ans", "mai ly." : a two-letter surname no dictionary knows, closed
        by punctuation or an age."""
        after = document.window_after(candidate.end, 20)
        closed = bool(re.match(r"\s*[,.;:()]", after)) or bool(AGE_AFTER.match(after))
        return len(candidate.text) == 2 and closed and self.lex.looks_like_a_name(candidate.text)

    def _lower_surname_after(self, document: Document, name: Token, candidate: Token) -> bool:
        """ "kevin dujardin": a name typed in lower case keeps its surname in lower case too.

        Only after a given name that is never a word, and only for a word that is not a known
        French word, so that "karim veut" or "lina aussi" stay whole.
        """
        lex = self.lex
        # (Any word is the surname when who the person is, their age or what they do follows:
        # « petit (nee le … ) », « jerome petit, 48a », « patience marchand ne vient plus ».)
        after = document.folded[candidate.end : candidate.end + 30]
        identified = bool(IDENTITY_BRACKET.match(after) or _AGE_CLOSES.match(after))
        identified = identified or bool(KIN_BRACKET_AFTER.match(after))  # « … (mere et fille) »
        identified = identified or surname_acting(document, name, candidate)  # « … ne vient »
        return (
            name.is_lower
            and candidate.is_lower
            and (len(candidate.text) >= 3 or self._short_surname(document, candidate))
            and document.gap(name, candidate) == " "
            and lex.is_given_name(name.key)
            and candidate.key not in PARTICLES
            and candidate.key not in NEVER_SURNAMES  # « moussa devant tout le monde »
            and (identified or not lex.is_context_word(candidate.key))
            # After a given name that is also a word (« marie », « rose »), only a word no
            # dictionary nor gazetteer knows.
            and (
                identified
                or not lex.is_ambiguous_name(name.key)
                or (lex.looks_like_a_name(candidate.text) and candidate.key not in lex.gazetteer)
            )
        )
