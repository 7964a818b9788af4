"""A surname's own « N' » (« mme n'diaye », « Aminata N'Diaye ») and a family named by its
surname after « les » in lower-case chat (« les lemaitre, ils sont … »); addresses without a
street-type word, the house number first: after a verb of dwelling or
« au », a number and a named place, with its article or its capitals, before a comma, « à » and
a town, or a postcode (« vit seul au 8 Les Hirondelles, 59100 Roubaix », « habite 19 les
marronniers a fourmies », « Son adresse : 57 Mont de l'Enclus »); and their twins: a count after
a verb of dwelling (« vit avec 3 enfants à Lens »), a postcode and its town, a floor, a number
after a verb of work."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il vit seul au 14 Les Mésanges, 59200 Tourcoing.",
            "Il vit seul au [ADRESSE], 59200 Tourcoing.",
        ),
        (
            "elle habite 23 les coquelicots a denain depuis mars",
            "elle habite [ADRESSE] a denain depuis mars",
        ),
        ("Il est domicilié au 6 Haut-Pré à Wanze.", "Il est domicilié au [ADRESSE] à Wanze."),
        (
            "Son adresse : 41 Mont de la Salette à Fosses.",
            "Son adresse : [ADRESSE] à Fosses.",
        ),
        (
            "Elle vit 9 Vieux Chemin de Namur à Gembloux.",
            "Elle vit [ADRESSE] à Gembloux.",
        ),
        ("pr mme n'goran khady 50a, diabetique", "pr mme [PERSONNE] 50a, diabetique"),
        (
            "Mme Khady N'Dour, 45 ans, cherche un emploi.",
            "Mme [PERSONNE], 45 ans, cherche un emploi.",
        ),
        (
            "une famille de 5, les vandeputte, ils sont sans logement",
            "une famille de 5, les [PERSONNE], ils sont sans logement",
        ),
        (
            "De l'humidité dans son logement au 5 les Lilas, Lens.",
            "De l'humidité dans son logement au [ADRESSE], Lens.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elle vit avec 3 enfants à Lens.",
        "Elle vit avec ses 2 filles à Mons.",
        "Il habite depuis 2 ans à Namur.",
        "Il habite à 5 km de Ciney.",
        "Il habite 5000 Namur.",
        "Il vit au 2e étage, à Namur.",
        "Il travaille au 3 Bas-Préau à Hannut.",
        "La maison au 12 du centre a brûlé.",
        "il n'aime pas les horaires de nuit",
        "les jeunes, ils sont motivés",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
