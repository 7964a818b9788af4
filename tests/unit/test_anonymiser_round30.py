"""Work sites and their teams: the first given name of a list (« olive, rose et karim »), a
given name that is a place before what someone tells the professional (« Florence m'a
envoyé… », « lorraine dit que… »), a nickname in quotes between the given name and the surname,
a word set equal to a found full name (« jo = Jonathan Petit »), a surname after « m. » set
apart by commas; a business's name up to its legal form with a town inside it, after the
employer's human resources (« la RH d'… »), set apart after a trade word and a clause, or
described right after it (« …, une petite ferme bio »). With their twins: the makes of tools,
machines and vans, a conjunction « ou » between two capitalised words, a town's or a
commune's services as an employer, trade words chat uses (« onglerie », « night shop »), the
field's organisations described as one.
"""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("équipe du jour : olive, rose et karim.", "olive"),
        ("Florence m'a envoyé un message hier soir pour dire qu'elle arrête.", "Florence"),
        ("Je fais quoi ? lorraine dit que sa collègue lui prend ses outils.", "lorraine"),
        ("Patrick « pat » Dubois, 41 ans, chef d'équipe, veut se former.", "pat"),
        ("ce matin : mo = Mohamed Chergui, absent sans prévenir.", "mo ="),
        ("son tuteur, m. mercier, ne répond plus depuis lundi", "mercier"),
        ("elle est agent d'entretien chez Hygiène Plus Namur SRL depuis mai", "Namur SRL"),
        ("La RH de Clean Services Verviers refuse son congé parental.", "Clean Services"),
        (
            "La boulangerie où elle fait sa PMSMP, Au Bon Pain Doré, ferme en mars.",
            "Au Bon Pain Doré",
        ),
        (
            "Le Verger des Saules, une petite ferme bio à Gembloux, accueille Kevin en stage.",
            "Le Verger des Saules",
        ),
    ],
)
def test_what_goes(text: str, gone: str) -> None:
    output = anonymised(text)
    assert gone.casefold() not in output.casefold(), output


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Stihl ou Husqvarna pour les débroussailleuses du chantier ?", "Stihl ou Husqvarna"),
        ("Kangoo ou Berlingo pour l'atelier de réparation ?", "Kangoo ou Berlingo"),
        ("aujourd'hui camion Iveco en panne, on a pris la remorque", "camion Iveco"),
        ("Vous achetez les machines Juki pour l'atelier couture ?", "machines Juki"),
        ("Renault Trafic ou Ford Transit Connect pour 8 stagiaires ?", "Ford Transit Connect"),
        ("La camionnette Citroën Jumper est encore au garage.", "Citroën Jumper"),
        ("Il vise une grosse boîte type Veolia ou Dalkia après son CDDI.", "Veolia ou Dalkia"),
        ("Il est employé de la Ville de Mons comme jardinier en article 60.", "Ville de Mons"),
        ("Elle travaille à l'onglerie Nails Queen à Lens sans contrat.", "l'onglerie"),
        ("il bosse au night shop de son cousin, le Night Shop Bosphore", "night shop"),
        ("Les Petits Riens, une asbl bruxelloise, recrutent des chauffeurs.", "Les Petits Riens"),
        ("La Sambrienne, une société de logement, refuse la mutation.", "La Sambrienne"),
        ("à 3 m. du sol, un stagiaire est tombé de l'échelle", "3 m."),
    ],
)
def test_what_stays(text: str, kept: str) -> None:
    output = anonymised(text)
    assert kept in output, output
