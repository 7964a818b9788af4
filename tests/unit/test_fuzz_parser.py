"""Property-based tests of the command parser: whatever people type, the parser either
understands it or raises a user-facing `CommandError`; it never crashes."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import commands
from bot.framework.errors import CommandError, MissingArgument
from bot.framework.registry import (
    Arg,
    ArgKind,
    CommandRegistry,
    CommandSpec,
    fold,
    parse_arguments,
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text people may type: any unicode (surrogates excluded, as Matrix bodies are valid UTF-8),
# with markup, pills, numbers and accented words mixed in.
SPECIAL = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "**gras**",
        "[lien](javascript:alert(1))",
        "https://matrix.to/#/@alice:example.org",
        "@bob:example.org",
        "#12",
        "12,",
        "٣",
        "²",
        "résolu",
        "RÉSOLU",
        "ﬁ",
        "\u200b",
        "\u0301",
        "\n",
        "\t",
        "\x00",
        "{name}",
        "{0}",
        "%s",
    ]
)
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=200),
    st.lists(st.one_of(SPECIAL, st.text(max_size=12)), max_size=12).map(" ".join),
)
KINDS = st.sampled_from(list(ArgKind))


async def _noop(*args: object, **kwargs: object) -> None:
    return None


@st.composite
def specs(draw: st.DrawFn) -> CommandSpec:
    """A command declaration with random arguments, in a valid order (REST/INTS last)."""
    kinds = draw(st.lists(KINDS, max_size=4))
    tail = [k for k in kinds if k in (ArgKind.REST, ArgKind.INTS)][:1]
    kinds = [k for k in kinds if k not in (ArgKind.REST, ArgKind.INTS)] + tail
    args = tuple(
        Arg(
            f"a{i}",
            kind,
            required=draw(st.booleans()),
            choices=("oui", "non", "Mobilité") if kind is ArgKind.CHOICE else (),
        )
        for i, kind in enumerate(kinds)
    )
    return CommandSpec("essai", _noop, args=args)


# -- fold ----------------------------------------------------------------------------------


@FUZZ
@given(TEXT)
def test_fold_is_idempotent_and_accent_free(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(c) for c in folded)


@given(st.sampled_from(["résolu", "Résolu", "RESOLU", "resolu", "RÉSOLU"]))
def test_fold_matches_accents_and_case(word: str) -> None:
    assert fold(word) == "resolu"


# -- parse_arguments -----------------------------------------------------------------------


@FUZZ
@given(specs(), TEXT)
@example(CommandSpec("x", _noop, args=(Arg("n", ArgKind.INT),)), "#" + "9" * 5000)
@example(CommandSpec("x", _noop, args=(Arg("n", ArgKind.INTS),)), "1 2 " + "3" * 10_000)
@example(CommandSpec("x", _noop, args=(Arg("u", ArgKind.USER),)), "@:")
@example(CommandSpec("x", _noop, args=(Arg("u", ArgKind.USER),)), "https://matrix.to/#/@")
def test_parse_arguments_returns_values_or_a_user_error(spec: CommandSpec, raw: str) -> None:
    try:
        values = parse_arguments(spec, raw)
    except CommandError as error:
        # The message shows an excerpt only: a huge input never becomes a huge reply.
        for value in error.params.values():
            assert len(str(value)) <= 200
        return
    assert set(values) == {arg.name for arg in spec.args}
    for arg in spec.args:
        value = values[arg.name]
        if value is None:
            assert not arg.required
        elif arg.kind is ArgKind.INT:
            assert isinstance(value, int) and 0 <= value < 10**9
        elif arg.kind is ArgKind.INTS:
            assert all(isinstance(n, int) and 0 <= n < 10**9 for n in value)
        elif arg.kind is ArgKind.CHOICE:
            assert value in arg.choices
        elif arg.kind is ArgKind.USER:
            assert value.startswith("@") and ":" in value
        elif arg.kind is ArgKind.WORD:
            assert value and not any(c.isspace() for c in value)
        else:
            assert value == value.strip() and value


@given(st.integers(min_value=0, max_value=999_999_999), st.sampled_from(["", "#"]))
def test_numbers_with_or_without_hash(number: int, hash_sign: str) -> None:
    spec = CommandSpec("x", _noop, args=(Arg("n", ArgKind.INT),))
    assert parse_arguments(spec, f"{hash_sign}{number}") == {"n": number}


@given(
    st.text(string.ascii_lowercase + string.digits + "._=-", min_size=1, max_size=20),
    st.sampled_from(["example.org", "localhost:8448", "a.b.c"]),
    st.booleans(),
)
def test_users_by_id_or_pill(localpart: str, server: str, as_pill: bool) -> None:
    user_id = f"@{localpart}:{server}"
    token = f"https://matrix.to/#/{user_id}" if as_pill else user_id
    spec = CommandSpec("x", _noop, args=(Arg("u", ArgKind.USER),))
    assert parse_arguments(spec, token) == {"u": user_id}


@FUZZ
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_rest_keeps_the_text_as_typed(text: str) -> None:
    spec = CommandSpec("x", _noop, args=(Arg("r", ArgKind.REST),))
    try:
        assert parse_arguments(spec, text) == {"r": text.strip()}
    except MissingArgument:
        assert not text.strip()


# -- resolve -------------------------------------------------------------------------------


def synthetic_registry() -> CommandRegistry:
    names = ["faq", "faq ajouter", "mod bassin archiver", "mod bassin", "résolu", "aide"]
    return CommandRegistry(
        CommandSpec(name, _noop, aliases=(f"{name.replace(' ', '-')}-alias",)) for name in names
    )


REAL = CommandRegistry.from_package(commands)


@FUZZ
@given(TEXT)
def test_resolve_never_crashes_and_matches_leading_words(text: str) -> None:
    for registry in (synthetic_registry(), REAL):
        invocation = registry.resolve(text)
        if invocation is None:
            continue
        words = tuple(fold(t) for t in text.split())
        names = [invocation.spec.name, *invocation.spec.aliases]
        assert any(words[: len(n.split())] == tuple(fold(n).split()) for n in names)
        assert len(invocation.raw_args) <= len(text)


@FUZZ
@given(
    st.sampled_from(["faq", "faq ajouter", "mod bassin archiver", "mod bassin", "résolu"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=80),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
)
def test_longest_declared_name_wins(name: str, rest: str, case: object) -> None:
    registry = synthetic_registry()
    text = f"{case(name)} {rest}"  # type: ignore[operator]
    tokens = rest.split()
    assume(not tokens or fold(tokens[0]) not in {"ajouter", "bassin", "archiver"})
    invocation = registry.resolve(text)
    assert invocation is not None
    assert invocation.spec.name == name
    assert invocation.raw_args == rest.strip()


@FUZZ
@given(TEXT)
def test_suggest_returns_known_names(word: str) -> None:
    known = {" ".join(s.words) for s in REAL.specs} | {a for s in REAL.specs for a in s.aliases}
    for suggestion in REAL.suggest(word):
        assert suggestion in {fold(k) for k in known}
