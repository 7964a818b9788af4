"""A sign typed in lower case in chat, between its trade word and « à » and its town (« elle
bosse chez paysagiste lemaire a dinant », « a la ferme du bois joli a ciney »); and its twins:
words that only say where (« au bar du coin »), « au noir », « chez nous », an institution."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "son employeur chez paysagiste dujardin a dinant dit non",
            "son employeur chez paysagiste [EMPLOYEUR] a dinant dit non",
        ),
        (
            "elle bosse chez proprete express a arras en horaires decales",
            "elle bosse chez proprete [EMPLOYEUR] a arras en horaires decales",
        ),
        (
            "il bosse a la ferme du vieux chene a ciney le week-end",
            "il bosse a la ferme [EMPLOYEUR] a ciney le week-end",
        ),
        (
            "ma stagiaire bosse le soir au bar le galion a dunkerque",
            "ma stagiaire bosse le soir au bar [EMPLOYEUR] a dunkerque",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "il bosse au bar du coin a lens le soir",
        "il bosse au noir a lens depuis mai",
        "elle bosse chez nous a lens depuis mai",
        "elle bosse au cpas de namur a jambes",
        "il travaille au garage de la gare a ciney",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
