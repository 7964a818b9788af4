"""Brussels, Flemish and family firms: Dutch or English words typed in a request are no names
(« heeft geen rijbewijs », « sorry »), English titles (« Ms. », « Mrs ») announce a name, a
famous name after « M. » is a person's, a form's field without its colon (« nom kabila »),
a Vietnamese name typed in lower case (« tran thi mai »), a street named without its type
before « à » and a town after a word of dwelling, the letters of a document's number after
« n° », a business's legal form and « & Fils » after its name, a cooperative's name, quarters
of the field's towns; and their twins that stay."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser
from bot.text.anonymiser.foreign_words import FOREIGN_WORDS_FILE, build
from bot.text.anonymiser.lexicons import default_lexicons


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dear Ms. Lefebvre, your client is accepted.",
            "Dear Ms. [PERSONNE], your client is accepted.",
        ),
        ("Mrs Kowalczyk called this morning.", "Mrs [PERSONNE] called this morning."),
        (
            "M. Jean Moulin Ferreira, 52 ans, cherche un logement.",
            "M. [PERSONNE], 52 ans, cherche un logement.",
        ),
        (
            "fiche : nom mbala, prénom grâce, 41 ans",
            "fiche : nom [PERSONNE], prénom [PERSONNE], 41 ans",
        ),
        (
            "nguyen thi lan (la tante de notre stagiaire) garde les enfants",
            "[PERSONNE] (la tante de notre stagiaire) garde les enfants",
        ),
        (
            "Il dort chez son cousin, Vandermaelen 12 à Forest, depuis mars.",
            "Il dort chez son cousin, [ADRESSE] à Forest, depuis mars.",
        ),
        (
            "Elle est hébergée au Mont-Sainte-Aldegonde 7 à Binche.",
            "Elle est hébergée au [ADRESSE] à Binche.",
        ),
        ("Son passeport : n° XKD 772104.", "Son passeport : n° [NUMÉRO]."),
        (
            "Il a fait son stage chez Menuiserie Vanhoutte SRL à Tournai.",
            "Il a fait son stage chez Menuiserie [EMPLOYEUR] à Tournai.",
        ),
        (
            "Elle bosse à la boulangerie lemoine & fils à Douai.",
            "Elle bosse à la boulangerie [EMPLOYEUR] à Douai.",
        ),
        (
            "Il travaille chez Carrelages Dumortier Frères depuis mai.",
            "Il travaille chez Carrelages [EMPLOYEUR] depuis mai.",  # the sector stays
        ),
        # « sa » after the name is a possessive, no legal form
        ("elle bosse chez Dupont sa fille aussi", "elle bosse chez [EMPLOYEUR] sa fille aussi"),
        (
            "Elle est en stage à la coopérative maraîchère Les Jardins d'Hélène à Wavre.",
            "Elle est en stage à la coopérative maraîchère [EMPLOYEUR] à Wavre.",
        ),
    ],
)
def test_found(text: str, expected: str) -> None:
    assert anonymised(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Onze stagiair heeft geen rijbewijs, il doit aller à Vilvorde.",
        "Hieronder de mail van de werkgever (sorry, c'est en néerlandais).",
        "Met vriendelijke groeten, het team van de OCMW.",
        "Elle habite le quartier Droixhe, à Liège, près d'Outremeuse.",
        "Il vit à Cureghem et travaille à Marchienne.",
        "Il vit avec ses enfants et prend la Ligne 4 à Charleroi.",
        "Elle habite à Namur et fait son Article 60 à Liège.",
        "Une coopérative d'activités et d'emploi à Lille, ça existe ?",
        "La rue Jean Moulin à Lens est en travaux.",
    ],
)
def test_twins_that_stay(text: str) -> None:
    assert anonymised(text) == text


def test_the_shipped_foreign_words_are_what_the_installed_packages_give() -> None:
    assert FOREIGN_WORDS_FILE.read_text(encoding="utf-8") == build()
    words = default_lexicons().foreign_words
    assert {"heeft", "geen", "werkgever", "thanks", "regarding"} <= words
    # French words, given names, towns, particles and frequent surnames are not in it.
    assert not {"vos", "wilde", "king", "van", "der", "marie", "anvers", "merci"} & words
