"""Names typed in chat: a surname in no dictionary before more of what a person does (« Lejeune
ne répond plus »), two people sharing one verb after « que », a surname that is a word after a
title typed in lower case (« mr roux »), a given name in brackets after a found name, particles
joined by a hyphen or elided (« al-Masri », « d'Hondt »), a home named without a street-type
word after a verb of dwelling, and a birth after a given name that is also a word; each with
the context twin that must stay as written."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vanbelle ne répond plus aux appels depuis lundi, que faire ?",
            "[PERSONNE] ne répond plus aux appels depuis lundi, que faire ?",
        ),
        (
            "Kassandre fait ses heures de repassage à Wavre.",
            "[PERSONNE] fait ses heures de repassage à Wavre.",
        ),
        (
            "Jonathann est démoralisé depuis son licenciement.",
            "[PERSONNE] est démoralisé depuis son licenciement.",
        ),
        (
            "l'encadrant dit que wouters et claessens fument pendant la pause.",
            "l'encadrant dit que [PERSONNE] et [PERSONNE] fument pendant la pause.",
        ),
        (
            "urgent : mr roux a rendez-vous au CPAS, et dr blanc est absent.",
            "urgent : mr [PERSONNE] a rendez-vous au CPAS, et dr [PERSONNE] est absent.",
        ),
        (
            "mme kabeya (grâce) attend son titre de séjour.",
            "mme [PERSONNE] ([PERSONNE]) attend son titre de séjour.",
        ),
        (
            "Samir al-Khatib travaille en cuisine à Verviers.",
            "[PERSONNE] travaille en cuisine à Verviers.",
        ),
        (
            "Le frère de Julie d'Haese a appelé ce matin.",
            "Le frère de [PERSONNE] a appelé ce matin.",
        ),
        (
            "Mme Tshibola habite Les Glycines 8, à Frameries, un logement social.",
            "Mme [PERSONNE] habite [ADRESSE], à Frameries, un logement social.",
        ),
        (
            "Innocent, né en 1979, cherche une formation en soudure.",
            "[PERSONNE], né en [DATE], cherche une formation en soudure.",
        ),
        (
            "Mukendi wa Kabongo a trois enfants.",
            "[PERSONNE] a trois enfants.",
        ),
        (
            "Inscriptions :\nNom | Prénom | GSM\nVan den Bossche | Greet | 0470 12 34 56\n"
            "Petit | Rose | 0471 65 43 21\nQui les accompagne ?",
            "Inscriptions :\nNom | Prénom | GSM\n[PERSONNE] | [PERSONNE] | [TÉLÉPHONE]\n"
            "[PERSONNE] | [PERSONNE] | [TÉLÉPHONE]\nQui les accompagne ?",
        ),
        (
            "Suivi :\n• Nadia : permis en cours\n• Capucine : cherche une crèche\n• Budget : ok",
            "Suivi :\n• [PERSONNE] : permis en cours\n• [PERSONNE] : cherche une crèche\n"
            "• Budget : ok",
        ),
        (
            "jeudi famille kowalski en visite pour le logement.",
            "jeudi famille [PERSONNE] en visite pour le logement.",
        ),
        (
            "Adresse : Les Prés de Wasmes 4, 7340 Colfontaine.",
            "Adresse : [ADRESSE], 7340 Colfontaine.",
        ),
        (
            "Dans la salle Kevin Dupont cherche un stage. Notre ETTI a placé Mme Rose Lambot.",
            "Dans la salle [PERSONNE] cherche un stage. Notre ETTI a placé Mme [PERSONNE].",
        ),
    ],
)
def test_names_typed_in_chat_are_removed(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # What things do too: a place, an application or a town in the gazetteer stays.
        "Florence reste une belle ville pour un stage.",
        "Doctolib fait des siennes, Itsme refuse sa carte.",
        "Nos salariés logés à Liévin et Hénin-Beaumont attendent une mutation.",
        # A dictionary word after a relation word is no name, even before an action.
        "le travailleur social ne répond plus depuis juillet.",
        # A town in brackets after a business, a saint's name as a school without a work cue.
        "le petit a été exclu de la garderie de l'école Saint-Joseph.",
        # Famous people and hautes écoles that label schools.
        "Voltaire, Condorcet : les écoles de devoirs ferment en juillet.",
        "HELHa ou Thomas More : quelle haute école forme les CIP ?",
        # A number after a town is no home (« vit à Lens 2 mois par an »).
        "Il vit à Lens 2 mois par an et habite Namur 3 jours par semaine.",
        # After a title typed in lower case, a function word or a role is no surname.
        "mr le maire a écrit, mme la directrice aussi, et mr a dit non.",
        # Buildings and streets named after people, with or without an article.
        "Lieu : salle Victor Horta, puis rendez-vous rue Léopold et boulevard Émile Jacqmain.",
        "Collège Anatole France – Lens, et l'athénée Jules Bara cherchent des agents.",
        # A list whose heads are no names; software, transport networks, sector terms.
        "Ordre du jour :\n- Budget : validation\n- Formation : module Excel\n- Vélos : ok",
        "Les bus Stibus et la navette Transvilles passent le samedi ; il faut des clés Allen.",
        "Entre le CEJ et l'École de la 2e Chance de Lille, on hésite.",
        "ma stagiaire et sa coloc cherchent un logement.",
        "Avertissement écrit ou on discute d'abord ?",
    ],
)
def test_their_context_twins_stay(text: str) -> None:
    assert anonymised(text) == text
