"""Excerpts: the part of a long text where the words searched for are, and short versions of a
text for one-line listings. Neither cuts a word, nor a placeholder ("[TÉLÉP"), and both say
with « … » where text was left out."""

from __future__ import annotations

from collections.abc import Collection

from storage.search.text import PLACEHOLDER, tokens

ELLIPSIS = "…"


def excerpt(text: str, wanted: Collection[str], width: int = 200) -> str:
    """About ``width`` characters of ``text`` around its densest run of ``wanted`` terms.

    The window is cut at word boundaries and marked with an ellipsis where text was left
    out; a text with no wanted term gives its beginning.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    hits = [token for token in tokens(text) if token.term in wanted and token.end > 0]
    start = 0
    if hits:
        best_count = -1
        for index, first in enumerate(hits):
            count = sum(1 for later in hits[index:] if later.end - first.start <= width)
            if count > best_count:
                best_count, start = count, first.start
        # A little context before the first matching word reads better.
        start = max(0, start - width // 5)
    end = min(len(text), start + width)
    start = max(0, end - width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    start, end = _outside_placeholders(text, start, end)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return prefix + text[start:end].strip() + suffix


def shorten(text: str, width: int = 80) -> str:
    """``text`` on one line in at most ``width`` characters, cut after a whole word and ended
    with « … » when something was left out."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    end = width - len(ELLIPSIS)
    space = flat.rfind(" ", 0, end + 1)
    if space > width // 2:
        end = space
    _, end = _outside_placeholders(flat, 0, end)
    return flat[:end].rstrip(" ,;:") + ELLIPSIS


def _outside_placeholders(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges so that no placeholder is cut: a placeholder across an edge is
    left out of the window whole."""
    for match in PLACEHOLDER.finditer(text):
        if match.start() < start < match.end():
            start = match.end()
        if match.start() < end < match.end():
            end = match.start()
    return start, max(start, end)
