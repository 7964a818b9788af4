"""``!commandes``'s help is rendered once per reader's combination, and only what exists is
kept: a word nobody declared is never remembered."""

from __future__ import annotations

import commands
from bot.framework import guide
from bot.framework.catalogue import catalogue
from bot.framework.registry import CommandRegistry
from bot.framework.roles import Role
from commands import commandes

REGISTRY = CommandRegistry.from_package(commands)


def _view(role: Role, language: str = "fr") -> guide.HelpView:
    params = {"prefix": "!", "bassin": "namur"}
    return guide.HelpView(REGISTRY, catalogue(language), "!", params, role)


def _topic(view: guide.HelpView, word: str) -> object:
    return commandes._rendered(view, ("topic", word), lambda: commandes._topic(view, word))


def test_a_topic_is_rendered_once_and_read_back_the_same() -> None:
    view = _view(Role.MEMBER)
    first = _topic(view, "inscription")
    assert first is not None
    assert _topic(view, "inscription") is first
    assert first == commandes._topic(view, "inscription")


def test_the_help_differs_by_language_and_role() -> None:
    french, english = _topic(_view(Role.MEMBER), "mod"), _topic(_view(Role.MEMBER, "en"), "mod")
    admin = _topic(_view(Role.ADMIN), "mod")
    assert french is not None and english is not None and admin is not None
    assert french != english
    assert admin != french


def test_an_unknown_word_is_not_remembered() -> None:
    view = _view(Role.MEMBER)
    before = len(commandes._rendered_help)
    for n in range(50):
        assert _topic(view, f"inscription {n}") is None
    assert len(commandes._rendered_help) == before
