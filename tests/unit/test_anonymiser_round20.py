"""Chat shapes of names and signs: « un certain leblanc », the other spelling of a name given in
brackets (« kader (kaddour sur les papiers) », « (écrit amdou dans le logiciel) », « (on dit
rosie) »), given names in brackets in a text typed in capitals, a household in the singular
after « chez les », a two-letter surname typed in chat, a sign made of « chez » and a first name
after its trade word (« la pizzeria chez tonio »), a lower-case legal form after a trade word
and a name (« garage martin sprl »); and their twins, which stay as written."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "la proprio de mme sow, un certain vandamme, refuse de rendre la caution",
            "la proprio de mme [PERSONNE], un certain [PERSONNE], refuse de rendre la caution",
        ),
        (
            "hakim (hakime sur les papiers) zerrouki a 38 ans et cherche une formation",
            "[PERSONNE] ([PERSONNE] sur les papiers) [PERSONNE] a 38 ans et cherche une formation",
        ),
        (
            "moussa traore (ecrit mousa dans le dossier) attend sa carte de sejour",
            "[PERSONNE] (ecrit [PERSONNE] dans le dossier) attend sa carte de sejour",
        ),
        (
            "mme anne-sophie dubreucq (on dit fanny) a 44 ans et veut se former",
            "mme [PERSONNE] (on dit [PERSONNE]) a 44 ans et veut se former",
        ),
        (
            "URGENT: MME DIOP (AWA BINETOU) N'EST PAS VENUE AU CHANTIER DEPUIS MARDI",
            "URGENT: MME [PERSONNE] ([PERSONNE]) N'EST PAS VENUE AU CHANTIER DEPUIS MARDI",
        ),
        (
            "chez les berger c est tendu, le fils a quitte l ecole a 16 ans",
            "chez les [PERSONNE] c est tendu, le fils a quitte l ecole a 16 ans",
        ),
        (
            "ousmane ly, 31a, cherche un logement a roubaix",
            "[PERSONNE], 31a, cherche un logement a roubaix",
        ),
        (
            "mon stagiaire bosse a la friterie chez fredo a charleroi le soir",
            "mon stagiaire bosse a la friterie [EMPLOYEUR] a charleroi le soir",
        ),
        (
            "il fait son stage au garage Chez Nino a Lens depuis lundi",
            "il fait son stage au garage [EMPLOYEUR] a Lens depuis lundi",
        ),
        (
            "stage a la menuiserie kevin sprl a ciney, le patron est sympa",
            "stage a la menuiserie [EMPLOYEUR] a ciney, le patron est sympa",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "il faut attendre un certain temps et un certain nombre de papiers",
        "chez les jeunes et chez les tout petits, chez les compagnons aussi",
        "le travail se passe bien chez les scouts et chez les autres",
        "elle fait son stage en boulangerie chez nous, puis en cuisine chez les parents",
        "le garage chez lui est petit, la ferme chez son oncle aussi",
        "il a rdv au cpas (sur les papiers c est jeudi) pour son dossier",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
