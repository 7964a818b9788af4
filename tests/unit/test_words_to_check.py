"""The words a requester is asked to check (issue 12, point 2): names and places of work the
anonymiser kept, never the field's context."""

from __future__ import annotations

import pytest

from bot.text.anonymiser import MASKED, Anonymiser, find_word, mask, words_to_check

CONTEXT = [
    "Le CPAS de Namur et le Forem refusent ; la CAF aussi.",
    "Il est en article 60 au CPAS de Namur, RQTH en cours, la MIRENa propose un suivi.",
    "Bonjour, Comment financer une formation de cariste ? Merci !",
    "Pôle emploi et France Travail disent non, Actiris à Bruxelles aussi.",
    "Depuis janvier, la MDPH de Lille instruit le dossier ; l'AAH est suspendue.",
    "Est-ce que quelqu'un connaît une aide ? Pouvez-vous m'aider ? C'est urgent.",
    "Mme [PERSONNE], tél [TÉLÉPHONE], travaille chez Boulangerie [EMPLOYEUR] à Ciney.",
    "Elle vit à Kharkiv depuis la Toussaint, puis à Saint-Omer, permis B en cours.",
    "Montant actuel : 876 €. Rappel pour tous : la prime ferme en mars.",
    "Le [MASQUÉ] de la CAF paie l'APL ; la Croix-Rouge et les Restos du cœur aident.",
]


@pytest.mark.parametrize("text", CONTEXT)
def test_no_false_alarm_on_the_fields_context(text: str) -> None:
    assert words_to_check(text) == [], text


def test_an_anonymised_request_full_of_context_lists_nothing() -> None:
    situation = (
        "Mme Claire Dubois, 34 ans, tél 0478 11 22 33, doit déménager de Namur vers Liège. "
        "Le CPAS dit non, le Forem aussi ; elle a la RQTH et un article 60. Une idée ?"
    )
    assert words_to_check(Anonymiser.default().anonymise(situation).text) == []


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("Le dossier Vanhamme est bloqué à la CAF.", ["Vanhamme"]),
        ("Lefort doit trouver un logement à Namur.", ["Lefort"]),
        ("On a vu Marie Lefort hier au CPAS.", ["Marie Lefort"]),
        ("Elle fait le ménage pour les Ateliers Gribouille à Ciney.", ["Ateliers Gribouille"]),
        ("Elle travaille chez Boulangerie Moreau à Ciney.", ["Boulangerie Moreau"]),
        ("Famille Petit : 3 enfants, le père en RQTH.", ["Petit"]),
        ("France Dupuis est suivie par le CPAS.", ["France Dupuis"]),
        ("j'ai vu kevin au Forem", ["kevin"]),
    ],
)
def test_names_and_workplaces_are_listed(text: str, listed: list[str]) -> None:
    assert [w.text for w in words_to_check(text)] == listed


def test_every_occurrence_in_any_casing_and_the_positions() -> None:
    text = "Le dossier Vanhamme est bloqué. vanhamme a rappelé, VANHAMME aussi."
    [word] = words_to_check(text)
    assert [text[s:e] for s, e in word.spans] == ["Vanhamme", "vanhamme", "VANHAMME"]
    assert (
        mask(text, [word]) == f"Le dossier {MASKED} est bloqué. {MASKED} a rappelé, {MASKED} aussi."
    )


def test_typed_placeholders_keep_the_sector() -> None:
    text = "Elle travaille chez Boulangerie Moreau à Ciney. Boulangerie Moreau ferme tôt."
    [word] = words_to_check(text)
    assert mask(text, [word]) == (
        "Elle travaille chez Boulangerie [EMPLOYEUR] à Ciney. Boulangerie [EMPLOYEUR] ferme tôt."
    )
    [name] = words_to_check("On a vu Marie Lefort hier.")
    assert mask("On a vu Marie Lefort hier.", [name]) == "On a vu [PERSONNE] hier."


def test_a_word_by_hand_everywhere_but_inside_placeholders() -> None:
    text = "j'ai vu marie hier, MARIE aussi ; [PERSONNE] et Marie-Claire non."
    found = find_word(text, "Marie")
    assert found is not None and len(found.spans) == 2
    assert (
        mask(text, [found])
        == "j'ai vu [PERSONNE] hier, [PERSONNE] aussi ; [PERSONNE] et Marie-Claire non."
    )
    assert find_word("Mme [PERSONNE] a appelé.", "personne") is None
    assert find_word("Rien à masquer ici.", "Lefort") is None


def test_overlapping_words_are_masked_once() -> None:
    text = "On a vu Marie Lefort hier."
    whole, part = find_word(text, "Marie Lefort"), find_word(text, "Marie")
    assert whole is not None and part is not None
    assert mask(text, [part, whole]) in (
        "On a vu [PERSONNE] hier.",
        "On a vu [PERSONNE] Lefort hier.",
    )
    assert mask(text, [whole, part]).count("[PERSONNE]") >= 1
