"""Person names, without a language model: titles, a given-name lexicon, shapes and phrases.

Evidence, strongest first:
- a title before the name ("Mme Garcia", "M. Leroy Bernard", "madame dupont", "mr dupont");
- a naming phrase ("s'appelle X", "prénommée X"; "c'est X" and "je suis X" only for a capital
  or a known given name) or a relative ("sa fille X", "son mari X", "un jeune sitraka 19a");
- a known given name, in any case ("Julien", "julien", "MOHAMED"); names that are also words or
  places ("Marie", "Rose", "Florence", "Innocent") need a clue beside them — an age, an action
  ("Marie doit...", "Marie a 3 enfants"), a relation word, a surname, another name — or, for
  a word that is no place, a capital inside a sentence (see name_evidence.py);
- a capitalised word in no lexicon beside an age, an action or a relation ("Tsiory a 20 ans");
- "Famille X :" headings and doubled-syllable nicknames ("jojo").
A capitalised or upper-case word next to a found name is its surname ("DUBOIS Claire",
"Mohamed Aït", "Karim El Amrani", "Julien Petit"), and so are particles and lower-case family
names typed in chat ("tran van minh", "marc de backer"). Once a name is found, every other
occurrence goes too, in every casing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.recognizers.name_actions import ACTION_AFTER
from bot.text.anonymiser.recognizers.name_aliases import (
    initials_only,
    mark_aliases,
    propagate,
)
from bot.text.anonymiser.recognizers.name_brackets import in_nickname_quotes
from bot.text.anonymiser.recognizers.name_chat import chat_seed, lower_particle_after_title
from bot.text.anonymiser.recognizers.name_clauses import role_word_after, typed_title
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    CIVIL_STATUS,
    ELIDED_GAPS,
    ESTABLISHMENT_NAME,
    FAMILY_CUE,
    JOINER,
    NAMESAKE,
    NAMING_CUE,
    NEVER_SURNAMES,
    NICKNAME,
    NOT_NAMES_AFTER_TITLE,
    PARTICLES,
    RELATIVE,
    SOMEONE_NAMED_CUE,
    SQUARE_BEFORE,
    STRICT_TITLES,
    WEAK_NAMING,
    is_relation_word,
    saint_places,
)
from bot.text.anonymiser.recognizers.name_evidence import NameEvidence
from bot.text.anonymiser.recognizers.name_handles import mark_handle_names
from bot.text.anonymiser.recognizers.name_lists import (
    aged_alike,
    chains_after_chez,
    enumerated_names,
    listed_places,
    mark_list_names,
    mark_surnames_typed_first,
    mark_table_names,
)
from bot.text.anonymiser.recognizers.name_neighbours import NameNeighbours
from bot.text.anonymiser.recognizers.name_spoken import mark_spoken_spellings
from bot.text.anonymiser.recognizers.name_things import VEHICLE
from bot.text.anonymiser.recognizers.name_unknown import UnknownWordEvidence
from bot.text.anonymiser.recognizers.quoted_signs import QuotedSignRecognizer
from bot.text.anonymiser.text import Document, Token

# Titles typed in chat's lower case, which are no French word either: « mr roux », « mme leroy ».
CHAT_TITLES = frozenset({"mr", "dr", "mme", "mlle", "madame", "monsieur"})


def _chat_title(token: Token) -> bool:
    return token.key in CHAT_TITLES and token.is_lower


# A driving licence's category is no initial: « former au permis C. Quelqu'un… ».
LICENCE = re.compile(
    r"\b(?:permis|categorie)\s+(?:am|a1|a2|a|b|be|b96|c1|c1e|c|ce|d1|d1e|d|de|g)\b"
)


class NameRecognizer:
    name = "person"
    entity_type = PERSON

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons
        self.evidence = NameEvidence(lexicons)
        self.unknown = UnknownWordEvidence(lexicons)
        self.neighbours = NameNeighbours(lexicons, self.evidence)
        self.quoted_signs = QuotedSignRecognizer(lexicons)

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
        mark_handle_names(self.lex, document, tokens, mark)
        mark_table_names(self.lex, document, tokens, mark)
        self.neighbours.extend(document, tokens, scores, mark)
        mark_surnames_typed_first(self.lex, document, tokens, scores, mark)
        mark_list_names(self.lex, document, tokens, scores, mark)
        for index in self.evidence.coordinated(document, tokens, scores):
            mark(index, 0.7)
        for index in list(enumerated_names(self.lex, document, tokens, scores)):
            mark(index, 0.7)
        for index in list(aged_alike(self.lex, document, tokens, scores)):
            mark(index, 0.7)
        if self.unknown.spread(document, tokens, scores, mark):
            self.neighbours.extend(document, tokens, scores, mark)
        found = len(scores)
        propagate(self.lex, document, tokens, scores, mark)
        if len(scores) > found:  # "Blanche" before a "Petit" found only by propagation
            self.neighbours.extend(document, tokens, scores, mark)
        mark_aliases(self.lex, document, tokens, scores, mark)
        mark_spoken_spellings(self.lex, document, tokens, scores, mark)
        yield from self._merge(document, tokens, scores)
        yield from initials_only(self.lex, document, tokens, scores)

    # -- seeds -----------------------------------------------------------------------------

    def _seed_score(
        self, document: Document, tokens: list[Token], index: int, protected: set[int]
    ) -> float:
        token = tokens[index]
        if index in protected or len(token.text) < 2:
            return 0.0
        lex = self.lex
        if self._grammar_word(tokens, index):
            return 0.0  # "Elle", "Dans", "Mais" opening a sentence: words of the grammar
        if token.is_lower and self._plain_word(document, tokens, index):
            return 0.0  # most words of a text: the chat cues below never make them a name
        typed = chat_seed(self.evidence, document, tokens, index)
        if typed is not None:
            return typed
        previous = tokens[index - 1] if index else None
        after_chat_title = previous is not None and _chat_title(previous)
        plain = lex.is_context_word(token.key) and not lex.is_given_name(token.key)
        if token.is_lower and plain and not after_chat_title:
            return 0.0  # most words of a text: no clue can make them a name
        if previous is not None and self._after_title(document, previous, token):
            return 0.9
        if previous is not None and self._particle_after_title(document, tokens, index):
            return 0.9
        before = document.window_before(token.start, 40)
        key = token.key
        known = lex.is_given_name(key)
        context = lex.is_context_word(key)
        capitalised = self._capitalised(document, token)
        if not (context and not known) and NAMING_CUE.ends(before):
            return 0.9
        if score := self._someone_named(document, token, before):
            return score
        if score := self.evidence.field_name(document, token, before, context=context):
            return score
        if WEAK_NAMING.search(before) and self._named_after_weak_phrase(document, token):
            return 0.9
        if (known or (capitalised and not context)) and RELATIVE.search(before):
            return 0.85
        if self.evidence.lower_relative(document, token, before):
            return 0.75
        if capitalised and (known or not context) and CIVIL_STATUS.search(before):
            return 0.85
        if self.evidence.family_name(document, token, before):
            return 0.8
        if self.evidence.nickname(document, token, before):
            return 0.75
        age_after = bool(AGE_AFTER.match(document.text[token.end : token.end + 12]))
        if known and not lex.is_ambiguous_name(key):
            if capitalised or not context:
                return 0.8 if capitalised else 0.65
            return 0.0
        if known:
            return self.evidence.ambiguous_score(document, tokens, index, before, age_after)
        if age_after and capitalised and not context and len(token.text) > 2:
            return 0.7
        if capitalised and not context and len(token.text) > 2 and not document.mostly_upper:
            score = self.evidence.unknown_name_score(document, token, before)
            return score or self.unknown.capital_seed(document, token, before)
        return self.unknown.lower_seed(document, token, before)

    def _someone_named(self, document: Document, token: Token, before: str) -> float:
        """ "un certain Boulanger", "il se fait appeler « Rom »" (a capital, a given name or, in
        chat, a word no dictionary knows: « un certain leblanc »), and a nickname in quotes
        after « dit » in any case ('DEMARET Frédéric dit "fredo"')."""
        lex = self.lex
        named = (
            token.is_capitalised
            or lex.is_given_name(token.key)
            or self.evidence.lower_surname(token)
        )
        if named and token.key not in lex.titles and SOMEONE_NAMED_CUE.ends(before):
            return 0.9
        if in_nickname_quotes(document, token, before):
            return 0.0 if lex.is_context_word(token.key) else 0.85  # not « il a dit « Non » »
        return 0.0

    def _capitalised(self, document: Document, token: Token) -> bool:
        """Written with a capital that says something: in a text typed in capitals every word
        is, and a word of the dictionary there is a word (« UN ENCADRANT TECHNIQUE »)."""
        return token.is_capitalised and not (
            document.mostly_upper and self.lex.is_french_word(token.key)
        )

    def _grammar_word(self, tokens: list[Token], index: int) -> bool:
        """A function word, a month or a day (`NEVER_SURNAMES`) in any casing, no given name
        (« Avril »), no particle (« M. Le Goff ») and after no title (« M. Mars »)."""
        key = tokens[index].key
        if key not in NEVER_SURNAMES or key in PARTICLES or self.lex.is_given_name(key):
            return False
        return not (index and tokens[index - 1].key in self.lex.titles)

    def _plain_word(self, document: Document, tokens: list[Token], index: int) -> bool:
        """A lower-case word of the context lexicons or of the dictionary (with no cue of its
        own, see `_dictionary_word_without_cue`) that is no given name, no particle, after no
        particle, no title typed in chat and no form's field (« Nom : petit »): no cue can
        make it a name."""
        token, lex = tokens[index], self.lex
        if is_relation_word(token.key):
            return True  # « son ex-épouse Martine »: the relation, then the name
        if lex.is_given_name(token.key):
            return False
        context = lex.is_context_word(token.key)
        if not context and not self._dictionary_word_without_cue(document, tokens, index):
            return False
        if token.key in PARTICLES or (index and tokens[index - 1].key in PARTICLES):
            return False
        if index and _chat_title(tokens[index - 1]):
            return False  # "mr roux": see _after_title
        if index >= 2 and tokens[index - 1].key == "les" and tokens[index - 2].key == "chez":
            return False  # « chez les boucher »: see name_chat.py
        return not document.text[max(0, token.start - 3) : token.start].rstrip().endswith(":")

    def _dictionary_word_without_cue(
        self, document: Document, tokens: list[Token], index: int
    ) -> bool:
        """A lower-case word of the dictionary makes a name only after a naming phrase
        (« elle s'appelle rose »), a title, « famille », or as a nickname's doubled syllable."""
        token = tokens[index]
        if not self.lex.is_french_word(token.key) or NICKNAME.match(token.key):
            return False
        if index and tokens[index - 1].key in self.lex.titles:
            return False
        before = document.window_before(token.start, 40)
        return not (NAMING_CUE.ends(before) or FAMILY_CUE.ends(before))

    def _named_after_weak_phrase(self, document: Document, token: Token) -> bool:
        lex = self.lex
        if token.is_capitalised and not document.mostly_upper:
            return not lex.is_context_word(token.key) or (
                lex.is_given_name(token.key) and token.key not in lex.institutions
            )
        return lex.is_given_name(token.key) and not lex.is_ambiguous_name(token.key)

    def _after_title(self, document: Document, title: Token, token: Token) -> bool:
        if title.key not in self.lex.titles:
            return False
        gap = document.gap(title, token)
        # "mr dupont", "mr WANG Hao": "mr" and "dr" typed in chat are no words either.
        chat_title = _chat_title(title)
        # "m. zouyira", « son avocate me dubreucq »: a title that is a word too (`typed_title`).
        chat_title = chat_title or typed_title(self.lex, document, title, token)
        if title.key in STRICT_TITLES and not chat_title:
            if not title.is_capitalised or not token.is_capitalised:
                return False
            if title.key in {"m", "mr", "dr", "pr"} and not re.fullmatch(r"\.?\s{1,2}", gap):
                return False
            if title.key == "me" and gap != " ":
                return False
        elif not re.fullmatch(r"\.?\s{1,2}", gap):
            return False  # (also "mr dupont" typed in chat: "mr" and "dr" are no words)
        key = token.key
        if self.lex.is_given_name(key):
            return True
        if token.is_capitalised and not document.mostly_upper:
            return key not in NOT_NAMES_AFTER_TITLE and key not in self.lex.institutions
        typed_alike = (chat_title and token.is_lower) or (document.mostly_upper and token.is_upper)
        if typed_alike and len(key) >= 3:
            # "mr roux", "MME PETIT": after a title typed in chat or in capitals, even a word
            # is the surname, unless it is a function word, a role or what the person does.
            return (
                key not in NOT_NAMES_AFTER_TITLE
                and key not in NEVER_SURNAMES
                and not ACTION_AFTER.match(" " + key)
            )
        return not (role_word_after(self.lex, title, token) or self.lex.is_context_word(key))

    def _particle_after_title(self, document: Document, tokens: list[Token], index: int) -> bool:
        """ "M. De Smet", "Mme Van den Bossche", "M. Le Goff": a particle opens the surname."""
        token = tokens[index]
        if token.key not in PARTICLES or index + 1 >= len(tokens):
            return False
        if not token.is_capitalised:
            return lower_particle_after_title(self.evidence, document, tokens, index)
        title = tokens[index - 1]
        if title.key not in self.lex.titles or not re.fullmatch(
            r"\.?\s{1,2}", document.gap(title, token)
        ):
            return False
        following = tokens[index + 1]
        if not JOINER.match(document.gap(token, following)) or not following.is_capitalised:
            return False
        if following.key in PARTICLES:
            return index + 2 < len(tokens) and tokens[index + 2].is_capitalised
        return following.key not in NOT_NAMES_AFTER_TITLE and not self.lex.is_context_word(
            following.key
        )

    def _protected(self, document: Document) -> set[int]:
        """Tokens inside an institution, place or public figure's name ("France Travail"), and
        an establishment's name after its kind ("l'hôpital Ambroise Paré", "lycée Jean Moulin")."""
        return (
            document.tokens_within(self.lex.protected_phrases)
            | self._namesakes(document)
            | document.tokens_within(self.lex.chain_phrases)
            | document.tokens_within(VEHICLE)
            | saint_places(document)
            | document.tokens_within(LICENCE)
            | listed_places(self.lex, document)
            | chains_after_chez(self.lex, document)
            | self.quoted_signs.sign_tokens(document)
        )

    def _namesakes(self, document: Document) -> set[int]:
        """An establishment's name after its kind and article (`ESTABLISHMENT_NAME`), and the
        capitalised words of a building's or a street's name (`NAMESAKE`: a word typed in
        lower case after « rue » may be chat's way of writing a name, and stays open to the
        other recognizers' evidence); neither when a person acts right after it."""
        tokens = document.tokens
        starts = [token.start for token in tokens]
        acting: set[int] = set()  # "dans la salle Kevin Dupont cherche…": a person acts
        named: set[int] = set()
        for pattern in (NAMESAKE, ESTABLISHMENT_NAME):
            for match in pattern.finditer(document.folded):
                first = bisect_left(starts, match.start())
                inside = range(first, bisect_left(starts, match.end(), lo=first))
                if ACTION_AFTER.match(document.window_after(match.end(), 80)):
                    acting.update(inside)
                elif pattern is ESTABLISHMENT_NAME:
                    named.update(i for i in inside if tokens[i].end <= match.end())
                else:
                    kind = match.group().split(" ", 1)[0]
                    written = document.text[match.start() : match.start() + len(kind)].lower()
                    # "placé Mme Rose": a past participle (folded as « place »), and a title;
                    # « l'ETTI place Anthony Lefebvre »: a verb, not « la place Jean Jaurès »
                    titled = any(tokens[i].key in self.lex.titles for i in inside)
                    verb = (
                        written == "place" and first and tokens[first - 1].key not in SQUARE_BEFORE
                    )
                    if written.endswith("é") or titled or verb:
                        continue
                    named.update(
                        i
                        for i in inside
                        if tokens[i].end <= match.end()
                        and tokens[i].is_capitalised
                        and not tokens[i].is_upper
                    )
        return named - acting

    @staticmethod
    def _merge(
        document: Document, tokens: list[Token], scores: dict[int, float]
    ) -> Iterator[Entity]:
        """Adjacent name tokens make one entity ("Anne-Sophie Lambert")."""
        run: list[int] = []
        for index in sorted(scores):
            gap = document.gap(tokens[run[-1]], tokens[index]) if run else ""
            elided = run and tokens[run[-1]].key in {"d", "n"} and gap in ELIDED_GAPS  # « d'Hondt »
            joined = JOINER.match(gap) and "\t" not in gap  # a tab parts a table's cells
            if run and index == run[-1] + 1 and (joined or elided):
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
