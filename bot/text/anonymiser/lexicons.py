"""Word lists shipped in ``config/lexicons``: given names, places, institutions, street types.

They are plain text files, one entry a line, so that a professional can extend them without
touching code. Look-ups ignore case and accents (see :func:`bot.text.anonymiser.text.fold_key`).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from bot.text.anonymiser.text import fold_key
from config import LEXICONS_DIR

LEXICON_DIR = LEXICONS_DIR


def read_entries(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a lexicon file."""
    entries: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            entries.append(entry)
    return entries


def _keys(path: Path) -> frozenset[str]:
    return frozenset(fold_key(entry) for entry in read_entries(path))


def _folded_keys(path: Path) -> frozenset[str]:
    """Keys of a derived file whose entries are folded already (the gazetteer: 68 000 lines)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").split("\n")
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _word_keys(path: Path) -> frozenset[str]:
    """Keys of a file of words, several to a line ("veux voulait voulaient ...")."""
    return frozenset(fold_key(word) for entry in read_entries(path) for word in entry.split())


@cache
def french_words() -> frozenset[str]:
    """Every form of the French dictionary shipped with pyspellchecker (134 000 folded keys).

    A well-kept, MIT-licensed word list built from a spelling dictionary: it holds common words
    in all their forms ("déménagement", "boulangerie", "pourraient") and no surname, town or
    foreign given name ("Dubois", "Ciney", "Tsiory" are not in it). A capitalised word that
    is in no lexicon and not in it either is a name far more often than not.
    """
    resource = files("spellchecker").joinpath("resources/fr.json.gz")
    words: dict[str, int] = json.loads(gzip.decompress(resource.read_bytes()))
    # (Most forms are plain ASCII and already folded: the fast path keeps start-up short.)
    return frozenset(word if word.isascii() else _ligatures(fold_key(word)) for word in words)


# Endings of French derived words that no surname of the field has: a long word in no
# dictionary ending so is a word the dictionary lacks.
_FRENCH_SUFFIX = re.compile(
    r"(?:isation|ification|ements?|ations?|itions?|itudes?|ismes?|(?:ili|ivi|ali|ari|ici|osi)tes?)$"
)


def _singular(key: str) -> str:
    """The singular of a long plural adjective or noun (« monoparentales », « locaux »), the
    word itself otherwise: the dictionary lists the singular forms only, and short words
    ending in -s are too often names (« Lucas », « Thomas ») to be read so."""
    if len(key) < 7:
        return key
    if key.endswith("aux"):
        return key[:-3] + "al"
    return key[:-1] if key.endswith(("es", "ts", "ns", "rs", "ls", "x")) else key


def _ligatures(key: str) -> str:
    """ "cœur" and "coeur" are one word (the dictionary spells them with "oe")."""
    return key.replace("œ", "oe").replace("æ", "ae")


# After a civility title, a place's or a public figure's name is a person's (« M. Victor
# Hugo Mendes », « Mme Florence Lambert »).
_NOT_AFTER_TITLE = "".join(
    rf"(?<!\b{re.escape(title)} )"
    for title in ["m.", "m", "mr", "mr.", "mme", "mme.", "mlle", "monsieur", "madame"]
)


def _phrase_pattern(phrases: frozenset[str], *, after_titles: bool = True) -> re.Pattern[str]:
    """One regex matching any multi-word phrase of the folded text, longest first; with
    ``after_titles=False``, none right after a civility title."""
    # (« Kuehne+Nagel », « Marks & Spencer »: one name in several words too.)
    # (A hyphen of a phrase may be a space in the text, as a space may be a hyphen: « la
    # Croix-Rouge de Belgique », « la croix rouge de belgique ».)
    multi = [p.replace("-", " ") for p in phrases if any(c in p for c in " '+&")]
    if not multi:
        return re.compile(r"(?!x)x")
    titles = "" if after_titles else _NOT_AFTER_TITLE
    return re.compile(rf"(?<![\w-]){titles}(?:{_trie(multi)})(?![\w-])")


def _trie(phrases: list[str]) -> str:
    """The phrases as one regex that shares their prefixes (« rue de la », « rue du »…), so the
    engine reads each character of the text once instead of trying every phrase in turn. At
    each character at most one branch goes on, and going on is tried before a phrase ends
    there: the longest phrase wins, as it would in a longest-first alternation. A space of a
    phrase may be a hyphen in the text (« l'école Jean-Jaurès »)."""
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for character in phrase:
            node = node.setdefault(character, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = sorted(key for key in node if key)
        parts = [
            (r"[\s-]+" if key == " " else re.escape(key)) + render(node[key]) for key in branches
        ]
        if not parts:
            return ""
        if len(parts) == 1 and not ends:
            return parts[0]
        return "(?:" + "|".join(parts) + ")" + ("?" if ends else "")

    return render(root)


@dataclass(frozen=True)
class Lexicons:
    """Every word list the recognizers consult, as folded keys."""

    first_names: frozenset[str]
    ambiguous_names: frozenset[str]
    places: frozenset[str]
    institutions: frozenset[str]
    common_words: frozenset[str]
    titles: frozenset[str]
    street_types: frozenset[str]
    famous_names: frozenset[str]
    protected_phrases: re.Pattern[str]
    chains: frozenset[str] = frozenset()
    french_words: frozenset[str] = frozenset()
    # Frequent Dutch and English words (derived, see `bot.text.anonymiser.foreign_words`).
    foreign_words: frozenset[str] = frozenset()
    gazetteer: frozenset[str] = frozenset()
    # The places' own spellings, accents kept ("herve"): "Hervé" is a name, not that town.
    place_spellings: frozenset[str] = frozenset()
    # Brands of several words ("Leroy Merlin"): never a person, whatever a verb after says.
    chain_phrases: re.Pattern[str] = re.compile(r"(?!x)x")
    # Answers already worked out, word by word: the recognizers ask the same few hundred
    # words of a request many times over (bounded: cleared when full).
    _given: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    _name_shaped: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    _french: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # The context lists as one set (see `is_context_word`).
    _context: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        context = self.common_words | self.places | self.institutions | self.titles
        object.__setattr__(self, "_context", context | self.street_types)

    @classmethod
    def load(
        cls,
        directory: Path = LEXICON_DIR,
        *,
        with_gazetteer: bool = True,
        with_foreign_words: bool = True,
    ) -> Lexicons:
        """Every list of ``directory``; ``with_gazetteer=False`` and
        ``with_foreign_words=False`` only for deriving those files."""
        gazetteer = directory / "gazetteer.txt"
        places = _keys(directory / "places.txt")
        institutions = _keys(directory / "institutions.txt")
        famous = _keys(directory / "famous_names.txt")
        return cls(
            first_names=_keys(directory / "first_names.txt"),
            ambiguous_names=_keys(directory / "first_names_ambiguous.txt"),
            places=places,
            institutions=institutions,
            common_words=_word_keys(directory / "common_words.txt"),
            titles=_keys(directory / "titles.txt"),
            street_types=_keys(directory / "street_types.txt"),
            famous_names=famous,
            protected_phrases=_phrase_pattern(places | institutions | famous, after_titles=False),
            chains=(chains := _keys(directory / "chains.txt")),
            chain_phrases=_phrase_pattern(chains),
            french_words=french_words(),
            gazetteer=_folded_keys(gazetteer) if with_gazetteer else frozenset(),
            foreign_words=(
                _folded_keys(directory / "foreign_words.txt") if with_foreign_words else frozenset()
            ),
            place_spellings=frozenset(
                entry.casefold() for entry in read_entries(directory / "places.txt")
            ),
        )

    def is_given_name(self, key: str) -> bool:
        """A known given name, simple or compound ("anne-sophie", "jean-de-dieu")."""
        known = self._given.get(key)
        if known is None:
            known = _remember(self._given, key, self._is_given_name(key))
        return known

    def _is_given_name(self, key: str) -> bool:
        if key in self.first_names or key in self.ambiguous_names:
            return True
        parts = [p for p in key.split("-") if p not in {"de", "du", "el", "al"}]
        short = len(parts) == 2 and 2 <= len(parts[1]) <= 3 and parts[1] not in self.french_words
        if short and parts[0] in self.first_names:
            return True  # "anne-so", "marie-jo", "jean-phi": a compound name cut short
        return len(parts) > 1 and all(
            p in self.first_names or p in self.ambiguous_names for p in parts
        )

    def is_ambiguous_name(self, key: str) -> bool:
        """A given name that is also a word, a month or a place: it needs more evidence."""
        return (
            key in self.ambiguous_names
            or key in self.common_words
            or key in self.places
            or key in self.institutions
        )

    def is_place_as_written(self, word: str) -> bool:
        """A place of the lexicon spelt as the place is: an accent the place's name lacks makes
        the word another one ("Hervé" is a given name, "Herve" a town of Liège)."""
        key = fold_key(word)
        if key not in self.places:
            return False
        written = word.casefold()
        return written.isascii() or written in self.place_spellings

    def is_french_word(self, key: str) -> bool:
        """A word of the French dictionary or of a context lexicon ("marche-pied" by parts)."""
        known = self._french.get(key)
        if known is None:
            known = _remember(self._french, key, self._is_french_word(key))
        return known

    def _is_french_word(self, key: str) -> bool:
        if self.is_context_word(key) or _ligatures(key) in self.french_words:
            return True
        singular = _singular(key)
        if singular != key and (singular in self.french_words or self.is_context_word(singular)):
            return True  # the lexicons list « monoparentale », not « monoparentales »
        parts = _ligatures(key).split("-")
        return len(parts) > 1 and all(
            part in self.french_words or self.is_context_word(part) for part in parts if part
        )

    def looks_like_a_name(self, word: str) -> bool:
        """A word in no dictionary and no lexicon, shaped like a person's name: not a brand
        ("FranceConnect", "McDonald's" aside) nor a saint's place ("Sainte-Catherine")."""
        shaped = self._name_shaped.get(word)
        if shaped is None:
            shaped = _remember(self._name_shaped, word, self._looks_like_a_name(word))
        return shaped

    def _looks_like_a_name(self, word: str) -> bool:
        key = fold_key(word)
        if self.is_french_word(key) or key in self.famous_names or key in self.chains:
            return False
        if key in self.foreign_words and word.islower():
            return False  # « heeft geen », « sorry »: Dutch or English typed as words
        if len(key) >= 9 and _FRENCH_SUFFIX.search(key):
            return False  # "professionnalisation" in no dictionary is still no name
        if key in self.gazetteer and not word.islower():
            return False  # a town in no lexicon ("Jeumont"); "hajo" typed in chat may be a name
        if key.startswith(("saint-", "sainte-", "st-", "ste-")):
            return False
        return not re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", word.removeprefix("Mc").removeprefix("Mac"))

    def is_context_word(self, key: str) -> bool:
        """A word that is context to keep, never part of a person's name: a common word, a
        place, an institution, a title or a street type."""
        return key in self._context


_REMEMBERED = 100_000


def _remember(answers: dict[str, bool], word: str, answer: bool) -> bool:
    if len(answers) >= _REMEMBERED:
        answers.clear()
    answers[word] = answer
    return answer


@cache
def default_lexicons() -> Lexicons:
    """The shipped lexicons, read once: the anonymiser and the words to check share them."""
    return Lexicons.load()
