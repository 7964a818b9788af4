"""Professions, diplomas and measures typed in capitals are context, never names."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Bonjour, je suis CIP à Charleroi.", "CIP"),
        ("Je suis ASS dans une EI à Liège.", "ASS"),
        ("Il touche l'ARE et a une RQTH depuis 2022.", "RQTH"),
        ("La TISF passe deux fois par semaine.", "TISF"),
    ],
)
def test_field_terms_stay(text: str, kept: str) -> None:
    result = Anonymiser.default().anonymise(text)
    assert kept in result.text and "[PERSONNE]" not in result.text


def test_a_name_beside_a_profession_still_goes() -> None:
    result = Anonymiser.default().anonymise("Je suis Julie, CIP à Mons.")
    assert "Julie" not in result.text and "CIP à Mons" in result.text
