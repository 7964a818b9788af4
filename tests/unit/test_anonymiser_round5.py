"""A found name takes its neighbours (a word-surname after a given name found on its own, the
given name after « Thi », capitalised particles, particles after a title, a given name typed
in lower case before or after a surname), form fields of birth names, and workplaces named
before their legal form or named again in another casing; each with its context twin."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rose a deux enfants. Rose Meunier cherche un logement à Namur.",
            "[PERSONNE] a deux enfants. [PERSONNE] cherche un logement à Namur.",
        ),
        (
            "Le courrier de Mme Pham Thi Mai est arrivé au CPAS.",
            "Le courrier de Mme [PERSONNE] est arrivé au CPAS.",
        ),
        (
            "M. Koen De Vis habite à Tournai depuis un an.",
            "M. [PERSONNE] habite à Tournai depuis un an.",
        ),
        (
            "mme van der Linden (Greet) attend sa pension.",
            "mme [PERSONNE] ([PERSONNE]) attend sa pension.",
        ),
        (
            "c pr rose vandamme, elle a 2 enfants et plus de revenus",
            "c pr [PERSONNE], elle a 2 enfants et plus de revenus",
        ),
        (
            "la personne c'est aimé kabongo, il attend depuis mai",
            "la personne c'est [PERSONNE], il attend depuis mai",
        ),
        (
            "la dame (mme dubois rose) a 60 ans",
            "la dame (mme [PERSONNE]) a 60 ans",
        ),
        (
            "Nom d'usage : Mme Lambert ; nom de naissance : Haddad.",
            "Nom d'usage : Mme [PERSONNE] ; nom de naissance : [PERSONNE].",
        ),
        (
            "Elle bosse via Net Express Services SRL depuis mai.",
            "Elle bosse via [EMPLOYEUR] depuis mai.",
        ),
        (
            "laveur de vitres chez brillant net sprl (Mons) depuis 2 ans",
            "laveur de vitres chez [EMPLOYEUR] (Mons) depuis 2 ans",
        ),
        (
            "Elle est vendeuse à la BOULANGERIE DECROLY. chez decroly on l'aime bien.",
            "Elle est vendeuse à la BOULANGERIE [EMPLOYEUR]. chez [EMPLOYEUR] on l'aime bien.",
        ),
        (
            "stage chez garage meunier et fils à Huy, il adore",
            "stage chez garage [EMPLOYEUR] à Huy, il adore",  # « et fils » is the name's
        ),
        (
            "Il travaille au kebab Le Sultan à Liège.",
            "Il travaille au kebab [EMPLOYEUR] à Liège.",
        ),
    ],
)
def test_a_found_item_takes_what_names_it_too(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Florence a 45 ans. Elle vit à Florence Centre ? Non, à Charleroi.",
        "Elle vit avec sa fille et sa mère à Mons.",  # « sa » is no legal form
        "Un job étudiant à l'AD Delhaize de Wavre, c'est possible ?",
        "Elle fait ses courses chez Zeeman à Dinant.",
        "Livreur chez Rapid Colis Meuse SRL, il porte 200 colis par jour.",
        "Le médiateur, l'Ombudsman énergie, a répondu.",
    ],
)
def test_context_stays(text: str) -> None:
    out = anonymised(text)
    for kept in ("Charleroi", "sa fille", "Delhaize", "Zeeman", "200 colis", "énergie"):
        if kept in text:
            assert kept in out, out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle loge au foyer, chambre 3, Rés. Les Hêtres, 12 place de la Gare à Arras.",
            "Elle loge au foyer, [ADRESSE] à Arras.",
        ),
        (
            "Son dernier contrat chez l'employeur précédent (Sambre Propreté Plus) a pris fin.",
            "Son dernier contrat chez l'employeur précédent ([EMPLOYEUR]) a pris fin.",
        ),
        (
            "Son stage au garage Auto-Pneus Braga à Liège va mal. M. Rui Braga l'a vu.",
            "Son stage au garage [EMPLOYEUR] à Liège va mal. M. [PERSONNE] l'a vu.",
        ),
        (
            "Les Frères Lambotte, couvreurs à Andenne, l'ont embauché.",
            "Les Frères [EMPLOYEUR], couvreurs à Andenne, l'ont embauché.",
        ),
        (
            "il bosse chez verhaegen transport depuis mars",
            "il bosse chez [EMPLOYEUR] transport depuis mars",
        ),
        (
            "Sa page : www.annuaire-artisans.be/plafonnage/plafonnage-dewaele , à vérifier.",
            "Sa page : [URL] , à vérifier.",
        ),
    ],
)
def test_round_five_workplaces_addresses_and_pages(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Il a saisi l'Ombudsman énergie pour sa facture.", "Ombudsman énergie"),
        ("Il a bossé dans une entreprise de BTP à Lens.", "BTP"),
        ("ses frères Karim et Ali sont là", "frères"),
        ("Voir www.leforem.be/particuliers/aides-financieres.html pour les aides.", "leforem"),
        ("Elle a bossé chez l'AD Delhaize de Ciney.", "Delhaize"),
    ],
)
def test_round_five_context_stays(text: str, kept: str) -> None:
    assert kept in anonymised(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle habite Bât. B, esc. 1, appt 12, résidence Voltaire, 59000 Lille.",
            "Elle habite [ADRESSE], 59000 Lille.",
        ),
        (
            "Visite chez lui (rue des Trois Clés 4, rez, 7000 Mons).",
            "Visite chez lui ([ADRESSE], 7000 Mons).",
        ),
        ("Elle vit au n°8 de la rue du Moulin à Fleurus.", "Elle vit au [ADRESSE] à Fleurus."),
        (
            "M. Alain Piron, Les Prés Verts 22, 5000 Namur, locataire.",
            "M. [PERSONNE], [ADRESSE], 5000 Namur, locataire.",
        ),
        (
            "Il m'a dicté : zéro quatre nonante-huit, douze, trente-quatre, cinquante.",
            "Il m'a dicté : [TÉLÉPHONE].",
        ),
        (
            "Son adresse : p.durand arobase outlook point fr, merci.",
            "Son adresse : [E-MAIL], merci.",
        ),
        ("Écrire à k.bosmans at skynet.be pour le dossier.", "Écrire à [E-MAIL] pour le dossier."),
        ("Son blog : lisacuisine.wordpress.com, à voir.", "Son blog : [URL], à voir."),
        (
            "M. Hugo Bastin, né le 4 juin 79, cherche un emploi.",
            "M. [PERSONNE], né le [DATE], cherche un emploi.",
        ),
    ],
)
def test_round_five_dwellings_spelled_contacts_and_short_years(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Le 12 mars 24 personnes sont venues au CPAS.", "12 mars 24 personnes"),
        ("Rendez-vous le 3 mai 10 h au Forem.", "3 mai 10 h"),
        ("Il a zéro euro et deux enfants de trois ans.", "zéro euro et deux enfants"),
        ("Le CPAS 12, 7000 Mons a répondu.", "CPAS 12"),
        ("Un 3e étage sans ascenseur, c'est dur pour elle.", "3e étage"),
    ],
)
def test_round_five_numbers_and_floors_stay(text: str, kept: str) -> None:
    assert kept in anonymised(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Questions :\n- le contrat de professionnalisation\n- les emplois francs",
            "professionnalisation",
        ),
        ("Notre partenaire, M. Hoffmann, propose un stage.", "M. [PERSONNE]"),
        ("Il vit à Rosendaël, près de la plage.", "Rosendaël"),
        ("Le chantier est dans l'Avesnois. Chloé arrive lundi.", "Avesnois"),
        ("Une pension très basse (GRAPA ?) pour lui.", "GRAPA"),
    ],
)
def test_long_words_regions_and_benefits_stay(text: str, kept: str) -> None:
    assert kept in anonymised(text)


def test_a_german_street_is_an_address() -> None:
    assert anonymised("Il vit seul, Hufengasse 12 à Eupen.") == "Il vit seul, [ADRESSE] à Eupen."


@pytest.mark.parametrize(
    "text",
    [
        "Voir github.com/jdupont59 pour ses projets.",
        "Sa page paypal.me/kevind87 pour les dons.",
        "Elle est sur bsky.app/profile/lea.bsky.social aussi.",
        "Sa boutique etsy.com/shop/CreationsDeLea marche bien.",
    ],
)
def test_a_page_on_a_profile_site_is_personal(text: str) -> None:
    assert "[URL]" in anonymised(text)


def test_a_topic_page_on_a_profile_site_stays() -> None:
    assert "medium.com/tag/insertion" in anonymised("Le site medium.com/tag/insertion en parle.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prudence a peur de perdre son RIS.", "[PERSONNE] a peur de perdre son RIS."),
        (
            "Pour info Jo ne vient plus à l'atelier.",
            "Pour info [PERSONNE] ne vient plus à l'atelier.",
        ),
        ("NAJI Leila (ép. Dumont) cherche un CDI.", "[PERSONNE] (ép. [PERSONNE]) cherche un CDI."),
        ("Je parle de Lorraine Kabeya, pas de l'autre.", "Je parle de [PERSONNE], pas de l'autre."),
    ],
)
def test_round_five_names_with_a_verb_a_short_form_or_a_civil_status(
    text: str, expected: str
) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("La prudence a du bon avec ce bailleur.", "La prudence"),
        ("Une place en tri de textiles à Lille ?", "tri de textiles"),
        ("Notre-Dame de Grâce ou Sainte-Anne : quelle maison d'accueil ?", "Notre-Dame de Grâce"),
        ("Elle part à Florence lundi.", "Florence"),
    ],
)
def test_round_five_words_saints_and_towns_stay(text: str, kept: str) -> None:
    assert kept in anonymised(text)
