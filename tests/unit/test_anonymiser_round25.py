"""Initials that stand for the person (« (K., 19 ans », « un stagiaire, T.V.D.B., », the same
initials again later), the name signing a quoted message (« … dsl pr tt. Sam », « … R.
Meunier »), an address the text calls one (« nouvelle adresse Les Trois Fontaines 15 à … »);
and context that was taken for names: a plural the dictionary lists in the singular
(« familles monoparentales »), a town's district in brackets (« Lille (Wazemmes) »), a chain's
branch (« chez McDonald's Louvroil »), a locution after a greeting (« Bonsoir, Patience à
bout »), the Walloon schemes for starting an activity (« Airbag »). With their twins: initials
that are a body of the field, an initial that is no signature, a word that is no plural."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Un jeune que je suis (B., 20 ans, sans diplôme) cherche une formation.",
            "Un jeune que je suis ([PERSONNE], 20 ans, sans diplôme) cherche une formation.",
        ),
        (
            "R.T., 45 ans, stagiaire chez nous, a des dettes. R.T. refuse le CPAS.",
            "[PERSONNE], 45 ans, stagiaire chez nous, a des dettes. [PERSONNE] refuse le CPAS.",
        ),
        (
            "Une stagiaire, A.V.D.M., 33 ans, veut reprendre des études.",
            "Une stagiaire, [PERSONNE], 33 ans, veut reprendre des études.",
        ),
        (
            "Elle m'envoie : « je viens pas demain, jsuis malade. Inès »",
            "Elle m'envoie : « je viens pas demain, jsuis malade. [PERSONNE] »",
        ),
        (
            "Le propriétaire écrit : « Le loyer est en retard. Merci de payer. J. Boulanger »",
            "Le propriétaire écrit : « Le loyer est en retard. Merci de payer. "
            "[PERSONNE] [PERSONNE] »",
        ),
        (
            "Il a déménagé : nouvelle adresse Les Quatre Vents 12 à Ciney.",
            "Il a déménagé : nouvelle adresse [ADRESSE] à Ciney.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Des aides pour les familles nombreuses et les familles recomposées à Namur ?",
        "Une place en crèche pour les familles monoparentales de Liège ?",
        "On est en ACI à Roubaix (Épeule), quelqu'un connaît la mission locale ?",
        "Elle a trouvé un job chez Lidl Jemappes le samedi.",
        "Bonsoir, Patience à bout avec la CAF du Nord : 6 mois d'attente.",
        "Pour lancer son activité : la couveuse, Airbag ou Créajob ?",
        # twins: what stays as it was
        "Le C.P.A.S., 3 ans de suivi, puis rien.",
        "Il a le permis B. Il cherche un emploi de chauffeur.",
        "« Venez demain à 9h. Merci »",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
