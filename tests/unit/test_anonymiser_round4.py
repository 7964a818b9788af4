"""No part of a personal item is left beside its placeholder: a workplace's name goes whole, a
find never stops inside a word or a code, and each shape has its context twin."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser
from bot.text.anonymiser.evaluation import appears


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il fait un stage à la crèche Les P'tits Loups à Lens.",
            "Il fait un stage à la crèche [EMPLOYEUR] à Lens.",
        ),
        (
            "Il est embauché chez Les P'tits Loups à Lens.",
            "Il est embauché chez [EMPLOYEUR] à Lens.",
        ),
        (
            "Elle travaille chez Transports Lemaire du Nord depuis mars.",
            "Elle travaille chez Transports [EMPLOYEUR] depuis mars.",
        ),
        (
            "Elle travaille à la Boulangerie du Nord depuis mars.",
            "Elle travaille à la Boulangerie [EMPLOYEUR] depuis mars.",
        ),
        (
            "Elle est employée à la ferme du Sart-Tilman depuis 2019.",
            "Elle est employée à la ferme [EMPLOYEUR] depuis 2019.",
        ),
        (
            "Sa mission chez Saveurs de la Baie s'arrête demain.",
            "Sa mission chez [EMPLOYEUR] s'arrête demain.",
        ),
        # Context twins: a town after « de » stays, and so does a chain or a public service.
        (
            "Il travaille au garage Renard de Dinant.",
            "Il travaille au garage [EMPLOYEUR] de Dinant.",
        ),
        ("Elle travaille chez La Poste à Namur.", "Elle travaille chez La Poste à Namur."),
        (
            "Elle travaille dans une boulangerie à Ciney.",
            "Elle travaille dans une boulangerie à Ciney.",
        ),
    ],
)
def test_a_workplace_name_goes_whole(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "fragments", "kept"),
    [
        ("n° de PV LI.55.L3.014522/2024 pour conduite sans permis", ["LI.55.L3", "L3"], ["PV"]),
        ("Sa date de naissance : 1972-05-30.", ["05-30", "1972"], ["date de naissance"]),
        ("Numéro 1680354395017/25 de M. Gaston Marchand.", ["25", "1680354395017"], ["Numéro"]),
        ("le nom sur le compte (Minh T.V.) ne correspond pas", ["T.V", "V"], ["compte"]),
        ("c'est pour Pauline D.-L. (elle ne veut pas)", ["D.-L", "L"], ["elle ne veut pas"]),
        ("un sous-traitant, Rapid'Colis SAS à Lesquin", ["Colis", "Rapid"], ["Lesquin"]),
        # Twins: a missing space after a full stop is no code, an elided article no name piece.
        ("Il a vu Mme Dupont.Il est content.", ["Dupont"], ["Il est content"]),
        ("Il est suivi par M. Dupont-Lefort depuis mai.", ["Lefort", "Dupont"], ["depuis mai"]),
    ],
)
def test_no_find_stops_inside_a_word_or_a_code(
    text: str, fragments: list[str], kept: list[str]
) -> None:
    output = anonymised(text)
    assert not [piece for piece in fragments if appears(piece, output)], output
    assert all(appears(item, output) for item in kept), output


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("J'ai reçu un mail de Boulanger ce matin, il ne viendra pas.", ["Boulanger"], ["mail"]),
        ("Un appel de Fontaine hier soir, elle cherche un logement.", ["Fontaine"], ["logement"]),
        ("je suis passée avec hervé au CPAS lundi.", ["hervé"], ["CPAS", "lundi"]),
        ("rdv avec florence demain pour son CV.", ["florence"], ["CV"]),
        ("Ciney MARTIN cherche un emploi.", ["Ciney", "MARTIN"], ["emploi"]),
        ("Bonjour, Tournai LEFEBVRE est arrivé hier.", ["Tournai", "LEFEBVRE"], ["hier"]),
        # Context twins: an organisation or a chain sends mail too, a word after « avec » stays,
        # a town after « à » is the place.
        ("Un mail de Pôle Emploi ce matin.", [], ["Pôle Emploi"]),
        ("un mail de Leroy Merlin pour la commande", [], ["Leroy Merlin"]),
        ("un mur avec pierre et sable", [], ["pierre", "sable"]),
        ("Réunion à Liège SWDE demain.", [], ["Liège", "SWDE"]),
    ],
)
def test_names_without_a_cue_of_their_own(text: str, gone: list[str], kept: list[str]) -> None:
    output = anonymised(text)
    assert not [item for item in gone if appears(item, output)], output
    assert all(appears(item, output) for item in kept), output


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        (
            "il veut un stage chez un pépiniériste : pépinières dewulf à frameries.",
            ["dewulf"],
            ["frameries"],
        ),
        (
            "il a travaille 20 ans aux etablissements dujardin freres a croix",
            ["dujardin"],
            ["croix"],
        ),
        ("elle est payee par la sarl propreté vanrullen ? elle sait pas", ["vanrullen"], ["sarl"]),
        # Twins: a word of the dictionary or a town after the trade word stays.
        ("formateur maçonnerie dispo demain", [], ["dispo"]),
        ("il travaille au garage ciney", [], ["ciney"]),
        ("les noms des ateliers de la MJC de Douai", [], ["MJC", "Douai"]),
    ],
)
def test_a_workplace_typed_in_lower_case(text: str, gone: list[str], kept: list[str]) -> None:
    output = anonymised(text)
    assert not [item for item in gone if appears(item, output)], output
    assert all(appears(item, output) for item in kept), output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- Ancien employeur : Transports Lecomte (Anzin), licencié en 2021",
            "- Ancien employeur : Transports [EMPLOYEUR] (Anzin), licencié en 2021",
        ),
        (
            "Son ancien patron, M. Lecomte (Anzin), est parti.",
            "Son ancien patron, M. [PERSONNE] (Anzin), est parti.",
        ),
        (
            "Il s'agit d'une entreprise d'insertion de Grande-Synthe.",
            "Il s'agit d'une entreprise d'insertion de Grande-Synthe.",
        ),
        (
            "en allant livrer a l'épicerie solidaire de Longueau, il a pas le permis",
            "en allant livrer a l'épicerie solidaire de Longueau, il a pas le permis",
        ),
        ("Kimberley Dupont (Kiki) est là.", "[PERSONNE] ([PERSONNE]) est là."),
    ],
)
def test_a_town_beside_a_workplace_or_a_name_says_where(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "un dossier à l'ARIPA (réf. ARIPA-62-0047815). Son ex ne paie plus.",
            "un dossier à l'ARIPA (réf. [NUMÉRO]). Son ex ne paie plus.",
        ),
        ("n° de carte B 1234567 89 (pas sûre)", "n° de carte [NUMÉRO] (pas sûre)"),
        ("titre de séjour n° B 1234567 8 (carte A)", "titre de séjour n° [NUMÉRO] (carte A)"),
        ("Dossier CAF n° 1234567 A, elle attend.", "Dossier CAF n° [NUMÉRO], elle attend."),
        # Twin: a letter apart before a year is no file number.
        ("le dossier A 2024 est clos", "le dossier A 2024 est clos"),
    ],
)
def test_a_file_number_with_a_body_s_acronym_or_a_letter_apart(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dont le frère bosse chez Distri Nord Logistique (sous-traitant d'Amazon).",
            "dont le frère bosse chez [EMPLOYEUR] (sous-traitant d'Amazon).",
        ),
        (
            "son ancien bailleur, la SCI Les Hêtres Collard-Dubois. Il habitait là.",
            "son ancien bailleur, la SCI [EMPLOYEUR]. Il habitait là.",
        ),
        (
            "bonjour, j'accompagne marie lefevre 42 ans en aci espaces verts a roubaix",
            "bonjour, j'accompagne [PERSONNE] 42 ans en aci espaces verts a roubaix",
        ),
        # Twin: after « avec », a word of the dictionary stays.
        ("un mur avec rose et gris", "un mur avec rose et gris"),
    ],
)
def test_a_region_inside_a_sign_and_a_lower_case_name_as_an_object(
    text: str, expected: str
) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "jai un gamin en cuisine, joutsoutsou hafainaisai 19 ans il a fait son stage",
            "jai un gamin en cuisine, [PERSONNE] 19 ans il a fait son stage",
        ),
        (
            "un jeune en parcours, yame, 20 ans, a un dossier",
            "un jeune en parcours, [PERSONNE], 20 ans, a un dossier",
        ),
        (
            "bonjour, m. zouyira pipekai veut utiliser sa camionnette",
            "bonjour, m. [PERSONNE] veut utiliser sa camionnette",
        ),
        (
            "un stagiaire qui s appelle kaiwo di waindalai il a bosse",
            "un stagiaire qui s appelle [PERSONNE] il a bosse",
        ),
        (
            "mon commis daiduwaimbou da waitsouzaimbo a un souci avec son logement",
            "mon commis [PERSONNE] a un souci avec son logement",
        ),
        # Twins: a unit after a number, a thing's age, a person noun before a word.
        ("mon gars est malade", "mon gars est malade"),
        ("un mur de 2 m. plus loin", "un mur de 2 m. plus loin"),
        ("le contrat fait 20 ans", "le contrat fait 20 ans"),
    ],
)
def test_invented_names_typed_in_lower_case(text: str, expected: str) -> None:
    """Names no list knows, typed in chat: before an age, after « m. », after « s appelle »."""
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il a un dossier au SPF Justice et doit être suivi.",
            "Il a un dossier au SPF Justice et doit être suivi.",
        ),
        (
            "qui fait de la livraison pour Uber Eats en indépendant.",
            "qui fait de la livraison pour Uber Eats en indépendant.",
        ),
        # Twins: a given name or a person acting after an organisation's name is a person.
        ("rdv au CPAS Karim demain", "rdv au CPAS [PERSONNE] demain"),
        ("j'ai appelé le CPAS Dupont a dit non", "j'ai appelé le CPAS [PERSONNE] a dit non"),
    ],
)
def test_the_second_word_of_an_organisation_s_name(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- Employeur précédent : Aux Délices de Gaëlle (pâtisserie, fermée)",
            "- Employeur précédent : [EMPLOYEUR] (pâtisserie, fermée)",
        ),
        (
            "l'association Les Amis de Théo (aide aux devoirs) veut embaucher",
            "l'association [EMPLOYEUR] (aide aux devoirs) veut embaucher",
        ),
        # Twins: a relation in lower case, an acronym before « de »: the name alone goes.
        ("La maman de Théo est venue.", "La maman de [PERSONNE] est venue."),
        ("La RQTH de Mélanie Roussel est arrivée.", "La RQTH de [PERSONNE] est arrivée."),
    ],
)
def test_a_sign_made_of_a_person_s_name_goes_whole(text: str, expected: str) -> None:
    assert anonymised(text) == expected
