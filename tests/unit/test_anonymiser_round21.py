"""Requests dictated by voice and sent as transcribed: numbers said in words (dates of birth,
phone numbers with « plus » for « + », a NIR with its key, house numbers and boxes), numbers
dictated digit by digit after a file's cue, e-mails and links dictated with « point », « tiret »,
« arobase », « slash », a name spelled out letter by letter or said again another way (« non »,
« pardon », « en deux mots »), « et frères » after a family firm, « son employeur d'avant X »;
and their twins, which stay as written."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser
from bot.text.anonymiser.spoken import read_groups


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("said", "groups"),
    [
        ("zero quatre septante-deux trente-trois", ["0", "4", "72", "33"]),
        ("quatre-vingt-dix-sept", ["97"]),
        ("soixante et onze", ["71"]),
        ("deux mille huit", ["2008"]),
        ("mille neuf cent quatre-vingt-quatre", ["1984"]),
        ("trois cent quarante zero vingt-six", ["340", "0", "26"]),
        ("nonante-neuf douze", ["99", "12"]),
        ("quarante-cinq trente-trois", ["45", "33"]),
    ],
)
def test_dictated_numbers_are_read_group_by_group(said: str, groups: list[str]) -> None:
    assert read_groups(said.replace("-", " ").split()) == groups


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "donc elle est née le vingt-sept octobre quatre-vingt-huit et elle a deux enfants",
            "donc elle est née le [DATE] et elle a deux enfants",
        ),
        (
            "il est né le premier juin deux mille quatre il sort de l'IPPJ",
            "il est né le [DATE] il sort de l'IPPJ",
        ),
        (
            "née le 9 février soixante-treize à Roubaix",
            "née le [DATE] à Roubaix",
        ),
        (
            "vous pouvez la joindre au zéro six 71 quarante-huit 22 13 merci",
            "vous pouvez la joindre au [TÉLÉPHONE] merci",
        ),
        (
            "son portable c'est le plus trois trois six douze trente-quatre cinquante-six "
            "soixante-dix-huit voilà",
            "son portable c'est le [TÉLÉPHONE] voilà",
        ),
        (
            "il habite rue des Coquelicots numéro vingt-deux à Wasquehal",
            "il habite [ADRESSE] à Wasquehal",
        ),
        (
            "elle loge avenue Brugmann cent quarante boîte trois à Uccle",
            "elle loge [ADRESSE] à Uccle",
        ),
        (
            "son numéro de dossier CAF c'est le 4 4 1 9 8 0 2 B voilà",
            "son numéro de dossier CAF c'est le [NUMÉRO] voilà",
        ),
        (
            "son mail c'est sam point leroux tiret cip arobase gmail point com",
            "son mail c'est [E-MAIL]",
        ),
        (
            "son profil c'est linkedin point com slash in slash sarah tiret benhamou",
            "son profil c'est [URL]",
        ),
        (
            "c'est madame Ngo Mballa euh Mballa M B A L L A elle a trente ans",
            "c'est madame [PERSONNE] euh [PERSONNE] elle a trente ans",
        ),
        (
            "c'est Kevin Vandevelde pardon vandevelle il cherche un stage",
            "c'est [PERSONNE] pardon [PERSONNE] il cherche un stage",
        ),
        (
            "donc monsieur Delahaye euh de la haye en trois mots non Delahaye attaché",
            "donc monsieur [PERSONNE] euh de [PERSONNE] en trois mots non [PERSONNE] attaché",
        ),
        (
            "elle bosse chez Peinture Gomez et fils à Mouscron",
            "elle bosse chez Peinture [EMPLOYEUR] à Mouscron",
        ),
        (
            "son employeur d'avant Nettoyage Delvaux lui doit trois mois",
            "son employeur d'avant Nettoyage [EMPLOYEUR] lui doit trois mois",
        ),
        (
            "sa mère, Mme Lejeune, est sa tutrice. le jeune a une déficience légère",
            "sa mère, Mme [PERSONNE], est sa tutrice. le jeune a une déficience légère",
        ),
        (
            "Mme De Smet a écrit ; le courrier de Smet est arrivé.",
            "Mme [PERSONNE] a écrit ; le courrier de [PERSONNE] est arrivé.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "on a rendez-vous le douze mars avec la juge et le trois avril avec le CPAS",
        "il a deux enfants et trois petits-enfants, cinquante ans, mille euros de dettes",
        "on passe rue Neuve une fois par semaine et place Verte deux fois",
        "le site du forem point be slash emploi est bien fait",
        "les frères et soeurs vont bien, on les voit au CPAS",
        "son employeur c'est le CPAS de Namur et son patron actuel est sympa",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text
