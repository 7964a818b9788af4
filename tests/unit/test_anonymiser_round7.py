"""Workplaces typed the way chat types them: a sign of ordinary words after a trade word and its
article (« chez snack le gourmand »), the owner's surname after « chez » and a work phrase
(« bosse chez dumont à marche »), more trade words (« au resto Le Petit Gourmet »), a family
firm in capitals; and what stays: a time after a trade word (« au snack le soir »), social
landlords and networks of insertion structures, a driving licence's category."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "elle bosse chez friterie la bonne frite a quaregnon depuis mai.",
            "elle bosse chez friterie [EMPLOYEUR] a quaregnon depuis mai.",
        ),
        (
            "il travaille à la crèche les petits loups à fives, en contrat aidé.",
            "il travaille à la crèche [EMPLOYEUR] à fives, en contrat aidé.",
        ),
        (
            "ma stagiaire bosse chez vanderbeken à jumet, le patron crie.",
            "ma stagiaire bosse chez [EMPLOYEUR] à jumet, le patron crie.",
        ),
        (
            "Il est plongeur au resto Le Vieux Moulin à Binche depuis un an.",
            "Il est plongeur au resto [EMPLOYEUR] à Binche depuis un an.",
        ),
        (
            "Il va chez Jardins Vercauteren à Fosses trois jours par semaine.",
            "Il va chez Jardins [EMPLOYEUR] à Fosses trois jours par semaine.",
        ),
        (
            "GOOSSENS & FILS nous a contactés pour un CDI.",
            "[EMPLOYEUR] nous a contactés pour un CDI.",
        ),
    ],
)
def test_workplaces_typed_in_chat_are_removed(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "il bosse au snack le soir et au garage les samedis.",
        "elle travaille à la crèche du quartier, il bosse chez eux.",
        "Elle est locataire chez Toit et Moi, son frère chez Habitat Hauts-de-France.",
        "Un entretien d'embauche aux Jardins de Cocagne, en maraîchage bio.",
        "Notre régie cherche un partenaire pour former au permis C. Quelqu'un a des contacts ?",
        "Les ateliers de la MJC de Douai reprennent en septembre.",
    ],
)
def test_their_context_twins_stay(text: str) -> None:
    assert anonymised(text) == text
