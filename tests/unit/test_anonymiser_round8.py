"""Names and numbers that only their sentence gives away: a part of a compound given name used
alone (« Violette … Marie-Violette »), a name after « un certain » or « se fait appeler », given
names listed before a found one, a long run of digits, a file number after a colon further on
in its cue's sentence or after a title's full stop, a link the sentence says is someone's own,
a place inside a business's name when the town it stands in follows, more trade words, more
work phrases (« a signé avec », « formé chez », « son expérience à »), an association whose
name is a sign; and
their twins that stay (the town after « de », national chains)."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rose, de son nom complet Anne-Rose Lemoine, a 62 ans et veut travailler encore.",
            "[PERSONNE], de son nom complet [PERSONNE], a 62 ans et veut travailler encore.",
        ),
        (
            "Marie-Claire Dufour est en EFT. Claire ne vient plus le lundi.",
            "[PERSONNE] est en EFT. [PERSONNE] ne vient plus le lundi.",
        ),
        (
            "il bosse chez un plafonneur, un certain Meunier de Fleurus.",
            "il bosse chez un plafonneur, un certain [PERSONNE] de Fleurus.",
        ),
        (
            "Kevin Lambot (il se fait appeler « Kéké » au quartier) cherche un stage.",
            "[PERSONNE] (il se fait appeler « [PERSONNE] » au quartier) cherche un stage.",
        ),
        (
            "Rose, Lilas et Capucine — trois sœurs — suivent la formation.",
            "[PERSONNE], [PERSONNE] et [PERSONNE] — trois sœurs — suivent la formation.",
        ),
        (
            "son numéro allocataire ? je l'ai retrouvé : c'est 3318427 sur un vieux courrier.",
            "son numéro allocataire ? je l'ai retrouvé : c'est [NUMÉRO] sur un vieux courrier.",
        ),
        (
            "Le numéro du dossier de médiation de dettes au tribunal du travail : 23/11874.",
            "Le numéro du dossier de médiation de dettes au tribunal du travail : [NUMÉRO].",
        ),
        (
            "Le dossier Actiris de M. Ouali porte le 2031-55471-B depuis mars.",
            "Le dossier Actiris de M. [PERSONNE] porte le [NUMÉRO] depuis mars.",
        ),
        (
            "Voici le CV de Nadia ici : https://cv.example-site.net/p/91ab3e7f2c",
            "Voici le CV de [PERSONNE] ici : [URL]",
        ),
        (
            "Son portfolio en ligne : https://www.monbook.fr/galerie/2024",
            "Son portfolio en ligne : [URL]",
        ),
        (
            "Elle est aide-ménagère chez Ménage Express Hainaut à Binche depuis juin.",
            "Elle est aide-ménagère chez [EMPLOYEUR] à Binche depuis juin.",
        ),
        (
            "Il travaille chez Les Saveurs de Dakar (resto à Molenbeek) le soir.",
            "Il travaille chez [EMPLOYEUR] (resto à Molenbeek) le soir.",
        ),
        (
            "Il a été pris à l'essai à la Scierie Gobert à Bertrix.",
            "Il a été pris à l'essai à la Scierie [EMPLOYEUR] à Bertrix.",
        ),
        (
            "Léa a signé avec Nettoyage Éclat Plus (Tournai) un CDI.",
            "[PERSONNE] a signé avec Nettoyage [EMPLOYEUR] (Tournai) un CDI.",
        ),
        (
            "Il a été formé chez Chauffage Derwa à Andenne pendant trois mois.",
            "Il a été formé chez Chauffage [EMPLOYEUR] à Andenne pendant trois mois.",
        ),
        (
            "Elle a mis sur son CV son expérience à La Bonne Fourchette (Namur).",
            "Elle a mis sur son CV son expérience à [EMPLOYEUR] (Namur).",
        ),
        (
            "C'est l'asbl Pain & Partage (épicerie solidaire à Jambes) qui l'emploie.",
            "C'est l'asbl [EMPLOYEUR] (épicerie solidaire à Jambes) qui l'emploie.",
        ),
    ],
)
def test_found_by_its_sentence(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ambre, Jade ou Iris : ce sont les noms des salles de notre centre.",
            # (« ou » between two capitalised words is the conjunction, not a name's particle)
            "Ambre, [PERSONNE] ou [PERSONNE] : ce sont les noms des salles de notre centre.",
        ),
        (
            "Il y a un certain temps que le dossier traîne.",
            "Il y a un certain temps que le dossier traîne.",
        ),
        (
            "Pour le CV, voir le modèle sur https://www.leforem.be/modeles-cv.html",
            "Pour le CV, voir le modèle sur https://www.leforem.be/modeles-cv.html",
        ),
        (
            "En mai, la Pierre Bleue de Soignies recrute. Jean-Pierre viendra.",
            "En mai, la Pierre Bleue de Soignies recrute. [PERSONNE] viendra.",
        ),
        (
            "Le dossier de M. Tran, 12 RUE PASTEUR 59000 LILLE, est complet.",
            "Le dossier de M. [PERSONNE], [ADRESSE] 59000 LILLE, est complet.",
        ),
        (
            "Elle travaille à l'EHPAD Les Glycines de Cambrai comme ASH.",
            "Elle travaille à l'EHPAD [EMPLOYEUR] de Cambrai comme ASH.",
        ),
        (
            "Il travaille chez Garage Renard de Dinant depuis mai.",
            "Il travaille chez Garage [EMPLOYEUR] de Dinant depuis mai.",
        ),
        (
            "Elle est caissière chez Proxy Delhaize à Wavre, elle fait ses heures chez Kiloutou.",
            "Elle est caissière chez Proxy Delhaize à Wavre, elle fait ses heures chez Kiloutou.",
        ),
        (
            "Elle a signé avec le FOREM un contrat. Qui a l'expérience des CEJ ?",
            "Elle a signé avec le FOREM un contrat. Qui a l'expérience des CEJ ?",
        ),
        (
            "On l'oriente vers l'ASBL Article 27 pour la culture.",
            "On l'oriente vers l'ASBL Article 27 pour la culture.",
        ),
        (
            "Le budget total est de 1500000 euros sur trois ans.",
            "Le budget total est de 1500000 euros sur trois ans.",
        ),
    ],
)
def test_twins_that_stay(text: str, expected: str) -> None:
    assert anonymised(text) == expected
