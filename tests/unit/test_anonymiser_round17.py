"""Hurried chat, named three ways, and texts typed in capitals: a surname in lower case right
after a one-word nickname in brackets (« franck (frankie) boulanger veut … »), a nickname given
after « dit », « (on dit … » or « l'appelle » and used again, a street typed in capitals or in
lower case before « à » and its town; prepositions are no surnames (« moussa devant tout le
monde »). And their twins: dictionary words in a text typed in capitals (« UN ENCADRANT
TECHNIQUE », « SA SEPARATION »), « l'appelle tous les jours », schemes, regions and
« Après » opening a sentence."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mon salarié franck (frankie) boulanger veut créer sa boite. boulanger peut ?",
            "mon salarié [PERSONNE] ([PERSONNE]) [PERSONNE] veut créer sa boite. [PERSONNE] peut ?",
        ),
        (
            "slt, victor (vic) dubois a une date fausse. dubois est congolais.",
            "slt, [PERSONNE] ([PERSONNE]) [PERSONNE] a une date fausse. [PERSONNE] est congolais.",
        ),
        (
            "un gars en eft, tt le monde l appelle kéké. kéké a encore raté 3 jours.",
            "un gars en eft, tt le monde l appelle [PERSONNE]. [PERSONNE] a encore raté 3 jours.",
        ),
        (
            "jean-pierre lenoir dit jp, 63 ans, veut arreter. jp bosse en recyclage.",
            "[PERSONNE] dit [PERSONNE], 63 ans, veut arreter. [PERSONNE] bosse en recyclage.",
        ),
        (
            "mon travailleur mamadou diallo (on dit djo) a recu un courrier de l onem",
            "mon travailleur [PERSONNE] (on dit [PERSONNE]) a recu un courrier de l onem",
        ),
        (
            "EXPULSEE DE SON LOGEMENT RUE DE LA STATION 47 A JEMEPPE. LE CPAS DIT NON.",
            "EXPULSEE DE SON LOGEMENT [ADRESSE] A JEMEPPE. LE CPAS DIT NON.",
        ),
        (
            "ELLE HABITE CHEZ SON COPAIN, MR LEMAIRE, 17 RUE JEAN JAURES A LIEVIN.",
            "ELLE HABITE CHEZ SON COPAIN, MR [PERSONNE], [ADRESSE] A LIEVIN.",
        ),
        (
            "expulsee de son logement rue de la station 47 a jemeppe.",
            "expulsee de son logement [ADRESSE] a jemeppe.",
        ),
        (
            "bruno se moque de moussa devant tout le monde au chantier.",
            "[PERSONNE] se moque de [PERSONNE] devant tout le monde au chantier.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NOTRE REGIE DE QUARTIER A ROUBAIX CHERCHE UN ENCADRANT TECHNIQUE.",
        "CHANTIER D INSERTION A ARRAS : AMAP, EPICERIE SOLIDAIRE, RESTOS DU COEUR.",
        "ELLE VEUT DECLARER SA SEPARATION A LA CAF DE LENS.",
        "Sa sœur au Maroc l'appelle tous les jours pour de l'argent.",
        "l'assistante sociale dit qu'il faut une attestation de la mutuelle.",
        "Le secrétariat social dit qu un stagiaire FPI y a pas droit.",
        "Il est né en Corse et vit à Lille depuis 20 ans.",
        "Après 3 ans chez Amazon à Lauwin-Planque, il veut changer.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
