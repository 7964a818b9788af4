"""Chat typed on a phone: a given name that is a word, in lower case, before a bracket that
gives a role or an age (« prosper (stagiaire maraîchage, 34 ans) ») or the other name alone
(« honore (ouedraogo) »), a word after a title typed in lower case before the given name in
brackets (« m. boucher (jerome) »), and whom the request is for (« pour pierre: … », « c pr
constant, il … »). With their twins: a thing in brackets, a role after « ex- », « pour » before
anything but a name."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "urgent: prosper (stagiaire espaces verts, 41 ans) s'est coupe ce matin",
            "urgent: [PERSONNE] (stagiaire espaces verts, 41 ans) s'est coupe ce matin",
        ),
        (
            "hier aime (en cddi, 29 ans) est parti sans rien dire",
            "hier [PERSONNE] (en cddi, 29 ans) est parti sans rien dire",
        ),
        (
            "ce matin honore (zongo) est encore arrive en retard",
            "ce matin [PERSONNE] ([PERSONNE]) est encore arrive en retard",
        ),
        (
            "m. boulanger (patrick) veut passer le permis cariste",
            "m. [PERSONNE] ([PERSONNE]) veut passer le permis cariste",
        ),
        (
            "pour rose: son proprio veut la mettre dehors, c quoi les recours ?",
            "pour [PERSONNE]: son proprio veut la mettre dehors, c quoi les recours ?",
        ),
        (
            "mtn que victoire a signe son cdi elle veut arreter le suivi",
            "mtn que [PERSONNE] a signe son cdi elle veut arreter le suivi",
        ),
        (
            "slt, c pr constant, il a peur de perdre son AAH",
            "slt, c pr [PERSONNE], il a peur de perdre son AAH",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "la rose (fleur) pousse bien au jardin partage",
        "Commissaire de justice (ex-huissier) : il a délivré un commandement de payer.",
        "merci pour tout, a bientot",
        "je suis la pour aider: appelez le CPAS",
        "une pierre (calcaire) est tombee du mur",
        "il faut que justice soit faite, quand france a gagne tout le monde etait content",
    ],
)
def test_kept(text: str) -> None:
    assert anonymised(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "!aide Rapport de stage transmis par le tuteur : ponctuel et motivé.",
        "!aide Courrier de La Sambrienne : une mutation vers un logement 3 chambres est proposée.",
        "Un salarié a reçu un mail de phishing et a donné ses codes bancaires.",
    ],
)
def test_pasted_headings_and_sizes_are_kept(text: str) -> None:
    """A heading right after the command is no one helped (« !aide Rapport de stage »), a
    flat's size is no room number, a scam is no one's message."""
    assert anonymised(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "!aide Tshibanda a besoin d'un logement, j'aide Dewulf aussi.",
            "!aide [PERSONNE] a besoin d'un logement, j'aide [PERSONNE] aussi.",
        ),
        (
            "Elle a accouché le 12/10/2026 et reprend en janvier, accouchement difficile.",
            "Elle a accouché le [DATE] et reprend en janvier, accouchement difficile.",
        ),
    ],
)
def test_after_the_command_a_name_is_still_one(text: str, expected: str) -> None:
    assert anonymised(text) == expected


def test_the_first_of_a_list_of_children_named_by_words() -> None:
    """« Gloire, Merveille et Exaucé sont les 3 enfants de … »: the list says who they are."""
    text = (
        "Grâce, Espoir et Divine sont les 3 enfants de Mme Ilunga, l'école demande une attestation."
    )
    assert anonymised(text) == (
        "[PERSONNE], [PERSONNE] et [PERSONNE] sont les 3 enfants de Mme [PERSONNE], l'école "
        "demande une attestation."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ju (julien) est encore absent ce matin",
            "[PERSONNE] ([PERSONNE]) est encore absent ce matin",
        ),
        (
            "lo (laurence) veut changer de mutuelle",
            "[PERSONNE] ([PERSONNE]) veut changer de mutuelle",
        ),
    ],
)
def test_a_short_form_before_the_given_name_in_brackets(text: str, expected: str) -> None:
    assert anonymised(text) == expected


def test_a_word_before_a_bracket_is_not_a_short_form() -> None:
    text = "la cat (categorie) B du permis et le bus (ligne 12) sont en retard"
    assert anonymised(text) == text
