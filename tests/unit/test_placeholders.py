"""Placeholders left by the anonymiser are not words: no theme, no search term, never cut."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.anonymiser import PLACEHOLDERS
from bot.text.themes import detect_themes
from config.layout import load_layout
from config.settings import DEFAULT_LAYOUT
from storage.database import Database
from storage.search import Document, SearchIndex, excerpt, shorten
from storage.search.text import PLACEHOLDER, terms, tokens

LAYOUT = load_layout(DEFAULT_LAYOUT)
SHAPES = [*sorted(set(PLACEHOLDERS.values())), "[EMPLOYEUR]"]


def test_every_placeholder_of_the_anonymiser_has_the_recognised_shape() -> None:
    for placeholder in set(PLACEHOLDERS.values()):
        assert PLACEHOLDER.fullmatch(placeholder), placeholder


def test_a_placeholder_alone_gives_no_theme() -> None:
    # The example: « Numérique » came from the word inside « [TÉLÉPHONE] ».
    assert detect_themes("On peut la joindre au [TÉLÉPHONE]", LAYOUT) == []
    assert detect_themes("Écrire à [E-MAIL], [PERSONNE], [ADRESSE]", LAYOUT) == []
    # The same words typed by the requester still count.
    assert "numerique" in detect_themes("Elle n'a ni e-mail ni smartphone", LAYOUT)


def test_placeholders_are_not_search_terms_and_positions_are_kept() -> None:
    assert terms("[PERSONNE] cherche un [TÉLÉPHONE] logement") == terms("cherche un logement")
    text = "[PERSONNE] cherche"
    (token,) = list(tokens(text))
    assert text[token.start : token.end] == "cherche"
    # Brackets around ordinary words are not placeholders.
    assert terms("[logement]") == terms("logement")


async def test_searching_a_placeholder_word_does_not_find_every_anonymised_entry(
    database: Database,
) -> None:
    await database.migrate()
    index = SearchIndex(database, "faq")
    await index.index_many(
        [
            Document(1, {"question": "Joindre [PERSONNE] au [TÉLÉPHONE] pour un loyer"}, []),
            Document(2, {"question": "Un téléphone portable pour chercher un emploi"}, []),
        ]
    )
    assert [hit.doc_id for hit in await index.search("téléphone", 5)] == [2]


def test_short_versions_end_with_an_ellipsis_and_never_cut_a_placeholder() -> None:
    question = "Comment aider " + "une personne " * 10 + "joignable au [TÉLÉPHONE] le soir ?"
    cut = question.index("[TÉLÉPHONE]") + 5  # where a plain slice would cut: « [TÉLÉP »
    short = shorten(question, cut)
    assert short.endswith("…") and not re.search(r"\[[^\]]*$", short[:-1])  # no « [TÉL »
    assert len(short) <= cut
    assert shorten("Une question courte", 80) == "Une question courte"


words = st.sampled_from(["logement", "loyer", "aide", "CPAS", "un", "de", *SHAPES])


@given(st.lists(words, min_size=1, max_size=80), st.integers(min_value=8, max_value=120))
def test_no_excerpt_or_short_version_cuts_a_placeholder(pieces: list[str], width: int) -> None:
    text = " ".join(pieces)
    for result in (shorten(text, width), excerpt(text, {"loyer"}, width)):
        body = result.strip("…")
        for fragment in re.findall(r"\[[^\]\s]*\]?", body):
            assert fragment in SHAPES, (fragment, result)
        if body != text:
            assert result.endswith("…") or result.startswith("…")
    assert len(shorten(text, width)) <= width


@pytest.mark.parametrize("width", [20, 40, 200])
def test_excerpt_around_a_placeholder_keeps_it_whole(width: int) -> None:
    text = "début " * 30 + "[TÉLÉPHONE] loyer impayé " + "fin " * 30
    result = excerpt(text, set(terms("loyer")), width)
    assert "loyer" in result
    assert result.count("[") == result.count("]")
