"""Addresses written without a street-type word: a named place and a number before a
postcode, after a verb of dwelling or before « à » and a town; a room; a Dutch street."""

from __future__ import annotations

import re

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
    r"\d{1,4}(?:\s*(?:bte|bt|/)\s*\d{1,4})?)(?![\w/.,]\d)"
)
# A room or flat in a shelter, a hotel or a building: "(chambre 214)", "appartement 3B".
ROOM = re.compile(
    r"(?<![\w-])(?:chambre|chbre|appartement|appart|appt|studio|logement|bungalow|"
    r"mobil-home|cellule)[ \t]*(?:n°|no|numéro|numero)?[ \t]*\d{1,4}[a-zA-Z]?(?![\w,.]\d|\w)"
)
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
    r"\b[^.!?\n]{0,30}$"
)
DUTCH_STREET = re.compile(
    r"(?<![\w-])[A-ZÀ-Ý][\w'-]*(?:straat|laan|steenweg|plein|lei|dreef|kaai|weg|markt|singel|"
    r"gracht|dijk|baan|hof|park|stra(?:ss|ß)e|gasse|platz|allee|ring)[ \t]+\d{1,4}[a-zA-Z]?(?![\w])"
)
