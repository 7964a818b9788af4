"""Every message exists in French and English with the same placeholders, and renders."""

from __future__ import annotations

import pytest

from bot.framework.catalogue import (
    Raw,
    available_languages,
    catalogue,
    load_texts,
    placeholders,
    variants,
)

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


@pytest.mark.parametrize(
    "token",
    ["_Ab3-_xY9", "Ab3_-xY9_", "a-_b_-c", "__init__", "x*y*z"],
)
def test_a_link_parameter_keeps_its_characters_in_the_plain_body(token: str) -> None:
    """A login link's token (``secrets.token_urlsafe``: letters, digits, ``-`` and ``_``) must
    reach the plain body intact: « -_ », a leading or a trailing « _ » are no Markdown marks
    inside an autolink (they were stripped, and the link opened nothing about 5 % of the
    time)."""
    url = f"http://127.0.0.1:8080/connexion/{token}"
    message = catalogue("fr").render("web.command.link", link=Raw(f"<{url}>"), prefix="!")
    assert url in message.body
    assert url in message.html
