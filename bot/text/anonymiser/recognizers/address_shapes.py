"""Addresses written without a street-type word: a named place and a number before a
postcode, after a verb of dwelling or before « à » and a town; a room; a Dutch street. And a
house number said in words after a street (« rue des Glycines numéro quatorze »)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.spoken import RUN as SPOKEN_RUN
from bot.text.anonymiser.spoken import groups_of
from bot.text.anonymiser.text import Document, fold_key

# « Les Hauts Prés 15, 5100 Jambes »: a named place and a number right before a postcode and
# its town is a street's address, street-type word or not.
NAMED_PLACE_BEFORE_POSTCODE = re.compile(
    r"(?<![\w])(?P<place>(?:(?:[Ll]es?|[Ll]a|[Ll]')\s?)?"
    r"(?:[A-ZÀ-Ý][\w'’-]+\s+(?:(?:de|du|des)\s+|d['’])?){1,3}\d{1,4}"
    r"(?:\s*(?:bte|bt|/)\s*\d{1,4})?)\s*,\s*\d{4,5}\s+[A-ZÀ-Ý]"
)
# « habite Les Jonquilles 14 »: after a verb of dwelling, a named place and a number is the
# home's address, street-type word or not.
NAMED_PLACE_AFTER_DWELLING = re.compile(
    r"\b(?:habite|habitent|habitait|vit|vivent|vivait|demeurant|domicilie|domiciliee|reside)"
    r"(?:\s+(?:au|a\s+la|a\s+l'|aux|a))?\s+"
    r"(?P<place>(?:(?:les?|la|l')\s?)?(?:[a-z][\w'-]+\s+(?:d'|de\s+|du\s+|des\s+)?){1,3}"
    r"(?:(?<=\s)n°\s?|(?<=[a-z])\s?n°\s?)?\d{1,4}(?:\s*(?:bte|bt|/)\s*\d{1,4})?)(?![\w/.,]\d)"
)
# A room or flat in a shelter, a hotel or a building: "(chambre 214)", "appartement 3B".
ROOM = re.compile(
    r"(?<![\w-])(?P<place>(?:chambre|chbre|appartement|appart|appt|apt|studio|logement|bungalow|"
    r"mobil-home|cellule|emplacement)[ \t]*(?:n°|no|numéro|numero)?[ \t]*\d{1,4}[a-zA-Z]?)"
    r"(?![\w,.]\d|\w)"
    r"(?![ \t]+(?:chambres?|pi[èe]ces?|personnes?|places?)\b)"  # « un logement 3 chambres »
)
# The shelter someone lives in, named after a verb of dwelling: « habite au Foyer Saint-Antoine
# à Lille », « hébergée à la Maison d'accueil Les Tilleuls », « hébergé au CHRS Les Tournesols »,
# « loge depuis 6 mois à la maison d'accueil Saint-Vincent » (the name is the address).
SHELTER = re.compile(
    r"(?i:\b(?:habite|habitent|habitait|vit|vivent|vivait|loge|log[ée]e|h[ée]berg[ée]e?s?|"
    r"r[ée]side|dort)(?:\s+depuis\s+\d{1,2}\s+(?:jours|semaines|mois|ans))?"
    r"\s+(?:au|[àa]\s+la|[àa]\s+l['’]|dans\s+(?:le|la|l['’]))\s*)"
    r"(?P<place>(?P<kind>(?i:foyer|home|pension|maison\s+d['’]accueil|centre\s+d['’]h[ée]bergement|"
    r"chrs|cada|huda|r[ée]sidence\s+sociale|maison\s+relais))"
    r"[ \t]+(?P<own>(?:(?:[Ll]es?|[Ll]a|[Ll]['’]|(?P<of>de|du|des|d['’]))[ \t]*)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]+)(?:[ \t]+[A-ZÀ-Ý][\w'’-]+)?))"
)


# « vit seul au 8 Les Hirondelles, 59100 Roubaix », « habite 19 les marronniers a fourmies »,
# « domicilié au 3 Bas-Préau à Hannut »: a house number, then an estate's or a street's name
# with its article or its capitals, then a comma, « à » and a town, or a postcode.
NUMBER_THEN_NAMED_PLACE = re.compile(
    r"(?i:\b(?:au|aux|habite|habitent|habitait|vit|vivent|vivait|domicili[ée]e?s?|log[ée]e?s?|"
    r"r[ée]side|demeurant|adresse[ \t]*:))[ \t]+(?P<place>\d{1,4}(?:[ \t]?(?i:bis|ter))?,?[ \t]+"
    r"(?!(?i:ans?|mois|jours?|semaines?|heures?|enfants?|personnes?|euros?|km|fois|filles?|"
    r"fils|pieces?|pièces?|chambres?|etages?|étages?)\b)"
    r"(?:(?i:les|le|la|l['’])[ \t]*[^\W\d_][\w'’-]+|"
    r"(?P<capital>[A-ZÀ-Ý][\w'’-]+))"
    r"(?:[ \t]+(?:(?i:de[ \t]+la|de[ \t]+l['’]|de|du|des|d['’])[ \t]*)?[^\W\d_][\w'’-]+){0,3}?)"
    r"(?=[ \t]*,|[ \t]+[àa][ \t]+[^\W\d_]|[ \t]+\d{4,5}\b|[ \t]*[.;)\n]|[ \t]*$)"
)


# Where someone lives, named just before the number: « son logement au 27 les Aubépines »,
# « Son adresse : 57 Mont de l'Enclus », « un T1 au 27 les Hautes Loges ».
HOME_BEFORE = re.compile(
    r"\b(?:logement|appartement|appart|maison|domicile|adresse|studio|kot|[tf][1-6])\b[^.!?\n]{0,12}$"
)


def homes_without_street_type(lexicons: Lexicons, document: Document) -> Iterator[tuple[int, int]]:
    """Spans of the rooms; of the shelters named after a verb of dwelling, not an operator of
    the field (« vit au foyer ADOMA ») or the town it stands in (« au foyer de Tournai »; « au
    Foyer Saint-Antoine » is a shelter's name, whatever else it names); and of a house number
    and a named place after a verb of dwelling (see `NUMBER_THEN_NAMED_PLACE`)."""
    for match in ROOM.finditer(document.folded):
        yield match.span("place")
    for match in NUMBER_THEN_NAMED_PLACE.finditer(document.text):
        capital = match.group("capital")
        if capital and lexicons.is_place_as_written(capital):
            continue  # « habite 5000 Namur »: a postcode and its town
        before = document.window_before(match.start("place"), 60)
        if DWELLING_BEFORE.search(before) or HOME_BEFORE.search(before):
            yield match.span("place")
    for match in SHELTER.finditer(document.text):
        name = match.group("name")
        key = fold_key(name)
        if key in lexicons.institutions or key in lexicons.chains:
            continue
        if lexicons.is_place_as_written(name) or (match.group("of") and key in lexicons.gazetteer):
            continue
        # « au CHRS Les Tournesols »: a kind written as initials is context, the name goes
        yield match.span("own" if match.group("kind").isupper() else "place")


# « chez leur tante, Heyvaert 78 à Anderlecht », « hébergée au Mont-Saint-Martin 44 à
# Liège », « habite les Jardins d'Orsay 14 à Arras »: after a word of dwelling, capitalised
# words and a number before « à » and a town are a street's address, street-type word or not.
NAMED_PLACE_BEFORE_TOWN = re.compile(
    r"(?<![\w-])(?P<place>(?:[A-ZÀ-Ý][\w'’-]+[ \t]+(?:(?:de|du|des)[ \t]+|d['’])?){1,3}"
    r"\d{1,4}[a-zA-Z]?"
    r"(?:[ \t]*(?:bte|bt|/)[ \t]*\d{1,4})?)[ \t]+(?:à|a)[ \t]+[A-ZÀ-Ý]"
)
DWELLING_BEFORE = re.compile(
    r"\b(?:habit\w*|vit|vivent|vivait|log[ée]e?s?|h[ée]berg[ée]e?s?|domicili[ée]e?s?|"
    r"demeur\w*|install[ée]e?s?|emm[ée]nag\w*|chez\s+(?:sa|son|ses|leur|leurs)\s+\w+)"
    r"\b[^.!?\n]{0,50}$"
)
# « nouvelle adresse Les Trois Fontaines 15 à Anderlecht »: said to be the address.
ADDRESS_WORD_BEFORE = re.compile(r"\badresse[ \t]*:?[ \t]*$")
# « depuis Les Coquelicots 13 à Carvin », « Mme X, Les Peupliers bât. D à Maubeuge »: an
# estate's plural name with its capital article, a number or a block, then « à » and a town or
# a postcode, is a home's address whatever comes before it.
# Or before the dwelling's parts: « M. X, Les Hauts de Gilly 161, 1er étage », « habite Les
# Jardins de la Paix, bâtiment 2, apt 14 ».
ESTATE_BEFORE_TOWN = re.compile(
    r"(?<![\w-])(?P<place>Les[ \t]+[A-ZÀ-Ý][\w'’-]+s"
    r"(?:[ \t]+(?:(?:de[ \t]+la|de[ \t]+l['’]|du|des|de)[ \t]+)?[A-ZÀ-Ý][\w'’-]+)?"
    r"(?:[ \t]+\d{1,4}[a-zA-Z]?)?(?:[ \t]*,?[ \t]*(?:b[âa]t\.?|bloc|appt|bte|bt)[ \t]*\w{1,4}\b)?)"
    r"(?<=\w)(?=[ \t]+(?:à|a)[ \t]+[A-ZÀ-Ý]|[ \t]*,[ \t]*\d{4,5}\b"
    r"|[ \t]*,[ \t]*(?:(?:b[âa]t(?:iment)?\.?|bloc)[ \t]*[A-Z0-9]{1,3}\b|app?t\.?[ \t]*\d"
    r"|\d{1,2}[ \t]?(?:er|e|ème|eme)[ \t]+[ée]tage))"
)
_NUMBERED = re.compile(r"\d|\b(?:b[âa]t|bloc|appt|bte|bt)\b")
# « ils logent chez un marchand de sommeil … au Try du Bois 3. », « elle vit avec sa fille, aux
# Bruyères 23 à Kain »: « au » or « aux », a capitalised place and its number, at the end of a
# clause or before « à » and a town, in a sentence that says where someone lives.
NAMED_PLACE_AT = re.compile(
    r"\b(?:au|aux)[ \t]+(?P<place>(?:[A-ZÀ-Ý][\w'’-]+[ \t]+"
    r"(?:(?:de[ \t]+la|de[ \t]+l['’]|de|du|des)[ \t]+|d['’])?){1,3}\d{1,4}(?:[ \t]?(?:bis|ter))?)"
    r"(?=[ \t]*(?:[,.;)]|$)|[ \t]+(?:à|a)[ \t]+[A-ZÀ-Ý])"
)
DWELLING_IN_SENTENCE = re.compile(
    r"\b(?:habit\w*|vit|vivent|vivait|loge(?:nt|ait|aient)?|log[ée]e?s?|h[ée]berg[ée]e?s?|"
    r"domicili[ée]e?s?|install[ée]e?s?|emm[ée]nag\w*|marchand\s+de\s+sommeil)\b[^.!?\n]{0,200}$"
)
# « M. Lupu »: a title's full stop ends no sentence.
_TITLE_DOT = re.compile(r"(?<=\bM)\.|(?<=\bMme)\.|(?<=\bDr)\.|(?<=\bMe)\.|(?<=\bSt)\.")
# Capitalised words before a number that name no place: « au Niveau 2 », « au Bloc 3 ».
NOT_PLACES = frozenset(
    ["niveau", "point", "bloc", "chapitre", "article", "page", "etage", "tome", "section",
     "annexe", "numero", "bureau", "guichet", "salle", "porte", "module", "lot", "stade",
     "rang", "local", "box", "quai", "terminal", "hall", "pavillon", "tableau", "titre"]
)  # fmt: skip


def named_places_before_town(lexicons: Lexicons, document: Document) -> Iterator[re.Match[str]]:
    """`NAMED_PLACE_BEFORE_TOWN` after a word of dwelling; not when the place opens with a
    word of the dictionary (« la Ligne 4 à Charleroi », « son Article 60 à Liège »), unless
    the text says it is the address (« nouvelle adresse Les Trois Fontaines 15 à … »); an
    estate's name with its number (`ESTATE_BEFORE_TOWN`); and a place after « au » in a
    sentence of dwelling (`NAMED_PLACE_AT`)."""
    for match in NAMED_PLACE_BEFORE_TOWN.finditer(document.text):
        before = document.window_before(match.start(), 60)
        first = fold_key(match.group("place").split()[0])
        dwelling = DWELLING_BEFORE.search(before) and not lexicons.is_french_word(first)
        if dwelling or ADDRESS_WORD_BEFORE.search(before):
            yield match
    for match in ESTATE_BEFORE_TOWN.finditer(document.text):
        if _NUMBERED.search(match.group("place")) or document.text[match.end()] == ",":
            yield match  # (a comma here opens the dwelling's parts, or the postcode)
    for match in NAMED_PLACE_AT.finditer(document.text):
        first = fold_key(match.group("place").split()[0])
        sentence = _TITLE_DOT.sub("", document.text[max(0, match.start() - 200) : match.start()])
        if first not in NOT_PLACES and DWELLING_IN_SENTENCE.search(sentence):
            yield match


DUTCH_STREET = re.compile(
    r"(?<![\w-])[A-ZÀ-Ý][\w'-]*(?:straat|laan|steenweg|plein|lei|dreef|kaai|weg|markt|singel|"
    r"gracht|dijk|baan|hof|park|stra(?:ss|ß)e|gasse|platz|allee|ring)[ \t]+\d{1,4}[a-zA-Z]?(?![\w])"
)


# A house number said in words, or typed after « numéro » (folded text): « numéro quatorze »,
# « septante-trois », « numéro 14 », and the box after it, « boîte deux ».
SAID_NUMBER_BEFORE = re.compile(r"[ \t]*,?[ \t]*(?:(?:numero|n°|no)[ \t]*)?")
SAID_NUMBERED = re.compile(r"[ \t]*,?[ \t]*(?:numero|n°|no)[ \t]*\d{1,4}(?![\w])")
SAID_COUNT_AFTER = re.compile(
    r"\s+(?:fois|ans?|mois|jours?|semaines?|heures?|minutes?|euros?|enfants?|personnes?|km|"
    r"metres?|etages?)\b"
)
SAID_BOX = re.compile(r"[ \t]*,?[ \t]*(?:boite|bte|appartement|appart)[ \t]+")
BOX_DIGITS = re.compile(r"\d{1,4}(?![\w])")


def said_number_end(folded: str, end: int) -> int | None:
    """Where a house number said in words (and its box) ends, from ``end``; None without one."""
    numbered = SAID_NUMBERED.match(folded, end)
    if numbered is not None:
        end = numbered.end()
    else:
        opening = SAID_NUMBER_BEFORE.match(folded, end)
        run = _said_group(folded, opening.end()) if opening else None
        if run is None:
            return None
        end = run
    box = SAID_BOX.match(folded, end)
    if box is not None:
        run = _said_group(folded, box.end())
        if run is not None:
            return run
        digits = BOX_DIGITS.match(folded, box.end())
        return digits.end() if digits else end
    return end


# A house number said in words before its street: « au douze rue des Mineurs », « au numéro
# vingt-six rue Jean-Moulin ».
SAID_BEFORE = re.compile(r"\b(?:au\s+(?:numero\s+)?|numero\s+)(?P<num>[a-z][a-z -]{1,40}?)\s+$")


def said_number_start(folded: str, street_start: int) -> int | None:
    """Where a house number said in words right before a street type starts; None without."""
    window = max(0, street_start - 60)
    before = SAID_BEFORE.search(folded[window:street_start])
    if before is None:
        return None
    start = window + before.start("num")
    end = _said_group(folded, start)
    return start if end is not None and end == window + before.end("num") else None


def _said_group(folded: str, start: int) -> int | None:
    """The end of a single number said in words at ``start`` (never « un » or « une » alone,
    never digits alone: a postcode)."""
    run = SPOKEN_RUN.match(folded, start)
    if run is None or run.group() in ("un", "une") or not re.search(r"[a-z]", run.group()):
        return None
    if SAID_COUNT_AFTER.match(folded, run.end()):
        return None  # « la rue de la Paix deux fois »: a count, not a house
    groups = groups_of(run.group())
    return run.end() if len(groups) == 1 and 0 < int(groups[0]) < 10000 else None
