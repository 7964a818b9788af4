"""The ``Champ: valeur`` lines of ``!fiche nouvelle``, as people really type them."""

from __future__ import annotations

import pytest

from storage.models.fiches import FicheTextError, field_named, parse_fiche_text


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Titre", "titre"),
        ("TITRE", "titre"),
        ("Problème/contexte", "contexte"),
        ("probleme", "contexte"),
        ("Problématique", "contexte"),
        ("Public cible", "public"),
        ("Objectif", "objectifs"),
        ("Déroulé", "deroule"),
        ("Déroulement", "deroule"),
        ("Moyens et partenaires", "moyens"),
        ("Moyens & partenaires", "moyens"),
        ("partenaires", "moyens"),
        ("Résultats", "resultats"),
        ("Thèmes", "themes"),
        ("Contact", "contact"),
        ("Mise en œuvre", "deroule"),
    ],
)
def test_field_names_ignore_case_accents_and_punctuation(label: str, field: str) -> None:
    assert field_named(label) == field


@pytest.mark.parametrize("label", ["Étape 1", "Remarque", "", "http"])
def test_other_labels_are_no_field(label: str) -> None:
    assert field_named(label) is None


def test_one_value_per_line() -> None:
    text = "Titre: Atelier CV\nPublic : jeunes de 18 à 25 ans\nCONTACT:  marie@example.org"
    assert parse_fiche_text(text) == {
        "titre": "Atelier CV",
        "public": "jeunes de 18 à 25 ans",
        "contact": "marie@example.org",
    }


def test_values_span_lines_and_keep_inner_colons() -> None:
    text = (
        "Titre: Garage solidaire\n"
        "Déroulé:\n"
        "Étape 1 : diagnostic du véhicule\n"
        "Étape 2 : réparation à prix coûtant\n"
        "\n"
        "Suivi : trois mois\n"
        "Résultats: 40 personnes remobilisées"
    )
    fields = parse_fiche_text(text)
    assert fields["deroule"] == (
        "Étape 1 : diagnostic du véhicule\n"
        "Étape 2 : réparation à prix coûtant\n\n"
        "Suivi : trois mois"
    )
    assert fields["resultats"] == "40 personnes remobilisées"


def test_bullets_and_bold_labels() -> None:
    text = "- **Titre** : Permis B accompagné\n* **Objectifs :** lever le frein mobilité"
    assert parse_fiche_text(text) == {
        "titre": "Permis B accompagné",
        "objectifs": "lever le frein mobilité",
    }


def test_a_field_given_twice_is_joined_and_empty_fields_dropped() -> None:
    text = "Titre: A\nPublic: jeunes\nPublic: adultes\nContact:\n"
    assert parse_fiche_text(text) == {"titre": "A", "public": "jeunes\nadultes"}


def test_text_before_the_first_field_is_refused() -> None:
    with pytest.raises(FicheTextError) as error:
        parse_fiche_text("Voici ma fiche\nTitre: A")
    assert error.value.stray == "Voici ma fiche"


def test_leading_blank_lines_are_fine() -> None:
    assert parse_fiche_text("\n\n  \nTitre: A") == {"titre": "A"}
