"""Person names, without a language model: titles, a given-name lexicon, shapes and phrases.

Evidence, strongest first:
- a title before the name ("Mme Garcia", "M. Leroy Bernard", "madame dupont");
- a naming phrase ("s'appelle X", "prénommée X") or a relative ("sa fille X", "son mari X");
- a known given name, in any case ("Julien", "julien", "MOHAMED"); names that are also words or
  places ("Claire", "Rose", "Florence", "Avril") need a capital away from the start of a place
  phrase, or one of the stronger clues;
- a capitalised word followed by an age ("Zorana, 19 ans", "Kemo (24 ans)").
A capitalised or upper-case word next to a found name is its surname ("DUBOIS Claire",
"Mohamed Aït", "Karim El Amrani"). Once a name is found, every other occurrence goes too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.text import Document, Token

PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "el",
        "al",
        "ben",
        "bin",
        "bint",
        "ait",
        "ou",
        "da",
        "di",
        "dos",
        "das",
        "del",
        "mac",
        "mc",
        "o",
        "abou",
        "abu",
    ]
)
# Titles that are also ordinary words or letters: they count only written as titles.
STRICT_TITLES = frozenset({"m", "me", "mr", "dr", "pr", "dame", "sieur"})
NAMING = re.compile(
    r"(?:s'appelle|s'appellent|appele|appelee|prenomme|prenommee|prenom\s*:?|nomme|nommee|"
    r"denomme|denommee|surnomme|surnommee|pseudo\s*:?|nom\s*:|nom\s+et\s+prenom\s*:?|"
    r"je\s+suis|c'est|cest|c\s+est|moi\s+c'est|je\s+m'appelle)\s*$"
)
# Civil-status words that put a name right after them ("épouse Benhaddou", "née Yıldız").
CIVIL_STATUS = re.compile(r"\b(?:epouse|epoux|nee|veuve|veuf|dite|dit|alias|surnom)\s*:?\s*$")
RELATIVE = re.compile(
    r"(?:\b(?:son|sa|ses|mon|ma|notre|le|la|leur|votre|un|une)\s+)(?:fils|fille|mari|femme|epouse|"
    r"epoux|compagnon|compagne|conjoint|conjointe|frere|soeur|mere|pere|tante|oncle|cousin|"
    r"cousine|neveu|niece|petit-fils|petite-fille|grand-mere|grand-pere|ami|amie|copain|copine|"
    r"beau-pere|belle-mere|beau-frere|belle-soeur|enfant|bebe|fiance|fiancee|ex|stagiaire|"
    r"beneficiaire|salarie|salariee|jeune|candidat|candidate|usager|usagere|client|cliente|"
    r"demandeur|demandeuse|apprenti|apprentie|eleve|patient|patiente|collegue|referent|"
    r"referente|voisin|voisine|colocataire|proprietaire|bailleur|employeur|travailleur|"
    r"travailleuse|maman|papa|aine|ainee|cadet|cadette|famille|ex-mari|ex-femme|ex-epouse|"
    r"ex-compagnon|ex-compagne|ex-conjoint|ex-conjointe|ex-copain|ex-copine|concubin|concubine|"
    r"partenaire|tuteur|tutrice|patron|patronne|formateur|formatrice|"
    r"encadrant|encadrante|gendre|belle-fille|filleul|filleule|demi-frere|"
    r"demi-soeur|fils\s+aine|fille\s+ainee|benjamin|benjamine)\s*(?:,\s*)?(?:\(\s*)?$"
)
AGE_AFTER = re.compile(
    r"^\s*(?:[,(]\s*|[\-–]\s+)?(?:\d{1,2}\s*(?:ans|a)\b|age|agee|âgé|âgée)", re.I
)
PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:a|à|en|de|d'|vers|sur|pres de|depuis|pour|au|aux|via)\s*)$"
)
# Words that follow a title without being a name ("M. le maire", "Madame la directrice").
NOT_NAMES_AFTER_TITLE = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "d",
        "et",
        "ou",
        "un",
        "une",
        "votre",
        "notre",
        "son",
        "sa",
        "ses",
        "mon",
        "ma",
        "mes",
        "leur",
        "leurs",
        "maire",
        "directeur",
        "directrice",
        "president",
        "presidente",
        "juge",
        "ministre",
        "depute",
        "deputee",
        "docteur",
        "professeur",
        "avocat",
        "avocate",
        "adjoint",
        "adjointe",
        "echevin",
        "echevine",
        "bourgmestre",
        "prefet",
        "prefete",
    ]
)
_JOINER = re.compile(r"^[ \t]{1,2}$|^-$")
# Fixed phrases that open with a given name that is also a word ("Grâce à vos conseils").
LOCUTION_AFTER = re.compile(r"\s+(?:à|au|aux)\s", re.IGNORECASE)


class NameRecognizer:
    name = "person"
    entity_type = PERSON

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        tokens = document.tokens
        protected = self._protected(document)
        scores: dict[int, float] = {}

        def mark(index: int, score: float) -> None:
            if index not in protected and scores.get(index, 0.0) < score:
                scores[index] = score

        for index, _token in enumerate(tokens):
            score = self._seed_score(document, tokens, index, protected)
            if score:
                mark(index, score)
        self._extend_to_surnames(document, tokens, scores, mark)
        self._propagate(tokens, scores, mark)
        yield from self._merge(document, tokens, scores)

    # -- seeds -----------------------------------------------------------------------------

    def _seed_score(
        self, document: Document, tokens: list[Token], index: int, protected: set[int]
    ) -> float:
        token = tokens[index]
        if index in protected or len(token.text) < 2:
            return 0.0
        previous = tokens[index - 1] if index else None
        if previous is not None and self._after_title(document, previous, token):
            return 0.9
        if previous is not None and self._particle_after_title(document, tokens, index):
            return 0.9
        before = document.window_before(token.start, 40)
        key = token.key
        lex = self.lex
        known = lex.is_given_name(key)
        context = lex.is_context_word(key)
        capitalised = token.is_capitalised
        if not (context and not known) and NAMING.search(before):
            return 0.9
        if (known or (capitalised and not context)) and RELATIVE.search(before):
            return 0.85
        if capitalised and (known or not context) and CIVIL_STATUS.search(before):
            return 0.85
        age_after = bool(AGE_AFTER.match(document.text[token.end : token.end + 12]))
        if known and not lex.is_ambiguous_name(key):
            if capitalised or not context:
                return 0.8 if capitalised else 0.65
            return 0.0
        if known:
            return self._ambiguous_score(document, token, before, age_after)
        if age_after and capitalised and not context and len(token.text) > 2:
            return 0.7
        return 0.0

    def _ambiguous_score(self, document: Document, token: Token, before: str, age: bool) -> float:
        """Names that are also words or places: "Claire" is a person, "claire" an adjective."""
        if age and token.is_capitalised:
            return 0.75
        if not token.is_capitalised or document.mostly_upper:
            return 0.0
        if LOCUTION_AFTER.match(document.text, token.end) and document.starts_sentence(token):
            return 0.0  # "Grâce à vos conseils", "Constance dans l'effort"
        key = token.key
        lex = self.lex
        if key in lex.places or key in lex.institutions or key in lex.common_words:
            return 0.0  # "Nancy", "France", "Avril": a clue beside them is needed
        if PLACE_PREPOSITION.search(before) and key in lex.places:
            return 0.0
        return 0.7

    def _after_title(self, document: Document, title: Token, token: Token) -> bool:
        if title.key not in self.lex.titles:
            return False
        gap = document.gap(title, token)
        if title.key in STRICT_TITLES:
            if not title.is_capitalised or not token.is_capitalised:
                return False
            if title.key in {"m", "mr", "dr", "pr"} and not re.fullmatch(r"\.?\s{1,2}", gap):
                return False
            if title.key == "me" and gap != " ":
                return False
        elif not re.fullmatch(r"\.?\s{1,2}", gap):
            return False
        key = token.key
        if self.lex.is_given_name(key):
            return True
        if token.is_capitalised and not document.mostly_upper:
            return key not in NOT_NAMES_AFTER_TITLE and key not in self.lex.institutions
        return not self.lex.is_context_word(key)

    def _particle_after_title(self, document: Document, tokens: list[Token], index: int) -> bool:
        """ "M. De Smet", "Mme Van den Bossche", "M. Le Goff": a particle opens the surname."""
        token = tokens[index]
        if token.key not in PARTICLES or not token.is_capitalised or index + 1 >= len(tokens):
            return False
        title = tokens[index - 1]
        if title.key not in self.lex.titles or not re.fullmatch(
            r"\.?\s{1,2}", document.gap(title, token)
        ):
            return False
        following = tokens[index + 1]
        if not _JOINER.match(document.gap(token, following)) or not following.is_capitalised:
            return False
        if following.key in PARTICLES:
            return index + 2 < len(tokens) and tokens[index + 2].is_capitalised
        return following.key not in NOT_NAMES_AFTER_TITLE and not self.lex.is_context_word(
            following.key
        )

    def _protected(self, document: Document) -> set[int]:
        """Tokens inside an institution, place or public figure's name ("France Travail")."""
        spans = [m.span() for m in self.lex.protected_phrases.finditer(document.folded)]
        protected: set[int] = set()
        for index, token in enumerate(document.tokens):
            if any(start <= token.start and token.end <= end for start, end in spans):
                protected.add(index)
        return protected

    # -- growing and spreading -------------------------------------------------------------

    def _surname_like(self, token: Token) -> bool:
        if not token.is_capitalised or len(token.text) < 2:
            return False
        key = token.key
        if self.lex.is_given_name(key) and not self.lex.is_ambiguous_name(key):
            return True
        return not self.lex.is_context_word(key)

    def _extend_to_surnames(
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
                    for neighbour in self._neighbour_parts(document, tokens, index, step):
                        if neighbour not in scores:
                            mark(neighbour, scores[index] - 0.05)
                            changed = changed or neighbour in scores

    def _neighbour_parts(
        self, document: Document, tokens: list[Token], index: int, step: int
    ) -> list[int]:
        """Indexes of the name parts right beside ``tokens[index]`` on one side."""
        neighbour = index + step
        if not 0 <= neighbour < len(tokens):
            return []
        left, right = sorted((tokens[index], tokens[neighbour]), key=lambda t: t.start)
        if not _JOINER.match(document.gap(left, right)):
            return []
        candidate = tokens[neighbour]
        if step == 1 and self._initial_after(document, tokens[index], candidate):
            return [neighbour]
        if step == 1 and self._lower_surname_after(document, tokens[index], candidate):
            return [neighbour]
        if candidate.key in PARTICLES and step == 1:
            after = neighbour + 1
            if (
                after < len(tokens)
                and _JOINER.match(document.gap(candidate, tokens[after]))
                and self._surname_like(tokens[after])
            ):
                return [neighbour, after]
            return [neighbour] if self._surname_like(candidate) else []
        if document.mostly_upper and self.lex.is_context_word(candidate.key):
            return []
        return [neighbour] if self._surname_like(candidate) else []

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

    def _lower_surname_after(self, document: Document, name: Token, candidate: Token) -> bool:
        """ "kevin dujardin": a name typed in lower case keeps its surname in lower case too.

        Only after a given name that is never a word, and only for a word that is not a known
        French word, so that "karim veut" or "lina aussi" stay whole.
        """
        lex = self.lex
        return (
            name.is_lower
            and candidate.is_lower
            and len(candidate.text) >= 3
            and document.gap(name, candidate) == " "
            and lex.is_given_name(name.key)
            and not lex.is_ambiguous_name(name.key)
            and candidate.key not in PARTICLES
            and not lex.is_context_word(candidate.key)
        )

    def _propagate(
        self,
        tokens: list[Token],
        scores: dict[int, float],
        mark: Callable[[int, float], None],
    ) -> None:
        """Every occurrence of a found name goes, in any case unless the name is also a word."""
        found: dict[str, float] = {}
        for index, score in scores.items():
            key = tokens[index].key
            if key in PARTICLES or len(key) < 2:
                continue
            found[key] = max(found.get(key, 0.0), score)
        for index, token in enumerate(tokens):
            if index in scores or token.key not in found:
                continue
            if self.lex.is_ambiguous_name(token.key) and not token.is_capitalised:
                continue
            mark(index, min(found[token.key], 0.75))

    @staticmethod
    def _merge(
        document: Document, tokens: list[Token], scores: dict[int, float]
    ) -> Iterator[Entity]:
        """Adjacent name tokens make one entity ("Anne-Sophie Lambert")."""
        run: list[int] = []
        for index in sorted(scores):
            if (
                run
                and index == run[-1] + 1
                and _JOINER.match(document.gap(tokens[run[-1]], tokens[index]))
            ):
                run.append(index)
                continue
            if run:
                yield _entity(tokens, scores, run)
            run = [index]
        if run:
            yield _entity(tokens, scores, run)


def _entity(tokens: list[Token], scores: dict[int, float], run: list[int]) -> Entity:
    start, end = tokens[run[0]].start, tokens[run[-1]].end
    return Entity(PERSON, start, end, max(scores[i] for i in run), "person")
