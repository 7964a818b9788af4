"""Message catalogues: every sentence the bot says, keyed, in French (default) and English.

Catalogues live in ``config/messages/<lang>/<family>.yaml``. Each file holds a mapping, possibly
nested; keys are flattened with dots and prefixed by the file name, so ``core.yaml`` containing
``unknown_command: …`` gives the key ``core.unknown_command``. Texts are Markdown with
``{name}`` placeholders (``str.format`` syntax).

Plural forms: a message whose wording depends on a number is a mapping of CLDR plural
categories (``zero``, ``one``, ``two``, ``few``, ``many``, ``other``; ``other`` is required)
instead of a string. The variant is chosen by the ``count`` parameter, or by the parameter named
in ``plural:``, with Babel's plural rules for the catalogue's language (in French 0 and 1 are
``one``, in English only 1 is), and that number is written the language's way (``1 234`` in
French, ``1,234`` in English)::

    sent:
      one: "Demande envoyée dans {count} salon."
      other: "Demande envoyée dans {count} salons."
    promoted:
      plural: rooms
      one: "… dans {rooms} salon."
      other: "… dans {rooms} salons."

A variant may itself be such a mapping (a message with two numbers). A category a language's
rules produce but the mapping lacks (French ``many`` for a million) falls back to ``other``.

Parameters are user-controlled more often than not: `Catalogue.render` escapes them for
Markdown before building the HTML, so a parameter can never inject markup; the plain ``body``
gets them verbatim.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

from bot.matrix.formatting import Message, escape_markdown, markdown_to_html, unescape_markdown
from config import MESSAGES_DIR
from config.yaml_files import load_yaml

DEFAULT_LANGUAGE = "fr"


Part = tuple[str, dict[str, Any]]
"""A catalogue key and its parameters: one piece of a composed message."""


PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


@dataclass(frozen=True)
class Plural:
    """A message with one variant per plural category, chosen by the number ``by``."""

    by: str
    variants: dict[str, Template]

    def choose(self, language: str, params: dict[str, Any]) -> Template:
        if self.by not in params:
            raise KeyError(f"plural message needs the number {self.by!r}")
        category = _locale(language).plural_form(abs(_number(params[self.by])))
        return self.variants.get(category, self.variants["other"])


Template = str | Plural


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a plural form needs a number, got {type(value).__name__}")
    return value


class Raw(str):
    """A parameter that is already Markdown (built from catalogue texts) and must not be escaped."""

    __slots__ = ()


@dataclass(frozen=True)
class Catalogue:
    language: str
    texts: dict[str, Template]
    fallback: Catalogue | None = None

    def template(self, key: str, params: dict[str, Any] | None = None) -> str:
        """The message's text before its parameters are inserted; for a plural message, the
        variant ``params`` select."""
        if key not in self.texts:
            if self.fallback is not None:
                return self.fallback.template(key, params)
            raise KeyError(f"no message {key!r} in catalogue {self.language!r}")
        found = self.texts[key]
        while isinstance(found, Plural):
            found = found.choose(self.language, params or {})
        return found

    def text(self, key: str, **params: Any) -> str:
        """The plain text of a message (parameters inserted verbatim, Markdown marks removed:
        the ``body`` is what clients without HTML show, and what notifications quote)."""
        template = self.template(key, params)
        return _format(strip_marks(template), self._numbers(key, params), escape=False)

    def markdown(self, key: str, **params: Any) -> str:
        """The Markdown source of a message, parameters escaped."""
        return _format(self.template(key, params), self._numbers(key, params), escape=True)

    def _numbers(self, key: str, params: dict[str, Any]) -> dict[str, Any]:
        """``params`` with the numbers that choose a plural written the language's way."""
        owner: Catalogue | None = self
        while owner is not None and key not in owner.texts:
            owner = owner.fallback
        if owner is None:
            return params
        found = owner.texts[key]
        names: set[str] = set()
        while isinstance(found, Plural):
            names.add(found.by)
            found = found.choose(owner.language, params)
        if not names:
            return params
        return {
            name: Raw(format_decimal(value, locale=owner.language)) if name in names else value
            for name, value in params.items()
        }

    def render(self, key: str, **params: Any) -> Message:
        """A Matrix-ready message: plain body and sanitised HTML."""
        return Message(
            body=self.text(key, **params),
            html=markdown_to_html(self.markdown(key, **params)),
        )

    def compose(self, parts: Iterable[Part], separator: str = "\n") -> Message:
        """One message from several entries (a title and its lines, or sections), each
        rendered like `render`; the Markdown renderer keeps single line breaks."""
        parts = list(parts)
        return Message(
            body=separator.join(self.text(key, **params) for key, params in parts),
            html=markdown_to_html(
                separator.join(self.markdown(key, **params) for key, params in parts)
            ),
        )

    def has(self, key: str) -> bool:
        return key in self.texts or (self.fallback is not None and self.fallback.has(key))


def _format(template: str, params: dict[str, Any], *, escape: bool) -> str:
    if not escape:
        plain = {
            name: _plain_raw(value) if isinstance(value, Raw) else value
            for name, value in params.items()
        }
        return template.format(**plain)
    escaped = {
        name: value if isinstance(value, Raw) else escape_markdown(str(value))
        for name, value in params.items()
    }
    return template.format(**escaped)


# Markdown emphasis and code marks of the catalogue's own texts (parameters are inserted after,
# so user text keeps its asterisks); links keep their label.
_MARKS = re.compile(
    r"(?<!\\)\*\*|(?<![\w*\\])\*(?=\S)|(?<=[^\s\\])\*(?![\w*])"
    r"|(?<!\\)`|(?<![\w\\])_(?=\S)|(?<=[^\s\\])_(?!\w)"
)
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


# A link written between angle brackets: its characters are the address's, never marks
# (« <https://…/connexion/_x-_y> »: a login token's underscores must survive in the body).
_AUTOLINK = re.compile(r"(<[a-z][a-z0-9+.-]*:[^<>\s]*>)", re.IGNORECASE)


def _plain_raw(value: str) -> str:
    """A Markdown parameter as plain text: marks removed outside its autolinks only."""
    parts = _AUTOLINK.split(value)
    return "".join(
        part if index % 2 else unescape_markdown(strip_marks(part))
        for index, part in enumerate(parts)
    )


def strip_marks(template: str) -> str:
    """A catalogue text as plain text: ``**Demande #{id}**`` → ``Demande #{id}``."""
    return _MARKS.sub("", _LINK.sub(r"\1", template))


def placeholders(template: Template) -> set[str]:
    if isinstance(template, Plural):
        names = {template.by}
        for variant in template.variants.values():
            names |= placeholders(variant)
        return names
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def variants(template: Template) -> list[str]:
    """Every text a message can take (one for a plain message)."""
    if isinstance(template, Plural):
        return [text for variant in template.variants.values() for text in variants(variant)]
    return [template]


def _is_plural(data: dict[str, Any]) -> bool:
    return "other" in data and set(data) <= PLURAL_CATEGORIES | {"plural"}


def _plural(prefix: str, data: dict[str, Any]) -> Plural:
    found: dict[str, Template] = {}
    for category, value in data.items():
        if category == "plural":
            continue
        if isinstance(value, dict) and _is_plural(value):
            found[category] = _plural(prefix, value)
        elif isinstance(value, str):
            found[category] = value.rstrip("\n")
        else:
            raise ValueError(f"plural form {category!r} of {prefix!r} must be a string")
    return Plural(by=str(data.get("plural", "count")), variants=found)


def _flatten(prefix: str, data: Any, out: dict[str, Template]) -> None:
    if isinstance(data, dict) and _is_plural(data):
        out[prefix] = _plural(prefix, data)
    elif isinstance(data, dict):
        for key, value in data.items():
            _flatten(f"{prefix}.{key}", value, out)
    elif isinstance(data, str):
        out[prefix] = data.rstrip("\n")
    else:
        raise ValueError(f"message {prefix!r} must be a string, got {type(data).__name__}")


def load_texts(language: str, directory: Path = MESSAGES_DIR) -> dict[str, Template]:
    texts: dict[str, Template] = {}
    lang_dir = directory / language
    if not lang_dir.is_dir():
        raise ValueError(f"no message catalogue for language {language!r} in {directory}")
    for path in sorted(lang_dir.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = load_yaml(fh) or {}
        _flatten(path.stem, data, texts)
    return texts


@cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> Catalogue:
    """The catalogue for a language; missing keys fall back to French."""
    if language == DEFAULT_LANGUAGE:
        return Catalogue(DEFAULT_LANGUAGE, load_texts(DEFAULT_LANGUAGE))
    return Catalogue(language, load_texts(language), fallback=catalogue(DEFAULT_LANGUAGE))


def available_languages(directory: Path = MESSAGES_DIR) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.is_dir())
