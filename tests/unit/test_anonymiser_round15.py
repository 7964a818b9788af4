"""Signs in quotes and pasted forms, the people's circle, and context of the field: a sign in
quotes after a work phrase, a trade word or a form's field (« chez 'Pédales et Compagnie' »),
the trade word before a business's name stays (« Propreté [EMPLOYEUR] »), « & Cie » goes with
the family firm, « Employeur : » and « mis à disposition de » open a place of work; a street
with its number is one address, whatever was found inside it (« rue de la Station 12 »), a
house number with its box before the street (« 14/2 rue des Tanneurs »), a named place with
« d' » (« les Hauts d'Avesnes 7 »); « ex-épouse » is a relation, not a name; a given name that
signs with a profession (« Florence, chargée d'insertion ») or that went somewhere (« Pierre
est reparti ») is a person. And their twins: quoted words that no work phrase introduces, a
chain with its own name's end (« Kuehne+Nagel », « Optic 2000 ») or its town, the field's
structures written in full, public bodies, schools named after public figures with a hyphen,
« être nommée administratrice », a greeting before « la commu »."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle fait son stage chez 'Pédales et Compagnie' à Hazebrouck.",
            "Elle fait son stage chez '[EMPLOYEUR]' à Hazebrouck.",
        ),
        (
            "Il est commis au restaurant « Le Petit Moulin », à Ciney.",
            "Il est commis au restaurant « [EMPLOYEUR] », à Ciney.",
        ),
        (
            "Employeur précédent : SARL « Les Délices d'Antan », Douai.",
            "Employeur précédent : SARL « [EMPLOYEUR] », Douai.",
        ),
        (
            "Il bosse pour l'asbl 'Main dans la Main' à Seraing.",
            "Il bosse pour l'asbl '[EMPLOYEUR]' à Seraing.",
        ),
        (
            "elle taffe chez 'nettoyage brillant sprl' depuis lundi.",
            "elle taffe chez 'nettoyage [EMPLOYEUR] sprl' depuis lundi.",
        ),
        (
            "Lieu de stage : Fleuriste « Au Jardin d'Églantine », Mouscron",
            "Lieu de stage : Fleuriste « [EMPLOYEUR] », Mouscron",
        ),
        (
            "Il habite rue de la Station 12, 5000 Namur, chez Menuiserie Collard sprl.",
            "Il habite [ADRESSE], 5000 Namur, chez Menuiserie [EMPLOYEUR].",
        ),
        ("Adresse : 14/2 rue des Tanneurs, 1000 Bruxelles", "Adresse : [ADRESSE], 1000 Bruxelles"),
        ("elle habite les Hauts d'Avesnes 7 à Arras", "elle habite [ADRESSE] à Arras"),
        ("Il veut un CDI chez Lefèvre & Cie à Lens.", "Il veut un CDI chez [EMPLOYEUR] à Lens."),
        (
            "Il bosse pour une société de nettoyage (Propreté Vandamme à Ghlin).",
            "Il bosse pour une société de nettoyage (Propreté [EMPLOYEUR] à Ghlin).",
        ),
        (
            "son ex-épouse Nadia refuse la garde alternée",
            "son ex-épouse [PERSONNE] refuse la garde alternée",
        ),
        (
            "Employeur : ASBL Les Hirondelles (maison de jeunes, Forest)",
            "Employeur : ASBL [EMPLOYEUR] (maison de jeunes, Forest)",
        ),
        (
            "mis à disposition de l'asbl Le Potager Solidaire pour six mois",
            "mis à disposition de l'asbl [EMPLOYEUR] pour six mois",
        ),
        (
            "Merci d'avance. Florence, chargée d'insertion à Béthune",
            "Merci d'avance. [PERSONNE], chargée d'insertion à Béthune",
        ),
        (
            "Pierre est reparti vivre chez sa sœur à Namur.",
            "[PERSONNE] est reparti vivre chez sa sœur à Namur.",
        ),
        ("Il bosse pour Speedy Colis SRL depuis mars.", "Il bosse pour [EMPLOYEUR] depuis mars."),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Salut la commu ! une question sur les CDDI.",
        "On propose un atelier « estime de soi » aux stagiaires.",
        "Il parle d'un « abandon de poste » dans sa lettre.",
        "Il a un entretien chez Kuehne+Nagel à Liège Airport.",
        "Elle travaille chez Optic 2000 à Valenciennes.",
        "Il est en stage au garage Speedy de Lille.",
        "Il est en mission chez Bouygues Construction à Lille.",
        "Notre Entreprise de Travail Adapté à Mons recrute.",
        "Le Point Justice de Lens aide pour les dossiers.",
        "Les écoles Victor-Hugo et Jean-Jaurès ferment à 16h.",
        "Elle veut être nommée administratrice de biens de sa mère.",
        "La Province de Luxembourg finance le transport.",
        "Il cherche un avocat pro deo à Namur.",
        "Formation cariste chez Technifutur à Seraing.",
        "Il a fait sa DPAE en retard.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
