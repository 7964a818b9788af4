"""Every message of both catalogues, rendered with sample parameters, reads as finished text:
real plural forms, elision, no Markdown markers in the plain body, help without repetitions."""

from __future__ import annotations

import itertools
import re

import pytest

import commands
from bot.framework import guide
from bot.framework.catalogue import Plural, Raw, Template, catalogue, placeholders, strip_marks
from bot.framework.registry import ArgKind, CommandRegistry, parse_arguments
from bot.framework.roles import Role

LANGUAGES = ("fr", "en")
COUNTS = (0, 1, 2, 5)
REGISTRY = CommandRegistry.from_package(commands)
EXAMPLE_PARAMS = {"prefix": "!", "bassin": "namur"}

# Parameters that are quantities even where a message has no plural form (not the settings'
# constants such as the preview's 30 minutes): given 1, so that
# « les {count} … » without plural forms shows up as « les 1 ».
NUMBERS = {
    "count", "total", "created", "adopted", "updated", "archived", "faq",
    "fiches", "focus", "open", "resolved", "abandoned", "members",
}  # fmt: skip
_HAND_PLURAL = re.compile(r"\((?:s|es|ies|aux|e)\)|·e\(s\)")
_NO_ELISION = re.compile(r"\b(?:de|que|le|la|je|ne|se|me|te) (?:un|une|un·e|il|elle|on)\b")
_LES_ONE = re.compile(r"\b(?:les|the|ces|des|these) 1\b")
_MARKDOWN = re.compile(r"\*\*|__|`|\]\(|(?<!\w)\*\w")


def selectors(template: Template) -> set[str]:
    if isinstance(template, Plural):
        names = {template.by}
        for variant in template.variants.values():
            names |= selectors(variant)
        return names
    return set()


def renderings(language: str) -> list[tuple[str, dict[str, object], str, str]]:
    """(key, params, plain body, Markdown) for every message and every sample count."""
    cat = catalogue(language)
    out = []
    for key, template in sorted(cat.texts.items()):
        numbers = sorted(selectors(template))
        names = placeholders(template)
        for counts in itertools.product(COUNTS, repeat=len(numbers)):
            params: dict[str, object] = {n: "1" if n in NUMBERS else "Xy" for n in names}
            params.update(EXAMPLE_PARAMS if "prefix" in names else {})
            params.update(dict(zip(numbers, counts, strict=True)))
            params = {k: v for k, v in params.items() if k in names}
            out.append((key, params, cat.text(key, **params), cat.markdown(key, **params)))
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_hand_written_plural(language: str) -> None:
    bad = [(k, body) for k, _, body, _ in renderings(language) if _HAND_PLURAL.search(body)]
    assert not bad, bad


def test_french_elision() -> None:
    bad = [(k, body) for k, _, body, _ in renderings("fr") if _NO_ELISION.search(body.lower())]
    assert not bad, bad


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_plural_article_before_one(language: str) -> None:
    bad = [(k, body) for k, _, body, _ in renderings(language) if _LES_ONE.search(body)]
    assert not bad, bad


@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_body_has_no_markdown_markers(language: str) -> None:
    bad = [(k, body) for k, _, body, _ in renderings(language) if _MARKDOWN.search(body)]
    assert not bad, bad


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_agree_with_the_number(language: str) -> None:
    cat = catalogue(language)
    one = cat.text("aide.sent", id=3, count=1, rooms="x")
    two = cat.text("aide.sent", id=3, count=2, rooms="x")
    assert one != two
    zero = cat.text("aide.sent", id=3, count=0, rooms="x")
    # CLDR: French says « 0 salon », English "0 rooms".
    assert zero == (one.replace(" 1 ", " 0 ") if language == "fr" else two.replace(" 2 ", " 0 "))
    big = cat.text("aide.sent", id=3, count=1234, rooms="x")
    assert ("1\u202f234" if language == "fr" else "1,234") in big


def test_user_text_keeps_its_asterisks_in_the_body() -> None:
    body = catalogue("fr").text("aide.similar_line", id=1, question="*vraiment* **urgent**")
    assert body.endswith("*vraiment* **urgent**")
    marked = "**Demande #{id}** — `code` [lien](https://x)"
    assert strip_marks(marked) == "Demande #{id} — code lien"


def _view(role: Role, language: str = "fr") -> guide.HelpView:
    return guide.HelpView(REGISTRY, catalogue(language), "!", EXAMPLE_PARAMS, role)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_parses_with_its_declaration(language: str) -> None:
    """One notation for numbers: usage lines and examples write them plainly (``12``)."""
    view = _view(Role.ADMIN, language)
    for spec in view.visible():
        assert "#" not in spec.usage("!"), spec.usage("!")
        example = view.example(spec)
        if example is None:
            continue
        invocation = REGISTRY.resolve(example.removeprefix("!"))
        assert invocation is not None and invocation.spec is spec, example
        parse_arguments(spec, invocation.raw_args)
        numbers = [a for a in spec.args if a.kind in (ArgKind.INT, ArgKind.INTS)]
        if numbers:
            assert not re.match(r"#\d", invocation.raw_args), example


@pytest.mark.parametrize("role", list(Role))
def test_help_has_no_doubled_lines(role: Role) -> None:
    view = _view(role)
    messages = [guide.listing(view, registered=False), guide.listing(view, registered=True)]
    messages.append(guide.moderation(view))
    messages += [guide.family_details(view, f) for f in guide.families(view.visible())]  # type: ignore[misc]
    for message in messages:
        lines = [re.sub(r"^\W*(exemple :)?\s*", "", line) for line in message.body.split("\n")]
        lines = [line.split(" — ")[0] for line in lines if line]
        assert len(lines) == len(set(lines)), message.body
        assert not _MARKDOWN.search(message.body), message.body


def test_newcomers_start_with_inscription_and_moderation_is_apart() -> None:
    newcomer = guide.listing(_view(Role.MEMBER), registered=False).body
    member = guide.listing(_view(Role.MEMBER), registered=True).body
    admin = guide.listing(_view(Role.ADMIN), registered=True).body
    assert newcomer.split("\n")[1].startswith("Pour commencer : !inscription")
    assert "Pour commencer" not in member
    assert "!mod " not in admin and "!commandes mod" in admin
    assert "!commandes mod" not in member
    moderation = guide.moderation(_view(Role.ADMIN)).body
    assert "!mod bannir" in moderation and "!faq ajouter" in moderation
    assert "!aide" not in moderation
    # One example per family.
    families = [f for f in guide.families(_view(Role.MEMBER).visible()) if f != "mod"]
    assert member.count("\n    exemple :") == len(families)


@pytest.mark.parametrize("language", LANGUAGES)
def test_request_post_names_its_author_with_elision(language: str) -> None:
    """The post is composed of two messages: « de » + « un·e professionnel·le » was the bug."""
    cat = catalogue(language)
    who = Raw(cat.markdown("aide.anonymous_author", bassin="Namur", groupe="Encadrants"))
    body = cat.text("aide.post", id=4, who=who, quote="> …", themes="Logement")
    assert not _NO_ELISION.search(body.lower()), body
    assert ("d'un·e professionnel·le" if language == "fr" else "from a professional") in body


_ONE_PLURAL = re.compile(r"\b1 (?:[a-zéèêà·-]+(?:s|x))\b")


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_takes_the_singular(language: str) -> None:
    """« 1 entrées »: a quantity given 1 must be followed by a singular word."""
    bad = []
    for key, _, body, _ in renderings(language):
        for found in _ONE_PLURAL.findall(body):
            if not found.endswith(("1 fois", "1 cas", "1 mois", "1 bus", "1 address")):
                bad.append((key, found, body))
    assert not bad, bad
