"""Message catalogues: every sentence the bot says, keyed, in French (default) and English.

Catalogues live in ``config/messages/<lang>/<family>.yaml``. Each file holds a mapping, possibly
nested; keys are flattened with dots and prefixed by the file name, so ``core.yaml`` containing
``unknown_command: …`` gives the key ``core.unknown_command``. Texts are Markdown with
``{name}`` placeholders (``str.format`` syntax).

Parameters are user-controlled more often than not: `Catalogue.render` escapes them for
Markdown before building the HTML, so a parameter can never inject markup; the plain ``body``
gets them verbatim.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.matrix.formatting import Message, escape_markdown, markdown_to_html, unescape_markdown
from config import MESSAGES_DIR
from config.yaml_files import load_yaml

DEFAULT_LANGUAGE = "fr"


Part = tuple[str, dict[str, Any]]
"""A catalogue key and its parameters: one piece of a composed message."""


class Raw(str):
    """A parameter that is already Markdown (built from catalogue texts) and must not be escaped."""

    __slots__ = ()


@dataclass(frozen=True)
class Catalogue:
    language: str
    texts: dict[str, str]
    fallback: Catalogue | None = None

    def template(self, key: str) -> str:
        if key in self.texts:
            return self.texts[key]
        if self.fallback is not None:
            return self.fallback.template(key)
        raise KeyError(f"no message {key!r} in catalogue {self.language!r}")

    def text(self, key: str, **params: Any) -> str:
        """The plain text of a message (parameters inserted verbatim)."""
        return _format(self.template(key), params, escape=False)

    def markdown(self, key: str, **params: Any) -> str:
        """The Markdown source of a message, parameters escaped."""
        return _format(self.template(key), params, escape=True)

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
            name: unescape_markdown(value) if isinstance(value, Raw) else value
            for name, value in params.items()
        }
        return template.format(**plain)
    escaped = {
        name: value if isinstance(value, Raw) else escape_markdown(str(value))
        for name, value in params.items()
    }
    return template.format(**escaped)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _flatten(prefix: str, data: Any, out: dict[str, str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(f"{prefix}.{key}", value, out)
    elif isinstance(data, str):
        out[prefix] = data.rstrip("\n")
    else:
        raise ValueError(f"message {prefix!r} must be a string, got {type(data).__name__}")


def load_texts(language: str, directory: Path = MESSAGES_DIR) -> dict[str, str]:
    texts: dict[str, str] = {}
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
