"""Every message exists in French and English with the same placeholders, and renders."""

from __future__ import annotations

import pytest

from bot.framework.catalogue import available_languages, load_texts, placeholders, variants

FRENCH = load_texts("fr")


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "fr"])
def test_catalogue_matches_french(language: str) -> None:
    other = load_texts(language)
    missing = sorted(set(FRENCH) - set(other))
    assert not missing, f"{language} lacks {missing}"
    for key, text in other.items():
        assert key in FRENCH, f"{language} has an unknown key {key}"
        assert placeholders(text) == placeholders(FRENCH[key]), key


def test_every_french_message_is_well_formed() -> None:
    for key, template in FRENCH.items():
        for text in variants(template):  # every plural form of a plural message
            text.format(**{name: "x" for name in placeholders(text)})  # no stray braces
            assert text.strip(), key
