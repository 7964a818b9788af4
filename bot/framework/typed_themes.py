"""Themes a person types as a list (``logement, mobilité``), checked against the layout.

One parser for the fiche form and ``!profil``: each names its own separators and the error
that tells the person which names were not understood.
"""

from __future__ import annotations

import re

from bot.framework.errors import CommandError
from config.layout import Layout


def typed_themes(
    layout: Layout, text: str, *, separators: str, error: type[CommandError], key: str
) -> list[str]:
    """Theme slugs, in the order typed, once each; unknown names raise ``error(key, …)``."""
    wanted = [part.strip() for part in re.split(f"[{separators}]", text) if part.strip()]
    found = [layout.find_theme(part) for part in wanted]
    unknown = [part for part, theme in zip(wanted, found, strict=True) if theme is None]
    if unknown:
        raise error(
            key,
            unknown=", ".join(unknown)[:200],
            themes=", ".join(t.slug for t in layout.themes),
        )
    return list(dict.fromkeys(theme.slug for theme in found if theme is not None))
