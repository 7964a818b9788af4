"""Names in pasted tables and chat records, places of work and the field's organisations: the name
columns of a table whose cells a tab or « ; » parts (a software's export, a spreadsheet), and
« Nom<tab>MASSON »; initials written together whose letters open two found names (« S.C. » for
Séverine Carpentier) and a nickname before a title and a name in brackets (« Choupette (Mme
Kabila) »); a surname typed before the given name at the start of a chat message, even one that
is a word (« boulanger kevin, … », « van der linden kevin, gsm … »); a town's name that is a
given name too before what only a person does (« florence veut … »), and « est très motivé »; a
given name that is a word before « (elle préfère qu'on l'appelle comme ça) »; the shelter
someone lives in, named after a verb of dwelling (« loge au Home Sainte-Claire à Huy »); a
business's initials given in brackets after its name are its name too, wherever they come again,
and a bracket that goes on with its legal form or town loses the initials only (« (BIB SA,
Quaregnon) »); a surname with its particle after a form's « nom de famille : »; an ambiguous
given name before « a enfin … », « a décroché », « a réussi »; and their twins: associations and
public bodies of the field (Caritas, la Cimade, Crédal, Microstart, Unia, Envie, Terre, la
Région), « le CV » beside a name whose initials it happens to be, and a legal form in brackets
after a business."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nos stagiaires vont chez Transports Côte d'Argent (TCA) à Mérignac. TCA embauche.",
            "Nos stagiaires vont chez Transports [EMPLOYEUR] à Mérignac. [EMPLOYEUR] embauche.",
        ),
        (
            "Elle bosse à la Blanchisserie Industrielle du Borinage (BIB SA, Quaregnon).",
            "Elle bosse à la Blanchisserie [EMPLOYEUR] ([EMPLOYEUR], Quaregnon).",
        ),
        (
            "Yanis (nom de famille : De Smet) a 20 ans et cherche un CDI.",
            "[PERSONNE] (nom de famille : [PERSONNE]) a 20 ans et cherche un CDI.",
        ),
        ("Nom de famille : De la Fuente", "Nom de famille : [PERSONNE]"),
        (
            "Prudence a décroché un contrat de six mois.",
            "[PERSONNE] a décroché un contrat de six mois.",
        ),
        (
            "Victoire a réussi son CACES la semaine dernière.",
            "[PERSONNE] a réussi son CACES la semaine dernière.",
        ),
        ("Rose a enfin payé sa dette au CPAS.", "[PERSONNE] a enfin payé sa dette au CPAS."),
        (
            "export :\nnom;prenom;naissance;ville\nlemaire;océane;02/05/1999;Wavre\n",
            "export :\nnom;prenom;naissance;ville\n[PERSONNE];[PERSONNE];[DATE];Wavre\n",
        ),
        (
            "Stagiaire\tEntreprise\tVille\nRose Petit\tGarage Lenoir\tHuy\n",
            "Stagiaire\tEntreprise\tVille\n[PERSONNE]\tGarage [EMPLOYEUR]\tHuy\n",
        ),
        ("Fiche :\nNom\tLEGRAND\nVille\tNamur", "Fiche :\nNom\t[PERSONNE]\nVille\tNamur"),
        (
            "Je vous parle de Mme Vermeulen. Ophélie a 40 ans. En réunion on dit O.V. pour elle.",
            "Je vous parle de Mme [PERSONNE]. [PERSONNE] a 40 ans. En réunion on dit [PERSONNE]"
            " pour elle.",
        ),
        (
            "boulanger kevin et martin lucie sont en couple, on les sépare ?",
            "[PERSONNE] et [PERSONNE] sont en couple, on les sépare ?",
        ),
        (
            "van den broeck dylan, gsm 0478 12 34 56, cherche un stage",
            "[PERSONNE], gsm [TÉLÉPHONE], cherche un stage",
        ),
        (
            "nancy veut arrêter sa formation, elle dit que le chef crie.",
            "[PERSONNE] veut arrêter sa formation, elle dit que le chef crie.",
        ),
        (
            "stagiaire kevin, 19 ans, cherche un patron",
            "stagiaire [PERSONNE], 19 ans, cherche un patron",
        ),
        (
            "Elle loge au Home Sainte-Claire à Huy depuis l'expulsion.",
            "Elle loge au [ADRESSE] à Huy depuis l'expulsion.",
        ),
        (
            "Il est hébergé à la Maison d'accueil Les Tilleuls depuis mars.",
            "Il est hébergé à la [ADRESSE] depuis mars.",
        ),
        (
            "Choupette (Mme Kabila) cherche une crèche à Jumet.",
            "[PERSONNE] (Mme [PERSONNE]) cherche une crèche à Jumet.",
        ),
        ("Le CPAS (Mme Lejeune) refuse.", "Le CPAS (Mme [PERSONNE]) refuse."),
        (
            "Elle travaille comme aide-soignante de nuit au home privé Les Aubépines à Ciney.",
            "Elle travaille comme aide-soignante de nuit au home privé [EMPLOYEUR] à Ciney.",
        ),
        (
            "Il bosse le soir au Night Shop Chez Samir à Jumet.",
            "Il bosse le soir au [EMPLOYEUR] à Jumet.",
        ),
        (
            "Mme Awa Sow habite au Foyer Saint-Roch à Lille (CHRS).",
            "Mme [PERSONNE] habite au [ADRESSE] à Lille (CHRS).",
        ),
        (
            "bonjour, prudence (elle préfère qu'on l'appelle comme ça) cherche un logement",
            "bonjour, [PERSONNE] (elle préfère qu'on l'appelle comme ça) cherche un logement",
        ),
        ("Désiré est très motivé par la cuisine.", "[PERSONNE] est très motivé par la cuisine."),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Caritas International et la Cimade accompagnent les demandeurs d'asile à Lille.",
        "Un prêt Crédal ou un microcrédit Microstart pour lancer son activité ?",
        "Unia a répondu à notre signalement.",
        "Il répare des frigos chez Envie à Roubaix depuis mars.",
        "Son employeur, la Région, paie la formation.",
        "Terre et les Petits Riens trient les textiles à Herstal.",
        "lens a besoin de bras pour les vendanges",
        "N.B. : la réunion est déplacée, les encadrants sont prévenus.",
        "La formation est très motivante pour les stagiaires.",
        "Elle dort au foyer de Tournai depuis mars.",
        "Il travaille de nuit à Charleroi depuis mars.",
        "Il travaille comme plongeur dans un restaurant à Mons.",
        "Il travaille le dimanche au Marché de la Batte à Liège.",
        "Elle travaille comme secrétaire pour une PME de Wavre.",
        "Il vit au foyer ADOMA de Creil.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text


def test_the_cv_is_no_ones_initials() -> None:
    assert anonymised("Claire Vandenbussche cherche un stage. Qui relit son CV ?") == (
        "[PERSONNE] cherche un stage. Qui relit son CV ?"
    )


def test_a_legal_form_in_brackets_stays() -> None:
    assert anonymised("Elle travaille au foyer Les Tilleuls (ASBL, 20 places) à Namur.") == (
        "Elle travaille au foyer [EMPLOYEUR] (ASBL, 20 places) à Namur."
    )
