"""Chat typed fast and places of work in every shape: elisions without their apostrophe
(« on l appelle bibi »), a writer saying a word is the name (« espoir (oui c son prenom) »,
« florence (la stagiaire) »), the person met (« rdv demain avec innocent »), a household by its
surname (« chez les nowak »), a title in a text typed in capitals (« MME PETIT ROSE »), a
nickname given in quotes and used again; the employer set apart (« Son employeur, l'ASBL … »),
a town as the owner's name before « à » and another town, a saint's surname after a particle,
a quoted sign after a kind and its qualifiers (« l'épicerie sociale « … » »), a sign's article
in lower case (« au kebab le Bosphore »), a sign's words are no person's, « place » as a verb;
and their twins: « avec prudence », « la famille nombreuse », a square's name, chains after
« chez » that are also given names, the season's events, the network's associations."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Son employeur, l'ASBL Les Jardins du Cœur (20 travailleurs), refuse de payer.",
            "Son employeur, l'ASBL [EMPLOYEUR] (20 travailleurs), refuse de payer.",
        ),
        (
            "Il a fait 3 semaines chez Menuiserie Bouillon à Nivelles.",
            "Il a fait 3 semaines chez Menuiserie [EMPLOYEUR] à Nivelles.",
        ),
        (
            "elle travaille à la Blanchisserie du Hainaut à Binche depuis 10 ans",
            "elle travaille à la Blanchisserie [EMPLOYEUR] à Binche depuis 10 ans",
        ),
        (
            "M. Louis de Saint-Aubert, 45 ans, ancien cadre, est en CDDI.",
            "M. [PERSONNE], 45 ans, ancien cadre, est en CDDI.",
        ),
        (
            'mme valentine caudron ("val") doit rembourser mais val préfère payer.',
            'mme [PERSONNE] ("[PERSONNE]") doit rembourser mais [PERSONNE] préfère payer.',
        ),
        (
            "on l appelle bibi au chantier mais il s appelle habib.",
            "on l appelle [PERSONNE] au chantier mais il s appelle [PERSONNE].",
        ),
        (
            "espoir (oui c son prenom) a 21 ans, sorti de l aide a la jeunesse",
            "[PERSONNE] (oui c son prenom) a 21 ans, sorti de l aide a la jeunesse",
        ),
        (
            "florence (la stagiaire, pas la ville) a 35 ans et cherche une formation",
            "[PERSONNE] (la stagiaire, pas la ville) a 35 ans et cherche une formation",
        ),
        (
            "rdv demain avec innocent pour son dossier forem",
            "rdv demain avec [PERSONNE] pour son dossier forem",
        ),
        (
            "j ai ete chez les nowak hier, appart insalubre",
            "j ai ete chez les [PERSONNE] hier, appart insalubre",
        ),
        (
            "on accompagne la famille el amrani depuis 2 ans",
            "on accompagne la famille el [PERSONNE] depuis 2 ans",
        ),
        (
            "MME PETIT ROSE A BESOIN D UNE AIDE POUR SON LOYER, LE CPAS DE CHARLEROI REFUSE.",
            "MME [PERSONNE] A BESOIN D UNE AIDE POUR SON LOYER, LE CPAS DE CHARLEROI REFUSE.",
        ),
        (
            "Notre ETTI place Anthony Lefebvre chez un client à Maubeuge.",
            "Notre ETTI place [PERSONNE] chez un client à Maubeuge.",
        ),
        (
            "elle fait du bénévolat à l'épicerie sociale « Le Panier Solidaire » de Denain.",
            "elle fait du bénévolat à l'épicerie sociale « [EMPLOYEUR] » de Denain.",
        ),
        (
            "Il livre pour le traiteur asiatique 'Saveurs d'Asie' à Tourcoing.",
            "Il livre pour le traiteur asiatique '[EMPLOYEUR]' à Tourcoing.",
        ),
        (
            "Il bosse le soir au kebab le Bosphore à Calais.",
            "Il bosse le soir au kebab [EMPLOYEUR] à Calais.",
        ),
        (
            "Elle travaille au salon de coiffure « Nadège Coiffure ». Un CAP coiffure ?",
            "Elle travaille au salon de coiffure « [EMPLOYEUR] ». Un CAP coiffure ?",
        ),
        (
            "en stage chez Salaisons Degand à Bastogne",
            "en stage chez Salaisons [EMPLOYEUR] à Bastogne",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Son employeur, le CPAS de Namur, refuse de payer.",
        "il faut agir avec prudence dans ce dossier",
        "la famille nombreuse a besoin d aide a Liege",
        "chez les voisins c est complique",
        "rendez-vous sur la place Jean Jaurès à Lens",
        "elle a postulé chez Zara et chez H&M à Lille",
        "Nos salariés partent en mission chez Roquette à Lestrem.",
        "Nos stands au marché de Noël de Lille marchent bien.",
        "Il est en service civique chez Unis-Cité à Lille.",
        "elle a fait l'atelier cuisine « menu de fête » avec le groupe",
        "le restaurant nous a dit « pas de place » hier",
        "elle travaille à la boulangerie la Lorraine",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
