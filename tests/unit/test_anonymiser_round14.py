"""Context that looks like personal data, and a business's sector: a form's or a circular's
number (« Cerfa n° 15036 », « circulaire DGEFP n° 2021/03 »), a free or shared-cost service
number (« 0800 93 947 »), a maternity hospital named after someone; a sector written with its
capital before the owner's name stays (« chez Ferronnerie [EMPLOYEUR] », « SAS Transports
[EMPLOYEUR] »), trades joined by a hyphen are one (« Boucherie-Traiteur »), a sector and a
town alone are the sign (« SARL Paysages Wattrelos »), an identifier's name in brackets after a
business is no name; and their twins."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il a bossé 4 ans chez Ferronnerie Gheysens à Menin.",
            "Il a bossé 4 ans chez Ferronnerie [EMPLOYEUR] à Menin.",
        ),
        (
            "Employeur actuel : SAS Transports Delcourt (Tourcoing)",
            "Employeur actuel : SAS Transports [EMPLOYEUR] (Tourcoing)",
        ),
        (
            "Il est en stage chez Boucherie-Traiteur Lemaire à Wavre.",
            "Il est en stage chez Boucherie-Traiteur [EMPLOYEUR] à Wavre.",
        ),
        (
            "Le stage se fait à la SARL Paysages Wattrelos (SIRET 44306184100047).",
            "Le stage se fait à la SARL [EMPLOYEUR] (SIRET [NUMÉRO]).",
        ),
        (
            "Appelez le 0800 123 456 ou Mme Dupont au 0476 12 34 56.",
            "Appelez le 0800 123 456 ou Mme [PERSONNE] au [TÉLÉPHONE].",
        ),
        ("Son dossier n° 2021/03 est ouvert.", "Son dossier n° [NUMÉRO] est ouvert."),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Il faut remplir le Cerfa n° 15036 pour la RQTH.",
        "Ça relève de la circulaire DGEFP n° 2021/03 ?",
        "Le numéro gratuit du FOREM, c'est le 0800 93 947.",
        "Elle sort de la maternité Jeanne de Flandre avec son bébé.",
        "Demande d'aide Chauffage Solidaire déposée au CCAS.",
        "Secteur logistique, zone Lesquin et Seclin.",
    ],
)
def test_twins_that_stay(text: str) -> None:
    assert anonymised(text) == text
