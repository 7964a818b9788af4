"""Words beside which a word that looks like a name is a thing's: a feast among the days
(« avant Noël »), a car's make and model, a machine's make (« le four Rational »)."""

from __future__ import annotations

import re

# Feasts that are given names too, and what makes them the feast: a calendar word near, or a
# preposition of time right before (« qu'il parte avant Noël », « d'ici la Toussaint »).
FEASTS = frozenset(["noel", "toussaint", "ascension", "assomption"])
CALENDAR_NEAR = re.compile(
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|nouvel an|jour de l'an|paques|"
    r"pentecote|feries?|fetes?|reveillon|vacances|conges?|semaine|decembre|janvier)\b"
    r"|\b(?:avant|apres|depuis|jusqu'a|d'ici|vers)\s+(?:la\s+|l')?"
    r"(?:noel|toussaint|ascension|assomption)\b"
)


# A car's make and model ("Opel Corsa", "Dacia Sandero"): a vehicle, not a person; and the make
# after a machine or a tool of the field's work sites (« le four Rational », « la tondeuse
# Kubota », « les dérailleurs Shimano »): no one is named right after a machine.
_MAKES = (
    r"(?:peugeot|renault|citroen|dacia|opel|ford|fiat|volkswagen|vw|toyota|nissan|seat|"
    r"skoda|kia|hyundai|bmw|audi|mercedes|suzuki|mazda|honda|volvo|tesla)"
)
VEHICLE = re.compile(
    r"\b" + _MAKES + r"\s+[a-z0-9][\w-]*"
    r"(?:\s+(?:custom|connect|courier|cargo|combi|van|maxi|max|xl|\d[\w-]*))?"
    r"|\b(?:fours?|tondeuses?(?:\s+autoportees?)?|tracteurs?(?:\s+tondeuses?)?|"
    r"debroussailleuses?|tronconneuses?|machines?(?:\s+a\s+coudre)?|outils|outillage|"
    r"camions?|camionnettes?|fourgons?|fourgonnettes?|utilitaires?|"
    r"taille-haies?|souffleurs?|mini-pelles?|pelleteuses?|chargeuses?|transpalettes?|nacelles?|"
    r"perceuses?|visseuses?|meuleuses?|ponceuses?|perforateurs?|nettoyeurs?|aspirateurs?|"
    r"autolaveuses?|monobrosses?|derailleurs?|freins?|lave-vaisselles?|friteuses?|trancheuses?|"
    r"broyeurs?|compresseurs?|groupes?\s+electrogenes?)"
    # (« la camionnette Citroën Jumper »: the make and its model, found by the first branch)
    r"\s+(?!(?:de|du|des|d|a|au|et|ou|en|pour|avec|qui|que)\b|" + _MAKES + r"\b)[a-z][\w-]*"
)
