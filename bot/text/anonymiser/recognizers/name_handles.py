"""Names a person's own handle gives away: "jordy.vandevelde.7" on a profile link or
"mehdi.z@gmail.com" says that "Jordy" and "Mehdi" elsewhere in the request are that person."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.text import Document, Token, fold_key

_EMAIL = re.compile(r"([\w.+-]+)@[\w-]+\.[\w.]+")
_PROFILE = re.compile(
    r"(?:facebook|fb|linkedin|instagram|tiktok|twitter|x|vinted|snapchat|youtube)\.com/"
    r"(?:in/|@)?([\w.\-]+)",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[._+\-\d]+")
# A network's own sections: the words after its host that name no one (« facebook.com/marketplace/
# item/… »: a listing, whose words are the site's).
_SECTIONS = frozenset(
    ["marketplace", "groups", "pages", "events", "watch", "share", "reel", "reels", "photo",
     "photos", "posts", "story", "hashtag", "explore", "company", "school", "jobs", "gaming"]
)  # fmt: skip


def mark_handle_names(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    mark: Callable[[int, float], None],
) -> None:
    """Every word of the text that is a part of a personal handle, outside the handle itself
    (the e-mail and link recognizers remove those whole)."""
    if "@" not in document.text and ".com/" not in document.folded:
        return  # (most requests hold neither: the patterns would scan them for nothing)
    parts: set[str] = set()
    spans: list[tuple[int, int]] = []
    for pattern in (_EMAIL, _PROFILE):
        for match in pattern.finditer(document.text):
            spans.append((match.start(), match.end()))
            if pattern is _PROFILE and match.group(1).lower() in _SECTIONS:
                continue
            for part in _SEPARATORS.split(match.group(1)):
                key = fold_key(part)
                if len(key) >= 3 and not lex.is_french_word(key) and key not in lex.gazetteer:
                    parts.add(key)
    if not parts:
        return
    for index, token in enumerate(tokens):
        if token.key in parts and not any(start <= token.start < end for start, end in spans):
            mark(index, 0.8)
