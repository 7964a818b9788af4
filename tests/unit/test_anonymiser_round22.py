"""The people around the person and their other names: a full name in brackets (or after a
comma) that extends a short form or initials found before it (« tom (tommy van den bossche) »,
« jp (jean-pierre duchene) », « dimi, dimitris papadopoulos, »), the start of a found name in
brackets (« victor (vic) »), an organisation in brackets after a name (« (Département du
Nord) »), words of the field no dictionary holds (« jobiste », « néerlandophone »); and their
twins, which stay as written."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mon gars ben (benjamin van der straeten) a perdu son badge",
            "mon gars [PERSONNE] ([PERSONNE]) a perdu son badge",
        ),
        (
            "jm (jean-michel lefrancq), 61a, veut partir en pension",
            "[PERSONNE] ([PERSONNE]), 61a, veut partir en pension",
        ),
        (
            "la stagiaire qu ils appellent kiki, kimberley vandamme, arrive en retard",
            "la stagiaire qu ils appellent [PERSONNE], [PERSONNE], arrive en retard",
        ),
        (
            "slt, maxime (max) lambotte est en stage a ciney",
            "slt, [PERSONNE] ([PERSONNE]) [PERSONNE] est en stage a ciney",
        ),
        (
            "Référente : Mme Carine Dewulf (Département du Nord, UTPAS de Douai)",
            "Référente : Mme [PERSONNE] (Département du Nord, UTPAS de Douai)",
        ),
        (
            "Sa fille Inaya est étudiante jobiste et son mari Pieter est néerlandophone.",
            "Sa fille [PERSONNE] est étudiante jobiste et son mari [PERSONNE] est néerlandophone.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ma stagiaire (19 ans, maman solo) cherche une creche",
        "la formation (module cuisine, niveau 2) commence lundi",
        "le chef (chef d equipe) et le patron (gerant) sont d accord",
        "Un emploi chez un Particulier Employeur (CESU) est-il cumulable ?",
        "L'Agence de Développement Local de Gembloux et le Foyer Namurois nous aident.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
