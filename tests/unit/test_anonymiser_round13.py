"""Names that are months, regions and saints: a month written with its capital after a given
name when a title came before or an age follows (« Martin Janvier, 46 ans »), a place after an
ambiguous given name before an age (« Florence Hainaut, 43 ans »), a saint's name right after a
title and a given name (« M. Yvon Saint-Pierre »); a name found typed in lower case is the same
name written the same way again (« marie doit … marie est en oisp »); « appelé » after « a » is
a phone call, not a naming; Belgian number words; and their twins that stay."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Olivier Juillet, 39 ans, sort d'un CDD à Arras.",
            "[PERSONNE], 39 ans, sort d'un CDD à Arras.",
        ),
        ("Mme Sylvie Avril a rappelé ce matin.", "Mme [PERSONNE] a rappelé ce matin."),
        (
            "Nathalie Picardie (44 ans, 3 enfants) cherche un logement.",
            "[PERSONNE] (44 ans, 3 enfants) cherche un logement.",
        ),
        ("M. Rémi Saint-Germain, 58 ans, est en CDDI.", "M. [PERSONNE], 58 ans, est en CDDI."),
        (
            "sarah doit refaire sa carte d'identité. le cpas dit non. sarah est en eft.",
            "[PERSONNE] doit refaire sa carte d'identité. le cpas dit non. [PERSONNE] est en eft.",
        ),
        (
            "marie doit trouver un logement. le cpas dit non. marie est en oisp.",
            "[PERSONNE] doit trouver un logement. le cpas dit non. [PERSONNE] est en oisp.",
        ),
        ("Une dame appelée Rose est passée.", "Une dame appelée [PERSONNE] est passée."),
        ("Marie doit partir. Il est marié.", "[PERSONNE] doit partir. Il est marié."),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On a appelé Ethias pour l'accident de travail.",
        "J'ai appelé Solidaris ce matin.",
        "C'est pour un monsieur de septante ans qui a perdu son logement à Tournai.",
        "On se revoit en Mars, à Lille.",
        "Il habite Saint-Pierre-lez-Calais et va à l'école Saint-Joseph.",
        "Elle est aidante proche de son mari, atteint d'Alzheimer.",
    ],
)
def test_twins_that_stay(text: str) -> None:
    assert anonymised(text) == text
