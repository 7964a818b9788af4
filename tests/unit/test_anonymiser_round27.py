"""Work sites and the things around the people: the make after a machine or a tool (« la
tondeuse Kubota », « le four Rational »), a lower-case noun after a determiner joined by « et »
to a name (« gère la débroussailleuse et Grégory refuse »), an illness named after someone in
brackets after a name (« son père Gérard (Alzheimer) »), the town after a title, a surname and
« de » (« M. Lecomte de Saint-Amand-les-Eaux »), a feast after a preposition of time (« avant
Noël »), a centre named after someone (« le Centre Oscar Lambret »), the section of a network
in a link (« facebook.com/marketplace/… »), the field's bodies and schools (UDAF, Intradel, the
Haute École Louvain en Hainaut, the public hospital), towns that are words (Croix, Avion); and
the floor and the named building after an address (« 2e étage », « bât. Les Hêtres »). With
their twins: the names beside them still go."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle habite 12 impasse Voltaire, 3e étage, à Tourcoing.",
            "Elle habite [ADRESSE], à Tourcoing.",
        ),
        (
            "Son ancien logement : 4 résidence des Prés, bât. Les Ormes, à Lomme.",
            "Son ancien logement : [ADRESSE], à Lomme.",
        ),
        (
            "Un client, M. Delattre de Marcq-en-Barœul, porte plainte. Delattre insiste.",
            "Un client, M. [PERSONNE] de Marcq-en-Barœul, porte plainte. [PERSONNE] insiste.",
        ),
        (
            "Il vit avec son père Marcel (Parkinson) et sa sœur Lina à Comines.",
            "Il vit avec son père [PERSONNE] (Parkinson) et sa sœur [PERSONNE] à Comines.",
        ),
        (
            "Le mail de sa curatrice à l'UDAF : c.moreau.udaf@laposte.net, elle répond vite.",
            "Le mail de sa curatrice à l'UDAF : [E-MAIL], elle répond vite.",
        ),
        (
            "Yasmine entretient la tronçonneuse et Kevin ramasse les branches.",
            "[PERSONNE] entretient la tronçonneuse et [PERSONNE] ramasse les branches.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le stagiaire s'est coupé avec la débroussailleuse Stihl, le chef d'équipe était là.",
        "On a reçu un four Rational d'occasion pour la cuisine d'insertion.",
        "Il répare les dérailleurs Shimano et les freins Magura à l'atelier vélo.",
        "Il voudrait conduire le tracteur tondeuse Kubota au parc communal.",
        "On cherche un contact chez Intradel pour des stages de tri.",
        "On travaille pour le Centre hospitalier de Valenciennes (entretien des espaces verts).",
        "Elle suit une formation d'aide-soignante en alternance à la Haute École Louvain en "
        "Hainaut et travaille dans notre EI.",
        "Une entreprise de Croix refuse nos stagiaires, une autre d'Avion aussi.",
        "Le propriétaire veut qu'il parte avant Noël, le CPAS peut-il aider ?",
        "Il est suivi au Centre Oscar Lambret à Lille pour un cancer.",
        "Ses dettes fiscales : Myminfin ne répond pas, le SPF Finances non plus.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text


def test_a_network_s_section_is_no_one_s_name() -> None:
    """The listing's link goes (an item someone sells), the network's section stays."""
    text = "Il vend sa voiture sur Marketplace : https://www.facebook.com/marketplace/item/1234567/"
    assert anonymised(text) == "Il vend sa voiture sur Marketplace : [URL]"


@pytest.mark.parametrize(
    "text",
    [
        "Elle hésite entre un contrat chez Jean Louis David et un salon de quartier.",
        "Il vient de signer chez Franck Provost à Valenciennes, et chez Saint Algue avant.",
        "Elle est caissière chez Louis Delhaize à Couvin le matin.",
        "Le patron demande une aide à l'embauche pour une TPE en province de Luxembourg.",
        "Son fils fait du bénévolat chez les Scouts le samedi.",
        "Elle vend des épices sur les marchés (Wazemmes le dimanche, Fives le jeudi).",
    ],
)
def test_chains_named_like_people_and_the_field_s_words_are_kept(text: str) -> None:
    """A chain's whole name in several words (never « Franck » alone), a business's size, a
    youth movement, a quarter of Lille."""
    assert anonymised(text) == text


def test_a_chain_s_given_name_alone_is_still_a_person() -> None:
    assert (
        anonymised("Franck a signé, Mme Provost aussi.")
        == "[PERSONNE] a signé, Mme [PERSONNE] aussi."
    )
