"""Frequent Dutch and English words: context in a Belgian network, never a name by themselves.

Brussels and Flemish partners write « Onze stagiair … heeft geen rijbewijs », « Beste, »,
« Met vriendelijke groeten »; English slips in (« Thanks! », « he doesn't speak Dutch »).
Those words are in no French dictionary, so the rule "a word in no dictionary is a name"
took them for surnames. The shipped ``config/lexicons/foreign_words.txt`` is derived from the
frequency lists of pyspellchecker (the package that gives the French dictionary): the most
frequent words of Dutch and English, less the French words, given names, towns and the
particles of names (« van », « der », « al »), and less the words that are also frequent
surnames (« De Vos », « Wilde », « King », « Young »), which stay names where names stand.
``python -m bot.text.anonymiser.foreign_words`` writes it again from the installed packages,
and a unit test checks that it is current.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib.resources import files
from pathlib import Path

from bot.text.anonymiser.text import fold_key
from config import LEXICONS_DIR

FOREIGN_WORDS_FILE = LEXICONS_DIR / "foreign_words.txt"
LANGUAGES = ("nl", "en")
MOST_FREQUENT = 10000  # per language
# Pieces of names, whatever their frequency as words.
PARTICLES = frozenset(
    ["al", "el", "ben", "bin", "ibn", "abu", "van", "der", "den", "de", "ten", "ter", "von", "da",
     "dos", "do", "di", "le", "la", "mac", "mc", "o", "y", "st"]
)  # fmt: skip
# Words that are also frequent surnames of the field's people (Flemish, Dutch, English).
SURNAMES = frozenset(
    ["vos", "wilde", "witte", "smet", "bakker", "visser", "mulder", "jong", "boer", "groot",
     "brouwer", "dekker", "bos", "klein", "koning", "wit", "zwart", "kok", "smit", "post", "bruin",
     "king", "young", "brown", "white", "black", "green", "wood", "hill", "hall", "baker", "cook",
     "miller", "taylor", "moore", "wright", "turner", "walker", "price", "long", "park", "lee",
     "may", "ward", "bell", "fox", "hunt", "west", "rich", "strong", "love", "page", "stone",
     "rose", "lane", "grant", "hope", "little", "bird", "moon", "gray", "grey", "hardy", "sharp",
     "frost", "banks", "fisher", "hunter", "mason", "carter", "cooper", "parker", "porter",
     "butler", "chase", "dean", "drake", "field", "ford", "golden", "house", "knight", "lord",
     "major", "march", "noble", "pope", "savage", "short", "small", "steel", "summer", "sweet",
     "swift", "wise", "wolf", "bishop", "day", "duke", "faith", "joy", "grace", "power", "reed",
     "rice", "snow", "storm", "winter", "reis", "blanco", "jordan", "sky", "star", "lucky",
     "brave", "chance", "angel", "free", "ball", "hart", "keen", "best", "good", "hood", "holt",
     "ring", "wells", "north", "south", "east", "kind", "law", "shaw", "wong", "hand"]
)  # fmt: skip
_HEADER = (
    "# Derived file: python -m bot.text.anonymiser.foreign_words writes it from pyspellchecker's\n"
    "# Dutch and English frequency lists (MIT); do not edit by hand.\n"
)


def frequent_words(language: str, count: int = MOST_FREQUENT) -> list[str]:
    resource = files("spellchecker").joinpath(f"resources/{language}.json.gz")
    frequencies: dict[str, int] = json.loads(gzip.decompress(resource.read_bytes()))
    ranked = sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:count]]


def build() -> str:
    """The text of ``foreign_words.txt`` as the installed packages give it."""
    from bot.text.anonymiser.lexicons import Lexicons

    lexicons = Lexicons.load(with_foreign_words=False)
    keys: set[str] = set()
    for language in LANGUAGES:
        for word in frequent_words(language):
            key = fold_key(word)
            if (
                len(key) < 2
                or not key.replace("'", "").replace("-", "").isalpha()
                or key in PARTICLES
                or key in SURNAMES
                or key in lexicons.french_words
                or key in lexicons.gazetteer
                or key in lexicons.famous_names
                or lexicons.is_given_name(key)
            ):
                continue
            keys.add(key)
    return _HEADER + "".join(f"{key}\n" for key in sorted(keys))


def main(argv: list[str] | None = None) -> int:
    path = Path((argv if argv is not None else sys.argv[1:] or [str(FOREIGN_WORDS_FILE)])[0])
    path.write_text(build(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
