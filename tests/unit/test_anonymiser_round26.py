"""Places of work named by their sign after a trade word: « de la » and a place before the town
(« au Garage de la Gare à Libramont », « au Café de la Mairie à Lens », « au GAEC de la Source à
… »), inns and trades of the land (« la Taverne Le Forgeron », « l'auberge Le Cheval Blanc »,
« la Champignonnière Lejeune »); homes named as an estate with a number or a block before a
town (« depuis Les Coquelicots 13 à Carvin », « Mme X, Les Peupliers bât. D à Maubeuge ») and
after a flat's type (« un T1 au 27 les Hautes Loges »); a shelter after a verb of dwelling, its
kind kept when written as initials (« hébergé au CHRS [ADRESSE] »); a business found by its
initials alone, wherever they come again (« chez TLD … TLD n'a pas déclaré »); a role with its
complement before the place of work (« ouvrier d'entretien au Collège … »); the owner's name
typed in chat before the sector (« chez vanoverschelde carrelage »); a house number and an
estate further after a verb of moving in; a nickname before « comme on l'appelle ». With their
twins: a trade and a place in lower case, a public body, an estate's name without a number, a
count."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il fait son stage au Garage de la Fontaine à Bastogne depuis mars.",
            "Il fait son stage au Garage [EMPLOYEUR] à Bastogne depuis mars.",
        ),
        (
            "Elle est serveuse au Café de la Gare à Ath, sans contrat.",
            "Elle est serveuse au Café [EMPLOYEUR] à Ath, sans contrat.",
        ),
        (
            "Il travaille à l'Estaminet Le Vieux Moulin à Bailleul le week-end.",
            "Il travaille à l'Estaminet [EMPLOYEUR] à Bailleul le week-end.",
        ),
        (
            "Le patron de l'Auberge Le Relais Fleuri à Spa ne la paie plus.",
            "Le patron de l'Auberge [EMPLOYEUR] à Spa ne la paie plus.",
        ),
        (
            "Elle rentre à pied depuis Les Glycines 21 à Liévin.",
            "Elle rentre à pied depuis [ADRESSE] à Liévin.",
        ),
        (
            "Mme Pauwels, Les Tilleuls bloc C à Seraing, n'a plus de chauffage.",
            "Mme [PERSONNE], [ADRESSE] à Seraing, n'a plus de chauffage.",
        ),
        (
            "Il a trouvé un studio au 8 les Hauts Champs à Lens.",
            "Il a trouvé un studio au [ADRESSE] à Lens.",
        ),
        (
            "Il bosse chez RMV (Rénovation Marc Vandamme) à Huy. RMV ne le paie pas.",
            "Il bosse chez [EMPLOYEUR] ([EMPLOYEUR]) à Huy. [EMPLOYEUR] ne le paie pas.",
        ),
        (
            "Il est ouvrier d'entretien au Lycée Saint-Luc à Tournai en article 60.",
            "Il est ouvrier d'entretien au Lycée [EMPLOYEUR] à Tournai en article 60.",
        ),
        (
            "elle a bosse 2 ans chez vanderhaegen menuiserie a tournai, pas de c4",
            "elle a bosse 2 ans chez [EMPLOYEUR] menuiserie a tournai, pas de c4",
        ),
        (
            "il bosse chez renov toitures sprl a ath",  # the sign with its legal form, whole
            "il bosse chez [EMPLOYEUR] a ath",
        ),
        (
            "ils emmenagent ds un appart vide avec leurs 3 enfants, au 12 les lilas a jemappes",
            "ils emmenagent ds un appart vide avec leurs 3 enfants, au [ADRESSE] a jemappes",
        ),
        (
            "jai un gars, le grand dédé comme on l'appelle, il cherche des bottes",
            "jai un gars, le grand [PERSONNE] comme on l'appelle, il cherche des bottes",
        ),
        (
            "Notre Titine, comme tout le monde l'appelle, a 50 ans.",
            "Notre [PERSONNE], comme tout le monde l'appelle, a 50 ans.",
        ),
        (
            "Elle est hébergée au CHRS Les Mimosas depuis mars.",
            "Elle est hébergée au CHRS [ADRESSE] depuis mars.",
        ),
        (
            "Il dort depuis 3 semaines à la maison d'accueil Saint-Roch à Mons.",
            "Il dort depuis 3 semaines à la [ADRESSE] à Mons.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elle travaille dans un garage près de la gare à Libramont.",
        "Elle travaille au CPAS de la Ville de Liège.",
        "Les Restos du Coeur à Lille ouvrent le lundi.",
        "Les Compagnons Bâtisseurs à Namur font des chantiers.",
        "Il a vécu 3 ans à Carvin avec ses 2 enfants.",
        "Elle est hébergée au CHRS de Tournai depuis mars.",
        "Il est ouvrier polyvalent au CPAS de Namur.",
        "Son fils va au lycée Saint-Luc à Tournai.",
        "Le chantier, comme on l'appelle ici, commence lundi.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
