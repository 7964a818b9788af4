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
