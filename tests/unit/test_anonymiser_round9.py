"""Hurried notes and pasted papers: fourteen digits after « SIRET » with a wrong key, a Belgian
mobile written with its international prefix, « DN » for a date of birth, a name that is also
a word or a town typed in lower case before an age, a name before a team role in brackets, a
nickname in quotes after « dit », children listed with their ages in brackets, a name after
« pas de place pour » (no square), a veterinary clinic's owner, a word for a surname between
an ambiguous given name and what the person does, a name before « (le fermier) », a name after
« surnom de »; and their twins that stay."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SIRET 552 100 554 00017 de l'entreprise d'accueil, ok ?",
            "SIRET [NUMÉRO] de l'entreprise d'accueil, ok ?",
        ),
        ("Son numéro : 0032 478 22 31 09, appelez-la.", "Son numéro : [TÉLÉPHONE], appelez-la."),
        (
            "DN 12-04-91, Kevin Dubois, GSM 0471/22.33.44",
            "DN [DATE], [PERSONNE], GSM [TÉLÉPHONE]",
        ),
        (
            "prudence (32a) a un titre de sejour qui expire",
            "[PERSONNE] (32a) a un titre de sejour qui expire",
        ),
        (
            "Lorraine (notre comptable) me dit que c'est bon.",
            "[PERSONNE] (notre comptable) me dit que c'est bon.",
        ),
        ('nom : LEBLANC Marc dit "marco", sdf', 'nom : [PERSONNE] dit "[PERSONNE]", sdf'),
        (
            "Enfants : Nour (9), Adam (6), Yanis (2)\nil n'y a pas de place pour Yanis.",
            "Enfants : [PERSONNE] (9), [PERSONNE] (6), [PERSONNE] (2)\n"
            "il n'y a pas de place pour [PERSONNE].",
        ),
        (
            "Il fait un stage à la Clinique vétérinaire Hanot de Wavre.",
            "Il fait un stage à la Clinique vétérinaire [EMPLOYEUR] de Wavre.",
        ),
        (
            "Désiré Petit travaille comme manœuvre chez nous.",
            "[PERSONNE] travaille comme manœuvre chez nous.",
        ),
        (
            "c pour marie, 33 ans, elle a trouvé un appart",
            "c pour [PERSONNE], 33 ans, elle a trouvé un appart",
        ),
        (
            "Lambotte (le fermier) nous propose deux stages.",
            "[PERSONNE] (le fermier) nous propose deux stages.",
        ),
        (
            "« Titi » (surnom de Timothé) est absent.",
            "« [PERSONNE] » (surnom de [PERSONNE]) est absent.",
        ),
    ],
)
def test_found_in_hurried_notes(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elle est suivie à la clinique Edith Cavell.",
        "on part a florence (28 ans de jumelage) en mai",
        "La Lorraine, notre région, recrute.",
        "c'est ce qu'on appelle « le dernier recours »",
        "Article 60 (12) et Mons (3) : deux sites.",
        "Le rendez-vous est le 30-06-2025 au CPAS.",
        "Il a un stage chez Norauto à Arras, puis chez Midas.",
        "Florence reste une belle ville.",
    ],
)
def test_twins_that_stay(text: str) -> None:
    assert anonymised(text) == text
