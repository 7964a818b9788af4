"""Where people work when it is not a shop: a school, a care home, a hostel, a holiday cottage or
a campsite named after a work phrase (« agent d'entretien à l'école Saint-Joseph de
Tourcoing »), with the words of its kind (« le foyer pour personnes handicapées X »); a name
written again with one letter more or less (« Zerrouki … Zerouki »); a nickname in quotes in
brackets; letters without a dot or with a stroke (« Yıldız », « Wałęsa »); « & Fils » after a
family firm; and their twins that stay."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle est agent d'entretien à l'école Sainte-Claire de Roubaix depuis 2021.",
            "Elle est agent d'entretien à l'école [EMPLOYEUR] de Roubaix depuis 2021.",
        ),
        (
            "Il est agent de restauration au lycée Jean Monnet de Lens en contrat PEC.",
            "Il est agent de restauration au lycée [EMPLOYEUR] de Lens en contrat PEC.",
        ),
        (
            "Elle est aide-cuisinière au home Les Tilleuls à Waremme.",
            "Elle est aide-cuisinière au home [EMPLOYEUR] à Waremme.",
        ),
        (
            "Il est veilleur au foyer pour jeunes travailleurs Le Relais à Namur.",
            "Il est veilleur au foyer pour jeunes travailleurs [EMPLOYEUR] à Namur.",
        ),
        (
            "Elle travaille en cuisine à la maison de retraite Les Acacias à Douai.",
            "Elle travaille en cuisine à la maison de retraite [EMPLOYEUR] à Douai.",
        ),
        (
            "Il est agent d'accueil au camping Les Dunes à Bray-Dunes l'été.",
            "Il est agent d'accueil au camping [EMPLOYEUR] à Bray-Dunes l'été.",
        ),
        (
            "Mme Benhamou Nadia est absente. Benhamoud, c'est l'orthographe de la CAF.",
            "Mme [PERSONNE] est absente. [PERSONNE], c'est l'orthographe de la CAF.",
        ),
        (
            'mr kevin delattre ("kéké"), 24a, cddi chez nous',
            'mr [PERSONNE] ("[PERSONNE]"), 24a, cddi chez nous',
        ),
        (
            "Mme Yıldız Aksoy est en CDDI. YILDIZ préfère qu'on l'appelle par son prénom.",
            "Mme [PERSONNE] est en CDDI. [PERSONNE] préfère qu'on l'appelle par son prénom.",
        ),
        (
            "Il fait son stage chez Carrosserie Van den Bossche à Lessines.",
            "Il fait son stage chez Carrosserie [EMPLOYEUR] à Lessines.",
        ),
        (
            "Elle a travaillé au bar Le Central à Lomme, 2 ans en extra.",
            "Elle a travaillé au bar [EMPLOYEUR] à Lomme, 2 ans en extra.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elle est suivie au foyer Les Peupliers à Mouscron.",
        "Il travaille à la Maison de l'emploi de Mons.",
        "Elle travaille à la maison, elle garde ses enfants.",
        "Il est animateur à la Maison de jeunes de Jemappes.",
        "Ses enfants vont à l'école Saint-Joseph de Tourcoing.",
        "Des stages chez Infrabel ou à la SNCB ?",
        "Un contact Erasmus+ pour un échange de pratiques ?",
        "Il veut faire du bénévolat au Resto du Cœur de Namur.",
        "Le stage se passe au restaurant universitaire du CROUS de Lille.",
        "Il a dit (« oui ») et puis rien.",
    ],
)
def test_twins_that_stay(text: str) -> None:
    assert anonymised(text) == text
