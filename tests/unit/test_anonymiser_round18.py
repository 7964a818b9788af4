"""Names given three ways in lower-case chat: the surname after a bracket of any words that
follows a given name (« raymond (ray) jacquet, 57 ans », « ahmed (hamoud pr les potes) el
ouafi »), a full name in brackets after the given name it starts with (« kim (kim-ly tran) »),
a nickname after a comma and whom it is used for (« jean-luc, jl pour les intimes »), or after
« tout le monde appelle », even a doubled syllable (« coco »); and their twins: a word in
brackets after a name that is also a word, a bracket after a noun, amounts in euros typed fast
(« 2300e »), « l'appelle tous les jours »."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "c est pour raymond (ray) jacquet, 57 ans, sans boite aux lettres",
            "c est pour [PERSONNE] ([PERSONNE]) [PERSONNE], 57 ans, sans boite aux lettres",
        ),
        (
            "ahmed (hamoud pr les potes) el ouafi, en stage a Anzin.",
            "[PERSONNE] ([PERSONNE] pr les potes) el [PERSONNE], en stage a Anzin.",
        ),
        (
            "kim (kim-ly tran) 29 ans a des soucis. tran est en atelier couture.",
            "[PERSONNE] ([PERSONNE]) 29 ans a des soucis. [PERSONNE] est en atelier couture.",
        ),
        (
            "colombe (colombe-marie akakpo) a eu un rappel de la caf.",
            "[PERSONNE] ([PERSONNE]) a eu un rappel de la caf.",
        ),
        (
            "il s appelle jean-luc, jl pour les intimes, 50 ans.",
            "il s appelle [PERSONNE], [PERSONNE] pour les intimes, 50 ans.",
        ),
        (
            "urgent!! mr dupont (52a) sest fait virer de son logement",
            "urgent!! mr [EMPLOYEUR] (52a) sest fait virer de son logement",
        ),
        (
            "un gars, pierre-yves, que tt le monde appelle py, arrive bourre le lundi",
            "un gars, [PERSONNE], que tt le monde appelle [PERSONNE], arrive bourre le lundi",
        ),
        (
            "tt le monde l'appelle coco mais c corinne vasseur, 47a",
            "tt le monde l'appelle [PERSONNE] mais c [PERSONNE], 47a",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "rose (la couleur) me plait beaucoup",
        "le stage (deux semaines) commence lundi a Mons",
        "ils ont une dette de gaz chez engie de 2300e, un plan?",
        "un rappel de la caf de 3400 e trop percu",
        "Sa sœur l'appelle tous les jours pour de l'argent.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
